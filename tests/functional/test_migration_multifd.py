"""Multifd live migration: RAM over several connections, with or without
compression, configured over QMP or on the destination's command line;
the refused combinations; and the failures that must leave the source
running.  The guest checks its own memory and prints heartbeats."""

import os
import socket
import struct
import threading
import time
import unittest

from migration_vm import (MigrationTestCase, PATTERN_ELF, fast,
                          incoming_tcp_port)
from qemu.qmp import QMPError

MULTIFD_MAGIC = 0x11223344


def caps(vm, **states):
    vm.cmd('migrate-set-capabilities', capabilities=[
        {'capability': name.replace('_', '-'), 'state': state}
        for name, state in states.items()])


class Proxy:
    """A TCP relay between source and destination that can cut the
    connections that start with a given magic."""

    def __init__(self, port):
        self.target = ('127.0.0.1', port)
        self.listener = socket.create_server(('127.0.0.1', 0))
        self.port = self.listener.getsockname()[1]
        self.pairs = []
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                a, _ = self.listener.accept()
            except OSError:
                return
            b = socket.create_connection(self.target)
            first = a.recv(4, socket.MSG_PEEK | socket.MSG_WAITALL)
            with self.lock:
                self.pairs.append((first, a, b))
            for x, y in ((a, b), (b, a)):
                threading.Thread(target=self.pump, args=(x, y),
                                 daemon=True).start()

    @staticmethod
    def pump(x, y):
        try:
            while True:
                data = x.recv(65536)
                if not data:
                    break
                y.sendall(data)
        except OSError:
            pass
        for s in (x, y):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self, magic):
        """Cut the first connection that started with @magic."""
        with self.lock:
            for first, a, b in self.pairs:
                if first == magic:
                    for s in (a, b):
                        s.shutdown(socket.SHUT_RDWR)
                    return True
        return False

    def close(self):
        self.listener.close()
        with self.lock:
            for _, a, b in self.pairs:
                a.close()
                b.close()


@unittest.skipUnless(os.path.exists(PATTERN_ELF),
                     'needs the riscv64-unknown-elf cross compiler')
