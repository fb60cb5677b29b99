"""QMP as QEMU speaks it: greeting, negotiation, commands, errors, events."""

import json
import unittest

from qemu_vm import VM, QMPError, TestCase


class QMPProtocol(TestCase):
    def test_greeting_and_negotiation(self):
        with VM() as vm:
            pass
        vm = VM().launch(negotiate=False)
        try:
            greeting = vm.qmp.greeting['QMP']
            self.assertEqual(greeting['version']['qemu'],
                             {'major': 11, 'minor': 1, 'micro': 0})
            self.assertIn('capabilities', greeting)
            resp = vm.qmp.execute('query-status')
            self.assertEqual(resp['error']['class'], 'CommandNotFound')
            self.assertIn("qmp_capabilities", resp['error']['desc'])
            self.assertEqual(vm.qmp.execute('qmp_capabilities'),
                             {'return': {}})
            resp = vm.qmp.execute('qmp_capabilities')
            self.assertEqual(resp['error']['class'], 'CommandNotFound')
        finally:
            vm.shutdown()

    def test_ids_and_errors(self):
        with VM() as vm:
            resp = vm.qmp.execute('query-status', id='abc')
            self.assertEqual(resp['id'], 'abc')
            resp = vm.qmp.execute('no-such-command', id=7)
            self.assertEqual(resp['id'], 7)
            self.assertEqual(resp['error']['class'], 'CommandNotFound')
            resp = vm.qmp.execute('qom-get', {'path': '/machine'})
            self.assertEqual(resp['error']['class'], 'GenericError')
            self.assertIn("'property'", resp['error']['desc'])
            resp = vm.qmp.execute('query-status', {'bogus': 1})
            self.assertIn("'bogus'", resp['error']['desc'])
            # Bad JSON gets an error and the connection stays usable.
            vm.qmp.send_raw('{"execute": }\n')
            resp = vm.qmp.response()
            self.assertEqual(resp['error']['class'], 'GenericError')
            vm.qmp.send_raw('[1, 2]\n')
            resp = vm.qmp.response()
            self.assertIn('JSON object', resp['error']['desc'])
            self.assertEqual(vm.cmd('query-status')['status'], 'running')

    def test_version_commands_schema(self):
        with VM() as vm:
            version = vm.cmd('query-version')
            self.assertEqual(version['qemu']['major'], 11)
            names = {c['name'] for c in vm.cmd('query-commands')}
            for name in ['query-version', 'query-commands', 'query-qmp-schema',
                         'query-status', 'stop', 'cont', 'quit', 'qom-list',
                         'qom-get', 'qom-set', 'qom-list-types',
                         'qom-list-properties', 'device-list-properties',
                         'object-add', 'object-del', 'device_add',
                         'device_del', 'query-machines', 'query-target',
                         'query-kvm', 'query-command-line-options',
                         'human-monitor-command', 'query-migrate-parameters',
                         'migrate-set-parameters',
                         'query-migrate-capabilities',
                         'migrate-set-capabilities']:
                self.assertIn(name, names)
            schema = vm.cmd('query-qmp-schema')
            by_name = {e['name']: e for e in schema}
            self.assertEqual(by_name['query-migrate-parameters']['meta-type'],
                             'command')
            params = by_name['MigrationParameters']['members']
            self.assertIn('max-bandwidth', [m['name'] for m in params])

    def test_status_stop_cont_events(self):
        with VM() as vm:
            self.assertEqual(vm.cmd('query-status'),
                             {'running': True, 'status': 'running'})
            vm.cmd('stop')
            ev = vm.qmp.event_wait('STOP')
            self.assertIn('seconds', ev['timestamp'])
            self.assertIn('microseconds', ev['timestamp'])
            self.assertEqual(vm.cmd('query-status'),
                             {'running': False, 'status': 'paused'})
            vm.cmd('cont')
            vm.qmp.event_wait('RESUME')
            self.assertTrue(vm.cmd('query-status')['running'])

    def test_dash_S_starts_paused(self):
        with VM('-S') as vm:
            self.assertEqual(vm.cmd('query-status'),
                             {'running': False, 'status': 'prelaunch'})
            vm.cmd('cont')
            vm.qmp.event_wait('RESUME')
            self.assertEqual(vm.cmd('query-status')['status'], 'running')

    def test_quit_sends_shutdown(self):
        vm = VM().launch()
        vm.qmp.execute('quit')
        ev = vm.qmp.event_wait('SHUTDOWN')
        self.assertEqual(ev['data'], {'guest': False,
                                      'reason': 'host-qmp-quit'})
        status, _ = vm.shutdown()
        self.assertEqual(status, 0)

    def test_machine_target_kvm(self):
        with VM() as vm:
            machines = {m['name']: m for m in vm.cmd('query-machines')}
            self.assertIn('none', machines)
            self.assertEqual(machines['virt-11.1']['alias'], 'virt')
            self.assertTrue(machines['virt-11.1'].get('is-default'))
            self.assertEqual(machines['virt-10.2']['default-ram-id'],
                             'riscv_virt_board.ram')
            self.assertNotIn('compat-props', machines['virt-10.2'])
            machines = {m['name']: m for m in
                        vm.cmd('query-machines', **{'compat-props': True})}
            props = [(p['qom-type'], p['property'], p['value'])
                     for p in machines['virt-10.2']['compat-props']]
            self.assertIn(('migration', 'zero-page-detection', 'legacy'),
                          props)
            self.assertIn(('memory-backend',
                           'x-use-canonical-path-for-ramblock-id', 'false'),
                          props)
            self.assertEqual(machines['virt-11.1']['compat-props'], [])
            self.assertEqual(vm.cmd('query-target'), {'arch': 'riscv64'})
            self.assertEqual(vm.cmd('query-kvm'),
                             {'enabled': False, 'present': False})
            opts = vm.cmd('query-command-line-options', option='machine')
            self.assertEqual(opts[0]['option'], 'machine')
            resp = vm.qmp.execute('query-command-line-options',
                                  {'option': 'nosuch'})
            self.assertIn('nosuch', resp['error']['desc'])

    def test_ram_mapping(self):
        with VM('-m', '32M') as vm:
            self.assertIn('0000000000000000-0000000001ffffff (prio 0, ram): '
                          'ram', vm.hmp('info mtree'))
        with VM('-m', '64M', machine='virt') as vm:
            self.assertIn('0000000080000000-0000000083ffffff (prio 0, ram): '
                          'riscv_virt_board.ram', vm.hmp('info mtree'))
        with VM() as vm:
            self.assertNotIn('ram', vm.hmp('info mtree'))

    def test_riscv32_target(self):
        with VM(target='riscv32') as vm:
            self.assertEqual(vm.cmd('query-target'), {'arch': 'riscv32'})


