"""Start the emulator and talk QMP to it: the harness of the functional
tests (Python standard library only)."""

import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'python'))
from qemu.qmp import QMPClient, QMPError  # noqa: E402

BUILD_DIR = os.environ.get('QEMU_BUILD_DIR',
                           os.path.join(os.path.dirname(__file__), '..', '..',
                                        'build'))


def binary(target='riscv64'):
    return os.path.join(BUILD_DIR, 'qemu-system-' + target)


class VM:
    """One emulator process with a QMP monitor on a unix socket."""

    def __init__(self, *args, target='riscv64', qmp=True, machine='none'):
        self.tmpdir = tempfile.mkdtemp(prefix='qemu-test-')
        self.qmp_path = os.path.join(self.tmpdir, 'qmp.sock')
        self.args = [binary(target)]
        if machine:
            self.args += ['-machine', machine]
        self.args += ['-nodefaults', '-display', 'none']
        if qmp:
            self.args += ['-qmp', 'unix:%s,server=on,wait=off' % self.qmp_path]
        self.args += list(args)
        self.proc = None
        self.qmp = None

    def launch(self, negotiate=True):
        self.proc = subprocess.Popen(self.args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        if self.qmp_path in ' '.join(self.args):
            try:
                self.qmp = QMPClient(self.qmp_path)
            except Exception:
                out, err = self.proc.communicate(timeout=10)
                raise RuntimeError('VM did not start: %s' % err.decode())
            if negotiate:
                self.qmp.negotiate()
        return self

    def cmd(self, cmd, **args):
        return self.qmp.cmd(cmd, **args)

    def hmp(self, line):
        return self.qmp.cmd('human-monitor-command', **{'command-line': line})

    def qom_get(self, path, prop):
        return self.cmd('qom-get', path=path, property=prop)

    def shutdown(self, timeout=10):
        """Quit through QMP; return (exit status, stderr text)."""
        if self.qmp:
            try:
                self.qmp.execute('quit')
            except (EOFError, OSError):
                pass
            self.qmp.close()
            self.qmp = None
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        shutil.rmtree(self.tmpdir, ignore_errors=True)
        return self.proc.returncode, err.decode()

    def __enter__(self):
        return self.launch()

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.shutdown()
        shutil.rmtree(self.tmpdir, ignore_errors=True)


def run(*args, target='riscv64', timeout=20, input=None):
    """Run the binary to completion; return (status, stdout, stderr)."""
    proc = subprocess.run([binary(target)] + list(args), capture_output=True,
                          timeout=timeout, input=input)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


class HMPSession:
    """An HMP monitor on the process's stdio (-monitor stdio)."""

    PROMPT = b'(qemu) '

    def __init__(self, *args, target='riscv64'):
        self.proc = subprocess.Popen([binary(target)] + list(args),
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.banner = self.read_until_prompt()

    def read_until_prompt(self, timeout=10):
        out = b''
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while not out.endswith(self.PROMPT):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError('no HMP prompt, got %r' % out)
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                data = os.read(fd, 4096)
                if not data:
                    raise EOFError('HMP closed, got %r' % out)
                out += data
        return out[:-len(self.PROMPT)].decode()

    ANSI_ESCAPE = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')

    def command(self, line):
        """Run @line; return its output without readline's echo."""
        self.proc.stdin.write(line.encode() + b'\n')
        self.proc.stdin.flush()
        text = self.ANSI_ESCAPE.sub('', self.read_until_prompt())
        # The first line is the monitor's echo of what was typed.
        return text.split('\n', 1)[1] if '\n' in text else ''

    def close(self):
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            f.close()

    def quit(self, timeout=10):
        self.proc.stdin.write(b'quit\n')
        self.proc.stdin.flush()
        self.proc.wait(timeout=timeout)
        self.close()
        return self.proc.returncode


class TestCase(unittest.TestCase):
    maxDiff = None

    def assertExitsWith(self, status, message, *args, target='riscv64'):
        code, out, err = run(*args, target=target)
        self.assertEqual(code, status, 'stderr: %s' % err)
        self.assertIn(message, err)
        return err
