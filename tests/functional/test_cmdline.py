"""The command line: help, version, bad options, daemonizing, signals."""

import os
import signal
import subprocess
import tempfile
import time
import unittest

from qemu_vm import VM, QMPClient, TestCase, binary, run


class Informational(TestCase):
    def test_version(self):
        code, out, err = run('--version')
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith('QEMU emulator version 11.1.0'))
        self.assertEqual(run('-version')[0], 0)

    def test_help(self):
        code, out, err = run('-h')
        self.assertEqual(code, 0)
        self.assertIn('-incoming', out)
        self.assertIn('-machine', out)

    def test_machine_help(self):
        code, out, err = run('-M', 'help')
        self.assertEqual(code, 0)
        self.assertIn('virt                 RISC-V VirtIO board (alias of '
                      'virt-11.1)', out)
        self.assertIn('virt-11.1            RISC-V VirtIO board (default)',
                      out)
        self.assertIn('virt-10.2', out)
        self.assertIn('none', out)
        self.assertEqual(run('-machine', '?')[0], 0)

    def test_accel_help(self):
        code, out, err = run('-accel', 'help')
        self.assertEqual(code, 0)
        self.assertIn('tcg', out)

    def test_log_items(self):
        code, out, err = run('-d', 'help')
        self.assertEqual(code, 0)
        self.assertIn('guest_errors', out)
        self.assertExitsWith(1, "invalid log items 'bogus'", '-d', 'bogus')

    def test_object_and_device_help(self):
        code, out, err = run('-M', 'none', '-display', 'none', '-object',
                             'help')
        self.assertEqual(code, 0)
        self.assertIn('memory-backend-ram', out)
        code, out, err = run('-M', 'none', '-display', 'none', '-object',
                             'memory-backend-file,help')
        self.assertEqual(code, 0)
        self.assertIn('mem-path', out)
        code, out, err = run('-M', 'none', '-display', 'none', '-device',
                             'help')
        self.assertEqual(code, 0)


class BadInput(TestCase):
    def test_bad_options(self):
        self.assertExitsWith(1, '-nosuch: invalid option', '-nosuch')
        self.assertExitsWith(1, '-m: requires an argument', '-m')
        self.assertExitsWith(1, 'unsupported machine type: "bogus"',
                             '-M', 'bogus')
        self.assertExitsWith(1, "invalid RAM size 'lots'",
                             '-M', 'none', '-m', 'lots')
        self.assertExitsWith(1, "invalid accelerator xen",
                             '-M', 'none', '-accel', 'xen')
        self.assertExitsWith(1, 'incompatible', '-M', 'none,accel=tcg',
                             '-accel', 'tcg')
        self.assertExitsWith(1, 'tb-size', '-M', 'none', '-accel',
                             'tcg,tb-size=big')
        self.assertExitsWith(1, "translation cache size 'x'",
                             '-tb-size', 'x')
        self.assertExitsWith(1, "Invalid parameter 'nosuch'",
                             '-M', 'none,nosuch=1')
        self.assertExitsWith(1, "Display 'gtk' is not available",
                             '-display', 'gtk')

    def test_cpu_and_smp(self):
        code, out, err = run('-cpu', 'help')
        self.assertEqual(code, 0)
        self.assertIn('lowrisc-ibex', out)
        err = self.assertExitsWith(1, "unable to find CPU model "
                                   "'lowriscv-ibex'", '-cpu', 'lowriscv-ibex')
        self.assertIn('lowrisc-ibex, rv32, rv64', err)
        self.assertExitsWith(1, 'maxcpus must be equal to or greater',
                             '-M', 'virt', '-smp', '4,maxcpus=2')
        self.assertExitsWith(1, "max CPUs supported by machine 'none' is 1",
                             '-M', 'none', '-smp', '2')
        self.assertExitsWith(1, "Invalid parameter 'foo'", '-M', 'virt',
                             '-smp', '2,foo=1')

    def test_bad_block_and_net(self):
        self.assertExitsWith(1, "Could not open '/nonexistent.img'",
                             '-M', 'virt', '-drive',
                             'file=/nonexistent.img,format=raw,if=none,id=d0')
        self.assertExitsWith(1, "Unknown driver 'qcow2'", '-M', 'virt',
                             '-drive', 'file=/dev/null,format=qcow2,'
                             'if=none,id=d0')
        self.assertExitsWith(1, "does not accept value 'bogus'", '-M', 'virt',
                             '-netdev', 'bogus,id=n0')
        self.assertExitsWith(1, "can't find value 'nope'", '-M', 'virt',
                             '-device', 'virtio-blk-device,drive=nope')
        self.assertExitsWith(1, 'Unsupported NIC model: e1000', '-M', 'virt',
                             '-nic', 'user,model=e1000')

    def test_bad_firmware(self):
        self.assertExitsWith(1, 'RISC-V BIOS "/dev/null" is not a regular '
                             'file', '-M', 'virt', '-bios', '/dev/null')
        self.assertExitsWith(1, 'Unable to find the RISC-V BIOS '
                             '"/nonexistent.bin"', '-M', 'virt', '-bios',
                             '/nonexistent.bin')
        with tempfile.NamedTemporaryFile(suffix='.bin') as empty:
            self.assertExitsWith(1, 'the file is empty', '-M', 'virt',
                                 '-bios', empty.name)

    def test_bad_global(self):
        self.assertExitsWith(1, '-global', '-global', 'nodot')
        # A property missing on an existing class is an error.
        self.assertExitsWith(1, 'nosuch', '-M', 'none', '-display', 'none',
                             '-global', 'migration.nosuch=1')
        # A class that does not exist only gets a warning.
        code, out, err = run('-M', 'none', '-display', 'none', '-S',
                             '-global', 'no-such-type.x=1', '-qmp', 'stdio',
                             input=b'{"execute": "qmp_capabilities"}\n'
                                   b'{"execute": "quit"}\n')
        self.assertEqual(code, 0, err)
        self.assertIn('global no-such-type.x has invalid class name', err)

    def test_bad_objects(self):
        self.assertExitsWith(1, 'nosuch-type', '-M', 'none', '-object',
                             'nosuch-type,id=x')
        self.assertExitsWith(1, 'size', '-M', 'none', '-object',
                             'memory-backend-ram,id=m')
        self.assertExitsWith(1, "not found", '-M',
                             'none,memory-backend=nope')
        self.assertExitsWith(1, 'does not match', '-M',
                             'none,memory-backend=m', '-m', '8M', '-object',
                             'memory-backend-ram,id=m,size=4M')
        self.assertExitsWith(1, 'mem-path', '-M', 'none', '-object',
                             'memory-backend-file,id=m,size=1M')
        self.assertExitsWith(1, 'not a confidential-guest-support object',
                             '-M', 'none,confidential-guest-support=m',
                             '-object', 'memory-backend-ram,id=m,size=1M')


