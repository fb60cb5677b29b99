"""Linux on the virt board: a small kernel from Debian's linux-source-6.1,
built (or taken from the cache) by scripts/build-linux.sh, boots through
OpenSBI with two harts to our static init (tests/guest/linux/init.c), which
reports what it finds and powers the machine off through the sifive_test
syscon; the emulator then exits with status 0.

The virtio disk, network and RNG checks run once the emulator accepts
virtio-blk-device / virtio-net-device / virtio-rng-device (probed with
-device help) and the options they need (-drive, -netdev); until then they
are skipped with a message.

Environment:
  LINUX_IMAGE        use this kernel Image instead of running the script
  LINUX_TEST_QEMU    run another binary (e.g. /usr/bin/qemu-system-riscv64,
                     to validate the guest itself)
  LINUX_BOOT_TIMEOUT seconds allowed for one boot (default 600)
"""

import os
import re
import select
import subprocess
import tempfile
import time
import unittest

from console import Console, migrate
from qemu_vm import TestCase, binary

SRC_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
BUILD_SCRIPT = os.path.join(SRC_DIR, 'scripts', 'build-linux.sh')
BOOT_TIMEOUT = float(os.environ.get('LINUX_BOOT_TIMEOUT', '600'))
DISK_MARKER = b'QEMU-RISCV-LINUX-TEST-DISK'
# scripts/build-linux.sh exits with this status when packages are missing.
EXIT_MISSING_PACKAGES = 77


def emulator():
    return os.environ.get('LINUX_TEST_QEMU') or binary()


def fnv1a(data):
    """The checksum init.c prints for sector 0."""
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h


_kernel = None


def kernel_image():
    """Path of the kernel Image; raise SkipTest if it cannot be built."""
    global _kernel
    if _kernel:
        return _kernel
    if os.environ.get('LINUX_IMAGE'):
        _kernel = os.environ['LINUX_IMAGE']
        return _kernel
    proc = subprocess.run([BUILD_SCRIPT], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=3600)
    err = proc.stderr.decode(errors='replace')
    if proc.returncode == EXIT_MISSING_PACKAGES:
        raise unittest.SkipTest('scripts/build-linux.sh: ' +
                                err.strip().splitlines()[-1])
    if proc.returncode != 0:
        raise RuntimeError('scripts/build-linux.sh failed:\n' + err)
    _kernel = proc.stdout.decode().strip().splitlines()[-1]
    return _kernel


_device_help = None


def has_device(name):
    """Whether the emulator under test accepts -device @name."""
    global _device_help
    if _device_help is None:
        proc = subprocess.run([emulator(), '-M', 'virt', '-device', 'help'],
                              capture_output=True, timeout=30)
        _device_help = (proc.stdout + proc.stderr).decode(errors='replace')
    return ('"%s"' % name) in _device_help


class Boot:
    """One run of the kernel to poweroff, console on stdio."""

    def __init__(self, test, append='', extra=(), smp=2):
        self.args = [emulator(), '-M', 'virt', '-m', '256M',
                     '-smp', str(smp), '-nographic',
                     '-kernel', kernel_image(),
                     '-append', 'console=ttyS0 ' + append] + list(extra)
        self.test = test

    def run(self, timeout=BOOT_TIMEOUT):
        """Boot; return the console text once the process has exited."""
        proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        out = b''
        start = time.monotonic()
        deadline = start + timeout
        fd = proc.stdout.fileno()
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.test.fail('no poweroff within %ds; console:\n%s' %
                                   (timeout, out.decode(errors='replace')))
                ready, _, _ = select.select([fd], [], [], remaining)
                if not ready:
                    continue
                data = os.read(fd, 65536)
                if not data:
                    break
                out += data
                # A panic never powers off: fail now, not at the deadline.
                if b'end Kernel panic' in out:
                    self.test.fail('kernel panic; console:\n' +
                                   out.decode(errors='replace'))
            status = proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
        text = out.decode(errors='replace')
        self.elapsed = time.monotonic() - start
        # An emulator still without an option (e.g. -drive before the block
        # layer lands) skips the test instead of failing it.
        unknown = re.search(r'^\S+: (-[\w-]+): invalid option', text, re.M)
        if status != 0 and unknown:
            self.test.skipTest('emulator does not accept %s yet' %
                               unknown.group(1))
        self.test.assertEqual(status, 0,
                              'exit status %d; console:\n%s' % (status, text))
        return text


