"""U-Boot on the virt board: OpenSBI hands over to U-Boot in S-mode, its
prompt takes commands typed on the serial console, poweroff ends the
process with status 0."""

import os
import tempfile
import unittest

from console import Console, migrate
from qemu_vm import TestCase

OPENSBI = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin'
UBOOT = '/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin'


@unittest.skipUnless(os.path.exists(OPENSBI) and os.path.exists(UBOOT),
                     'needs Debian packages opensbi and u-boot-qemu')
class UBoot(TestCase):
    def boot_to_prompt(self, *extra, qmp_path=None):
        con = Console(['-M', 'virt', '-m', '256M', '-nographic',
                       '-kernel', UBOOT] + list(extra), qmp_path=qmp_path)
        banner = con.wait_for('Hit any key to stop autoboot')
        con.command('')
        return con, banner

    def test_session(self):
        con, banner = self.boot_to_prompt()
        try:
            # Without -bios the default firmware is Debian's OpenSBI.
            self.assertIn('OpenSBI', banner)
            self.assertIn('U-Boot 2023.01', banner)
            self.assertIn('DRAM:  256 MiB', banner)
            self.assertIn('U-Boot 2023.01', con.command('version'))
            self.assertIn('console works', con.command('echo console works'))
            con.type('poweroff')
            self.assertEqual(con.proc.wait(timeout=30), 0)
        finally:
            con.close()

    def test_virtio_disk_and_user_network(self):
        with tempfile.NamedTemporaryFile(suffix='.img') as img:
            img.write(b'HELLO-DISK'.ljust(8 << 20, b'\0'))
            img.flush()
            con, _ = self.boot_to_prompt(
                '-drive', 'file=%s,format=raw,if=none,id=d0' % img.name,
                '-device', 'virtio-blk-device,drive=d0', '-nic', 'user')
            try:
                con.command('virtio scan')
                self.assertIn('Capacity: 8.0 MB', con.command('virtio info'))
                self.assertIn('1 blocks read: OK',
                              con.command('virtio read 0x84000000 0 1'))
                self.assertIn('HELLO-DISK', con.command('md.b 0x84000000 10'))
                self.assertIn('DHCP client bound to address 10.0.2.15',
                              con.command('dhcp'))
                con.type('poweroff')
                self.assertEqual(con.proc.wait(timeout=30), 0)
            finally:
                con.close()

    def test_two_harts_and_explicit_bios(self):
        con, banner = self.boot_to_prompt('-smp', '2', '-bios', OPENSBI)
        try:
            self.assertIn('Platform HART Count       : 2', banner)
            con.type('poweroff')
            self.assertEqual(con.proc.wait(timeout=30), 0)
        finally:
            con.close()

    def test_migration(self):
        """A U-Boot session moves to another process: its environment,
        memory, both harts and the virtio disk go on on the destination."""
        tmp = tempfile.mkdtemp(prefix='uboot-mig-')
        with tempfile.NamedTemporaryFile(suffix='.img') as img:
            img.write(b'SHARED-DISK'.ljust(1 << 20, b'\0'))
            img.flush()
            common = ['-smp', '2', '-drive',
                      'file=%s,format=raw,if=none,id=d0' % img.name,
                      '-device', 'virtio-blk-device,drive=d0']
            src, _ = self.boot_to_prompt(
                *common, qmp_path=os.path.join(tmp, 'src.sock'))
            dst = Console(['-M', 'virt', '-m', '256M', '-nographic',
                           '-kernel', UBOOT, '-incoming', 'defer'] + common,
                          qmp_path=os.path.join(tmp, 'dst.sock'))
            try:
                src.command('setenv greeting moved-with-its-env')
                src.command('mw.l 0x84000000 0xcafef00d 0x40')
                src.command('virtio scan')
                migrate(self, src, dst)

                self.assertIn('greeting=moved-with-its-env',
                              dst.command('printenv greeting'))
                self.assertIn('cafef00d cafef00d cafef00d cafef00d',
                              dst.command('md.l 0x84000000 4'))
                self.assertIn('1 blocks read: OK',
                              dst.command('virtio read 0x85000000 0 1'))
                self.assertIn('SHARED-DISK', dst.command('md.b 0x85000000 10'))
                dst.type('poweroff')
                self.assertEqual(dst.proc.wait(timeout=30), 0)
            finally:
                src.close()
                dst.close()


if __name__ == '__main__':
    unittest.main()