class Processes(TestCase):
    def test_libvirt_probe(self):
        tmp = tempfile.mkdtemp()
        sock = os.path.join(tmp, 'qmp.sock')
        pidfile = os.path.join(tmp, 'qemu.pid')
        proc = subprocess.run(
            [binary(), '-S', '-no-user-config', '-nodefaults', '-nographic',
             '-machine', 'none,accel=kvm:tcg',
             '-qmp', 'unix:%s,server=on,wait=off' % sock,
             '-pidfile', pidfile, '-daemonize'],
            capture_output=True, timeout=20)
        # Wait: the launcher exits once the pidfile and socket are ready.
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(os.path.exists(pidfile))
        self.assertTrue(os.path.exists(sock))
        pid = int(open(pidfile).read())
        qmp = QMPClient(sock)
        qmp.negotiate()
        self.assertEqual(qmp.cmd('query-status')['status'], 'prelaunch')
        self.assertEqual(qmp.cmd('query-kvm'), {'enabled': False,
                                                'present': False})
        qmp.execute('quit')
        qmp.close()
        for _ in range(200):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            self.fail('daemon did not exit')
        self.assertFalse(os.path.exists(pidfile))

    def test_daemonize_with_stdio_refused(self):
        self.assertExitsWith(1, '-nographic cannot be used with -daemonize',
                             '-M', 'none', '-nographic', '-daemonize')

    def test_signals_exit_cleanly(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            vm = VM().launch()
            vm.proc.send_signal(sig)
            ev = vm.qmp.event_wait('SHUTDOWN')
            self.assertEqual(ev['data']['reason'], 'host-signal')
            self.assertEqual(vm.proc.wait(timeout=10), 0)
            vm.qmp.close()
            vm.qmp = None
            vm.shutdown()


class HMPOnStdio(TestCase):
    def test_session(self):
        from qemu_vm import HMPSession
        hmp = HMPSession('-M', 'none', '-display', 'none', '-nodefaults',
                         '-monitor', 'stdio')
        self.assertIn("QEMU 11.1.0 monitor - type 'help' for more "
                      "information", hmp.banner)
        self.assertEqual(hmp.command('info version').strip(), '11.1.0')
        self.assertIn('VM status: running', hmp.command('info status'))
        hmp.command('stop')
        self.assertIn('paused', hmp.command('info status'))
        self.assertIn('migration', hmp.command('qom-list /'))
        self.assertEqual(hmp.command('qom-get /migration downtime-limit')
                         .strip(), '300')
        hmp.command('migrate_set_parameter downtime-limit 42')
        self.assertIn('downtime-limit: 42 ms',
                      hmp.command('info migrate_parameters'))
        self.assertIn('xbzrle: off', hmp.command('info migrate_capabilities'))
        self.assertIn('/machine', hmp.command('info qom-tree'))
        self.assertIn('unknown command', hmp.command('frobnicate'))
        self.assertEqual(hmp.quit(), 0)


if __name__ == '__main__':
    unittest.main()
