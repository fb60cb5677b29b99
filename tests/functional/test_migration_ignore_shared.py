"""x-ignore-shared: guest RAM in a file that source and destination both
map with share=on is not sent; the destination finds it in place.  The
guest checks its memory and prints heartbeats.  A destination whose RAM
is not that shared file refuses, and the source goes on running."""

import os
import unittest

from migration_vm import (GuestVM, MigrationTestCase, PATTERN_ELF, fast,
                          incoming_tcp_port)

MIB = 1 << 20
IGNORE_SHARED = [{'capability': 'x-ignore-shared', 'state': True},
                 # the source learns that the destination refused
                 {'capability': 'return-path', 'state': True}]


@unittest.skipUnless(os.path.exists(PATTERN_ELF),
                     'needs the riscv64-unknown-elf cross compiler')
class IgnoreShared(MigrationTestCase):
    # the shared guest RAM is a file in here
    TMP_DIR = '/dev/shm' if os.path.isdir('/dev/shm') else None

    def setUp(self):
        super().setUp()
        self.ram = os.path.join(self.tmp, 'ram')

    def vm(self, backend, *args, capability=True):
        size = backend.split('size=')[1].split(',')[0]
        vm = GuestVM('-object', backend, '-machine', 'memory-backend=mem0',
                     *args, mem=size)
        self.vms.append(vm)
        vm.launch()
        if capability:
            vm.cmd('migrate-set-capabilities', capabilities=IGNORE_SHARED)
        return vm

    def shared(self, path=None, share='on'):
        return ('memory-backend-file,id=mem0,size=128M,mem-path=%s,share=%s'
                % (path or self.ram, share))

    def migrate(self, src_backend, dst_backend):
        """Migrate over tcp; the source, the destination and the
        source's final query-migrate."""
        src = self.vm(src_backend)
        fast(src)
        src.wait_heartbeat()
        dst = self.vm(dst_backend, '-incoming', 'defer')
        dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0',
                **{'exit-on-error': False})
        src.cmd('migrate', uri='tcp:127.0.0.1:%d' % incoming_tcp_port(dst))
        return src, dst, src.wait_migration()

    def test_shared_file_not_sent(self):
        src, dst, info = self.migrate(self.shared(), self.shared())
        self.assertEqual(info['status'], 'completed', info)
        # the 128 MiB of RAM stayed in the file; only the small
        # private blocks (the boot ROM) went
        self.assertLess(info['ram']['total'], MIB)
        self.assertLess(info['ram']['normal-bytes'], MIB)
        self.assertLess(info['ram']['transferred'], MIB)
        last = src.heartbeats()[-1]
        dst.wait_status('running')
        beat = dst.wait_heartbeat(above=last)
        dst.wait_heartbeat(above=beat + 1)
        self.assertNotIn('pattern:', dst.console())

    def assertRefused(self, src_backend, dst_backend, pattern):
        src, dst, info = self.migrate(src_backend, dst_backend)
        self.assertEqual(info['status'], 'failed', info)
        dinfo = dst.wait_migration()
        self.assertEqual(dinfo['status'], 'failed', dinfo)
        self.assertRegex(dinfo.get('error-desc', ''), pattern)
        self.assertEqual(src.status(), 'running')
        src.wait_heartbeat(above=src.heartbeats()[-1])

    def test_destination_not_shared(self):
        self.assertRefused(self.shared(),
                           'memory-backend-ram,id=mem0,size=128M',
                           r"RAM block '/objects/mem0' is a shared file on the "
                           r"source .* not backed by a named file")

    def test_destination_share_off(self):
        other = os.path.join(self.tmp, 'private')
        self.assertRefused(self.shared(), self.shared(other, share='off'),
                           r"RAM block '/objects/mem0' .* not shared \(share=off\)")

    def test_another_file(self):
        """Same size, shared, but not the same file: the pages sampled
        once the source stopped differ."""
        other = os.path.join(self.tmp, 'other')
        self.assertRefused(self.shared(), self.shared(other),
                           r"RAM block '/objects/mem0' differs from the "
                           r"source's at offset 0x[0-9a-f]+: the two sides "
                           r"do not map the same file")

    def test_another_size(self):
        other = os.path.join(self.tmp, 'other')
        self.assertRefused(self.shared(),
                           'memory-backend-file,id=mem0,size=256M,'
                           'mem-path=%s,share=on' % other,
                           r"RAM block '/objects/mem0' size mismatch")

    def test_source_not_shared(self):
        self.assertRefused('memory-backend-ram,id=mem0,size=128M',
                           self.shared(),
                           r"RAM block '/objects/mem0' is a shared file here, but "
                           r"not on the source")

    def test_private_ram_is_sent(self):
        """Without a shared file the capability changes nothing."""
        backend = 'memory-backend-ram,id=mem0,size=128M'
        src, dst, info = self.migrate(backend, backend)
        self.assertEqual(info['status'], 'completed', info)
        self.assertGreater(info['ram']['total'], 128 * MIB)
        dst.wait_status('running')
        dst.wait_heartbeat(above=src.heartbeats()[-1])

    def test_file_with_mapped_ram(self):
        """Saved to a file with mapped-ram: the shared block takes no
        room in it, and a paused guest goes on after the load."""
        path = os.path.join(self.tmp, 'vm.state')
        both = [{'capability': 'mapped-ram', 'state': True},
                {'capability': 'return-path', 'state': False}]
        src = self.vm(self.shared())
        src.cmd('migrate-set-capabilities', capabilities=both)
        fast(src)
        src.wait_heartbeat()
        src.cmd('stop')
        src.cmd('migrate', uri='file:' + path)
        self.assertEqual(src.wait_migration()['status'], 'completed')
        self.assertLess(os.stat(path).st_blocks * 512, 4 * MIB)
        last = src.heartbeats()[-1]
        src.shutdown()
        dst = self.vm(self.shared(), '-incoming', 'defer')
        dst.cmd('migrate-set-capabilities', capabilities=both)
        dst.cmd('migrate-incoming', uri='file:' + path,
                **{'exit-on-error': False})
        info = dst.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        dst.wait_status('paused')
        dst.cmd('cont')
        dst.wait_heartbeat(above=last)
        self.assertNotIn('pattern:', dst.console())

    def save_and_patch(self, patch):
        """Save to a file, let @patch change the bytes of the samples,
        load; the destination's final query-migrate."""
        path = os.path.join(self.tmp, 'vm.state')
        nort = [{'capability': 'return-path', 'state': False}]
        src = self.vm(self.shared())
        src.cmd('migrate-set-capabilities', capabilities=nort)
        fast(src)
        src.wait_heartbeat()
        src.cmd('stop')
        src.cmd('migrate', uri='file:' + path)
        self.assertEqual(src.wait_migration()['status'], 'completed')
        src.shutdown()
        with open(path, 'rb') as f:
            data = bytearray(f.read())
        name = b'\x0dignore-shared'
        # counted idstr, be32 instance, be32 version, be32 block count,
        # counted block id, be32 sample count, then the samples
        pos = data.index(name) + len(name) + 12
        pos += 1 + data[pos] + 4
        patch(data, pos)
        with open(path, 'wb') as f:
            f.write(data)
        dst = self.vm(self.shared(), '-incoming', 'defer')
        dst.cmd('migrate-set-capabilities', capabilities=nort)
        dst.cmd('migrate-incoming', uri='file:' + path,
                **{'exit-on-error': False})
        return dst.wait_migration()

    def test_corrupt_sample_offset(self):
        def patch(data, pos):
            data[pos:pos + 8] = (0x10000000).to_bytes(8, 'big')
        info = self.save_and_patch(patch)
        self.assertEqual(info['status'], 'failed', info)
        self.assertIn("RAM block '/objects/mem0': sample at 0x10000000 is not "
                      "a page of its 0x8000000 bytes", info['error-desc'])

    def test_corrupt_sample_hash(self):
        def patch(data, pos):
            data[pos + 8] ^= 0xff
        info = self.save_and_patch(patch)
        self.assertEqual(info['status'], 'failed', info)
        self.assertIn("differs from the source's at offset",
                      info['error-desc'])

    def test_truncated_samples(self):
        def patch(data, pos):
            del data[pos + 4:]
        info = self.save_and_patch(patch)
        self.assertEqual(info['status'], 'failed', info)
        self.assertIn('the stream ended in the samples of the shared RAM '
                      'blocks', info['error-desc'])

    def test_capability_differs(self):
        src = self.vm(self.shared())
        src.wait_heartbeat()
        dst = self.vm(self.shared(), '-incoming', 'defer', capability=False)
        dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0',
                **{'exit-on-error': False})
        src.cmd('migrate', uri='tcp:127.0.0.1:%d' % incoming_tcp_port(dst))
        self.assertEqual(src.wait_migration()['status'], 'failed')
        self.assertRegex(dst.wait_migration().get('error-desc', ''),
                         'Capability x-ignore-shared is off, but received '
                         'capability is on')
        self.assertEqual(src.status(), 'running')


if __name__ == '__main__':
    unittest.main()
