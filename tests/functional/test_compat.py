"""Versioned machine types: compat properties reach non-device objects,
in the order of docs/devel/object-compat.rst."""

import unittest

from qemu_vm import VM, TestCase

BACKEND = 'memory-backend-ram,id=mem0,size=8M'


def ramblock_names(vm):
    lines = vm.hmp('info ramblock').splitlines()[1:]
    return [line.split()[0] for line in lines if line.strip()]


class MigrationObjectCompat(TestCase):
    def zero_page_detection(self, machine, *args):
        with VM(*args, machine=machine) as vm:
            via_qom = vm.qom_get('/migration', 'zero-page-detection')
            params = vm.cmd('query-migrate-parameters')
            self.assertEqual(via_qom, params['zero-page-detection'])
            return via_qom

    def test_versions_differ(self):
        self.assertEqual(self.zero_page_detection('virt'), 'multifd')
        self.assertEqual(self.zero_page_detection('virt-11.1'), 'multifd')
        self.assertEqual(self.zero_page_detection('virt-11.0'), 'legacy')
        self.assertEqual(self.zero_page_detection('virt-10.2'), 'legacy')

    def test_stream_switch(self):
        with VM(machine='virt') as vm:
            self.assertTrue(vm.qom_get('/migration', 'send-switchover-start'))
        with VM(machine='virt-11.0') as vm:
            self.assertTrue(vm.qom_get('/migration', 'send-switchover-start'))
        with VM(machine='virt-10.2') as vm:
            self.assertFalse(vm.qom_get('/migration',
                                        'send-switchover-start'))

    def test_precedence(self):
        # class default < machine compat < -global < -incoming config: < QMP
        self.assertEqual(self.zero_page_detection(
            'virt-10.2', '-global', 'migration.zero-page-detection=none'),
            'none')
        with VM('-global', 'migration.zero-page-detection=none',
                '-incoming', 'config:zero-page-detection=multifd',
                machine='virt-10.2') as vm:
            self.assertEqual(vm.qom_get('/migration', 'zero-page-detection'),
                             'multifd')
            vm.cmd('migrate-set-parameters',
                   **{'zero-page-detection': 'legacy'})
            self.assertEqual(
                vm.cmd('query-migrate-parameters')['zero-page-detection'],
                'legacy')


class MemoryBackendCompat(TestCase):
    def test_ramblock_id_by_version(self):
        with VM('-object', BACKEND, '-machine', 'memory-backend=mem0',
                machine='virt') as vm:
            self.assertTrue(vm.qom_get('/objects/mem0',
                                       'x-use-canonical-path-for-ramblock-id'))
            self.assertIn('/objects/mem0', ramblock_names(vm))
        with VM('-object', BACKEND, '-machine', 'memory-backend=mem0',
                machine='virt-10.2') as vm:
            self.assertFalse(vm.qom_get(
                '/objects/mem0', 'x-use-canonical-path-for-ramblock-id'))
            self.assertIn('mem0', ramblock_names(vm))

    def test_default_ram_keeps_its_id(self):
        for machine in ['virt', 'virt-10.2']:
            with VM('-m', '16M', machine=machine) as vm:
                # The mask ROM has its own block, as in QEMU.
                self.assertEqual(ramblock_names(vm), ['riscv_virt_board.ram',
                                                      'riscv_virt_board.mrom'])

    def test_precedence(self):
        # -global beats the machine compat, the object's own option beats
        # -global.
        with VM('-global',
                'memory-backend.x-use-canonical-path-for-ramblock-id=on',
                '-object', BACKEND, machine='virt-10.2') as vm:
            self.assertTrue(vm.qom_get('/objects/mem0',
                                       'x-use-canonical-path-for-ramblock-id'))
        with VM('-global',
                'memory-backend.x-use-canonical-path-for-ramblock-id=on',
                '-object', BACKEND + ',x-use-canonical-path-for-ramblock-id=off',
                machine='virt-10.2') as vm:
            self.assertFalse(vm.qom_get(
                '/objects/mem0', 'x-use-canonical-path-for-ramblock-id'))

    def test_runtime_object_gets_compat(self):
        with VM(machine='virt-10.2') as vm:
            vm.cmd('object-add', **{'qom-type': 'memory-backend-memfd',
                                    'id': 'hot', 'size': 1 << 20})
            self.assertFalse(vm.qom_get(
                '/objects/hot', 'x-use-canonical-path-for-ramblock-id'))
            self.assertIn('hot', ramblock_names(vm))


class AcceleratorCompat(TestCase):
    def tb_size(self, machine, *args):
        with VM(*args, machine=machine) as vm:
            return vm.qom_get('/machine/accel', 'tb-size')

    def test_versions_differ(self):
        self.assertEqual(self.tb_size('virt'), 0)
        self.assertEqual(self.tb_size('virt-11.0'), 256)
        self.assertEqual(self.tb_size('virt-10.2'), 256)

    def test_precedence(self):
        # machine compat < legacy -tb-size < -global < -accel option
        self.assertEqual(self.tb_size('virt-11.0', '-tb-size', '512'), 512)
        self.assertEqual(self.tb_size('virt-11.0', '-tb-size', '512',
                                      '-global', 'tcg-accel.tb-size=128'),
                         128)
        self.assertEqual(self.tb_size('virt-11.0', '-tb-size', '512',
                                      '-global', 'tcg-accel.tb-size=128',
                                      '-accel', 'tcg,tb-size=64'), 64)

    def test_legacy_machine_accel(self):
        code_ok = self.tb_size('none', '-machine', 'accel=kvm:tcg')
        self.assertEqual(code_ok, 0)


if __name__ == '__main__':
    unittest.main()
