"""mapped-ram: a running guest saved to a file with every RAM page at a
fixed place, loaded by another process.  The guest keeps a pattern over
its RAM, checks it and prints heartbeats; the file must stay about the
size of RAM however long the guest dirties pages, leave zero pages out,
and every misuse (another transport, a destination without the
capability, a damaged file, a full disk) must fail with a message and
leave the guest running."""

import os
import socket
import struct
import subprocess
import sys
import time
import unittest

from migration_vm import MigrationTestCase, PATTERN_ELF, fast
from qemu.qmp import QMPError

MAPPED_RAM = [{'capability': 'mapped-ram', 'state': True}]
RAM_BLOCK = b'riscv_virt_board.ram'
MIB = 1 << 20
ANALYZE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                       'scripts', 'analyze-migration.py')


def enable(vm):
    vm.cmd('migrate-set-capabilities', capabilities=MAPPED_RAM)


def multifd(vm, channels):
    vm.cmd('migrate-set-capabilities', capabilities=[
        {'capability': 'multifd', 'state': True}])
    vm.cmd('migrate-set-parameters', **{'multifd-channels': channels})


def header_pos(data, offset=0):
    """Where the mapped-ram header of the board's RAM block starts."""
    name = bytes([len(RAM_BLOCK)]) + RAM_BLOCK
    pos = data.index(name, offset) + len(name)
    return pos + 8                  # after the be64 block length


@unittest.skipUnless(os.path.exists(PATTERN_ELF),
                     'needs the riscv64-unknown-elf cross compiler')
