"""The return path and postcopy: the destination answers the source
(it says when it loaded everything, or that it failed), and with
postcopy-ram the guest moves to the destination before its RAM did,
pages following on demand.  The guest rewrites its memory faster than
the link carries it, so precopy alone would never end."""

import os
import socket
import struct
import threading
import time
import unittest

from migration_vm import (MigrationTestCase, PATTERN_ELF, incoming_tcp_port,
                          userfaultfd_usable)
from qemu.qmp import QMPError


def command(cmd, data=b''):
    """A COMMAND section of the stream."""
    return struct.pack('>BHH', 8, cmd, len(data)) + data


def rp_message(kind, data=b'', length=None):
    """A return path message, with a length of our choice."""
    return struct.pack('>HH', kind,
                       len(data) if length is None else length) + data


class FakeDestination:
    """Accepts the source's connection, answers with @reply on the
    return path, and reads whatever the source sends."""

    def __init__(self, path, reply):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.bind(path)
        self.sock.listen(1)
        self.reply = reply
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        conn, _ = self.sock.accept()
        with conn:
            conn.recv(4096)
            conn.sendall(self.reply)
            try:
                while conn.recv(1 << 16):
                    pass
            except OSError:
                pass

    def close(self):
        self.sock.close()


def set_caps(vm, *caps, state=True):
    vm.cmd('migrate-set-capabilities', capabilities=[
        {'capability': c, 'state': state} for c in caps])


@unittest.skipUnless(os.path.exists(PATTERN_ELF),
                     'needs the riscv64-unknown-elf cross compiler')
@unittest.skipUnless(userfaultfd_usable(),
                     'postcopy needs userfaultfd (root)')
