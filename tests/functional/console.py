"""An emulator whose serial console is its stdio (-nographic): read as it
goes, typed into, and optionally driven over QMP.  The U-Boot and Linux
tests use it, also to migrate a firmware or kernel between two of them."""

import os
import select
import subprocess
import time

from qemu_vm import binary
from qemu.qmp import QMPClient


class Console:
    def __init__(self, args, qmp_path=None):
        if qmp_path:
            args = args + ['-qmp', 'unix:%s,server=on,wait=off' % qmp_path]
        self.proc = subprocess.Popen([binary()] + args,
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.qmp_path = qmp_path
        self.out = b''          # not consumed by wait_for yet
        self.log = b''          # everything read

    def read(self, timeout):
        """Read what comes within @timeout seconds; False at end of file."""
        fd = self.proc.stdout.fileno()
        if select.select([fd], [], [], timeout)[0]:
            data = os.read(fd, 65536)
            if not data:
                return False
            self.out += data
            self.log += data
        return True

    def wait_for(self, text, timeout=60):
        """Wait for @text; return what came before it, consuming both."""
        deadline = time.monotonic() + timeout
        while text.encode() not in self.out:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError('no %r on the console; got:\n%s' %
                                   (text, self.text()))
            if not self.read(remaining):
                raise EOFError('console closed; got:\n' + self.text())
        before, _, self.out = self.out.partition(text.encode())
        return before.decode(errors='replace')

    def drain(self):
        """Read what was written already (for a VM that stopped)."""
        while self.read(0.2) and select.select(
                [self.proc.stdout.fileno()], [], [], 0)[0]:
            pass

    def text(self):
        """Everything the console printed so far."""
        return self.log.decode(errors='replace')

    def type(self, line):
        self.proc.stdin.write(line.encode() + b'\n')
        self.proc.stdin.flush()

    def command(self, line, prompt='=> '):
        """Type @line; return its output, up to the next @prompt."""
        self.type(line)
        return self.wait_for(prompt)

    def qmp(self):
        client = QMPClient(self.qmp_path)
        client.negotiate()
        return client

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            f.close()


def migrate(test, src, dst, timeout=120):
    """Migrate @src to @dst (started with -incoming defer) over tcp on a
    port @dst picks; return the source's final query-migrate."""
    with dst.qmp() as dst_qmp, src.qmp() as src_qmp:
        dst_qmp.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
        port = dst_qmp.cmd('query-migrate')['socket-address'][0]['port']
        src_qmp.cmd('migrate', uri='tcp:127.0.0.1:%s' % port)
        deadline = time.monotonic() + timeout
        while True:
            test.assertIsNone(src.proc.poll(), 'the source exited')
            info = src_qmp.cmd('query-migrate')
            if info['status'] in ('completed', 'failed'):
                break
            test.assertLess(time.monotonic(), deadline, info)
            time.sleep(0.05)
        test.assertEqual(info['status'], 'completed', info)
        test.assertEqual(src_qmp.cmd('query-status')['status'],
                         'postmigrate')
        while dst_qmp.cmd('query-status')['status'] != 'running':
            test.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
    return info
