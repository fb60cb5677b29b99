"""calc-dirty-rate / query-dirty-rate (and HMP calc_dirty_rate, info
dirty_rate) on the pattern guest: an idle guest measures near 0, one
that rewrites its memory at a known rate measures well above 0, in both
page-sampling and dirty-bitmap modes.  Bad arguments are refused with
QEMU's messages, the monitor answers while a measurement runs, and a
dirty-bitmap measurement during a migration leaves the migrated memory
intact."""

import os
import re
import shutil
import tempfile
import time
import unittest

from qemu_vm import TestCase
from qemu.qmp import QMPError
from migration_vm import GuestVM, PATTERN_ELF, fast

RANGE_ERROR = 'Calculation time is out of range [50ms, 60000ms].'


@unittest.skipUnless(os.path.exists(PATTERN_ELF),
                     'needs the riscv64-unknown-elf cross compiler')
class DirtyRate(TestCase):

    def vm(self, append, *args):
        vm = GuestVM(*args, append=append)
        self.addCleanup(vm.__exit__)
        vm.launch()
        vm.wait_heartbeat()
        return vm

    def measure(self, vm, **args):
        vm.cmd('calc-dirty-rate', **args)
        # the monitor is not blocked by the measurement
        self.assertEqual(vm.cmd('query-dirty-rate')['status'], 'measuring')
        self.assertEqual(vm.status(), 'running')
        deadline = time.monotonic() + 60
        while True:
            info = vm.cmd('query-dirty-rate')
            if info['status'] == 'measured':
                return info
            self.assertLess(time.monotonic(), deadline, info)
            time.sleep(0.05)

    @staticmethod
    def last_pass(vm):
        passes = re.findall(r'heartbeat \d+ pass (\d+) ok', vm.console())
        return int(passes[-1]) if passes else 0

    def test_idle_and_dirty(self):
        # 64 MiB rewritten at 32 MiB/s at most; idle writes it once
        idle = self.vm('mib=64 mode=idle')
        dirty = self.vm('mib=64 mode=dirty rate=32')
        for mode, extra in (('page-sampling', {'sample-pages': 4096}),
                            ('dirty-bitmap', {})):
            with self.subTest(mode=mode):
                info = self.measure(idle, **{'calc-time': 2, 'mode': mode},
                                    **extra)
                self.assertEqual(info['mode'], mode)
                self.assertEqual(info['calc-time'], 2)
                self.assertLessEqual(info['dirty-rate'], 1, info)
                # What the guest really rewrote in the period, from the
                # passes it reports: a slow build (sanitizers) rewrites
                # less than 32 MiB/s, and then must measure less.
                first = self.last_pass(dirty)
                info = self.measure(dirty, **{'calc-time': 2, 'mode': mode},
                                    **extra)
                done = self.last_pass(dirty) - first
                expected = 64 * min(max(done, 0.5), 2) / 2
                self.assertGreaterEqual(info['dirty-rate'], expected / 4,
                                        (info, done))
                self.assertLessEqual(info['dirty-rate'], 4 * expected + 4,
                                     (info, done))

    def test_query_fields(self):
        vm = self.vm('mib=4 mode=idle')
        info = vm.cmd('query-dirty-rate')
        self.assertEqual(info['status'], 'unstarted')
        self.assertNotIn('dirty-rate', info)
        info = self.measure(vm, **{'calc-time': 300,
                                   'calc-time-unit': 'millisecond'})
        self.assertEqual(info['sample-pages'], 512)
        self.assertEqual(info['mode'], 'page-sampling')
        self.assertGreater(info['start-time'], 1000000000)
        info = vm.cmd('query-dirty-rate', **{'calc-time-unit':
                                             'millisecond'})
        self.assertEqual(info['calc-time-unit'], 'millisecond')
        self.assertGreaterEqual(info['calc-time'], 300)
        self.assertEqual(vm.cmd('query-dirty-rate')['calc-time'],
                         info['calc-time'] // 1000)
        # dirty-bitmap reports no sample pages
        info = self.measure(vm, **{'calc-time': 100, 'calc-time-unit':
                                   'millisecond', 'mode': 'dirty-bitmap'})
        self.assertEqual(info['sample-pages'], 0)

    def test_bad_arguments(self):
        vm = self.vm('mib=4 mode=idle')
        cases = [
            ({'calc-time': 0}, RANGE_ERROR),
            ({'calc-time': -1}, RANGE_ERROR),
            ({'calc-time': 61}, RANGE_ERROR),
            ({'calc-time': 1 << 62}, RANGE_ERROR),
            ({'calc-time': 49, 'calc-time-unit': 'millisecond'},
             RANGE_ERROR),
            ({'calc-time': 1, 'sample-pages': 127},
             'sample-pages is out of range[128, 16384].'),
            ({'calc-time': 1, 'sample-pages': 16385},
             'sample-pages is out of range[128, 16384].'),
            ({'calc-time': 1, 'sample-pages': 512, 'mode': 'dirty-bitmap'},
             'sample-pages is used only in page-sampling mode'),
            ({'calc-time': 1, 'mode': 'dirty-ring'},
             'mode dirty-ring is not enabled, use other method instead.'),
            ({'calc-time': 1, 'mode': 'dirty-log'}, 'dirty-log'),
            ({'calc-time': 1, 'calc-time-unit': 'minute'}, 'minute'),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                with self.assertRaises(QMPError) as cm:
                    vm.cmd('calc-dirty-rate', **args)
                self.assertIn(message, cm.exception.desc)
        # nothing was started
        self.assertEqual(vm.cmd('query-dirty-rate')['status'], 'unstarted')

    def test_second_request_refused(self):
        vm = self.vm('mib=4 mode=idle')
        vm.cmd('calc-dirty-rate', **{'calc-time': 2})
        with self.assertRaises(QMPError) as cm:
            vm.cmd('calc-dirty-rate', **{'calc-time': 1,
                                         'mode': 'dirty-bitmap'})
        self.assertIn('the dirty rate is already being measured.',
                      cm.exception.desc)
        self.assertEqual(vm.cmd('query-dirty-rate')['mode'],
                         'page-sampling')

    def test_hmp(self):
        vm = self.vm('mib=4 mode=idle')
        self.assertIn('Incorrect period length specified!',
                      vm.hmp('calc_dirty_rate 0'))
        self.assertIn('Either dirty ring or dirty bitmap',
                      vm.hmp('calc_dirty_rate -r -b 1'))
        self.assertIn('mode dirty-ring is not enabled',
                      vm.hmp('calc_dirty_rate -r 1'))
        self.assertIn('Status: unstarted', vm.hmp('info dirty_rate'))
        out = vm.hmp('calc_dirty_rate -b 1')
        self.assertIn('Starting dirty rate measurement with period 1 '
                      'seconds', out)
        out = vm.hmp('info dirty_rate')
        self.assertIn('Status: measuring', out)
        self.assertIn('Dirty rate: (not ready)', out)
        while vm.cmd('query-dirty-rate')['status'] != 'measured':
            time.sleep(0.05)
        out = vm.hmp('info dirty_rate')
        self.assertIn('Status: measured', out)
        self.assertIn('Mode: dirty-bitmap', out)
        self.assertRegex(out, r'Dirty rate: \d+ \(MB/s\)')

    def test_dirty_bitmap_during_migration(self):
        # both use the migration dirty bits: the measurement must not
        # take pages from the migration (the guest checks its memory)
        tmp = tempfile.mkdtemp(prefix='dirty-rate-')
        self.addCleanup(shutil.rmtree, tmp, True)
        sock = os.path.join(tmp, 'mig.sock')
        src = self.vm('mib=16 mode=dirty rate=16')
        dst = GuestVM('-incoming', 'unix:' + sock,
                      append='mib=16 mode=dirty rate=16')
        self.addCleanup(dst.__exit__)
        dst.launch()
        src.cmd('migrate-set-parameters', **{'max-bandwidth': 4 << 20})
        src.cmd('migrate', uri='unix:' + sock)
        src.wait_migration(states=('active',))
        info = self.measure(src, **{'calc-time': 1, 'mode': 'dirty-bitmap'})
        self.assertGreaterEqual(info['dirty-rate'], 1, info)
        self.assertEqual(src.migration()['status'], 'active')
        fast(src)
        self.assertEqual(src.wait_migration()['status'], 'completed')
        last = src.heartbeats()[-1]
        dst.wait_status('running')
        beat = dst.wait_heartbeat(above=last)
        dst.wait_heartbeat(above=beat + 1)      # checked twice, intact


if __name__ == '__main__':
    unittest.main()
