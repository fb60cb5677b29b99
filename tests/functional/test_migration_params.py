"""Migration parameters: QMP, HMP, -global and -incoming config:."""

import json
import unittest

from qemu_vm import VM, TestCase, run

DEFAULTS = {
    'announce-initial': 50, 'announce-max': 550, 'announce-rounds': 5,
    'announce-step': 100, 'throttle-trigger-threshold': 50,
    'cpu-throttle-initial': 20, 'cpu-throttle-increment': 10,
    'cpu-throttle-tailslow': False, 'tls-creds': '', 'tls-hostname': '',
    'tls-authz': '', 'max-bandwidth': 134217728,
    'avail-switchover-bandwidth': 0, 'downtime-limit': 300,
    'x-checkpoint-delay': 20000, 'multifd-channels': 2,
    'xbzrle-cache-size': 67108864, 'max-postcopy-bandwidth': 0,
    'max-cpu-throttle': 99, 'multifd-compression': 'none',
    'multifd-zlib-level': 1, 'multifd-zstd-level': 1,
    'x-vcpu-dirty-limit-period': 1000, 'vcpu-dirty-limit': 1,
    'mode': 'normal', 'zero-page-detection': 'multifd', 'direct-io': False,
}


class Parameters(TestCase):
    def test_defaults(self):
        with VM() as vm:
            self.assertEqual(vm.cmd('query-migrate-parameters'), DEFAULTS)

    def test_set_and_check(self):
        with VM() as vm:
            vm.cmd('migrate-set-parameters', **{'multifd-channels': 8,
                                                'max-bandwidth': 1 << 30,
                                                'tls-hostname': 'dst'})
            params = vm.cmd('query-migrate-parameters')
            self.assertEqual(params['multifd-channels'], 8)
            self.assertEqual(params['max-bandwidth'], 1 << 30)
            self.assertEqual(params['tls-hostname'], 'dst')
            vm.cmd('migrate-set-parameters', **{'tls-hostname': None})
            self.assertEqual(vm.cmd('query-migrate-parameters')
                             ['tls-hostname'], '')
            bad = [({'multifd-channels': 0}, 'multifd-channels'),
                   ({'multifd-channels': 256}, 'multifd-channels'),
                   ({'downtime-limit': 2000001}, 'downtime-limit'),
                   ({'xbzrle-cache-size': 5000}, 'xbzrle-cache-size'),
                   ({'cpu-throttle-initial': 0}, 'cpu-throttle-initial'),
                   ({'max-cpu-throttle': 10}, 'max-cpu-throttle'),
                   ({'multifd-zstd-level': 21}, 'multifd-zstd-level'),
                   ({'multifd-compression': 'lz4'}, 'multifd-compression'),
                   ({'nosuch': 1}, 'nosuch'),
                   ({'downtime-limit': 'abc'}, 'downtime-limit')]
            for args, name in bad:
                resp = vm.qmp.execute('migrate-set-parameters', args)
                self.assertIn('error', resp, args)
                self.assertIn(name, resp['error']['desc'], args)
            # A failed set changes nothing, not even its valid members.
            resp = vm.qmp.execute('migrate-set-parameters',
                                  {'downtime-limit': 1000,
                                   'multifd-channels': 0})
            self.assertIn('error', resp)
            self.assertEqual(vm.cmd('query-migrate-parameters')
                             ['downtime-limit'], 300)

    def test_capabilities(self):
        with VM() as vm:
            caps = {c['capability']: c['state']
                    for c in vm.cmd('query-migrate-capabilities')}
            self.assertEqual(len(caps), 22)
            self.assertFalse(any(caps.values()))
            vm.cmd('migrate-set-capabilities', capabilities=[
                {'capability': 'multifd', 'state': True}])
            caps = {c['capability']: c['state']
                    for c in vm.cmd('query-migrate-capabilities')}
            self.assertTrue(caps['multifd'])
            resp = vm.qmp.execute('migrate-set-capabilities', {
                'capabilities': [{'capability': 'xbzrle', 'state': True}]})
            self.assertIn('xbzrle', resp['error']['desc'])
            resp = vm.qmp.execute('migrate-set-capabilities', {
                'capabilities': [{'capability': 'switchover-ack',
                                  'state': True}]})
            self.assertIn('return-path', resp['error']['desc'])
            self.assertTrue(vm.qom_get('/migration', 'x-multifd'))

    def test_hmp(self):
        with VM() as vm:
            text = vm.hmp('info migrate_parameters')
            self.assertIn('downtime-limit: 300 ms', text)
            self.assertIn('max-bandwidth: 134217728 bytes/second', text)
            self.assertIn("tls-creds: ''", text)
            self.assertIn('multifd-compression: none', text)
            self.assertEqual(vm.hmp('migrate_set_parameter max-bandwidth 64')
                             .strip(), '')
            self.assertEqual(vm.cmd('query-migrate-parameters')
                             ['max-bandwidth'], 64 << 20)
            vm.hmp('migrate_set_parameter xbzrle-cache-size 1M')
            self.assertEqual(vm.cmd('query-migrate-parameters')
                             ['xbzrle-cache-size'], 1 << 20)
            vm.hmp('migrate_set_parameter multifd-compression zstd')
            self.assertEqual(vm.cmd('query-migrate-parameters')
                             ['multifd-compression'], 'zstd')
            self.assertIn('multifd-channels',
                          vm.hmp('migrate_set_parameter multifd-channels 0'))
            self.assertIn('nosuch',
                          vm.hmp('migrate_set_parameter nosuch 1'))
            vm.hmp('migrate_set_capability events on')
            self.assertIn('events: on', vm.hmp('info migrate_capabilities'))


