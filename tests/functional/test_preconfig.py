"""Managed start-up (docs/system/managed-startup.rst): --preconfig and
the machine phases over QMP, -S, and a machine built from QMP through
scripts/qmp-shell running the Ibex firmware of tests/guest/ibex."""

import os
import select
import shutil
import subprocess
import tempfile
import time
import unittest

from qemu_vm import BUILD_DIR, VM, QMPError, TestCase, binary, run

SRC_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
QMP_SHELL = os.path.join(SRC_DIR, 'scripts', 'qmp-shell')
FIRMWARE = os.path.join(BUILD_DIR, 'tests', 'guest', 'ibex-uart.elf')

# The commands of the issue and of the documentation, verbatim.
BUILD_COMMANDS = """\
x-machine-init
device_add driver=sysbus-memory id=rom size=0x4000 readonly=true
x-sysbus-mmio-map device=rom addr=32768
device_add driver=sysbus-memory id=flash size=0x80000 readonly=true
x-sysbus-mmio-map device=flash addr=536870912
device_add driver=sysbus-memory id=ram size=0x10000
x-sysbus-mmio-map device=ram addr=268435456
device_add driver=ibex-plic id=plic
x-sysbus-mmio-map device=plic addr=1090584576
device_add driver=ibex-uart id=uart chardev=serial0
x-sysbus-mmio-map device=uart addr=1073741824
qom-set path=uart property=sysbus-irq[0] value=plic/unnamed-gpio-in[1]
qom-set path=uart property=sysbus-irq[1] value=plic/unnamed-gpio-in[2]
qom-set path=uart property=sysbus-irq[2] value=plic/unnamed-gpio-in[3]
qom-set path=uart property=sysbus-irq[3] value=plic/unnamed-gpio-in[4]
x-exit-preconfig
"""


def qmp_shell(sock, text, *opts, cwd=None):
    """Feed @text to scripts/qmp-shell; return its output lines."""
    proc = subprocess.run(['python3', QMP_SHELL] + list(opts) + [sock],
                          input=text.encode(), capture_output=True,
                          timeout=30, cwd=cwd)
    return proc.returncode, proc.stdout.decode().splitlines(), \
        proc.stderr.decode()


