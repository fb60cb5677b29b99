"""zero-copy-send: the multifd channels hand guest pages to the kernel
with MSG_ZEROCOPY.  Over tcp the migration completes with the guest
intact (the guest checks its memory and prints heartbeats); where the
socket cannot do it (unix) and without multifd, or with compression,
it is refused with QEMU's messages and the source goes on running."""

import os
import time
import unittest

from migration_vm import (MigrationTestCase, PATTERN_ELF, fast,
                          incoming_tcp_port)
from qemu.qmp import QMPError

NOT_AVAILABLE = ('Zero copy only available for non-compressed non-TLS '
                 'multifd migration')


def caps(vm, **states):
    vm.cmd('migrate-set-capabilities', capabilities=[
        {'capability': name.replace('_', '-'), 'state': state}
        for name, state in states.items()])


@unittest.skipUnless(os.path.exists(PATTERN_ELF),
                     'needs the riscv64-unknown-elf cross compiler')
class ZeroCopy(MigrationTestCase):
    def pair(self):
        src = self.vm()
        fast(src)
        src.wait_heartbeat()
        dst = self.vm('-incoming', 'defer')
        caps(src, multifd=True, zero_copy_send=True)
        caps(dst, multifd=True)
        for vm in (src, dst):
            vm.cmd('migrate-set-parameters', **{'multifd-channels': 2})
        return src, dst

    def test_tcp(self):
        src, dst = self.pair()
        dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
        src.cmd('migrate', uri='tcp:127.0.0.1:%d' % incoming_tcp_port(dst))
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        ram = info['ram']
        self.assertGreater(ram['multifd-bytes'], 16 << 20, ram)
        # over loopback the kernel copies what it delivers locally and
        # says so in the completions, which the syncs read and count
        self.assertGreater(ram['dirty-sync-missed-zero-copy'], 0, ram)
        hmp = src.cmd('human-monitor-command', **{'command-line':
                                                  'info migrate'})
        self.assertIn('zerocopy_fallbacks=%d' %
                      ram['dirty-sync-missed-zero-copy'], hmp)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        last = src.heartbeats()[-1]
        src.wait_status('postmigrate')
        dst.wait_status('running')
        beat = dst.wait_heartbeat(above=last)
        dst.wait_heartbeat(above=beat + 1)
        self.assertNotIn('pattern:', dst.console())

    def start_slow(self):
        """A zero-copy migration that lasts: a small bandwidth."""
        src, dst = self.pair()
        src.cmd('migrate-set-parameters', **{'max-bandwidth': 4 << 20})
        dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0',
                **{'exit-on-error': False})
        src.cmd('migrate', uri='tcp:127.0.0.1:%d' % incoming_tcp_port(dst))
        while (src.migration().get('ram', {}).get('transferred', 0) <
               (1 << 20)):
            time.sleep(0.02)
        return src, dst

    def test_destination_dies(self):
        src, dst = self.start_slow()
        dst.proc.kill()
        dst.proc.wait()
        info = src.wait_migration()
        self.assertEqual(info['status'], 'failed', info)
        self.assertEqual(src.status(), 'running')
        src.wait_heartbeat(above=src.heartbeats()[-1])

    def test_cancel(self):
        src, dst = self.start_slow()
        src.cmd('migrate_cancel')
        info = src.wait_migration()
        self.assertEqual(info['status'], 'cancelled', info)
        self.assertEqual(src.status(), 'running')
        src.wait_heartbeat(above=src.heartbeats()[-1])

    def test_unix_socket_refused(self):
        """A unix socket has no MSG_ZEROCOPY: QEMU refuses at connect."""
        src, dst = self.pair()
        path = os.path.join(self.tmp, 'sock')
        dst.cmd('migrate-incoming', uri='unix:' + path)
        src.cmd('migrate', uri='unix:' + path)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'failed', info)
        self.assertEqual(info['error-desc'],
                         'Zero copy send feature not detected in host kernel')
        self.assertEqual(src.status(), 'running')
        src.wait_heartbeat(above=src.heartbeats()[-1])

    def test_needs_multifd(self):
        src = self.vm()
        with self.assertRaises(QMPError) as cm:
            caps(src, zero_copy_send=True)
        self.assertIn(NOT_AVAILABLE, str(cm.exception))

    def test_no_compression(self):
        src = self.vm()
        src.cmd('migrate-set-parameters', **{'multifd-compression': 'zlib'})
        with self.assertRaises(QMPError) as cm:
            caps(src, multifd=True, zero_copy_send=True)
        self.assertIn(NOT_AVAILABLE, str(cm.exception))
        caps(src, multifd=True)
        with self.assertRaises(QMPError) as cm:
            caps(src, multifd=True, zero_copy_send=True)
        self.assertIn(NOT_AVAILABLE, str(cm.exception))
        # and the other way round: compression once zero copy is on
        src.cmd('migrate-set-parameters', **{'multifd-compression': 'none'})
        caps(src, multifd=True, zero_copy_send=True)
        with self.assertRaises(QMPError) as cm:
            src.cmd('migrate-set-parameters',
                    **{'multifd-compression': 'zstd'})
        self.assertIn(NOT_AVAILABLE, str(cm.exception))


if __name__ == '__main__':
    unittest.main()