class IncomingConfig(TestCase):
    def test_keyval_and_json(self):
        with VM('-incoming', 'config:multifd-channels=4,max-bandwidth=1G,'
                'multifd-compression=zstd,tls-hostname=a,,b') as vm:
            params = vm.cmd('query-migrate-parameters')
            self.assertEqual(params['multifd-channels'], 4)
            self.assertEqual(params['max-bandwidth'], 1 << 30)
            self.assertEqual(params['multifd-compression'], 'zstd')
            self.assertEqual(params['tls-hostname'], 'a,b')
            # Without a URI or defer the VM runs: config: alone only sets.
            self.assertEqual(vm.cmd('query-status')['status'], 'running')
        config = json.dumps({'downtime-limit': 1000, 'multifd-channels': 3})
        with VM('-incoming', 'config:' + config) as vm:
            params = vm.cmd('query-migrate-parameters')
            self.assertEqual(params['downtime-limit'], 1000)
            self.assertEqual(params['multifd-channels'], 3)

    def test_with_defer_and_uri(self):
        with VM('-incoming', 'defer', '-incoming',
                'config:multifd-channels=5') as vm:
            self.assertEqual(vm.cmd('query-status')['status'], 'inmigrate')
            self.assertEqual(vm.cmd('query-migrate-parameters')
                             ['multifd-channels'], 5)
        with VM('-incoming', 'config:downtime-limit=700', '-incoming',
                'tcp:127.0.0.1:0') as vm:
            self.assertEqual(vm.cmd('query-status')['status'], 'inmigrate')
            self.assertEqual(vm.cmd('query-migrate-parameters')
                             ['downtime-limit'], 700)

    def test_later_config_wins(self):
        with VM('-incoming', 'config:multifd-channels=4,downtime-limit=10',
                '-incoming', 'config:multifd-channels=6') as vm:
            params = vm.cmd('query-migrate-parameters')
            self.assertEqual(params['multifd-channels'], 6)
            self.assertEqual(params['downtime-limit'], 10)

    def test_precedence_over_global(self):
        with VM('-global', 'migration.multifd-channels=7',
                '-global', 'migration.downtime-limit=900',
                '-incoming', 'config:multifd-channels=9') as vm:
            params = vm.cmd('query-migrate-parameters')
            self.assertEqual(params['multifd-channels'], 9)
            self.assertEqual(params['downtime-limit'], 900)
            vm.cmd('migrate-set-parameters', **{'multifd-channels': 11})
            self.assertEqual(vm.cmd('query-migrate-parameters')
                             ['multifd-channels'], 11)

    def test_bad_config_exits(self):
        cases = [
            ('config:nosuch=1', 'nosuch'),
            ('config:multifd-channels=abc', 'multifd-channels'),
            ('config:multifd-channels=0', 'multifd-channels'),
            ('config:multifd-channels=300', 'multifd-channels'),
            ('config:downtime-limit=3000000', 'downtime-limit'),
            ('config:multifd-compression=lz4', 'multifd-compression'),
            ('config:{"downtime-limit": "x"}', 'downtime-limit'),
            ('config:{"downtime-limit": ', 'JSON'),
            ('config:[1]', 'JSON object'),
            ('config:a=1,,', ''),
        ]
        for arg, word in cases:
            code, out, err = run('-M', 'none', '-display', 'none',
                                 '-incoming', arg)
            self.assertEqual(code, 1, arg)
            self.assertIn('-incoming ' + arg, err)
            self.assertIn(word, err, arg)

    def test_config_checked_against_compat_and_global(self):
        # Each value is fine alone; together with -global they are not.
        code, out, err = run('-M', 'none', '-display', 'none',
                             '-global', 'migration.cpu-throttle-initial=50',
                             '-incoming', 'config:max-cpu-throttle=30')
        self.assertEqual(code, 1)
        self.assertIn('max-cpu-throttle', err)

    def test_global_bad_value(self):
        code, out, err = run('-M', 'none', '-display', 'none',
                             '-global', 'migration.multifd-channels=many')
        self.assertEqual(code, 1)
        self.assertIn('multifd-channels', err)


if __name__ == '__main__':
    unittest.main()
