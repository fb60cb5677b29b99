"""The capabilities around postcopy and the return path:
switchover-ack (no switch-over before the destination agrees),
release-ram (the source gives back the RAM it sent in postcopy),
postcopy-blocktime (how long the destination's vCPUs waited for
pages); postcopy-preempt, which this build refuses."""

import os
import time
import unittest

from qemu_vm import VM, run
from qemu.qmp import QMPError
from migration_vm import MigrationTestCase, PATTERN_ELF, userfaultfd_usable
from test_migration_postcopy import FakeDestination, set_caps


@unittest.skipUnless(os.path.exists(PATTERN_ELF),
                     'needs the riscv64-unknown-elf cross compiler')
@unittest.skipUnless(userfaultfd_usable(),
                     'postcopy needs userfaultfd (root)')
class PostcopyExtras(MigrationTestCase):
    def wait_passes(self, src, passes):
        deadline = time.monotonic() + 60
        while src.migration()['ram']['dirty-sync-count'] < passes:
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)

    # --- switchover-ack ---

    def test_switchover_ack(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source(mode='idle')
        dst = self.vm('-incoming', 'defer')
        for vm in (src, dst):
            set_caps(vm, 'return-path', 'switchover-ack')
        dst.cmd('migrate-incoming', uri='unix:' + path)
        src.cmd('migrate', uri='unix:' + path)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        self.check_resumed(src, dst)

    def test_switchover_ack_destination_only(self):
        """A source without the capability takes the ack (as QEMU's
        does) and does not wait for it."""
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source(mode='idle')
        dst = self.vm('-incoming', 'defer')
        set_caps(src, 'return-path')
        set_caps(dst, 'return-path', 'switchover-ack')
        dst.cmd('migrate-incoming', uri='unix:' + path)
        src.cmd('migrate', uri='unix:' + path)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        self.check_resumed(src, dst)

    def test_switchover_ack_postcopy(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source(mib=64)
        dst = self.vm('-incoming', 'defer', mib=64)
        for vm in (src, dst):
            set_caps(vm, 'return-path', 'switchover-ack', 'postcopy-ram')
        dst.cmd('migrate-incoming', uri='unix:' + path)
        src.cmd('migrate-set-parameters',
                **{'max-postcopy-bandwidth': 64 << 20})
        src.cmd('migrate', uri='unix:' + path)
        src.cmd('migrate-start-postcopy')
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        self.check_resumed(src, dst)

    def test_switchover_ack_never_comes(self):
        """A destination that never acknowledges: the source has long
        sent everything, yet stays in active until cancelled, and its
        guest goes on."""
        path = os.path.join(self.tmp, 'fake.sock')
        src = self.source(mode='idle')
        set_caps(src, 'return-path', 'switchover-ack')
        fake = FakeDestination(path, b'')
        try:
            src.cmd('migrate', uri='unix:' + path)
            src.wait_migration(states=('active',))
            # passes over RAM with (nearly) nothing left to send
            self.wait_passes(src, 5)
            info = src.migration()
            self.assertEqual(info['status'], 'active', info)
            self.assertEqual(src.status(), 'running')
            src.cmd('migrate_cancel')
            info = src.wait_migration()
            self.assertEqual(info['status'], 'cancelled', info)
        finally:
            fake.close()
        self.assertEqual(src.status(), 'running')
        src.wait_heartbeat(above=src.heartbeats()[-1])

    # --- release-ram ---

    def vm_rss(self, vm):
        with open('/proc/%d/status' % vm.proc.pid) as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1]) << 10
        self.fail('no VmRSS in /proc/%d/status' % vm.proc.pid)

    def postcopy_rss(self, release):
        """Postcopy of a guest that wrote 96 MiB; the source's VmRSS
        once it completed."""
        path = os.path.join(self.tmp, 'mig%d.sock' % release)
        src = self.source(mib=96)
        dst = self.vm('-incoming', 'defer', mib=96)
        for vm in (src, dst):
            set_caps(vm, 'postcopy-ram')
        if release:
            set_caps(src, 'release-ram')
        dst.cmd('migrate-incoming', uri='unix:' + path)
        src.cmd('migrate-set-parameters',
                **{'max-bandwidth': 64 << 20,
                   'max-postcopy-bandwidth': 64 << 20})
        src.cmd('migrate', uri='unix:' + path)
        src.wait_migration(states=('active',))
        self.wait_passes(src, 2)
        src.cmd('migrate-start-postcopy')
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        self.check_resumed(src, dst)
        rss = self.vm_rss(src)
        src.shutdown()
        dst.shutdown()
        return rss

    def test_release_ram(self):
        guest = 96 << 20
        kept = self.postcopy_rss(False)
        self.assertGreater(kept, guest)
        released = self.postcopy_rss(True)
        self.assertLess(released, guest // 2,
                        'VmRSS %d with release-ram, %d without' %
                        (released, kept))

    # --- postcopy-blocktime ---

    def slow_postcopy(self, dst_caps):
        """A postcopy slow enough that the guest waits for pages on the
        destination; both sides' final query-migrate."""
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source(mib=64)
        dst = self.vm('-incoming', 'defer', mib=64)
        set_caps(src, 'postcopy-ram')
        set_caps(dst, 'postcopy-ram', *dst_caps)
        dst.cmd('migrate-incoming', uri='unix:' + path)
        src.cmd('migrate-set-parameters', **{
            'max-bandwidth': 32 << 20, 'max-postcopy-bandwidth': 16 << 20})
        src.cmd('migrate', uri='unix:' + path)
        src.wait_migration(states=('active',))
        self.wait_passes(src, 2)
        src.cmd('migrate-start-postcopy')
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        self.assertGreater(info['ram']['postcopy-requests'], 0, info)
        dinfo = dst.wait_migration()
        self.assertEqual(dinfo['status'], 'completed', dinfo)
        self.check_resumed(src, dst)
        return dst, dinfo

    def test_postcopy_blocktime(self):
        dst, info = self.slow_postcopy(['postcopy-blocktime'])
        self.assertGreater(info['postcopy-blocktime'], 0, info)
        # one vCPU: it waited whenever all did
        self.assertEqual(len(info['postcopy-vcpu-blocktime']), 1, info)
        self.assertGreaterEqual(info['postcopy-vcpu-blocktime'][0],
                                info['postcopy-blocktime'], info)
        text = dst.hmp('info migrate')
        self.assertIn('Postcopy Blocktime (ms):', text)
        self.assertIn('Postcopy vCPU Blocktime (ms):', text)

    def test_postcopy_without_blocktime(self):
        _, info = self.slow_postcopy([])
        self.assertNotIn('postcopy-blocktime', info)
        self.assertNotIn('postcopy-vcpu-blocktime', info)


