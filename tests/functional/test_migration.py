"""Live migration of a running guest between two processes: every
channel, the commands and events around it, and the failures that must
leave the source running.  The guest checks its own memory and prints
heartbeats; after a migration the destination must go on where the
source stopped, with every word of the pattern intact."""

import os
import re
import socket
import subprocess
import time
import unittest

from migration_vm import (GuestVM, MigrationTestCase, PATTERN_ELF, fast,
                          incoming_tcp_port)
from qemu.qmp import QMPError


@unittest.skipUnless(os.path.exists(PATTERN_ELF),
                     'needs the riscv64-unknown-elf cross compiler')
class Migration(MigrationTestCase):
    # --- channels ---

    def test_tcp_port_0(self):
        src = self.source()
        dst = self.vm('-incoming', 'defer')
        self.assertEqual(dst.status(), 'inmigrate')
        dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
        port = incoming_tcp_port(dst)
        self.assertGreater(port, 0)
        info = self.migrate(src, dst, 'tcp:127.0.0.1:%d' % port)
        for key in ('total-time', 'downtime', 'setup-time'):
            self.assertIn(key, info)
        self.assertGreater(info['ram']['transferred'], 16 << 20)
        self.assertGreater(info['ram']['normal'], 4096)
        self.assertGreater(info['ram']['duplicate'], 0)   # zero pages
        self.check_resumed(src, dst)

    def test_unix(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source()
        dst = self.vm('-incoming', 'unix:' + path)
        self.migrate(src, dst, 'unix:' + path)
        self.check_resumed(src, dst)

    def test_exec(self):
        path = os.path.join(self.tmp, 'stream')
        src = self.source()
        self.migrate_via_file(src, 'exec:cat > ' + path)
        dst = self.vm('-incoming', 'exec:cat ' + path)
        dst.wait_migration()
        src_last = src.heartbeats()[-1]
        # the run state follows the status once the cleanup ran
        src.wait_status('postmigrate')
        dst.wait_status('running')
        dst.wait_heartbeat(above=src_last)

    def migrate_via_file(self, src, uri):
        src.cmd('migrate', uri=uri)
        info = src.wait_migration()
        self.assertEqual(info['status'], 'completed', info)

    def test_file_with_offset(self):
        path = os.path.join(self.tmp, 'vm.state')
        with open(path, 'wb') as f:
            f.write(b'H' * 4096)          # a header of the user's own
        src = self.source()
        self.migrate_via_file(src, 'file:%s,offset=4096' % path)
        with open(path, 'rb') as f:
            self.assertEqual(f.read(4096), b'H' * 4096)
            self.assertEqual(f.read(4), b'QEVM')
        dst = self.vm('-incoming', 'file:%s,offset=4096' % path)
        self.assertEqual(dst.wait_migration()['status'], 'completed')
        dst.wait_status('running')
        dst.wait_heartbeat(above=src.heartbeats()[-1])

    def test_fd(self):
        src = self.source()
        dst = self.vm('-incoming', 'defer')
        a, b = socket.socketpair()
        src.qmp.execute_with_fd('getfd', a.fileno(), {'fdname': 'mig'})
        dst.qmp.execute_with_fd('getfd', b.fileno(), {'fdname': 'mig'})
        a.close()
        b.close()
        dst.cmd('migrate-incoming', uri='fd:mig')
        self.migrate(src, dst, 'fd:mig')
        self.check_resumed(src, dst)

    def test_json_channels(self):
        src = self.source()
        dst = self.vm('-incoming', 'defer')
        dst.cmd('migrate-incoming', channels=[
            {'channel-type': 'main',
             'addr': {'transport': 'socket', 'type': 'inet',
                      'host': '127.0.0.1', 'port': '0'}}])
        port = incoming_tcp_port(dst)
        self.migrate(src, dst, channels=[
            {'channel-type': 'main',
             'addr': {'transport': 'socket', 'type': 'inet',
                      'host': '127.0.0.1', 'port': str(port)}}])
        self.check_resumed(src, dst)

    def test_incoming_config_and_hmp(self):
        """-incoming config: with a URI; HMP migrate and info migrate."""
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source()
        dst = self.vm('-incoming', 'unix:' + path,
                      '-incoming', 'config:downtime-limit=500')
        self.assertEqual(
            dst.cmd('query-migrate-parameters')['downtime-limit'], 500)
        src.hmp('migrate -d unix:' + path)
        src.wait_migration()
        text = src.hmp('info migrate')
        self.assertIn('Status: \t\tcompleted', text)
        self.assertIn('RAM info:', text)
        self.check_resumed(src, dst)

    # --- data path options ---

    def test_xbzrle(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source()
        dst = self.vm('-incoming', 'unix:' + path)
        src.cmd('migrate-set-capabilities', capabilities=[
            {'capability': 'xbzrle', 'state': True}])
        # slow enough for the pattern to be sent more than once
        src.cmd('migrate-set-parameters', **{
            'max-bandwidth': 256 << 20, 'xbzrle-cache-size': 32 << 20})
        info = self.migrate(src, dst, 'unix:' + path)
        cache = info['xbzrle-cache']
        self.assertEqual(cache['cache-size'], 32 << 20)
        self.assertGreater(info['ram']['dirty-sync-count'], 1)
        self.assertGreater(cache['pages'] + cache['overflow'] +
                           cache['cache-miss'], 0, cache)
        self.check_resumed(src, dst)

    @staticmethod
    def last_pass(vm):
        passes = re.findall(r'heartbeat \d+ pass (\d+) ok', vm.console())
        return int(passes[-1]) if passes else 0

    def test_auto_converge(self):
        """A guest dirtying faster than the link converges only once its
        vCPU is throttled; query-migrate shows the throttle."""
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source(mib=16)
        dst = self.vm('-incoming', 'unix:' + path)
        # The link gets a sixteenth of the guest's own rewrite speed,
        # which depends on the build (sanitizers are slow): the guest
        # dirties pages faster than they leave until its vCPU is
        # throttled.
        first, start = self.last_pass(src), time.monotonic()
        time.sleep(2)
        passes = self.last_pass(src) - first
        rewrite = 16 * max(passes, 1) / (time.monotonic() - start)
        src.cmd('migrate-set-capabilities', capabilities=[
            {'capability': 'auto-converge', 'state': True}])
        src.cmd('migrate-set-parameters', **{
            'max-bandwidth': max(int(rewrite / 16 * (1 << 20)), 1 << 20),
            'downtime-limit': 50,
            'cpu-throttle-initial': 40, 'cpu-throttle-increment': 20})
        src.cmd('migrate', uri='unix:' + path)
        throttle = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            info = src.migration()
            if 'cpu-throttle-percentage' in info:
                throttle.append(info['cpu-throttle-percentage'])
            if info['status'] in ('completed', 'failed', 'cancelled'):
                break
            time.sleep(0.02)
        self.assertEqual(info['status'], 'completed', info)
        self.assertTrue(throttle, 'the vCPU was never throttled')
        self.assertGreaterEqual(max(throttle), 40)
        self.assertNotIn('cpu-throttle-percentage', src.migration())
        dst.wait_migration()
        self.check_resumed(src, dst)

    # --- commands, states and events ---

    def test_events_and_runstates(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source()
        dst = self.vm('-incoming', 'defer')
        for vm in (src, dst):
            vm.cmd('migrate-set-capabilities', capabilities=[
                {'capability': 'events', 'state': True}])
        dst.cmd('migrate-incoming', uri='unix:' + path)
        self.assertEqual(dst.migration()['status'], 'setup')
        self.migrate(src, dst, 'unix:' + path)
        seen = [src.qmp.event_wait('MIGRATION')['data']['status']
                for _ in range(3)]
        self.assertEqual(seen, ['setup', 'active', 'completed'])
        src.qmp.event_wait('STOP')
        dst.qmp.event_wait('RESUME')
        self.assertEqual(dst.qmp.event_wait('MIGRATION')['data']['status'],
                         'setup')
        self.check_resumed(src, dst)

    def test_pause_before_switchover(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source()
        dst = self.vm('-incoming', 'unix:' + path)
        src.cmd('migrate-set-capabilities', capabilities=[
            {'capability': 'pause-before-switchover', 'state': True}])
        src.cmd('migrate', uri='unix:' + path)
        src.wait_migration(states=('pre-switchover',))
        self.assertEqual(src.status(), 'finish-migrate')
        with self.assertRaisesRegex(QMPError, 'not in expected state'):
            src.cmd('migrate-continue', state='active')
        src.cmd('migrate-continue', state='pre-switchover')
        self.assertEqual(src.wait_migration()['status'], 'completed')
        self.check_resumed(src, dst)

    def test_bad_commands(self):
        src = self.source()
        for args, msg in [
                ({}, "need either 'uri' or 'channels'"),
                ({'uri': 'tcp:127.0.0.1:1', 'channels': []},
                 "need either 'uri' or 'channels'"),
                ({'uri': 'bogus:x'}, 'unknown migration protocol: bogus:x'),
                ({'uri': 'exec:'}, 'exec: needs a command'),
                ({'uri': 'rdma:127.0.0.1:4444'}, 'rdma'),
                ({'uri': 'file:/tmp/x,offset=abc'}, 'offset'),
                ({'uri': 'fd:nosuchfd'}, 'nosuchfd')]:
            with self.assertRaisesRegex(QMPError, msg):
                src.cmd('migrate', **args)
        with self.assertRaisesRegex(QMPError, "'-incoming' was not specified"):
            src.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
        dst = self.vm('-incoming', 'defer')
        with self.assertRaisesRegex(QMPError, 'waiting for an incoming'):
            dst.cmd('migrate', uri='tcp:127.0.0.1:1')
        dst.cmd('cont')         # as QEMU: start once the load is done
        self.assertEqual(dst.status(), 'inmigrate')
        dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
        with self.assertRaisesRegex(QMPError, 'already been started'):
            dst.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
        # the source is untouched by all that
        src.wait_heartbeat(above=src.heartbeats()[-1])
        self.assertEqual(src.status(), 'running')

    # --- failures: the source keeps running ---

    def test_connection_refused(self):
        src = self.source()
        with socket.socket() as s:
            s.bind(('127.0.0.1', 0))
            port = s.getsockname()[1]
        try:
            src.cmd('migrate', uri='tcp:127.0.0.1:%d' % port)
            info = src.wait_migration()
            self.assertEqual(info['status'], 'failed')
            self.assertIn('error-desc', info)
        except QMPError as e:
            self.assertIn('127.0.0.1', str(e))
        self.assertSourceRuns(src)

    def test_destination_killed(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source(mib=64)
        dst = self.vm('-incoming', 'unix:' + path, mib=64)
        self.check_destination_killed(src, dst, 'unix:' + path)

    def test_cancel(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source()
        dst = self.vm('-incoming', 'unix:' + path)
        src.cmd('migrate-set-parameters', **{'max-bandwidth': 4 << 20})
        src.cmd('migrate', uri='unix:' + path)
        src.wait_migration(states=('active',))
        src.cmd('migrate_cancel')
        self.assertEqual(src.wait_migration()['status'], 'cancelled')
        self.assertSourceRuns(src)
        # the source can migrate again afterwards, to a new destination
        path2 = os.path.join(self.tmp, 'mig2.sock')
        dst2 = self.vm('-incoming', 'unix:' + path2)
        fast(src)
        self.migrate(src, dst2, 'unix:' + path2)
        self.check_resumed(src, dst2)
        del dst

    def test_cancel_with_stuck_peer(self):
        """A peer that stops reading blocks the sender; cancel still ends
        the migration at once.  For exec: the command's children go too
        ("sh -c" forks the sleep here, which holds the pipe)."""
        listener = socket.socket()
        listener.bind(('127.0.0.1', 0))
        listener.listen(1)          # never accepted, never read
        self.addCleanup(listener.close)
        src = self.source(mib=64)
        for uri in ('exec:sleep 60; true',
                    'tcp:127.0.0.1:%d' % listener.getsockname()[1]):
            with self.subTest(uri):
                src.cmd('migrate', uri=uri)
                src.wait_migration(states=('active',))
                time.sleep(0.5)     # the socket or pipe buffer is full
                self.assertEqual(src.migration()['status'], 'active')
                src.cmd('migrate_cancel')
                self.assertEqual(src.wait_migration(timeout=10)['status'],
                                 'cancelled')
                self.assertSourceRuns(src)

    def test_cancel_while_connecting(self):
        """A connect that does not complete (here a unix socket whose
        backlog is full) is abandoned by cancel; when it completes later
        it is dropped, and a new migration is not disturbed."""
        path = os.path.join(self.tmp, 'full.sock')
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(path)
        listener.listen(0)
        self.addCleanup(listener.close)
        fillers = []
        while True:
            filler = socket.socket(socket.AF_UNIX)
            filler.setblocking(False)
            self.addCleanup(filler.close)
            try:
                filler.connect(path)
            except BlockingIOError:
                break
            fillers.append(filler)
        src = self.source()
        src.cmd('migrate', uri='unix:' + path)
        time.sleep(0.5)
        self.assertEqual(src.migration()['status'], 'setup')
        src.cmd('migrate_cancel')
        self.assertEqual(src.wait_migration(timeout=10)['status'],
                         'cancelled')
        self.assertSourceRuns(src)
        # the abandoned attempt connects now, and is dropped
        conns = [listener.accept()[0] for _ in range(len(fillers) + 1)]
        for conn in conns:
            self.addCleanup(conn.close)
        path2 = os.path.join(self.tmp, 'mig.sock')
        dst = self.vm('-incoming', 'unix:' + path2)
        self.migrate(src, dst, 'unix:' + path2)
        self.check_resumed(src, dst)

    def test_cancel_in_pre_switchover(self):
        path = os.path.join(self.tmp, 'mig.sock')
        src = self.source()
        self.vm('-incoming', 'unix:' + path)
        src.cmd('migrate-set-capabilities', capabilities=[
            {'capability': 'pause-before-switchover', 'state': True}])
        src.cmd('migrate', uri='unix:' + path)
        src.wait_migration(states=('pre-switchover',))
        src.cmd('migrate_cancel')
        self.assertEqual(src.wait_migration()['status'], 'cancelled')
        self.assertSourceRuns(src)

    def test_corrupt_and_truncated_streams(self):
        path = os.path.join(self.tmp, 'vm.state')
        src = self.source()
        self.migrate_via_file(src, 'file:' + path)
        with open(path, 'rb') as f:
            good = f.read()
        cases = {
            'truncated': good[:len(good) // 2],
            'bad magic': b'XXXX' + good[4:],
            'garbage': good[:64] + bytes(range(256)) * 16,
        }
        for name, data in cases.items():
            with self.subTest(name):
                bad = os.path.join(self.tmp, 'bad.state')
                with open(bad, 'wb') as f:
                    f.write(data)
                dst = self.vm('-incoming', 'defer')
                dst.cmd('migrate-incoming', uri='file:' + bad,
                        **{'exit-on-error': False})
                info = dst.wait_migration()
                self.assertEqual(info['status'], 'failed', name)
                self.assertTrue(info.get('error-desc'), info)
                self.assertEqual(dst.status(), 'inmigrate')

    def test_empty_file_refused(self):
        bad = os.path.join(self.tmp, 'empty.state')
        open(bad, 'wb').close()
        dst = self.vm('-incoming', 'defer')
        with self.assertRaisesRegex(QMPError, 'no stream there'):
            dst.cmd('migrate-incoming', uri='file:' + bad)
        self.assertEqual(dst.status(), 'inmigrate')

    def test_incoming_failure_exits(self):
        """By default (exit-on-error) a failed load ends the process."""
        bad = os.path.join(self.tmp, 'bad.state')
        with open(bad, 'wb') as f:
            f.write(b'QEVM\0\0\0\x03garbage')
        proc = subprocess.run(
            GuestVM(machine='virt').args + ['-incoming', 'file:' + bad],
            capture_output=True, timeout=30)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(b'load of migration failed', proc.stderr)


if __name__ == '__main__':
    unittest.main()