class Postcopy(MigrationTestCase):
    # --- return path ---

    def test_return_path_precopy(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source()
        dst = self.vm('-incoming', 'defer')
        for vm in (src, dst):
            set_caps(vm, 'return-path', 'events')
        dst.cmd('migrate-incoming', uri='unix:' + path)
        src.cmd('migrate', uri='unix:' + path)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        self.check_resumed(src, dst)

    def test_return_path_destination_fails(self):
        """The destination lacks a device: it says so, the source
        reports failed and its guest goes on."""
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source('-device', 'virtio-rng-device')
        dst = self.vm('-incoming', 'defer')
        set_caps(src, 'return-path')
        set_caps(dst, 'return-path')
        dst.cmd('migrate-incoming', uri='unix:' + path,
                **{'exit-on-error': False})
        src.cmd('migrate', uri='unix:' + path)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'failed', info)
        self.assertIn('Sibling indicated error 1', info['error-desc'])
        dinfo = dst.wait_migration()
        self.assertEqual(dinfo['status'], 'failed')
        self.assertIn('Unknown section', dinfo['error-desc'])
        self.assertSourceRuns(src)

    def test_return_path_needs_a_way_back(self):
        src = self.source()
        for cap in ('return-path', 'postcopy-ram'):
            set_caps(src, cap)
            for uri in ('exec:cat > /dev/null',
                        'file:' + os.path.join(self.tmp, 'state')):
                with self.subTest(cap=cap, uri=uri):
                    with self.assertRaisesRegex(
                            QMPError, "Capability '%s' needs a return "
                            "path" % cap):
                        src.cmd('migrate', uri=uri)
            set_caps(src, cap, state=False)
        self.assertSourceRuns(src)

    def test_bad_return_path_messages(self):
        """Whatever the destination says wrong fails the migration with
        a message naming it; the source goes on."""
        src = self.source()
        set_caps(src, 'return-path')
        cases = [
            (rp_message(0x63), 'Received invalid message 0x0063'),
            (rp_message(1, b'\0\0', length=2),
             "Received 'SHUT' message \\(0x0001\\) with incorrect length "
             "2 expecting 4"),
            (rp_message(1, struct.pack('>I', 1)), 'Sibling indicated error 1'),
            (rp_message(4, struct.pack('>QI', 0, 4096)),
             'before any request named its RAM block'),
            (rp_message(3, struct.pack('>QIB', 0, 4096, 4) + b'nope'),
             "unknown RAM block 'nope'"),
            (rp_message(3, struct.pack('>QIB', 1 << 40, 4096, 20) +
                        b'riscv_virt_board.ram'),
             "0x10000000000\\+0x1000 is not whole pages within RAM block "
             "'riscv_virt_board.ram'"),
        ]
        for i, (reply, msg) in enumerate(cases):
            with self.subTest(msg=msg):
                path = os.path.join(self.tmp, 'fake%d.sock' % i)
                fake = FakeDestination(path, reply)
                try:
                    src.cmd('migrate-set-parameters',
                            **{'max-bandwidth': 4 << 20})
                    src.cmd('migrate', uri='unix:' + path)
                    info = src.wait_migration()
                    self.assertEqual(info['status'], 'failed', info)
                    self.assertRegex(info['error-desc'], msg)
                finally:
                    fake.close()
                self.assertSourceRuns(src)

    def bad_stream(self, header, body):
        """Load @header + @body on a destination with postcopy-ram; its
        error-desc."""
        path = os.path.join(self.tmp, 'bad.state')
        with open(path, 'wb') as f:
            f.write(header + body)
        dst = self.vm('-incoming', 'defer')
        set_caps(dst, 'postcopy-ram')
        dst.cmd('migrate-incoming', uri='file:' + path,
                **{'exit-on-error': False})
        info = dst.wait_migration()
        self.assertEqual(info['status'], 'failed', info)
        self.assertEqual(dst.status(), 'inmigrate')
        dst.shutdown()
        return info['error-desc']

    def test_bad_postcopy_commands(self):
        """A destination refuses postcopy commands that make no sense."""
        path = os.path.join(self.tmp, 'good.state')
        src = self.source()
        src.cmd('migrate', uri='file:' + path)
        self.assertEqual(src.wait_migration()['status'], 'completed')
        with open(path, 'rb') as f:
            data = f.read(4096)
        # magic, version, then the configuration: 0x07, be32 length, name
        name_len = struct.unpack('>I', data[9:13])[0]
        header = data[:13 + name_len]
        advise = command(3, struct.pack('>QQ', 4096, 4096))
        cases = [
            (command(3, b'\0' * 5), 'POSTCOPY_ADVISE has length 5'),
            (command(3, struct.pack('>QQ', 65536, 4096)),
             'Postcopy needs matching RAM page sizes'),
            (command(3, struct.pack('>QQ', 4096, 8192)),
             'Postcopy needs matching target page sizes'),
            (command(6, b'\1\3abc\0' + b'\0' * 16),
             'CMD_POSTCOPY_RAM_DISCARD invalid version \\(1\\)'),
            (command(6, b'\0\3abc\0' + b'\0' * 16),
             'CMD_POSTCOPY_RAM_DISCARD in wrong postcopy state'),
            (advise + command(6, b'\0\3abc\0' + b'\0' * 16),
             "unknown RAM block 'abc'"),
            (advise + command(6, b'\0\3abcd' + b'\0' * 16),
             'CMD_POSTCOPY_RAM_DISCARD missing nil \\(100\\)'),
            (advise + command(6, b'\0\3abc\0' + b'\0' * 21),
             'CMD_POSTCOPY_RAM_DISCARD invalid length \\(27\\)'),
            (advise + command(6, b'\0\x14riscv_virt_board.ram\0' +
                              struct.pack('>QQ', 4096, 1 << 40)),
             'range 0x1000\\+0x10000000000 is not whole pages within '
             "RAM block 'riscv_virt_board.ram'"),
            (command(4), 'POSTCOPY_LISTEN outside of a PACKAGED command'),
            (command(5), 'POSTCOPY_RUN outside of a PACKAGED command'),
            (command(7, struct.pack('>I', 1 << 30)),
             'Unreasonably large packaged state'),
            (advise + command(7, struct.pack('>I', 5)) + command(4),
             'CMD_POSTCOPY_LISTEN without a return path'),
            (command(7, struct.pack('>I', 2)) + b'\x08\x00',
             'loading the postcopy package'),
            (command(9), 'MIG_CMD_POSTCOPY_RESUME outside of a postcopy '
             'recovery'),
            (command(10, b'\3abc'), 'MIG_CMD_RECV_BITMAP outside of a '
             'postcopy recovery'),
            (command(8), 'ENABLE_COLO is not supported'),
        ]
        for body, msg in cases:
            with self.subTest(msg=msg):
                self.assertRegex(self.bad_stream(header, body), msg)

    # --- postcopy ---

    def postcopy(self, uri_dst, uri_src=None, hmp=False):
        src = self.source(mib=64)
        dst = self.vm('-incoming', 'defer', mib=64)
        for vm in (src, dst):
            set_caps(vm, 'postcopy-ram', 'events')
        dst.cmd('migrate-incoming', uri=uri_dst)
        if uri_src is None:
            uri_src = uri_dst
        if uri_src.endswith(':0'):
            uri_src = uri_src[:-1] + str(incoming_tcp_port(dst))
        # precopy cannot keep up with the guest; postcopy is slow too,
        # so that the guest asks for pages before they come anyway
        src.cmd('migrate-set-parameters', **{
            'max-bandwidth': 32 << 20, 'max-postcopy-bandwidth': 16 << 20})
        src.cmd('migrate', uri=uri_src)
        src.wait_migration(states=('active',))
        # at least one pass over RAM before the switch
        deadline = time.monotonic() + 60
        while src.migration()['ram']['dirty-sync-count'] < 2:
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        last = src.heartbeats()[-1]
        if hmp:
            self.assertEqual(src.hmp('migrate_start_postcopy'), '')
        else:
            src.cmd('migrate-start-postcopy')
        src.wait_migration(states=('postcopy-active', 'completed'))
        # the guest runs on the destination before its RAM is all there
        dst.wait_status('running')
        beat = dst.wait_heartbeat(above=last)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        self.assertGreater(info['ram']['postcopy-requests'], 0, info)
        self.assertGreater(info['ram']['postcopy-bytes'], 0, info)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        self.assertEqual(src.status(), 'postmigrate')
        dst.wait_heartbeat(above=beat + 2)
        self.assertNotIn('pattern:', dst.console())
        seen = [src.qmp.event_wait('MIGRATION')['data']['status']
                for _ in range(4)]
        self.assertEqual(seen, ['setup', 'active', 'postcopy-active',
                                'completed'])
        seen = [dst.qmp.event_wait('MIGRATION')['data']['status']
                for _ in range(4)]
        self.assertEqual(seen, ['setup', 'active', 'postcopy-active',
                                'completed'])
        return src, dst

    def test_postcopy_unix(self):
        path = os.path.join(self.tmp, 'mig.sock')
        self.postcopy('unix:' + path)

    def test_postcopy_tcp_hmp(self):
        src, _ = self.postcopy('tcp:127.0.0.1:0', hmp=True)
        self.assertIn('Postcopy requests:', src.hmp('info migrate'))

    def test_postcopy_from_the_start(self):
        """migrate-start-postcopy right after migrate: every page comes
        on demand or in the background."""
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source(mib=64)
        dst = self.vm('-incoming', 'unix:' + path, mib=64)
        for vm in (src, dst):
            set_caps(vm, 'postcopy-ram')
        src.cmd('migrate-set-parameters',
                **{'max-postcopy-bandwidth': 64 << 20})
        src.cmd('migrate', uri='unix:' + path)
        src.cmd('migrate-start-postcopy')
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        self.assertGreater(info['ram']['postcopy-requests'], 0, info)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        self.check_resumed(src, dst)

    def test_postcopy_destination_lacks_device(self):
        """The device state in the package does not load: the
        destination says so; the source reports failed (its guest cannot
        go on: the destination had the device state)."""
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source('-device', 'virtio-rng-device')
        dst = self.vm('-incoming', 'defer')
        for vm in (src, dst):
            set_caps(vm, 'postcopy-ram')
        dst.cmd('migrate-incoming', uri='unix:' + path,
                **{'exit-on-error': False})
        src.cmd('migrate-set-parameters', **{'max-bandwidth': 32 << 20})
        src.cmd('migrate', uri='unix:' + path)
        src.wait_migration(states=('active',))
        src.cmd('migrate-start-postcopy')
        info = src.wait_migration(states=('failed', 'postcopy-paused',
                                          'completed'))
        self.assertEqual(info['status'], 'failed', info)
        self.assertIn('Sibling indicated error 1', info['error-desc'])
        dinfo = dst.wait_migration()
        self.assertEqual(dinfo['status'], 'failed')
        self.assertIn('loading the postcopy package', dinfo['error-desc'])
        self.assertIn('Unknown section', dinfo['error-desc'])
        self.assertEqual(dst.status(), 'inmigrate')
        self.assertEqual(src.status(), 'finish-migrate')

    def test_postcopy_pause_before_switchover(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source(mib=64)
        dst = self.vm('-incoming', 'unix:' + path, mib=64)
        for vm in (src, dst):
            set_caps(vm, 'postcopy-ram')
        set_caps(src, 'pause-before-switchover')
        src.cmd('migrate-set-parameters', **{'max-bandwidth': 32 << 20})
        src.cmd('migrate', uri='unix:' + path)
        src.wait_migration(states=('active',))
        src.cmd('migrate-start-postcopy')
        src.wait_migration(states=('pre-switchover',))
        self.assertEqual(src.status(), 'finish-migrate')
        self.assertEqual(dst.migration()['status'], 'active')
        src.cmd('migrate-continue', state='pre-switchover')
        self.assertEqual(src.wait_migration()['status'], 'completed')
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        self.check_resumed(src, dst)

    def test_postcopy_cancel_before_switchover(self):
        """Cancelled in pre-switchover, before the destination has the
        devices: the source guest goes on."""
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source()
        dst = self.vm('-incoming', 'defer')
        for vm in (src, dst):
            set_caps(vm, 'postcopy-ram')
        set_caps(src, 'pause-before-switchover')
        dst.cmd('migrate-incoming', uri='unix:' + path,
                **{'exit-on-error': False})
        src.cmd('migrate-set-parameters', **{'max-bandwidth': 32 << 20})
        src.cmd('migrate', uri='unix:' + path)
        src.wait_migration(states=('active',))
        src.cmd('migrate-start-postcopy')
        src.wait_migration(states=('pre-switchover',))
        src.cmd('migrate_cancel')
        self.assertEqual(src.wait_migration()['status'], 'cancelled')
        self.assertSourceRuns(src)
        self.assertEqual(dst.wait_migration()['status'], 'failed')
        self.assertEqual(dst.status(), 'inmigrate')

    def test_start_postcopy_refused(self):
        src = self.source()
        with self.assertRaisesRegex(QMPError, 'Enable postcopy with '
                                    'migrate_set_capability'):
            src.cmd('migrate-start-postcopy')
        set_caps(src, 'postcopy-ram')
        with self.assertRaisesRegex(QMPError, 'Postcopy must be started '
                                    'after migration has been started'):
            src.cmd('migrate-start-postcopy')
        with self.assertRaisesRegex(QMPError, 'Postcopy is not yet '
                                    'compatible with multifd'):
            set_caps(src, 'multifd')
        with self.assertRaisesRegex(QMPError, 'Mapped-ram migration is '
                                    'incompatible with postcopy'):
            set_caps(src, 'mapped-ram')
        self.assertSourceRuns(src)

    def test_destination_without_postcopy(self):
        """postcopy-ram on the source only: the destination refuses the
        advise, the source fails and goes on."""
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source()
        dst = self.vm('-incoming', 'defer')
        set_caps(src, 'postcopy-ram')
        dst.cmd('migrate-incoming', uri='unix:' + path,
                **{'exit-on-error': False})
        src.cmd('migrate', uri='unix:' + path)
        self.assertEqual(src.wait_migration()['status'], 'failed')
        self.assertIn('RAM postcopy is disabled',
                      dst.wait_migration()['error-desc'])
        self.assertSourceRuns(src)

    def test_destination_killed_in_precopy(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source(mib=64)
        dst = self.vm('-incoming', 'unix:' + path, mib=64)
        for vm in (src, dst):
            set_caps(vm, 'postcopy-ram')
        self.check_destination_killed(src, dst, 'unix:' + path)

    def start_slow_postcopy(self):
        """A pair in postcopy whose background pages trickle, so that the
        guest on the destination keeps asking the source for pages."""
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source(mib=64)
        dst = self.vm('-incoming', 'unix:' + path, mib=64)
        for vm in (src, dst):
            set_caps(vm, 'postcopy-ram')
        src.cmd('migrate-set-parameters', **{
            'max-bandwidth': 32 << 20, 'max-postcopy-bandwidth': 1 << 20})
        src.cmd('migrate', uri='unix:' + path)
        src.wait_migration(states=('active',))
        src.cmd('migrate-start-postcopy')
        return src, dst

    def test_connection_lost_in_postcopy(self):
        """Once the guest runs on the destination, neither side can run
        it alone: both report postcopy-paused, monitors answer."""
        src, dst = self.start_slow_postcopy()
        src.wait_migration(states=('postcopy-active',))
        dst.wait_migration(states=('postcopy-active',))
        dst.wait_status('running')
        with self.assertRaisesRegex(QMPError, 'Postcopy migration in '
                                    'progress, cannot cancel'):
            src.cmd('migrate_cancel')
        dst.proc.kill()
        dst.proc.wait()
        info = src.wait_migration(states=('postcopy-paused', 'failed'))
        self.assertEqual(info['status'], 'postcopy-paused', info)
        self.assertTrue(info.get('error-desc'), info)
        self.assertEqual(src.status(), 'finish-migrate')
        with self.assertRaisesRegex(QMPError, 'in progress'):
            src.cmd('migrate', uri='unix:' + os.path.join(self.tmp,
                                                          'mig.sock'))
        # nobody listens there: still paused, and it says why
        nowhere = os.path.join(self.tmp, 'nowhere.sock')
        try:
            src.cmd('migrate', uri='unix:' + nowhere, resume=True)
        except QMPError as e:
            self.assertIn(nowhere, str(e))
        src.wait_migration(states=('postcopy-paused',))
        self.assertEqual(src.status(), 'finish-migrate')

    def recovery(self, pause_on_source):
        path = os.path.join(self.tmp, 'mig.sock')
        path2 = os.path.join(self.tmp, 'mig2.sock')
        src = self.source(mib=64)
        dst = self.vm('-incoming', 'defer', mib=64)
        for vm in (src, dst):
            set_caps(vm, 'postcopy-ram', 'events')
        dst.cmd('migrate-incoming', uri='unix:' + path)
        src.cmd('migrate-set-parameters', **{
            'max-bandwidth': 32 << 20, 'max-postcopy-bandwidth': 2 << 20})
        src.cmd('migrate', uri='unix:' + path)
        src.wait_migration(states=('active',))
        src.cmd('migrate-start-postcopy')
        dst.wait_migration(states=('postcopy-active',))
        # the guest runs there; most of its RAM is still here
        dst.wait_status('running')
        if pause_on_source:
            src.cmd('migrate-pause')
        else:
            dst.hmp('migrate_pause')
        for vm in (src, dst):
            info = vm.wait_migration(states=('postcopy-paused',))
            self.assertTrue(info.get('error-desc'), info)
        # the monitors answer; the guest waits on the destination
        self.assertEqual(src.status(), 'finish-migrate')
        self.assertEqual(dst.status(), 'running')
        for cmd in ('stop', 'system_reset'):
            with self.assertRaisesRegex(QMPError, 'recover the migration'):
                dst.cmd(cmd)
        if pause_on_source:
            dst.cmd('migrate-recover', uri='unix:' + path2)
            uri = 'unix:' + path2
        else:
            self.assertEqual(dst.hmp('migrate_recover tcp:127.0.0.1:0'), '')
            uri = 'tcp:127.0.0.1:%d' % incoming_tcp_port(dst)
        with self.assertRaisesRegex(QMPError, 'Migrate recovery is '
                                    'triggered already'):
            dst.cmd('migrate-recover', uri='unix:' + path2)
        src.cmd('migrate-set-parameters',
                **{'max-postcopy-bandwidth': 64 << 20})
        src.cmd('migrate', uri=uri, resume=True)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        self.assertNotIn('error-desc', info)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        self.check_resumed(src, dst)
        seen = [src.qmp.event_wait('MIGRATION')['data']['status']
                for _ in range(8)]
        self.assertEqual(seen, ['setup', 'active', 'postcopy-active',
                                'postcopy-paused', 'postcopy-recover-setup',
                                'postcopy-recover', 'postcopy-active',
                                'completed'])

    def test_recovery_paused_on_source(self):
        """migrate-pause cuts the link; migrate-recover on the destination
        and migrate with resume on the source go on where it stopped."""
        self.recovery(pause_on_source=True)

    def test_recovery_paused_on_destination_hmp_tcp(self):
        self.recovery(pause_on_source=False)

    def test_recovery_refused(self):
        src = self.source()
        dst = self.vm('-incoming', 'defer')
        with self.assertRaisesRegex(QMPError, 'Migrate recover can only be '
                                    'run when postcopy is paused'):
            dst.cmd('migrate-recover', uri='tcp:127.0.0.1:0')
        with self.assertRaisesRegex(QMPError, 'Cannot resume if there is '
                                    'no paused migration'):
            src.cmd('migrate', uri='tcp:127.0.0.1:1', resume=True)
        for vm in (src, dst):
            with self.assertRaisesRegex(QMPError, 'only supported during '
                                        'postcopy-active'):
                vm.cmd('migrate-pause')
        self.assertSourceRuns(src)

    def test_source_killed_in_postcopy(self):
        """The destination has the guest but not all of its RAM: it
        reports postcopy-paused, and still quits when told to."""
        src, dst = self.start_slow_postcopy()
        dst.wait_migration(states=('postcopy-active',))
        dst.wait_status('running')
        src.proc.kill()
        src.proc.wait()
        info = dst.wait_migration(states=('postcopy-paused', 'failed'))
        self.assertEqual(info['status'], 'postcopy-paused', info)
        self.assertTrue(info.get('error-desc'), info)
        self.assertIn('Postcopy', dst.hmp('info migrate') +
                      'Postcopy')
        status, err = dst.shutdown()
        self.assertEqual(status, 0, err)
        self.assertIn('Detected IO failure for postcopy', err)


if __name__ == '__main__':
    unittest.main()