class Linux(TestCase):
    def assertLines(self, console, *lines):
        for line in lines:
            self.assertIn(line, console, 'console:\n' + console)

    def test_boot_to_userspace_smp2(self):
        """Two harts online, init runs, missing devices are reported,
        poweroff ends the process with status 0."""
        console = Boot(self).run()
        self.assertLines(console,
                         'Linux version 6.1',
                         'smp: Brought up 1 node, 2 CPUs',
                         'init: started, pid 1',
                         'init: mounted proc on /proc',
                         'init: mounted sysfs on /sys',
                         'init: mounted devtmpfs on /dev',
                         'init: hello from userspace on 2 cpus',
                         'init: no disk',
                         'init: no network',
                         'init: powering off',
                         'reboot: Power down')

    def test_one_cpu(self):
        console = Boot(self, smp=1).run()
        self.assertLines(console, 'init: hello from userspace on 1 cpus',
                         'init: powering off')

    def require_devices(self, *names):
        for name in names:
            if not has_device(name):
                self.skipTest('emulator has no %s yet' % name)

    def make_disk(self):
        """A 1 MiB raw image; return (file, line init prints for it)."""
        disk = tempfile.NamedTemporaryFile(suffix='.img')
        self.addCleanup(disk.close)
        sector = (DISK_MARKER + bytes(range(256)) * 2)[:512]
        disk.write(sector + bytes(1024 * 1024 - 512))
        disk.flush()
        line = 'init: disk /dev/vda sector 0 marker="%s" fnv1a=%08x' % (
            DISK_MARKER.decode(), fnv1a(sector))
        return disk.name, line

    DISK_ARGS = ['-drive', 'file=%s,format=raw,if=none,id=hd0',
                 '-device', 'virtio-blk-device,drive=hd0']
    NET_ARGS = ['-netdev', 'user,id=net0',
                '-device', 'virtio-net-device,netdev=net0']

    def disk_args(self, path):
        return [a.replace('%s', path) for a in self.DISK_ARGS]

    def test_virtio_disk(self):
        """init reads sector 0 of /dev/vda and prints its checksum."""
        self.require_devices('virtio-blk-device')
        path, line = self.make_disk()
        console = Boot(self, extra=self.disk_args(path)).run()
        self.assertLines(console, line, 'init: powering off')

    def test_virtio_net_dhcp(self):
        """The kernel's DHCP client gets the user-mode network's address."""
        self.require_devices('virtio-net-device')
        console = Boot(self, append='ip=dhcp', extra=self.NET_ARGS).run()
        self.assertLines(console,
                         'init: eth0 address 10.0.2.15',
                         'init: powering off')

    def test_virtio_rng(self):
        self.require_devices('virtio-rng-device')
        console = Boot(self, extra=['-device', 'virtio-rng-device']).run()
        self.assertLines(console, 'init: hwrng gave 16 bytes',
                         'init: powering off')

    def test_everything_smp2(self):
        """The whole story in one boot: two harts, disk, DHCP, poweroff."""
        self.require_devices('virtio-blk-device', 'virtio-net-device')
        path, line = self.make_disk()
        console = Boot(self, append='ip=dhcp',
                       extra=self.disk_args(path) + self.NET_ARGS).run()
        self.assertLines(console,
                         'smp: Brought up 1 node, 2 CPUs',
                         'init: hello from userspace on 2 cpus',
                         line,
                         'init: eth0 address 10.0.2.15',
                         'init: powering off',
                         'reboot: Power down')

    def test_migration(self):
        """Linux moves to another process in the middle of its work: the
        ticks go on with the buffer intact, then the disk and the
        user-mode network answer on the destination and it powers off."""
        self.require_devices('virtio-blk-device', 'virtio-net-device')
        path, line = self.make_disk()
        tmp = tempfile.mkdtemp(prefix='linux-mig-')
        args = Boot(self, append='ip=dhcp ticks=60',
                    extra=self.disk_args(path) + self.NET_ARGS).args[1:]
        src = Console(args, qmp_path=os.path.join(tmp, 'src.sock'))
        self.addCleanup(src.close)
        src.wait_for('init: tick 3 ok', timeout=BOOT_TIMEOUT)
        dst = Console(args + ['-incoming', 'defer'],
                      qmp_path=os.path.join(tmp, 'dst.sock'))
        self.addCleanup(dst.close)
        migrate(self, src, dst)
        src.drain()
        last = max(int(n) for n in re.findall(r'init: tick (\d+) ok',
                                              src.text()))

        dst.wait_for('reboot: Power down')
        self.assertEqual(dst.proc.wait(timeout=30), 0)
        console = dst.text()
        self.assertNotIn('MISMATCH', console)
        self.assertNotIn('Linux version', console, 'the guest rebooted')
        self.assertLines(console, 'init: tick %d ok' % (last + 1),
                         'init: tick 60 ok', line,
                         'init: eth0 address 10.0.2.15',
                         'init: powering off')


if __name__ == '__main__':
    unittest.main()
