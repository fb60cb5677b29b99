"""A device compat property seen from inside the guest: virtio-blk's
seg_max differs between virt-11.1 and older machine types
(virtio-blk-device.seg-max-adjust, docs/devel/object-compat.rst)."""

import os
import re
import tempfile
import unittest

from qemu_vm import BUILD_DIR, TestCase, run

GUEST = os.path.join(BUILD_DIR, 'tests', 'guest', 'virtio.elf')


@unittest.skipUnless(os.path.exists(GUEST),
                     'needs the guest programs (riscv64-unknown-elf-gcc)')
class VirtioBlkCompat(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.img = tempfile.NamedTemporaryFile(suffix='.img')
        cls.img.write(bytes(1 << 20))
        cls.img.flush()

    @classmethod
    def tearDownClass(cls):
        cls.img.close()

    def seg_max(self, machine, *args):
        code, out, err = run('-M', machine, '-bios', 'none', '-nographic',
                             '-kernel', GUEST, '-drive',
                             'file=%s,format=raw,if=none,id=d0' % self.img.name,
                             '-device', 'virtio-blk-device,drive=d0', *args)
        self.assertEqual(code, 0, out + err)
        self.assertIn('DONE virtio: 2 passed, 0 failed', out)
        return int(re.search(r'seg_max=(\d+)', out).group(1))

    def test_versions(self):
        self.assertEqual(self.seg_max('virt'), 254)
        self.assertEqual(self.seg_max('virt-11.1'), 254)
        self.assertEqual(self.seg_max('virt-11.0'), 126)
        self.assertEqual(self.seg_max('virt-10.2'), 126)

    def test_global_and_own_option_win(self):
        self.assertEqual(self.seg_max(
            'virt-11.0', '-global', 'virtio-blk-device.seg-max-adjust=on'),
            254)
        code, out, err = run(
            '-M', 'virt', '-bios', 'none', '-nographic', '-kernel', GUEST,
            '-drive', 'file=%s,format=raw,if=none,id=d0' % self.img.name,
            '-device', 'virtio-blk-device,drive=d0,seg-max-adjust=off')
        self.assertIn('seg_max=126', out)


if __name__ == '__main__':
    unittest.main()
