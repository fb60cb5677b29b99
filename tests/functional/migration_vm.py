"""Two emulators and a guest between them: the harness of the migration
tests.  The guest is tests/guest/mig-pattern.elf: it keeps a pattern over
its RAM, checks it, and prints heartbeats on a serial console that is
written to a file here."""

import os
import re
import shutil
import tempfile
import time

from qemu_vm import BUILD_DIR, TestCase, VM

PATTERN_ELF = os.path.join(BUILD_DIR, 'tests', 'guest', 'mig-pattern.elf')
HEARTBEAT_RE = re.compile(r'heartbeat (\d+) pass \d+ ok')
FINAL_STATES = ('completed', 'failed', 'cancelled')


def userfaultfd_usable():
    """Whether this process may use userfaultfd (postcopy's destination):
    as root, or where unprivileged use is allowed."""
    try:
        with open('/proc/sys/vm/unprivileged_userfaultfd') as f:
            unprivileged = f.read().strip() == '1'
    except OSError:
        unprivileged = False
    return os.geteuid() == 0 or unprivileged or \
        os.access('/dev/userfaultfd', os.R_OK | os.W_OK)


class GuestVM(VM):
    """The virt board running the pattern guest, console in a file."""

    def __init__(self, *extra, mib=16, mode='dirty', machine='virt',
                 mem='128M', kernel=PATTERN_ELF, append=None):
        super().__init__(machine=machine)
        self.console_path = os.path.join(self.tmpdir, 'console.log')
        self.args += ['-m', mem, '-bios', 'none', '-kernel', kernel,
                      '-append', append or 'mib=%d mode=%s' % (mib, mode),
                      '-serial', 'file:' + self.console_path]
        self.args += list(extra)

    def console(self):
        try:
            with open(self.console_path, errors='replace') as f:
                return f.read()
        except FileNotFoundError:
            return ''

    def heartbeats(self):
        return [int(n) for n in HEARTBEAT_RE.findall(self.console())]

    def wait_heartbeat(self, above=0, timeout=60):
        """Wait for a heartbeat numbered above @above; return its number.
        A memory mismatch reported by the guest fails at once."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.console()
            if 'MISMATCH' in text:
                raise AssertionError('guest memory check failed:\n' + text)
            beats = self.heartbeats()
            if beats and beats[-1] > above:
                return beats[-1]
            if self.proc.poll() is not None:
                raise AssertionError('VM exited with %s; console:\n%s' %
                                     (self.proc.returncode, text))
            if time.monotonic() > deadline:
                raise TimeoutError('no heartbeat above %d; console:\n%s' %
                                   (above, text))
            time.sleep(0.05)

    def status(self):
        return self.cmd('query-status')['status']

    def migration(self):
        return self.cmd('query-migrate')

    def wait_migration(self, states=FINAL_STATES, timeout=120):
        """Poll query-migrate until its status is one of @states."""
        deadline = time.monotonic() + timeout
        while True:
            info = self.migration()
            if info.get('status') in states:
                return info
            if time.monotonic() > deadline:
                raise TimeoutError('migration stuck: %s' % info)
            time.sleep(0.02)

    def wait_status(self, status, timeout=30):
        deadline = time.monotonic() + timeout
        while self.status() != status:
            if time.monotonic() > deadline:
                raise TimeoutError('run state is %s, not %s' %
                                   (self.status(), status))
            time.sleep(0.02)


def fast(vm, **params):
    """No bandwidth limit worth the name: tests should not wait."""
    args = {'max-bandwidth': 8 << 30}
    args.update(params)
    vm.cmd('migrate-set-parameters', **args)


def incoming_tcp_port(dst):
    """The port a destination listening on tcp:...:0 got."""
    addrs = dst.migration()['socket-address']
    return int(addrs[0]['port'])


class MigrationTestCase(TestCase):
    """Pattern guests to migrate between, shut down after each test,
    and a scratch folder (self.tmp) removed with them."""

    TMP_DIR = None          # where self.tmp is made (None: the default)

    def setUp(self):
        self.vms = []
        self.tmp = tempfile.mkdtemp(prefix='mig-%s-' %
                                    type(self).__name__.lower(),
                                    dir=self.TMP_DIR)

    def tearDown(self):
        for vm in self.vms:
            if vm.proc:
                vm.shutdown()       # a killed one too: its pipes close
        shutil.rmtree(self.tmp, ignore_errors=True)

    def vm(self, *args, **kwargs):
        vm = GuestVM(*args, **kwargs)
        self.vms.append(vm)
        return vm.launch()

    def source(self, *args, **kwargs):
        """A running guest that printed a heartbeat, with no bandwidth
        limit worth the name."""
        src = self.vm(*args, **kwargs)
        fast(src)
        src.wait_heartbeat()
        return src

    def migrate(self, src, dst, uri=None, channels=None):
        """Migrate with @uri or @channels; the source's final
        query-migrate, which must say completed."""
        args = {'uri': uri} if uri else {'channels': channels}
        src.cmd('migrate', **args)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)
        dst.wait_migration()
        return info

    def check_resumed(self, src, dst):
        """The source stopped for good, the guest runs on dst, intact."""
        last = src.heartbeats()[-1] if src.heartbeats() else 0
        self.assertEqual(src.status(), 'postmigrate')
        dst.wait_status('running')
        beat = dst.wait_heartbeat(above=last)
        # two more heartbeats: the pattern check passed twice over
        dst.wait_heartbeat(above=beat + 1)
        self.assertNotIn('pattern:', dst.console(),
                         'the guest restarted instead of going on')

    def check_destination_killed(self, src, dst, uri):
        """Kill @dst in the middle of a slow migration to @uri: the
        source must report failed, with a reason, and go on running."""
        src.cmd('migrate-set-parameters', **{'max-bandwidth': 4 << 20})
        src.cmd('migrate', uri=uri)
        src.wait_migration(states=('active',))
        time.sleep(0.3)
        dst.proc.kill()
        dst.proc.wait()
        info = src.wait_migration()
        self.assertEqual(info['status'], 'failed')
        self.assertIn('error-desc', info)
        self.assertSourceRuns(src)

    def assertSourceRuns(self, src):
        """A failed or cancelled migration left the source guest running."""
        self.assertEqual(src.status(), 'running')
        src.wait_heartbeat(above=src.heartbeats()[-1])