class MappedRam(MigrationTestCase):
    def setUp(self):
        super().setUp()
        self.path = os.path.join(self.tmp, 'vm.state')

    def source(self, *args, **kwargs):
        src = super().source(*args, **kwargs)
        enable(src)
        return src

    def save(self, src, uri=None):
        src.cmd('migrate', uri=uri or 'file:' + self.path)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        return info

    def load(self, uri=None, capability=True, args=(), **kwargs):
        """A destination that loads the file; its final query-migrate."""
        dst = self.vm('-incoming', 'defer', *args, **kwargs)
        if capability:
            enable(dst)
        dst.cmd('migrate-incoming', uri=uri or 'file:' + self.path,
                **{'exit-on-error': False})
        return dst, dst.wait_migration()

    def assertLoadFails(self, pattern, uri=None, capability=True, args=()):
        dst, info = self.load(uri, capability, args)
        self.assertEqual(info['status'], 'failed', info)
        self.assertRegex(info.get('error-desc', ''), pattern)
        self.assertEqual(dst.status(), 'inmigrate')
        dst.shutdown()

    # --- saving and loading ---

    def test_save_while_dirtying_and_load(self):
        src = self.source(mode='dirty')
        info = self.save(src)
        self.assertGreater(info['ram']['normal'], 16 * MIB // 4096)
        self.assertGreater(info['ram']['duplicate'], 0)
        dst, info = self.load()
        self.assertEqual(info['status'], 'completed', info)
        self.check_resumed(src, dst)

    def test_paused_guest(self):
        """The use mapped-ram is made for: stop, save, load, go on."""
        src = self.source(mode='dirty')
        src.cmd('stop')
        info = self.save(src)
        # nothing changes: every page is written at most once
        self.assertLessEqual(info['ram']['normal-bytes'], info['ram']['total'])
        dst, info = self.load()
        self.assertEqual(info['status'], 'completed', info)
        dst.wait_status('paused')
        last = src.heartbeats()[-1]
        dst.cmd('cont')
        dst.wait_heartbeat(above=last)
        self.assertNotIn('pattern:', dst.console())

    def test_file_size_bounded_while_dirtying(self):
        """Many passes over a guest that rewrites its pages: the pages
        land where they were, so the file stays about the RAM size."""
        src = self.source(mode='dirty', mem='64M', mib=32)
        # a switch-over that never fits: the migration keeps iterating
        src.cmd('migrate-set-parameters', **{'downtime-limit': 0,
                                             'max-bandwidth': 64 * MIB})
        src.cmd('migrate', uri='file:' + self.path)
        while True:
            info = src.migration()
            self.assertIn(info['status'], ('setup', 'active'), info)
            if info.get('ram', {}).get('dirty-sync-count', 0) >= 8:
                break
            time.sleep(0.05)
        src.cmd('migrate-set-parameters', **{'downtime-limit': 300000,
                                             'max-bandwidth': 8 << 30})
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        size = os.stat(self.path).st_size
        ram = info['ram']
        # more was written than the file holds: pages were rewritten
        self.assertGreater(ram['normal-bytes'], size)
        self.assertLess(size, ram['total'] + 4 * MIB)
        dst, info = self.load(mem='64M', mib=32)
        self.assertEqual(info['status'], 'completed', info)
        self.check_resumed(src, dst)

    def test_zero_pages_left_out(self):
        """An idle guest: the zero pages are holes of a sparse file."""
        src = self.source(mode='idle')
        info = self.save(src)
        st = os.stat(self.path)
        self.assertGreater(st.st_size, info['ram']['total'])
        self.assertLess(st.st_blocks * 512, st.st_size // 2)
        dst, info = self.load()
        self.assertEqual(info['status'], 'completed', info)
        dst.wait_status('running')
        dst.wait_heartbeat(above=src.heartbeats()[-1])

    def test_layout(self):
        src = self.source(mode='idle')
        self.save(src)
        with open(self.path, 'rb') as f:
            data = f.read()
        pos = header_pos(data)
        version, page, bitmap, pages = struct.unpack_from('>IQQQ', data, pos)
        self.assertEqual((version, page), (1, 4096))
        self.assertEqual(bitmap, pos + 28)
        self.assertEqual(pages % MIB, 0)
        # the first page of RAM is the guest's code: present
        self.assertEqual(data[bitmap] & 1, 1)
        self.assertNotEqual(data[pages:pages + 4096], bytes(4096))
        out = subprocess.run([sys.executable, ANALYZE, '-f', self.path],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn('configuration: capabilities mapped-ram', out.stdout)
        self.assertRegex(out.stdout, r"mapped-ram 'riscv_virt_board.ram': "
                         r"\d+ pages in the file from offset 0x%x" % pages)
        self.assertIn('EOF at offset', out.stdout)

    def test_offset_and_command_line(self):
        with open(self.path, 'wb') as f:
            f.write(b'H' * 4096)              # a header of the user's own
        src = self.source()
        self.save(src, 'file:%s,offset=4096' % self.path)
        with open(self.path, 'rb') as f:
            data = f.read()
        self.assertEqual(data[:4096], b'H' * 4096)
        self.assertEqual(data[4096:4100], b'QEVM')
        _, _, _, pages = struct.unpack_from('>IQQQ', data, header_pos(data))
        self.assertEqual(pages % MIB, 0)
        dst = self.vm('-global', 'migration.mapped-ram=on', '-incoming',
                      'file:%s,offset=4096' % self.path)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        self.check_resumed(src, dst)

    def test_direct_io(self):
        probe = os.path.join(self.tmp, 'probe')
        try:
            os.close(os.open(probe, os.O_CREAT | os.O_WRONLY | os.O_DIRECT))
        except OSError:
            self.skipTest('the file system of %s has no O_DIRECT' % self.tmp)
        for channels in (0, 4):
            with self.subTest(multifd_channels=channels):
                src = self.source(mode='dirty')
                src.cmd('migrate-set-parameters', **{'direct-io': True})
                dst = self.vm('-incoming', 'defer')
                enable(dst)
                dst.cmd('migrate-set-parameters', **{'direct-io': True})
                if channels:
                    multifd(src, channels)
                    multifd(dst, channels)
                self.save(src)
                dst.cmd('migrate-incoming', uri='file:' + self.path)
                self.assertEqual(dst.wait_migration()['status'], 'completed')
                self.check_resumed(src, dst)
                src.shutdown()
                dst.shutdown()

    # --- multifd: the channels' threads write and read the pages ---

    def test_multifd_save_while_dirtying_and_load(self):
        for channels in (1, 4):
            with self.subTest(channels=channels):
                self.path = os.path.join(self.tmp, 'mfd%d.state' % channels)
                src = self.source(mode='dirty')
                multifd(src, channels)
                info = self.save(src)
                ram = info['ram']
                self.assertGreater(ram['normal'], 16 * MIB // 4096)
                # the pages went through the channels, no packet headers
                self.assertEqual(ram['multifd-bytes'], ram['normal-bytes'])
                dst, info = self.load(args=('-global',
                                            'migration.x-multifd=on'))
                self.assertEqual(info['status'], 'completed', info)
                self.check_resumed(src, dst)
                src.shutdown()
                dst.shutdown()

    def test_multifd_layout(self):
        """The same file as without multifd: analyze-migration reads it
        and the blocks' regions lie at the same offsets."""
        plain = os.path.join(self.tmp, 'plain.state')
        self.save(self.source(mode='idle'), 'file:' + plain)
        src = self.source(mode='idle')
        multifd(src, 4)
        self.save(src)
        with open(plain, 'rb') as f:
            want = f.read()
        with open(self.path, 'rb') as f:
            data = f.read()
        pos = header_pos(data)
        self.assertEqual(pos, header_pos(want))
        self.assertEqual(struct.unpack_from('>IQQQ', data, pos),
                         struct.unpack_from('>IQQQ', want, pos))
        self.assertNotIn(struct.pack('>I', 0x11223344), data[:pos])
        out = subprocess.run([sys.executable, ANALYZE, '-f', self.path],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn('configuration: capabilities mapped-ram', out.stdout)
        self.assertIn('EOF at offset', out.stdout)

    def test_multifd_and_plain_load_each_other(self):
        for save_mfd, load_mfd in ((False, True), (True, False)):
            with self.subTest(saved_multifd=save_mfd, loaded=load_mfd):
                self.path = os.path.join(self.tmp, 'x%d.state' % save_mfd)
                src = self.source(mode='dirty')
                if save_mfd:
                    multifd(src, 4)
                self.save(src)
                args = ('-global', 'migration.x-multifd=on',
                        '-global', 'migration.multifd-channels=4')
                dst, info = self.load(args=args if load_mfd else ())
                self.assertEqual(info['status'], 'completed', info)
                self.check_resumed(src, dst)
                src.shutdown()
                dst.shutdown()

    def test_multifd_failures(self):
        """A full disk and a truncated file fail cleanly with multifd."""
        src = self.vm(mode='dirty')
        fast(src)
        enable(src)
        multifd(src, 4)
        src.wait_heartbeat()
        src.cmd('migrate', uri='file:/dev/full')
        info = src.wait_migration()
        self.assertEqual(info['status'], 'failed', info)
        self.assertIn('No space left on device', info['error-desc'])
        self.assertSourceRuns(src)
        # cancelled while the threads write: they stop, the guest runs
        src.cmd('migrate-set-parameters', **{'downtime-limit': 0,
                                             'max-bandwidth': 64 * MIB})
        src.cmd('migrate', uri='file:' + self.path)
        while True:
            info = src.migration()
            self.assertIn(info['status'], ('setup', 'active'), info)
            if info.get('ram', {}).get('dirty-sync-count', 0) >= 2:
                break
            time.sleep(0.05)
        src.cmd('migrate_cancel')
        self.assertEqual(src.wait_migration()['status'], 'cancelled')
        self.assertSourceRuns(src)
        fast(src, **{'downtime-limit': 300})
        # the same source saves fine afterwards
        self.save(src)
        with open(self.path, 'rb') as f:
            good = f.read()
        pages = struct.unpack_from('>IQQQ', good, header_pos(good))[3]
        bad = os.path.join(self.tmp, 'bad.state')
        for name, data, pattern in (
                ('cut in the pages', good[:pages + 64 * 4096],
                 'beyond the end of the file'),
                ('cut in the device state', good[:len(good) - 64],
                 'ended|end of')):
            with self.subTest(name):
                with open(bad, 'wb') as f:
                    f.write(data)
                self.assertLoadFails(pattern, 'file:' + bad,
                                     args=('-global', 'migration.x-multifd=on'))
        dst, info = self.load(args=('-global', 'migration.x-multifd=on'))
        self.assertEqual(info['status'], 'completed', info)
        self.check_resumed(src, dst)

    # --- refusals ---

    def saved(self, name, mapped_ram, *args):
        """A file saved by a source with or without the capability."""
        path = os.path.join(self.tmp, name)
        src = self.vm(*args)
        fast(src)
        if mapped_ram:
            enable(src)
        src.wait_heartbeat()
        self.save(src, 'file:' + path)
        src.shutdown()
        return 'file:' + path

    def test_destination_capability_mismatch(self):
        # the configuration section lists the capability (as QEMU's)
        self.assertLoadFails(r"Capability mapped-ram is off, but received "
                             r"capability is on",
                             self.saved('mapped', True), capability=False)
        self.assertLoadFails(r"Capability mapped-ram is on, but received "
                             r"capability is off", self.saved('plain', False))
        # without a configuration section, the RAM section tells
        no_config = ('-global', 'migration.send-configuration=off')
        self.assertLoadFails(r"saved with capability mapped-ram, which is "
                             r"off here",
                             self.saved('mapped-nc', True, *no_config),
                             capability=False, args=no_config)
        self.assertLoadFails(r"no mapped-ram header .*saved without "
                             r"capability mapped-ram",
                             self.saved('plain-nc', False, *no_config),
                             args=no_config)

    def test_other_transports_refused(self):
        src = self.source()
        a, b = socket.socketpair()
        src.qmp.execute_with_fd('getfd', a.fileno(), {'fdname': 'mig'})
        a.close()
        b.close()
        for uri in ('tcp:127.0.0.1:1', 'unix:' + self.path, 'exec:cat',
                    'fd:mig'):
            with self.subTest(uri):
                with self.assertRaisesRegex(
                        QMPError, r'Migration requires seekable transport '
                        r'\(e.g. file\)'):
                    src.cmd('migrate', uri=uri)
        # a file: that cannot seek, here a pipe passed with add-fd
        r, w = os.pipe()
        resp = src.qmp.execute_with_fd('add-fd', w, {'fdset-id': 7})
        self.assertIn('return', resp, resp)
        os.close(w)
        with self.assertRaisesRegex(QMPError, r"'/dev/fdset/7' is not "
                                    r"seekable: capability mapped-ram"):
            src.cmd('migrate', uri='file:/dev/fdset/7')
        os.close(r)
        self.assertSourceRuns(src)
        dst = self.vm('-incoming', 'defer')
        enable(dst)
        with self.assertRaisesRegex(QMPError, 'seekable transport'):
            dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
        self.assertEqual(dst.status(), 'inmigrate')

    def test_capability_conflicts(self):
        vm = self.vm()
        enable(vm)
        for cap, text in (('xbzrle', 'incompatible with xbzrle'),
                          ('postcopy-ram', 'incompatible with postcopy')):
            with self.subTest(cap):
                with self.assertRaisesRegex(QMPError, text):
                    vm.cmd('migrate-set-capabilities', capabilities=[
                        {'capability': cap, 'state': True}])
        with self.assertRaisesRegex(QMPError, 'non-compressed'):
            vm.cmd('migrate-set-parameters',
                   **{'multifd-compression': 'zlib'})
        vm.cmd('migrate-set-capabilities', capabilities=[
            {'capability': 'mapped-ram', 'state': False}])
        vm.cmd('migrate-set-parameters', **{'multifd-compression': 'zlib'})
        with self.assertRaisesRegex(QMPError, 'non-compressed'):
            enable(vm)

    def test_cancel_then_again(self):
        """A cancelled save leaves the guest running; the next works."""
        src = self.source(mode='dirty')
        src.cmd('migrate-set-parameters', **{'max-bandwidth': 1 * MIB})
        src.cmd('migrate', uri='file:' + self.path)
        src.wait_migration(states=('active',))
        src.cmd('migrate_cancel')
        self.assertEqual(src.wait_migration()['status'], 'cancelled')
        self.assertSourceRuns(src)
        fast(src)
        self.save(src)
        dst, info = self.load()
        self.assertEqual(info['status'], 'completed', info)
        self.check_resumed(src, dst)

    def test_disk_full(self):
        """Plain and mapped-ram: failed, ENOSPC named, the guest runs."""
        src = self.vm()
        fast(src)
        src.wait_heartbeat()
        for state in (False, True):
            with self.subTest(mapped_ram=state):
                src.cmd('migrate-set-capabilities', capabilities=[
                    {'capability': 'mapped-ram', 'state': state}])
                src.cmd('migrate', uri='file:/dev/full')
                info = src.wait_migration()
                self.assertEqual(info['status'], 'failed', info)
                self.assertIn('No space left on device', info['error-desc'])
                self.assertSourceRuns(src)

    def test_damaged_files(self):
        src = self.source()
        self.save(src)
        with open(self.path, 'rb') as f:
            good = f.read()
        pos = header_pos(good)
        version, page, bitmap, pages = struct.unpack_from('>IQQQ', good, pos)

        def patched(fmt, off, *values):
            data = bytearray(good)
            struct.pack_into(fmt, data, off, *values)
            return bytes(data)

        cases = [
            ('cut in the header', good[:pos + 10], 'header|end'),
            ('cut in the pages', good[:pages + 64 * 4096],
             'beyond the end of the file'),
            ('cut in the device state', good[:len(good) - 64],
             'ended|end of'),
            ('pages beyond the file', patched('>Q', pos + 20, 1 << 40),
             'beyond the end of the file'),
            ('bitmap beyond the pages', patched('>Q', pos + 12, pages + 8),
             'bad mapped-ram layout'),
            ('unaligned pages', patched('>Q', pos + 20, pages + 100),
             'bad alignment'),
            ('newer version', patched('>I', pos, 2),
             r'version not supported \(expected <= 1, got 2\)'),
            ('other page size', patched('>Q', pos + 4, 65536),
             'pages of 65536 bytes, expected 4096'),
        ]
        for name, data, pattern in cases:
            with self.subTest(name):
                bad = os.path.join(self.tmp, 'bad.state')
                with open(bad, 'wb') as f:
                    f.write(data)
                self.assertLoadFails(pattern, 'file:' + bad)


if __name__ == '__main__':
    unittest.main()