class PhaseTest(TestCase):
    """Allowed and refused commands in each phase; no going back."""

    def vm(self, *args):
        return VM('--preconfig', '-cpu', 'lowrisc-ibex', *args,
                  target='riscv32')

    def assertRefused(self, vm, text, cmd, **args):
        with self.assertRaises(QMPError) as cm:
            vm.cmd(cmd, **args)
        self.assertIn(text, cm.exception.desc)
        return cm.exception.desc

    def phase(self, vm):
        return vm.cmd('x-query-machine-phase')['phase']

    def test_preconfig_phase_accel_created(self):
        with self.vm() as vm:
            self.assertEqual(vm.cmd('query-status'),
                             {'status': 'prelaunch', 'running': False})
            self.assertEqual(self.phase(vm), 'accel-created')
            # allowed in preconfig
            self.assertTrue(vm.cmd('query-qmp-schema'))
            names = [c['name'] for c in vm.cmd('query-commands')]
            for name in ('x-machine-init', 'x-exit-preconfig',
                         'x-sysbus-mmio-map', 'qom-set'):
                self.assertIn(name, names)
            self.assertTrue(vm.cmd('qom-list', path='/machine'))
            self.assertEqual(vm.cmd('qom-get', path='/machine',
                                    property='type'), 'none-machine')
            # refused, saying why
            for cmd in ('cont', 'stop', 'system_reset'):
                desc = self.assertRefused(vm, 'permitted only after machine '
                                          'initialization', cmd)
                self.assertIn("'%s'" % cmd, desc)
            desc = self.assertRefused(vm, "phase 'accel-created'",
                                      'device_add', driver='ibex-uart',
                                      id='u')
            self.assertIn('x-machine-init', desc)
            self.assertRefused(vm, "phase 'accel-created'",
                               'x-sysbus-mmio-map', device='u', addr=0)
            # nothing changed
            self.assertEqual(self.phase(vm), 'accel-created')

    def test_phases_move_forward_only(self):
        with self.vm() as vm:
            vm.cmd('x-machine-init')
            self.assertEqual(self.phase(vm), 'initialized')
            self.assertEqual(vm.cmd('query-status')['status'], 'prelaunch')
            self.assertRefused(vm, "phase 'initialized'", 'x-machine-init')
            # the CPU of -cpu exists now, with its model
            self.assertEqual(vm.cmd('qom-get', path='/machine/cpu',
                                    property='resetvec'), 0x8080)
            # still preconfig: run-time commands are refused
            self.assertRefused(vm, 'permitted only after machine '
                               'initialization', 'cont')
            vm.cmd('device_add', driver='sysbus-memory', id='ram',
                   size=0x1000)
            vm.cmd('x-sysbus-mmio-map', device='ram', addr=0x1000)
            self.assertRefused(vm, 'already mapped', 'x-sysbus-mmio-map',
                               device='ram', addr=0x3000)
            vm.cmd('device_add', driver='sysbus-memory', id='ram2',
                   size=0x1000)
            self.assertRefused(vm, 'overlaps', 'x-sysbus-mmio-map',
                               device='ram2', addr=0x1800)
            self.assertRefused(vm, 'has no MMIO region 1',
                               'x-sysbus-mmio-map', device='ram2', mmio=1,
                               addr=0x8000)
            self.assertRefused(vm, "Device 'nosuch' not found",
                               'x-sysbus-mmio-map', device='nosuch',
                               addr=0x8000)
            self.assertRefused(vm, "'size' must be given", 'device_add',
                               driver='sysbus-memory', id='nosize')
            # interrupt wiring: an output line links to an input line
            vm.cmd('device_add', driver='ibex-plic', id='plic')
            vm.cmd('device_add', driver='ibex-uart', id='uart')
            vm.cmd('qom-set', path='uart', property='sysbus-irq[1]',
                   value='plic/unnamed-gpio-in[2]')
            self.assertEqual(
                vm.cmd('qom-get', path='/machine/peripheral/uart',
                       property='sysbus-irq[1]'),
                '/machine/peripheral/plic/unnamed-gpio-in[2]')
            with self.assertRaises(QMPError):
                vm.cmd('qom-set', path='uart', property='sysbus-irq[4]',
                       value='plic/unnamed-gpio-in[3]')

            vm.cmd('x-exit-preconfig')
            vm.qmp.event_wait('RESUME')
            self.assertEqual(self.phase(vm), 'ready')
            self.assertEqual(vm.cmd('query-status'),
                             {'status': 'running', 'running': True})
            # no going back, no skipping
            self.assertRefused(vm, "phase 'ready'", 'x-machine-init')
            self.assertRefused(vm, "phase 'ready'", 'x-exit-preconfig')
            self.assertRefused(vm, "permitted only in phase 'initialized'",
                               'x-sysbus-mmio-map', device='ram2',
                               addr=0x8000)
            with self.assertRaises(QMPError):
                vm.cmd('device_add', driver='sysbus-memory', id='late',
                       size=0x1000)
            vm.cmd('stop')
            self.assertEqual(vm.cmd('query-status')['status'], 'paused')

    def test_exit_preconfig_skips_init_step(self):
        # x-exit-preconfig from accel-created goes through 'initialized'
        with self.vm() as vm:
            vm.cmd('x-exit-preconfig')
            self.assertEqual(self.phase(vm), 'ready')
            self.assertEqual(vm.cmd('query-status')['status'], 'running')

    def test_preconfig_and_S(self):
        with self.vm('-S') as vm:
            vm.cmd('x-exit-preconfig')
            self.assertEqual(self.phase(vm), 'ready')
            self.assertEqual(vm.cmd('query-status'),
                             {'status': 'prelaunch', 'running': False})
            vm.cmd('cont')
            vm.qmp.event_wait('RESUME')
            self.assertEqual(vm.cmd('query-status')['status'], 'running')

    def test_S_without_preconfig(self):
        with VM('-S', '-cpu', 'lowrisc-ibex', target='riscv32') as vm:
            self.assertEqual(vm.cmd('x-query-machine-phase')['phase'],
                             'ready')
            self.assertEqual(vm.cmd('query-status'),
                             {'status': 'prelaunch', 'running': False})
            # the machine is complete: the phase commands are refused
            self.assertRefused(vm, "phase 'ready'", 'x-machine-init')
            self.assertRefused(vm, "phase 'ready'", 'x-exit-preconfig')
            # run-time commands are allowed
            self.assertTrue(vm.cmd('qom-list', path='/machine/cpu'))
            vm.cmd('cont')
            vm.qmp.event_wait('RESUME')
            self.assertEqual(vm.cmd('query-status')['status'], 'running')

    def test_preconfig_spellings(self):
        # -preconfig is accepted as well as --preconfig
        with VM('-preconfig', target='riscv32') as vm:
            self.assertEqual(vm.cmd('x-query-machine-phase')['phase'],
                             'accel-created')

    def test_mistyped_cpu_model(self):
        code, _, err = run('--preconfig', '-machine', 'none', '-cpu',
                           'lowriscv-ibex', target='riscv32')
        self.assertEqual(code, 1)
        self.assertIn("'lowriscv-ibex'", err)
        self.assertIn('lowrisc-ibex', err)
        self.assertIn('rv32', err)