class QOMCommands(TestCase):
    def test_qom_list_get_set(self):
        with VM('-object', 'memory-backend-ram,id=mem0,size=4M') as vm:
            names = {p['name'] for p in vm.cmd('qom-list', path='/')}
            self.assertTrue({'machine', 'objects', 'migration'} <= names)
            self.assertEqual(vm.qom_get('/objects/mem0', 'size'), 4 << 20)
            vm.cmd('qom-set', path='/migration', property='downtime-limit',
                   value=500)
            self.assertEqual(vm.qom_get('/migration', 'downtime-limit'), 500)
            resp = vm.qmp.execute('qom-get', {'path': '/nope',
                                              'property': 'x'})
            self.assertEqual(resp['error']['class'], 'DeviceNotFound')
            resp = vm.qmp.execute('qom-get', {'path': '/objects/mem0',
                                              'property': 'nope'})
            self.assertIn('nope', resp['error']['desc'])
            resp = vm.qmp.execute('qom-set', {'path': '/objects/mem0',
                                              'property': 'size',
                                              'value': 1 << 20})
            self.assertIn('size', resp['error']['desc'])

    def test_object_add_del(self):
        with VM() as vm:
            vm.cmd('object-add', **{'qom-type': 'memory-backend-ram',
                                    'id': 'm1', 'size': 1 << 20})
            self.assertEqual(vm.qom_get('/objects/m1', 'size'), 1 << 20)
            resp = vm.qmp.execute('object-add', {'qom-type': 'nonexistent',
                                                 'id': 'x'})
            self.assertIn('nonexistent', resp['error']['desc'])
            resp = vm.qmp.execute('object-add',
                                  {'qom-type': 'memory-backend-ram',
                                   'id': 'm1', 'size': 1 << 20})
            self.assertIn('m1', resp['error']['desc'])
            resp = vm.qmp.execute('object-add',
                                  {'qom-type': 'memory-backend-ram',
                                   'id': 'm2'})
            self.assertIn('size', resp['error']['desc'])
            vm.cmd('object-del', id='m1')
            resp = vm.qmp.execute('object-del', {'id': 'm1'})
            self.assertIn('m1', resp['error']['desc'])

    def test_bad_global_fails_runtime_creation_only(self):
        with VM('-global', 'memory-backend-ram.zz=3') as vm:
            resp = vm.qmp.execute('object-add',
                                  {'qom-type': 'memory-backend-ram',
                                   'id': 'm1', 'size': 1 << 20})
            self.assertIn('zz', resp['error']['desc'])
            self.assertEqual(vm.cmd('query-status')['status'], 'running')
            names = {p['name'] for p in vm.cmd('qom-list', path='/objects')}
            self.assertNotIn('m1', names)

    def test_list_types_and_properties(self):
        with VM() as vm:
            types = {t['name']: t for t in
                     vm.cmd('qom-list-types', implements='object-compat',
                            abstract=True)}
            for name in ['device', 'memory-backend', 'memory-backend-ram',
                         'memory-backend-file', 'memory-backend-memfd',
                         'accel', 'tcg-accel', 'confidential-guest-support',
                         'migration']:
                self.assertIn(name, types)
            props = {p['name']: p for p in
                     vm.cmd('qom-list-properties',
                            typename='memory-backend-ram')}
            self.assertIn('x-use-canonical-path-for-ramblock-id', props)
            props = {p['name']: p for p in
                     vm.cmd('qom-list-properties', typename='migration')}
            self.assertEqual(props['multifd-channels'].get('default-value'),
                             2)


