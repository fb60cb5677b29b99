"""What an older machine type sends: a VM started as virt-10.2 writes the
stream a 10.2 destination understands.  The compat properties of
hw_compat_10_2 (hw/core/machine.c) leave out the switchover-start command
and the PLIC's line-level subsection, and name a memory backend's RAM
block by its id; scripts/analyze-migration.py shows each difference."""

import json
import os
import subprocess
import sys
import unittest

from migration_vm import GuestVM, MigrationTestCase, PATTERN_ELF, fast

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
ANALYZE = os.path.join(SOURCE_DIR, 'scripts', 'analyze-migration.py')
BACKEND = ('-object', 'memory-backend-ram,id=mem0,size=128M')


@unittest.skipUnless(os.path.exists(PATTERN_ELF),
                     'needs the riscv64-unknown-elf cross compiler')
class StreamByMachineType(MigrationTestCase):
    def vm(self, machine, *args):
        vm = GuestVM(*BACKEND, *args, machine=machine + ',memory-backend=mem0',
                     mode='idle')
        self.vms.append(vm)
        return vm.launch()

    def save(self, machine):
        """Migrate a running @machine guest to a file; return its path."""
        src = self.vm(machine)
        fast(src)
        src.wait_heartbeat()
        path = os.path.join(self.tmp, machine + '.state')
        src.cmd('migrate', uri='file:' + path)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        return path

    def analyze(self, path):
        out = subprocess.run([sys.executable, ANALYZE, '-f', path, '--json'],
                             capture_output=True, text=True, check=True)
        return json.loads(out.stdout)['sections']

    @staticmethod
    def section(items, name):
        return next(i for i in items
                    if i['kind'] == 'section' and i['name'] == name)

    @staticmethod
    def commands(items):
        return [i['command'] for i in items if i['kind'] == 'command']

    def test_stream_differs(self):
        new = self.analyze(self.save('virt'))
        old = self.analyze(self.save('virt-10.2'))

        config = [i['machine_type'] for i in new + old
                  if i['kind'] == 'configuration']
        self.assertEqual(config, ['virt-11.1', 'virt-10.2'])

        self.assertIn('SWITCHOVER_START', self.commands(new))
        self.assertNotIn('SWITCHOVER_START', self.commands(old))

        self.assertIn('riscv_sifive_plic/level',
                      self.section(new, 'riscv_sifive_plic')['subsections'])
        self.assertNotIn('subsections',
                         self.section(old, 'riscv_sifive_plic'))

        self.assertIn('/objects/mem0',
                      self.section(new, 'ram')['ram']['blocks'])
        self.assertIn('mem0', self.section(old, 'ram')['ram']['blocks'])

        # what did not change between the versions stays the same
        self.assertEqual(self.section(new, 'cpu')['subsections'],
                         self.section(old, 'cpu')['subsections'])

    def test_older_stream_loads_on_older_machine(self):
        path = self.save('virt-10.2')
        src = self.vms[0]
        last = src.heartbeats()[-1]
        dst = self.vm('virt-10.2', '-incoming', 'file:' + path)
        dst.wait_migration()
        dst.wait_status('running')
        dst.wait_heartbeat(above=last)
        self.assertNotIn('pattern:', dst.console())

    def test_machine_type_mismatch_refused(self):
        path = self.save('virt-10.2')
        dst = self.vm('virt', '-incoming', 'defer')
        dst.cmd('migrate-incoming', uri='file:' + path,
                **{'exit-on-error': False})
        info = dst.wait_migration()
        self.assertEqual(info['status'], 'failed')
        self.assertIn("'virt-10.2'", info['error-desc'])
        self.assertIn("'virt-11.1'", info['error-desc'])
        self.assertEqual(dst.status(), 'inmigrate')


if __name__ == '__main__':
    unittest.main()
