#!/usr/bin/env python3
"""Migrate the same running guest with this emulator and with a reference
QEMU under the same parameters; print total time, downtime and throughput
side by side with their ratios.

The guest is tests/guest/mig-pattern.elf (built by `make`): it fills
--mib MiB of its RAM with a pattern, then either only reads it ("idle")
or keeps rewriting it at --rate MiB/s ("dirty").  Both VMs get -m
--mem.  Source and destination run on this machine and talk over a unix
socket, or, with --transport file, the source saves to a file that a
destination then loads: ours with the mapped-ram capability, the
reference with it too if it has it (QEMU 9.0 on), else as a plain
stream through exec:cat.  File mode adds the file's size, the disk
space it takes and the load time.

With --multifd-channels N both sides turn the multifd capability on and
send RAM over N channels, compressed with --multifd-compression.  To a
file, that needs mapped-ram (and no compression): the N multifd threads
of the source write the pages, those of the destination read them.

Ratios: for times, reference / ours (above 1: we are faster); for
throughput, ours / reference (above 1: we move more).  Without the
reference binary (Debian: qemu-system-misc) the script says so and exits
0.  A migration that has not converged after --timeout seconds counts as
"-".  It asserts nothing; docs/devel/benchmarks.rst records its numbers.
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
REF_DEFAULT = '/usr/bin/qemu-system-riscv64'
NOTED = set()                   # binaries already noted about


class QMP:
    def __init__(self, path, timeout=60):
        deadline = time.monotonic() + timeout
        self.sock = socket.socket(socket.AF_UNIX)
        while True:
            try:
                self.sock.connect(path)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.file = self.sock.makefile('rw')
        json.loads(self.file.readline())
        self.cmd('qmp_capabilities')

    def cmd(self, name, **args):
        self.file.write(json.dumps({'execute': name, 'arguments': args}) +
                        '\n')
        self.file.flush()
        while True:
            resp = json.loads(self.file.readline())
            if 'event' in resp:
                continue
            if 'error' in resp:
                raise RuntimeError('%s: %s' % (name, resp['error']['desc']))
            return resp['return']


class Guest:
    def __init__(self, binary, tmp, name, args, extra=()):
        self.console = os.path.join(tmp, name + '.log')
        qmp = os.path.join(tmp, name + '.qmp')
        self.proc = subprocess.Popen(
            [binary, '-M', 'virt', '-nodefaults', '-display', 'none',
             '-qmp', 'unix:%s,server=on,wait=off' % qmp,
             '-serial', 'file:' + self.console] + args + list(extra),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.qmp = QMP(qmp)

    def wait_console(self, text, timeout=300):
        deadline = time.monotonic() + timeout
        while True:
            with open(self.console, errors='replace') as f:
                out = f.read()
            if 'MISMATCH' in out:
                raise RuntimeError('guest memory check failed: ' + out)
            if text in out:
                return out
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError('no %r; console: %s; stderr: %s' % (
                    text, out[-500:], self.proc.stderr.read1().decode()
                    if self.proc.poll() is not None else ''))
            time.sleep(0.1)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def wait_migration(qmp, timeout=None):
    """The final query-migrate; None if @timeout seconds went by."""
    deadline = time.monotonic() + timeout if timeout else None
    while True:
        info = qmp.cmd('query-migrate')
        if info.get('status') in ('completed', 'failed', 'cancelled'):
            break
        if deadline and time.monotonic() > deadline:
            return None
        time.sleep(0.01)
    if info['status'] != 'completed':
        raise RuntimeError('migration %s: %s' % (
            info['status'], info.get('error-desc')))
    # QEMU's source says "completed" a moment before it sets the times
    deadline = time.monotonic() + 5
    while ('total-time' in info and not info['total-time'] and
           time.monotonic() < deadline):
        time.sleep(0.01)
        info = qmp.cmd('query-migrate')
    return info


def file_uris(qmp, path):
    """Source and destination URIs of a file, and the capabilities that
    go with them: mapped-ram where the binary has it."""
    caps = [c['capability'] for c in qmp.cmd('query-migrate-capabilities')]
    if 'mapped-ram' in caps:
        return ('file:' + path, 'file:' + path,
                [{'capability': 'mapped-ram', 'state': True}])
    return 'exec:cat > ' + path, 'exec:cat ' + path, []


def set_multifd(qmp, args):
    """Turn multifd on with the channels and compression asked for."""
    qmp.cmd('migrate-set-capabilities', capabilities=[
        {'capability': 'multifd', 'state': True}])
    qmp.cmd('migrate-set-parameters', **{
        'multifd-channels': args.multifd_channels,
        'multifd-compression': args.multifd_compression})


def file_settled(path):
    """The file's stat once it stopped growing (exec:cat may lag)."""
    last = None
    while True:
        st = os.stat(path)
        if last and st.st_size == last.st_size:
            return st
        last = st
        time.sleep(0.2)


