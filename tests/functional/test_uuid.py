"""-uuid, query-uuid and "info uuid", and the validate-uuid migration
capability: the source sends its UUID in the configuration section and
the destination refuses a stream whose UUID is not its own."""

import os
import shutil
import subprocess
import tempfile
import unittest

from qemu_vm import VM, TestCase, run
from migration_vm import GuestVM, PATTERN_ELF, fast

UUID = '6ba7b810-9dad-11d1-80b4-00c04fd430c8'
OTHER = '12345678-9abc-def0-1234-56789abcdef0'
NIL = '00000000-0000-0000-0000-000000000000'


class UuidOption(TestCase):

    def test_query_uuid(self):
        with VM('-uuid', UUID) as vm:
            self.assertEqual(vm.cmd('query-uuid'), {'UUID': UUID})
            self.assertEqual(vm.hmp('info uuid').strip(), UUID)
        # upper case is accepted, shown in lower case
        with VM('-uuid', UUID.upper()) as vm:
            self.assertEqual(vm.cmd('query-uuid'), {'UUID': UUID})

    def test_no_uuid_is_nil(self):
        with VM() as vm:
            self.assertEqual(vm.cmd('query-uuid'), {'UUID': NIL})
            self.assertEqual(vm.hmp('info uuid').strip(), NIL)

    def test_preconfig(self):
        with VM('--preconfig', '-uuid', UUID) as vm:
            self.assertEqual(vm.cmd('query-uuid'), {'UUID': UUID})

    def test_bad_uuid(self):
        for bad in ('', 'nope', UUID[:-1], UUID + '0',
                    UUID.replace('-', '_'), 'g' + UUID[1:],
                    UUID.replace('-', '')):
            with self.subTest(bad=bad):
                code, _, err = run('-M', 'none', '-uuid', bad)
                self.assertEqual(code, 1)
                self.assertIn('Fail to parse UUID string. Wrong format',
                              err)
                self.assertIn("'%s'" % bad, err)


@unittest.skipUnless(os.path.exists(PATTERN_ELF),
                     'needs the riscv64-unknown-elf cross compiler')
class ValidateUuid(TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='uuid-test-')
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.state = os.path.join(self.tmp, 'vm.state')

    def vm(self, *args):
        vm = GuestVM(*args, mib=4)
        self.addCleanup(vm.__exit__)
        return vm.launch()

    def save(self, uuid, validate):
        src = self.vm('-uuid', uuid)
        fast(src)
        src.cmd('migrate-set-capabilities', capabilities=[
            {'capability': 'validate-uuid', 'state': validate}])
        src.wait_heartbeat()
        src.cmd('migrate', uri='file:' + self.state)
        self.assertEqual(src.wait_migration()['status'], 'completed')
        return src

    def load(self, *args, validate=True):
        dst = self.vm('-incoming', 'defer', *args)
        dst.cmd('migrate-set-capabilities', capabilities=[
            {'capability': 'validate-uuid', 'state': validate}])
        dst.cmd('migrate-incoming', uri='file:' + self.state,
                **{'exit-on-error': False})
        return dst, dst.wait_migration()

    def test_same_uuid_loads(self):
        src = self.save(UUID, True)
        dst, info = self.load('-uuid', UUID)
        self.assertEqual(info['status'], 'completed', info)
        dst.wait_status('running')
        dst.wait_heartbeat(above=src.heartbeats()[-1])

    def test_other_uuid_refused(self):
        self.save(UUID, True)
        dst, info = self.load('-uuid', OTHER)
        self.assertEqual(info['status'], 'failed')
        self.assertIn('UUID received is %s and local is %s' % (UUID, OTHER),
                      info['error-desc'])
        self.assertEqual(dst.status(), 'inmigrate')

    def test_refused_on_the_command_line(self):
        # -incoming on the command line: the process exits, saying why
        self.save(UUID, True)
        dst = GuestVM('-uuid', OTHER, '-incoming', 'file:' + self.state)
        self.addCleanup(shutil.rmtree, dst.tmpdir, True)
        proc = subprocess.run(dst.args, capture_output=True, timeout=30)
        self.assertEqual(proc.returncode, 1)
        self.assertIn('UUID received is %s and local is %s' % (UUID, OTHER),
                      proc.stderr.decode())

    def test_capability_off_ignores_uuid(self):
        src = self.save(UUID, False)
        dst, info = self.load('-uuid', OTHER, validate=False)
        self.assertEqual(info['status'], 'completed', info)
        dst.wait_status('running')
        dst.wait_heartbeat(above=src.heartbeats()[-1])

    def test_no_local_uuid_warns(self):
        # as in QEMU: nothing to compare with, a warning, and it loads
        self.save(UUID, True)
        dst, info = self.load()
        self.assertEqual(info['status'], 'completed', info)
        dst.wait_status('running')
        code, err = dst.shutdown()
        self.assertIn("UUID is received %s, but local uuid isn't set" %
                      UUID, err)


if __name__ == '__main__':
    unittest.main()
