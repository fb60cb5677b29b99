"""The machine built from QMP (docs/system/managed-startup.rst) migrates:
source and destination are built by scripts/qmp-shell from the same
commands, the state goes through a file: URI, and the Ibex firmware of
tests/guest/ibex goes on counting on the destination where it stopped on
the source, its UART interrupts still delivered through the PLIC.  A
destination built differently refuses the stream, naming the section."""

import os
import re
import select
import shutil
import subprocess
import tempfile
import time
import unittest

from qemu_vm import BUILD_DIR, QMPError, TestCase, binary
from qemu.qmp import QMPClient
from test_preconfig import BUILD_COMMANDS, qmp_shell

FIRMWARE = os.path.join(BUILD_DIR, 'tests', 'guest', 'ibex-uart.elf')
COUNT_RE = re.compile(r'COUNT (\d+)\n')


class IbexMachine:
    """One emulator started as in the documentation (--preconfig, QMP
    server waiting for its client, console on stdio), then built by
    scripts/qmp-shell from @commands."""

    def __init__(self, tmpdir, name, *extra, loader=True):
        self.dir = os.path.join(tmpdir, name)
        os.mkdir(self.dir)
        args = [binary('riscv32'), '--preconfig', '-qmp',
                'unix:./qmp-sock,server', '-machine', 'none', '-cpu',
                'lowrisc-ibex', '-serial', 'mon:stdio']
        if loader:
            args += ['-device', 'loader,file=%s' % FIRMWARE]
        self.proc = subprocess.Popen(args + list(extra), cwd=self.dir,
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.out = b''
        self.qmp = None
        sock = os.path.join(self.dir, 'qmp-sock')
        deadline = time.monotonic() + 10
        while not os.path.exists(sock):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError('no QMP socket: %s' % self.stderr())
            time.sleep(0.02)

    def build(self, commands=BUILD_COMMANDS):
        """Run @commands through qmp-shell; return its output lines."""
        code, lines, err = qmp_shell('./qmp-sock', commands, cwd=self.dir)
        if code:
            raise RuntimeError('qmp-shell failed: %s' % err)
        return [l for l in lines if not l.startswith('{"event"')]

    def connect(self):
        """QMP for the rest of the test, once qmp-shell is gone."""
        self.qmp = QMPClient(os.path.join(self.dir, 'qmp-sock'))
        self.qmp.negotiate()
        return self.qmp

    def cmd(self, cmd, **args):
        return self.qmp.cmd(cmd, **args)

    def type(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def read(self, timeout):
        fd = self.proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return False
        data = os.read(fd, 4096)
        if not data:
            raise AssertionError('console closed: %r\nstderr: %s' %
                                 (self.out, self.stderr()))
        self.out += data
        return True

    def read_until(self, text, timeout=30):
        deadline = time.monotonic() + timeout
        while text.encode() not in self.out:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError('no %r on the console: %r' %
                                     (text, self.out))
            self.read(remaining)
        return self.console()

    def drain(self):
        """What is in the pipe now: the UART writes synchronously, so a
        stopped guest has nothing more on its way."""
        while self.read(0):
            pass
        return self.console()

    def console(self):
        return self.out.decode(errors='replace')

    def wait_migration(self, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            info = self.cmd('query-migrate')
            if info.get('status') in ('completed', 'failed', 'cancelled'):
                return info
            if time.monotonic() > deadline:
                raise TimeoutError('migration stuck: %s' % info)
            time.sleep(0.02)

    def wait_status(self, status, timeout=30):
        deadline = time.monotonic() + timeout
        while self.cmd('query-status')['status'] != status:
            if time.monotonic() > deadline:
                raise TimeoutError('never %s' % status)
            time.sleep(0.02)

    def stderr(self):
        if self.proc.poll() is None:
            return ''
        return self.proc.stderr.read().decode(errors='replace')

    def wait_exit(self, timeout=30):
        code = self.proc.wait(timeout=timeout)
        return code, self.stderr()

    def close(self):
        if self.qmp:
            try:
                self.qmp.execute('quit')
            except (EOFError, OSError):
                pass
            self.qmp.close()
            self.qmp = None
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            f.close()


@unittest.skipUnless(os.path.exists(FIRMWARE),
                     'the Ibex firmware needs riscv64-unknown-elf-gcc')
class BuiltMachineMigrationTest(TestCase):

    def setUp(self):
        self.tmpdir = tempfile.mkdtemp(prefix='qemu-preconfig-mig-')
        self.addCleanup(shutil.rmtree, self.tmpdir, True)
        self.state = os.path.join(self.tmpdir, 'vm.state')

    def machine(self, name, *extra, **kw):
        m = IbexMachine(self.tmpdir, name, *extra, **kw)
        self.addCleanup(m.close)
        return m

    def counting_source(self):
        """A source whose firmware counts, migrated to self.state; return
        the source and the last count it printed."""
        src = self.machine('src')
        self.assertEqual(set(src.build()), {'{"return": {}}'})
        out = src.read_until('READY\n')
        self.assertIn('DONE ibex: 11 passed, 0 failed', out)
        src.type('count\r')
        src.read_until('COUNT 3\n')
        src.connect()
        src.cmd('migrate', uri='file:' + self.state)
        self.assertEqual(src.wait_migration()['status'], 'completed')
        self.assertEqual(src.cmd('query-status')['status'], 'postmigrate')
        counts = [int(n) for n in COUNT_RE.findall(src.drain())]
        self.assertGreaterEqual(counts[-1], 3)
        return src, counts[-1]

    def assertResumed(self, src, dst, last):
        """The destination's console continues the source's: the counter
        goes on from @last, the firmware never starts again, and a typed
        line still comes back through the rx_watermark interrupt."""
        dst.read_until('COUNT %d\n' % (last + 2))
        self.assertNotIn('Hello', dst.console())
        self.assertNotIn('READY', dst.console())
        # a count printed half on each side is whole once joined, without
        # the monitor's banner and prompt (the guest never prints '\r')
        guest = re.sub(r"QEMU [^\n]* monitor - [^\n]*\n|\(qemu\) |\r\n?",
                       '', dst.console())
        counts = [int(n) for n in COUNT_RE.findall(src.console() + guest)]
        self.assertEqual(counts, list(range(1, len(counts) + 1)))
        dst.type('pong\r')
        dst.read_until('LINE: pong\n')
        counts = [int(n) for n in COUNT_RE.findall(dst.console())]
        self.assertGreater(counts[-1], last + 1)
        self.assertNotIn('FAIL', src.console() + dst.console())

    def test_incoming_uri_on_command_line(self):
        # -incoming file: with --preconfig starts at x-exit-preconfig
        src, last = self.counting_source()
        dst = self.machine('dst', '-incoming', 'file:' + self.state)
        self.assertEqual(set(dst.build()), {'{"return": {}}'})
        dst.connect()
        dst.wait_status('running')
        self.assertEqual(dst.cmd('query-migrate')['status'], 'completed')
        self.assertResumed(src, dst, last)

    def test_migrate_incoming_after_exit_preconfig(self):
        # -incoming defer, migrate-incoming once the machine is ready;
        # no loader here: the ROM's contents come from the stream
        src, last = self.counting_source()
        dst = self.machine('dst', '-incoming', 'defer', loader=False)
        # not before the machine is ready, as in QEMU
        dst.connect()
        with self.assertRaises(QMPError) as cm:
            dst.cmd('migrate-incoming', uri='file:' + self.state)
        self.assertIn('permitted only after machine initialization',
                      cm.exception.desc)
        dst.qmp.close()
        dst.build()
        dst.connect()
        self.assertEqual(dst.cmd('x-query-machine-phase')['phase'], 'ready')
        self.assertEqual(dst.cmd('query-status')['status'], 'inmigrate')
        dst.cmd('migrate-incoming', uri='file:' + self.state)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        dst.wait_status('running')
        self.assertResumed(src, dst, last)
        # the ROM holds the source's firmware
        xp = {'command-line': 'xp /8wx 0x8080'}
        rom = dst.cmd('human-monitor-command', **xp)
        self.assertEqual(rom, src.cmd('human-monitor-command', **xp))
        self.assertNotIn(' 0x00000000 0x00000000 0x00000000', rom)

    def refused(self, commands, *extra):
        """Load self.state into a destination built by @commands; return
        the error of the failed migration."""
        dst = self.machine('dst-%d' % len(os.listdir(self.tmpdir)),
                           '-incoming', 'defer', *extra)
        dst.build(commands)
        dst.connect()
        dst.cmd('migrate-incoming', uri='file:' + self.state,
                **{'exit-on-error': False})
        info = dst.wait_migration()
        self.assertEqual(info['status'], 'failed')
        self.assertEqual(dst.cmd('query-status')['status'], 'inmigrate')
        return info['error-desc']

    def test_destination_built_differently(self):
        self.counting_source()
        # without the UART
        commands = ''.join(l + '\n' for l in BUILD_COMMANDS.splitlines()
                           if 'uart' not in l)
        desc = self.refused(commands)
        self.assertIn("'ibex-uart'", desc)
        # a PLIC with another number of sources
        desc = self.refused(BUILD_COMMANDS.replace(
            'driver=ibex-plic id=plic',
            'driver=ibex-plic id=plic num-sources=64'))
        self.assertIn('ibex-plic', desc)
        self.assertIn('num_sources', desc)
        self.assertIn('80 != 64', desc)
        # RAM of another size
        desc = self.refused(BUILD_COMMANDS.replace(
            'id=ram size=0x10000', 'id=ram size=0x8000'))
        self.assertIn("'ram'", desc)

    def test_incoming_failure_exits(self):
        # -incoming on the command line: a refused stream ends the process
        self.counting_source()
        commands = BUILD_COMMANDS.replace(
            'driver=ibex-plic id=plic',
            'driver=ibex-plic id=plic num-sources=64')
        dst = self.machine('dst', '-incoming', 'file:' + self.state)
        # the process may be gone before qmp-shell reads the last reply
        qmp_shell('./qmp-sock', commands, cwd=dst.dir)
        code, err = dst.wait_exit()
        self.assertEqual(code, 1)
        self.assertIn('load of migration failed', err)
        self.assertIn('ibex-plic', err)


if __name__ == '__main__':
    unittest.main()