class MultifdMigration(MigrationTestCase):
    def multifd_pair(self, channels=2, compression='none', level=None,
                     mib=16):
        """A source and a deferred destination, both set up alike."""
        src = self.source(mib=mib)
        dst = self.vm('-incoming', 'defer', mib=mib)
        params = {'multifd-channels': channels,
                  'multifd-compression': compression}
        if level is not None:
            params['multifd-%s-level' % compression] = level
        for vm in (src, dst):
            caps(vm, multifd=True)
            vm.cmd('migrate-set-parameters', **params)
        return src, dst

    def migrate_tcp(self, src, dst):
        dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
        port = incoming_tcp_port(dst)
        src.cmd('migrate', uri='tcp:127.0.0.1:%d' % port)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        return info

    # --- data path ---

    def check_multifd_figures(self, info):
        ram = info['ram']
        # the pages went over the multifd channels, counted in the total
        self.assertGreater(ram['multifd-bytes'], 0, ram)
        self.assertGreaterEqual(ram['transferred'], ram['multifd-bytes'])
        self.assertGreater(ram['normal'], 4096)
        self.assertGreater(ram['duplicate'], 0)        # zero pages

    def test_one_channel(self):
        src, dst = self.multifd_pair(channels=1)
        info = self.migrate_tcp(src, dst)
        self.check_multifd_figures(info)
        self.assertGreater(info['ram']['multifd-bytes'], 16 << 20)
        self.check_resumed(src, dst)

    def test_four_channels(self):
        src, dst = self.multifd_pair(channels=4)
        info = self.migrate_tcp(src, dst)
        self.check_multifd_figures(info)
        self.assertGreater(info['ram']['multifd-bytes'], 16 << 20)
        self.check_resumed(src, dst)

    def test_with_return_path(self):
        """The return path shares the main connection: the destination's
        SHUT still gets through once the channels are done."""
        src, dst = self.multifd_pair(channels=3, compression='zstd')
        for vm in (src, dst):
            caps(vm, multifd=True, return_path=True)
        info = self.migrate_tcp(src, dst)
        self.check_multifd_figures(info)
        self.check_resumed(src, dst)

    def test_return_path_reports_the_destination_failure(self):
        # the destination lacks a device: its load fails after the
        # return path opened, with the channels all connected
        src = self.source('-device', 'virtio-rng-device')
        dst = self.vm('-incoming', 'defer')
        for vm in (src, dst):
            caps(vm, multifd=True, return_path=True)
        dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0',
                **{'exit-on-error': False})
        src.cmd('migrate', uri='tcp:127.0.0.1:%d' % incoming_tcp_port(dst))
        info = src.wait_migration()
        self.assertEqual(info['status'], 'failed', info)
        self.assertIn('Sibling indicated error', info['error-desc'])
        self.assertEqual(dst.wait_migration()['status'], 'failed')
        self.assertSourceRuns(src)

    def switch_over_soon(self, src):
        """Compressing costs CPU: the guest dirties its pattern faster
        than the channels compress it, so say the switch-over may use a
        fast link rather than wait for convergence."""
        src.cmd('migrate-set-parameters',
                **{'avail-switchover-bandwidth': 1 << 30})

    def test_zlib(self):
        src, dst = self.multifd_pair(channels=2, compression='zlib',
                                     level=6)
        self.switch_over_soon(src)
        info = self.migrate_tcp(src, dst)
        self.check_multifd_figures(info)
        self.check_resumed(src, dst)

    def test_zstd(self):
        src, dst = self.multifd_pair(channels=3, compression='zstd',
                                     level=5)
        self.switch_over_soon(src)
        info = self.migrate_tcp(src, dst)
        self.check_multifd_figures(info)
        self.check_resumed(src, dst)

    def test_legacy_zero_pages_and_old_flush(self):
        """Zero pages found by the main thread; the flush of older
        machine types after each section."""
        src = self.source('-global',
                          'migration.multifd-flush-after-each-section=on')
        dst = self.vm('-incoming', 'defer', '-global',
                      'migration.multifd-flush-after-each-section=on')
        for vm in (src, dst):
            caps(vm, multifd=True)
            vm.cmd('migrate-set-parameters',
                   **{'zero-page-detection': 'legacy'})
        info = self.migrate_tcp(src, dst)
        self.check_multifd_figures(info)
        self.check_resumed(src, dst)

    def test_destination_from_command_line(self):
        """The destination knows multifd only from -incoming config: and
        -global; nothing is set over its QMP."""
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source()
        dst = self.vm('-incoming', 'unix:' + path,
                      '-incoming',
                      'config:multifd-channels=4,multifd-compression=zstd',
                      '-global', 'migration.x-multifd=on')
        params = dst.cmd('query-migrate-parameters')
        self.assertEqual(params['multifd-channels'], 4)
        self.assertEqual(params['multifd-compression'], 'zstd')
        caps(src, multifd=True)
        src.cmd('migrate-set-parameters', **{
            'multifd-channels': 4, 'multifd-compression': 'zstd'})
        src.cmd('migrate', uri='unix:' + path)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        self.check_multifd_figures(info)
        self.check_resumed(src, dst)

    def test_unix_with_throttled_passes(self):
        """Several passes over the dirty bitmap, each ending in a flush."""
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source()
        dst = self.vm('-incoming', 'defer')
        for vm in (src, dst):
            caps(vm, multifd=True, events=True)
        src.cmd('migrate-set-parameters', **{'max-bandwidth': 128 << 20})
        dst.cmd('migrate-incoming', uri='unix:' + path)
        src.cmd('migrate', uri='unix:' + path)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        self.assertGreater(info['ram']['dirty-sync-count'], 1)
        self.check_multifd_figures(info)
        self.check_resumed(src, dst)

    # --- refused ---

    def test_refused_transports(self):
        src = self.source()
        caps(src, multifd=True)
        for uri in ('exec:cat > /dev/null',
                    'file:' + os.path.join(self.tmp, 'vm.state')):
            with self.assertRaisesRegex(QMPError,
                                        'Migration requires multi-channel '
                                        r'URIs \(e\.g\. tcp\)'):
                src.cmd('migrate', uri=uri)
        a, b = socket.socketpair()
        src.qmp.execute_with_fd('getfd', a.fileno(), {'fdname': 'mig'})
        a.close()
        b.close()
        with self.assertRaisesRegex(QMPError, 'multi-channel'):
            src.cmd('migrate', uri='fd:mig')
        self.assertNotEqual(src.migration().get('status'), 'failed')
        dst = self.vm('-incoming', 'defer')
        caps(dst, multifd=True)
        with self.assertRaisesRegex(QMPError, 'multi-channel'):
            dst.cmd('migrate-incoming', uri='exec:cat /dev/null')
        self.assertEqual(dst.status(), 'inmigrate')
        # the user can still go on with a socket
        dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
        src.cmd('migrate', uri='tcp:127.0.0.1:%d' % incoming_tcp_port(dst))
        self.assertEqual(src.wait_migration()['status'], 'completed')
        self.check_resumed(src, dst)

    def test_refused_parameters(self):
        src = self.source()
        for params, msg in [
                ({'multifd-channels': 0}, "'multifd-channels'"),
                ({'multifd-compression': 'qpl'}, 'qpl'),
                ({'multifd-compression': 'uadk'}, 'uadk'),
                ({'multifd-compression': 'qatzip'}, 'qatzip'),
                ({'multifd-zlib-level': 10}, "'multifd-zlib-level'"),
                ({'multifd-zstd-level': 21}, "'multifd-zstd-level'")]:
            with self.assertRaisesRegex(QMPError, msg):
                src.cmd('migrate-set-parameters', **params)
        with self.assertRaisesRegex(QMPError, 'xbzrle'):
            caps(src, multifd=True, xbzrle=True)

    # --- failures: both sides fail, the source keeps running ---

    def test_compression_mismatch(self):
        src = self.source()
        dst = self.vm('-incoming', 'defer')
        for vm, comp in ((src, 'zstd'), (dst, 'zlib')):
            caps(vm, multifd=True)
            vm.cmd('migrate-set-parameters', **{'multifd-compression': comp})
        dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0',
                **{'exit-on-error': False})
        src.cmd('migrate', uri='tcp:127.0.0.1:%d' % incoming_tcp_port(dst))
        info = dst.wait_migration()
        self.assertEqual(info['status'], 'failed')
        self.assertIn("compressed with 'zstd'", info['error-desc'])
        self.assertIn("expected 'zlib'", info['error-desc'])
        self.assertEqual(dst.status(), 'inmigrate')
        info = src.wait_migration()
        self.assertEqual(info['status'], 'failed')
        self.assertTrue(info.get('error-desc'), info)
        self.assertSourceRuns(src)

    def test_destination_killed(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src, dst = self.multifd_pair(channels=4, mib=64)
        dst.cmd('migrate-incoming', uri='unix:' + path)
        self.check_destination_killed(src, dst, 'unix:' + path)

    def test_channel_cut(self):
        """One multifd connection breaks in the middle: both sides fail,
        the source runs on."""
        src, dst = self.multifd_pair(channels=3, mib=64)
        src.cmd('migrate-set-parameters', **{'max-bandwidth': 8 << 20})
        dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0',
                **{'exit-on-error': False})
        proxy = Proxy(incoming_tcp_port(dst))
        self.addCleanup(proxy.close)
        src.cmd('migrate', uri='tcp:127.0.0.1:%d' % proxy.port)
        src.wait_migration(states=('active',))
        while src.migration()['ram']['multifd-bytes'] < (1 << 20):
            time.sleep(0.05)
        self.assertTrue(proxy.cut(struct.pack('>I', MULTIFD_MAGIC)))
        info = src.wait_migration()
        self.assertEqual(info['status'], 'failed')
        self.assertIn('error-desc', info)
        info = dst.wait_migration()
        self.assertEqual(info['status'], 'failed')
        self.assertIn('multifd channel', info['error-desc'])
        self.assertEqual(dst.status(), 'inmigrate')
        self.assertSourceRuns(src)

    def test_cancel(self):
        src, dst = self.multifd_pair(channels=4, compression='zlib')
        src.cmd('migrate-set-parameters', **{'max-bandwidth': 4 << 20})
        dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
        src.cmd('migrate', uri='tcp:127.0.0.1:%d' % incoming_tcp_port(dst))
        src.wait_migration(states=('active',))
        src.cmd('migrate_cancel')
        self.assertEqual(src.wait_migration()['status'], 'cancelled')
        self.assertSourceRuns(src)
        # and again, to a new destination, with multifd still on
        dst2 = self.vm('-incoming', 'defer')
        caps(dst2, multifd=True)
        dst2.cmd('migrate-set-parameters', **{
            'multifd-channels': 4, 'multifd-compression': 'zlib'})
        fast(src)
        self.migrate_tcp(src, dst2)
        self.check_resumed(src, dst2)

    def fake_source(self, port, channels):
        """Connect like a source: a main channel that only sends the
        stream header, and multifd channels after their init packet."""
        main = socket.create_connection(('127.0.0.1', port))
        main.sendall(b'QEVM\0\0\0\3')
        socks = [main]
        for i in range(channels):
            s = socket.create_connection(('127.0.0.1', port))
            s.sendall(struct.pack('>II16sB7x32x', MULTIFD_MAGIC, 1,
                                  b'u' * 16, i))
            socks.append(s)
        return socks

    @staticmethod
    def packet(magic=MULTIFD_MAGIC, flags=0, normal=1, block=b'',
               offsets=(0,), size=4096):
        head = struct.pack('>IIIIIIQII24x', magic, 1, flags, 128, normal,
                           size, 1, 0, 0)
        offs = b''.join(struct.pack('>Q', o) for o in offsets)
        return (head + block.ljust(256, b'\0') +
                offs.ljust(8 * 128, b'\0') + b'\xaa' * size)

    def test_corrupt_packets(self):
        """A destination fed bad packets fails naming what was wrong."""
        ram = b'riscv_virt_board.ram'
        cases = [
            ('bad magic', 'none', self.packet(magic=0xdeadbeef, block=ram),
             'magic 0xdeadbeef'),
            ('unknown block', 'none', self.packet(block=b'nosuchblock'),
             "unknown RAM block 'nosuchblock'"),
            ('offset outside', 'none',
             self.packet(block=ram, offsets=(1 << 40,)),
             'page offset 0x10000000000 is outside RAM block'),
            ('zlib data', 'none', self.packet(block=ram, flags=1 << 1),
             "compressed with 'zlib'"),
            ('bad zlib data', 'zlib', self.packet(block=ram, flags=1 << 1),
             'zlib: page 0 of the packet does not decompress'),
            ('bad zstd data', 'zstd', self.packet(block=ram, flags=2 << 1),
             'zstd: page 0 of the packet does not decompress'),
        ]
        for name, comp, data, msg in cases:
            with self.subTest(name):
                dst = self.vm('-incoming', 'defer')
                caps(dst, multifd=True)
                dst.cmd('migrate-set-parameters', **{
                    'multifd-channels': 1, 'multifd-compression': comp})
                dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0',
                        **{'exit-on-error': False})
                socks = self.fake_source(incoming_tcp_port(dst), 1)
                socks[1].sendall(data)
                info = dst.wait_migration()
                self.assertEqual(info['status'], 'failed', name)
                self.assertIn('multifd channel 0: ', info['error-desc'])
                self.assertIn(msg, info['error-desc'])
                self.assertEqual(dst.status(), 'inmigrate')
                for s in socks:
                    s.close()

    def test_bad_channels(self):
        """An unknown first word, or an init packet naming a channel the
        destination does not have."""
        for name, data, msg in [
                ('garbage', b'GARBAGE!', 'starts with 0x47415242'),
                ('channel id', struct.pack('>II16sB7x32x', MULTIFD_MAGIC, 1,
                                           b'u' * 16, 7),
                 'channel id 7'),
                ('version', struct.pack('>II16sB7x32x', MULTIFD_MAGIC, 9,
                                        b'u' * 16, 0),
                 'version 9')]:
            with self.subTest(name):
                dst = self.vm('-incoming', 'defer')
                caps(dst, multifd=True)
                dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0',
                        **{'exit-on-error': False})
                s = socket.create_connection(
                    ('127.0.0.1', incoming_tcp_port(dst)))
                s.sendall(data)
                info = dst.wait_migration()
                self.assertEqual(info['status'], 'failed', name)
                self.assertIn(msg, info['error-desc'])
                self.assertEqual(dst.status(), 'inmigrate')
                s.close()


if __name__ == '__main__':
    unittest.main()