def migrate_once(binary, elf, args):
    tmp = tempfile.mkdtemp(prefix='mig-bench-')
    guest = ['-m', args.mem, '-bios', 'none', '-kernel', elf,
             '-append', 'mib=%d mode=%s rate=%d' % (args.mib, args.mode,
                                                     args.rate)]
    sock = os.path.join(tmp, 'mig.sock')
    path = os.path.join(tmp, 'vm.state')
    src = dst = None
    extra = {}
    try:
        src = Guest(binary, tmp, 'src', guest)
        src.wait_console('heartbeat 1 ')
        if args.transport == 'file':
            out_uri, in_uri, caps = file_uris(src.qmp, path)
            src.qmp.cmd('migrate-set-capabilities', capabilities=caps)
            # multifd writes to a file only with mapped-ram
            multifd = bool(args.multifd_channels and caps)
            if args.multifd_channels and not caps and binary not in NOTED:
                NOTED.add(binary)
                print('note: %s: no mapped-ram, so no multifd to a file' %
                      binary)
            if multifd:
                set_multifd(src.qmp, args)
        else:
            dst = Guest(binary, tmp, 'dst', guest, ['-incoming', 'defer'])
            out_uri = 'unix:' + sock
            if args.multifd_channels:
                for g in (src, dst):
                    set_multifd(g.qmp, args)
            dst.qmp.cmd('migrate-incoming', uri=out_uri)
        src.qmp.cmd('migrate-set-parameters',
                    **{'max-bandwidth': args.bandwidth,
                       'downtime-limit': args.downtime_limit})
        src.qmp.cmd('migrate', uri=out_uri)
        info = wait_migration(src.qmp, args.timeout)
        if info is None:
            print('note: %s: no convergence within %d s' %
                  (binary, args.timeout))
            return None
        if args.transport == 'file':
            src.close()
            st = file_settled(path)
            extra = {'file MiB': st.st_size / 2**20,
                     'disk MiB': st.st_blocks * 512 / 2**20}
            dst = Guest(binary, tmp, 'dst', guest, ['-incoming', 'defer'])
            dst.qmp.cmd('migrate-set-capabilities', capabilities=caps)
            if multifd:
                set_multifd(dst.qmp, args)
            t0 = time.monotonic()
            dst.qmp.cmd('migrate-incoming', uri=in_uri)
            wait_migration(dst.qmp)
            extra['load'] = (time.monotonic() - t0) * 1000
        try:
            dst.wait_console('heartbeat', timeout=20)
        except RuntimeError:
            print('note: %s: the guest printed no heartbeat on the '
                  'destination within 20 s' % binary)
        total = info['total-time']
        return dict(extra, total=total, downtime=info['downtime'],
                    **{'MB/s': info['ram']['transferred'] / 1e6 /
                       (total / 1000.0)})
    finally:
        for g in (src, dst):
            if g:
                g.close()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build-dir', default=os.path.join(SRC, 'build'))
    ap.add_argument('--ref', default=REF_DEFAULT)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--mem', default='1G')
    ap.add_argument('--mib', type=int, default=960)
    ap.add_argument('--modes', default='idle,dirty')
    ap.add_argument('--rate', type=int, default=256,
                    help='dirty mode: MiB/s the guest rewrites')
    ap.add_argument('--bandwidth', type=int, default=100 << 30,
                    help='max-bandwidth for both, bytes/s')
    ap.add_argument('--downtime-limit', type=int, default=300)
    ap.add_argument('--transport', choices=('unix', 'file'), default='unix')
    ap.add_argument('--timeout', type=int, default=120,
                    help='give up on a migration after this many seconds')
    ap.add_argument('--multifd-channels', type=int, default=0,
                    help='multifd with this many channels (0: off)')
    ap.add_argument('--multifd-compression', default='none',
                    choices=('none', 'zlib', 'zstd'))
    args = ap.parse_args()
    if (args.transport == 'file' and args.multifd_channels and
            args.multifd_compression != 'none'):
        ap.error('--transport file with multifd needs mapped-ram, which '
                 'takes no --multifd-compression')

    ours = os.path.join(args.build_dir, 'qemu-system-riscv64')
    elf = os.path.join(args.build_dir, 'tests', 'guest', 'mig-pattern.elf')
    if not os.access(args.ref, os.X_OK):
        print('skipped: no reference binary %s (apt-get install '
              'qemu-system-misc)' % args.ref)
        return 0
    for path in (ours, elf):
        if not os.path.exists(path):
            print('missing %s: run make first' % path)
            return 1

    print('guest: %d MiB pattern in -m %s; max-bandwidth %d B/s, '
          'downtime-limit %d ms; %s; median of %d runs' %
          (args.mib, args.mem, args.bandwidth, args.downtime_limit,
           args.transport, args.runs))
    if args.multifd_channels:
        print('multifd: %d channels, compression %s' %
              (args.multifd_channels, args.multifd_compression))
    print('%-6s %-9s %12s %12s %10s' % ('mode', 'metric', 'ours', 'qemu',
                                         'ratio'))
    for mode in args.modes.split(','):
        args.mode = mode
        results = {'ours': [], 'qemu': []}
        for _ in range(args.runs):
            results['ours'].append(migrate_once(ours, elf, args))
            results['qemu'].append(migrate_once(args.ref, elf, args))
        metrics = ['total', 'downtime', 'MB/s']
        if args.transport == 'file':
            metrics += ['load', 'file MiB', 'disk MiB']
        for metric in metrics:
            done = {k: [r[metric] for r in v if r]
                    for k, v in results.items()}
            if not done['ours'] or not done['qemu']:
                print('%-6s %-9s %12s %12s %10s' % (mode, metric, *(
                    '%.0f' % statistics.median(done[k]) if done[k] else '-'
                    for k in ('ours', 'qemu')), '-'))
                continue
            o = statistics.median(done['ours'])
            q = statistics.median(done['qemu'])
            if metric == 'MB/s':
                ratio = o / q if q else float('inf')
            else:
                ratio = q / o if o else float('inf')
            unit = ' ms' if metric in ('total', 'downtime', 'load') else ''
            print('%-6s %-9s %12s %12s %9.2fx' % (
                mode, metric, '%.0f%s' % (o, unit), '%.0f%s' % (q, unit),
                ratio))
    return 0


if __name__ == '__main__':
    sys.exit(main())
