"""U-Boot on the virt board: OpenSBI hands over to U-Boot in S-mode, its
prompt takes commands typed on the serial console, poweroff ends the
process with status 0."""

import os
import select
import subprocess
import tempfile
import time
import unittest

from qemu_vm import TestCase, binary
from qemu.qmp import QMPClient

OPENSBI = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin'
UBOOT = '/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin'


class Console:
    """The serial console of a -nographic VM, through its stdio."""

    def __init__(self, args):
        self.proc = subprocess.Popen([binary()] + args,
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.out = b''

    def wait_for(self, text, timeout=60):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while text.encode() not in self.out:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError('no %r on the console; got:\n%s' %
                                   (text, self.out.decode(errors='replace')))
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                data = os.read(fd, 65536)
                if not data:
                    raise EOFError('console closed; got:\n%s' %
                                   self.out.decode(errors='replace'))
                self.out += data
        before, _, self.out = self.out.partition(text.encode())
        return before.decode(errors='replace')

    def type(self, line):
        self.proc.stdin.write(line.encode() + b'\n')
        self.proc.stdin.flush()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            f.close()


@unittest.skipUnless(os.path.exists(OPENSBI) and os.path.exists(UBOOT),
                     'needs Debian packages opensbi and u-boot-qemu')
class UBoot(TestCase):
    def boot_to_prompt(self, *extra):
        con = Console(['-M', 'virt', '-m', '256M', '-nographic',
                       '-kernel', UBOOT] + list(extra))
        banner = con.wait_for('Hit any key to stop autoboot')
        con.type('')
        con.wait_for('=> ')
        return con, banner

    def test_session(self):
        con, banner = self.boot_to_prompt()
        try:
            # Without -bios the default firmware is Debian's OpenSBI.
            self.assertIn('OpenSBI', banner)
            self.assertIn('U-Boot 2023.01', banner)
            self.assertIn('DRAM:  256 MiB', banner)
            con.type('version')
            self.assertIn('U-Boot 2023.01', con.wait_for('=> '))
            con.type('echo console works')
            self.assertIn('console works', con.wait_for('=> '))
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
                con.type('virtio scan')
                con.wait_for('=> ')
                con.type('virtio info')
                self.assertIn('Capacity: 8.0 MB', con.wait_for('=> '))
                con.type('virtio read 0x84000000 0 1')
                self.assertIn('1 blocks read: OK', con.wait_for('=> '))
                con.type('md.b 0x84000000 10')
                self.assertIn('HELLO-DISK', con.wait_for('=> '))
                con.type('dhcp')
                self.assertIn('DHCP client bound to address 10.0.2.15',
                              con.wait_for('=> '))
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
            qmp = {}
            for side in ('src', 'dst'):
                qmp[side] = os.path.join(tmp, side + '.sock')
            src, _ = self.boot_to_prompt(
                '-qmp', 'unix:%s,server=on,wait=off' % qmp['src'], *common)
            dst = Console(['-M', 'virt', '-m', '256M', '-nographic',
                           '-kernel', UBOOT, '-incoming', 'defer',
                           '-qmp', 'unix:%s,server=on,wait=off' % qmp['dst']]
                          + common)
            try:
                src.type('setenv greeting moved-with-its-env')
                src.wait_for('=> ')
                src.type('mw.l 0x84000000 0xcafef00d 0x40')
                src.wait_for('=> ')
                src.type('virtio scan')
                src.wait_for('=> ')

                dst_qmp = QMPClient(qmp['dst'])
                dst_qmp.negotiate()
                dst_qmp.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
                port = dst_qmp.cmd('query-migrate')['socket-address'][0][
                    'port']
                src_qmp = QMPClient(qmp['src'])
                src_qmp.negotiate()
                src_qmp.cmd('migrate', uri='tcp:127.0.0.1:%s' % port)
                deadline = time.monotonic() + 60
                while src_qmp.cmd('query-migrate')['status'] != 'completed':
                    self.assertLess(time.monotonic(), deadline)
                    time.sleep(0.05)
                while dst_qmp.cmd('query-status')['status'] != 'running':
                    self.assertLess(time.monotonic(), deadline)
                    time.sleep(0.05)
                src_qmp.close()
                dst_qmp.close()

                dst.type('printenv greeting')
                self.assertIn('greeting=moved-with-its-env',
                              dst.wait_for('=> '))
                dst.type('md.l 0x84000000 4')
                self.assertIn('cafef00d cafef00d cafef00d cafef00d',
                              dst.wait_for('=> '))
                dst.type('virtio read 0x85000000 0 1')
                self.assertIn('1 blocks read: OK', dst.wait_for('=> '))
                dst.type('md.b 0x85000000 10')
                self.assertIn('SHARED-DISK', dst.wait_for('=> '))
                dst.type('poweroff')
                self.assertEqual(dst.proc.wait(timeout=30), 0)
            finally:
                src.close()
                dst.close()


if __name__ == '__main__':
    unittest.main()