class LoaderTest(TestCase):
    """-device loader: data (both byte orders), start address."""

    def test_data_and_pc(self):
        with VM('--preconfig', '-S', '-cpu', 'lowrisc-ibex',
                '-device', 'loader,addr=0x1000,data=0x11223344,data-len=4',
                '-device', 'loader,addr=0x1008,data=0x11223344,data-len=4,'
                'data-be=on',
                '-device', 'loader,addr=0x1010,cpu-num=0',
                target='riscv32') as vm:
            vm.cmd('x-machine-init')
            vm.cmd('device_add', driver='sysbus-memory', id='ram',
                   size=0x1000)
            vm.cmd('x-sysbus-mmio-map', device='ram', addr=0x1000)
            vm.cmd('x-exit-preconfig')
            out = vm.hmp('xp /3wx 0x1000')
            self.assertIn('0x11223344 0x00000000 0x44332211', out)
            self.assertRegex(vm.hmp('info registers'), r'pc\s+0+1010')

    def test_bad_arguments(self):
        for arg, msg in (('loader', "expected 'file'"),
                         ('loader,data=1', 'data-len 0 is invalid'),
                         ('loader,data=1,data-len=9', 'expected 1 to 8'),
                         ('loader,addr=0x10,cpu-num=3', 'does not exist'),
                         ('loader,file=/nonexistent', '/nonexistent')):
            code, _, err = run('-machine', 'none', '-cpu', 'lowrisc-ibex',
                               '-nodefaults', '-device', arg,
                               target='riscv32')
            self.assertEqual(code, 1, arg)
            self.assertIn(msg, err)


@unittest.skipUnless(os.path.exists(FIRMWARE),
                     'the Ibex firmware needs riscv64-unknown-elf-gcc')