class HMPThroughQMP(TestCase):
    def test_human_monitor_command(self):
        with VM() as vm:
            self.assertEqual(vm.hmp('info version').strip(), '11.1.0')
            self.assertEqual(vm.hmp('info status').strip(),
                             'VM status: running')
            vm.hmp('stop')
            self.assertIn('paused', vm.hmp('info status'))
            self.assertIn('unknown command', vm.hmp('nosuchcommand'))
            self.assertIn('info', vm.hmp('help'))


class TargetHMP(TestCase):
    def test_memory_dump_and_registers(self):
        with VM('-smp', '2', '-S', machine='virt') as vm:
            # The MROM reset vector: auipc t0, then the fw_dynamic set-up.
            text = vm.hmp('x/2i 0x1000')
            self.assertIn('0x0000000000001000:  00000297  auipc t0,0x0',
                          text)
            self.assertIn('00000297',
                          vm.hmp('xp/4xw 0x1000').split(':')[1])
            cpus = vm.hmp('info cpus')
            self.assertIn('* CPU #0: pc=0x0000000000001000 hartid=0', cpus)
            self.assertIn('CPU #1:', cpus)
            regs = vm.hmp('info registers')
            self.assertIn('pc       0000000000001000', regs)
            self.assertIn('x10/a0', regs)
            vm.hmp('cpu 1')
            self.assertIn('mhartid  0000000000000001',
                          vm.hmp('info registers'))
            self.assertIn('invalid CPU index 5', vm.hmp('cpu 5'))
            self.assertIn("invalid char in format: 'z'", vm.hmp('x/2z 0'))
            self.assertIn('Cannot access memory', vm.hmp('xp/x 0x90000000'))


if __name__ == '__main__':
    unittest.main()