class PostcopyPreempt(MigrationTestCase):
    """No channel of its own for urgent pages here: refused, named."""

    NOT_BUILT = "Capability 'postcopy-preempt' is not supported by this build"

    def test_refused(self):
        with VM('-M', 'none') as vm:
            set_caps(vm, 'postcopy-ram')
            with self.assertRaisesRegex(QMPError, self.NOT_BUILT):
                set_caps(vm, 'postcopy-preempt')
            self.assertIn(self.NOT_BUILT, vm.hmp(
                'migrate_set_capability postcopy-preempt on'))
            # QEMU's message first when postcopy-ram is missing
            set_caps(vm, 'postcopy-ram', state=False)
            with self.assertRaisesRegex(
                    QMPError, 'Postcopy preempt requires postcopy-ram'):
                set_caps(vm, 'postcopy-preempt')
            caps = {c['capability']: c['state']
                    for c in vm.cmd('query-migrate-capabilities')}
            self.assertFalse(caps['postcopy-preempt'])

    def test_refused_by_global(self):
        code, out, err = run('-M', 'none', '-display', 'none',
                             '-global', 'migration.x-postcopy-ram=on',
                             '-global', 'migration.x-postcopy-preempt=on')
        self.assertEqual(code, 1)
        self.assertIn(self.NOT_BUILT, err)


if __name__ == '__main__':
    unittest.main()