class BuiltMachineTest(TestCase):
    """The OpenTitan subset of the documentation, built by qmp-shell."""

    def setUp(self):
        self.tmpdir = tempfile.mkdtemp(prefix='qemu-preconfig-')
        self.addCleanup(shutil.rmtree, self.tmpdir, True)

    def read_until(self, proc, text, timeout=20):
        out = b''
        deadline = time.monotonic() + timeout
        fd = proc.stdout.fileno()
        while text.encode() not in out:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.fail('no %r in the output: %r' % (text, out))
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                data = os.read(fd, 4096)
                if not data:
                    self.fail('output closed before %r: %r' % (text, out))
                out += data
        return out.decode()

    def test_build_and_run_firmware(self):
        # the command line of the documentation, with our firmware
        proc = subprocess.Popen(
            [binary('riscv32'), '--preconfig', '-qmp',
             'unix:./qmp-sock,server', '-machine', 'none', '-cpu',
             'lowrisc-ibex', '-serial', 'mon:stdio',
             '-device', 'loader,file=%s' % FIRMWARE],
            cwd=self.tmpdir, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        try:
            # 'server' waits for the client: the socket appears first
            sock = os.path.join(self.tmpdir, 'qmp-sock')
            deadline = time.monotonic() + 10
            while not os.path.exists(sock):
                self.assertLess(time.monotonic(), deadline, 'no QMP socket')
                time.sleep(0.02)
            self.assertIsNone(proc.poll())
            code, lines, err = qmp_shell('./qmp-sock', BUILD_COMMANDS,
                                         cwd=self.tmpdir)
            self.assertEqual(code, 0, err)
            # one response per command, all successful
            responses = [l for l in lines if not l.startswith('{"event"')]
            self.assertEqual(len(responses),
                             len(BUILD_COMMANDS.splitlines()))
            self.assertEqual(set(responses), {'{"return": {}}'})

            out = self.read_until(proc, 'READY\n')
            self.assertIn('Hello from Ibex, built from QMP', out)
            self.assertIn('DONE ibex: 11 passed, 0 failed', out)
            self.assertNotIn('FAIL', out)
            # input reaches the firmware through the rx_watermark interrupt
            proc.stdin.write(b'ping\r')
            proc.stdin.flush()
            self.read_until(proc, 'LINE: ping')

            code, lines, _ = qmp_shell('./qmp-sock',
                                       'x-query-machine-phase\n'
                                       'query-status\nquit\n',
                                       cwd=self.tmpdir)
            self.assertEqual(lines[:2], ['{"return": {"phase": "ready"}}',
                                         '{"return": {"running": true, '
                                         '"status": "running"}}'])
            self.assertEqual(proc.wait(timeout=10), 0)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            for f in (proc.stdin, proc.stdout, proc.stderr):
                f.close()


class QmpShellTest(TestCase):
    """scripts/qmp-shell: key=value parsing, JSON values, errors."""

    def test_values_and_errors(self):
        tmpdir = tempfile.mkdtemp(prefix='qemu-qmp-shell-')
        self.addCleanup(shutil.rmtree, tmpdir, True)
        sock = os.path.join(tmpdir, 'shell.sock')
        # a monitor of its own: a QMP socket serves one client at a time
        with VM('--preconfig', '-qmp', 'unix:%s,server=on,wait=off' % sock,
                target='riscv32'):
            code, lines, err = qmp_shell(
                sock,
                '# a comment\n\nquery-status\n'
                'qom-get path=/machine property=type\n'
                'qom-list-properties typename=ibex-uart\n'
                'cont\nbad-line novalue\n', '-v')
            self.assertEqual(code, 0, err)
            self.assertEqual(lines[0], '{"execute": "query-status"}')
            self.assertEqual(lines[1], '{"return": {"running": false, '
                             '"status": "prelaunch"}}')
            self.assertIn('"none-machine"', lines[3])
            self.assertIn('chardev', lines[5])
            self.assertIn('permitted only after machine initialization',
                          lines[7])
            self.assertIn("expected key=value, got 'novalue'", lines[8])
            # -e: stop at the first error, status 1
            code, lines, _ = qmp_shell(sock, 'cont\nquery-status\n', '-e')
            self.assertEqual(code, 1)
            self.assertEqual(len(lines), 1)
            # -H: human monitor commands (once the machine is ready)
            qmp_shell(sock, 'x-exit-preconfig\n')
            code, lines, _ = qmp_shell(sock, 'info status\n', '-H')
            self.assertIn('VM status: running', '\n'.join(lines))


if __name__ == '__main__':
    unittest.main()
