#!/usr/bin/env python3
"""Compare this emulator with a reference QEMU on the same guest workloads.

Workloads (see docs/devel/benchmarks.rst):

  intmem      bare-metal integer/memory loop (bench/guest/intmem.c): wall
              time from process start to exit; both emulators must print
              the same checksum.
  uboot       OpenSBI + U-Boot: wall time from process start to the "=> "
              prompt (a key is sent at "Hit any key to stop autoboot"),
              then "poweroff".
  idle-wfi    bare-metal guest sleeping in WFI with a 100 Hz timer
              (bench/guest/idle.c): host CPU time used over a window.
  paused      VM started with -S and never resumed: host CPU time used
              over a window.

Each workload runs --runs times on each binary, alternating between them;
the table shows the median.
The ratio is reference time / our time, so above 1 means we are faster.

The reference is /usr/bin/qemu-system-riscv64 (Debian: qemu-system-misc)
unless --ref says otherwise; without it the script says so and exits 0
("skipped").  It is not part of "make check" and asserts nothing about
speed: it measures and prints.
"""

import argparse
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
GUEST_LIB = os.path.join(SRC, 'tests', 'guest', 'lib')
GUEST_SRC = os.path.join(HERE, 'guest')

REF_DEFAULT = '/usr/bin/qemu-system-riscv64'
UBOOT = '/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin'
CROSS_CC = 'riscv64-unknown-elf-gcc'

GUEST_CFLAGS = [
    '-mcmodel=medany', '-O2', '-g', '-Wall', '-Wextra', '-Werror',
    '-ffreestanding', '-fno-builtin', '-fno-strict-aliasing',
    '-nostdlib', '-nostartfiles', '-static',
    '-march=rv64imafd_zicsr_zifencei', '-mabi=lp64d',
]
GUEST_LIB_SRCS = ['start.S', 'runtime.c', 'trap.c']

BAREMETAL = ['-M', 'virt', '-bios', 'none', '-nographic']
UBOOT_ARGS = ['-M', 'virt', '-m', '256M', '-nographic', '-kernel', UBOOT]

ALL_WORKLOADS = ['intmem', 'uboot', 'idle-wfi', 'paused']
CLK_TCK = os.sysconf('SC_CLK_TCK')


class BenchError(Exception):
    pass


# ---------------------------------------------------------------- building

def build_guest(cc, outdir, name, defines=()):
    """Compile bench/guest/<name>.c with the guest runtime unless the ELF is
    newer than all its sources; returns the ELF path."""
    srcs = [os.path.join(GUEST_LIB, s) for s in GUEST_LIB_SRCS]
    srcs.append(os.path.join(GUEST_SRC, name + '.c'))
    deps = srcs + [os.path.join(GUEST_LIB, 'guest.h'),
                   os.path.join(GUEST_LIB, 'link.ld'), __file__]
    elf = os.path.join(outdir, name + '.elf')
    if os.path.exists(elf):
        mtime = os.path.getmtime(elf)
        if all(os.path.getmtime(d) <= mtime for d in deps):
            return elf
    os.makedirs(outdir, exist_ok=True)
    cmd = ([cc] + GUEST_CFLAGS + ['-I' + GUEST_LIB,
           '-T', os.path.join(GUEST_LIB, 'link.ld')] +
           ['-D' + d for d in defines] + ['-o', elf] + srcs)
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode:
        raise BenchError('building %s failed:\n%s' % (name, res.stderr))
    return elf


# ----------------------------------------------------------------- helpers

def version_of(binary):
    try:
        out = subprocess.run([binary, '-version'], capture_output=True,
                             text=True, timeout=30).stdout
    except OSError as e:
        return 'unknown (%s)' % e
    return out.splitlines()[0] if out else 'unknown'


def proc_cpu_seconds(pid):
    """User + system CPU time of a live process (all its threads)."""
    with open('/proc/%d/stat' % pid) as f:
        stat = f.read()
    # the command name may hold spaces: fields start after the last ')'
    fields = stat[stat.rindex(')') + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


class Vm:
    """An emulator process with its serial console on stdio."""

    def __init__(self, binary, args):
        self.start = time.monotonic()
        self.proc = subprocess.Popen([binary] + args,
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.out = b''

    def wait_for(self, text, timeout):
        """Read the console until text shows up; returns the time it did."""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        needle = text.encode()
        while needle not in self.out:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BenchError('no %r on the console after %ds; got:\n%s'
                                 % (text, timeout, self.tail()))
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                data = os.read(fd, 65536)
                if not data:
                    raise BenchError('console closed before %r; got:\n%s%s'
                                     % (text, self.tail(), self.stderr()))
                self.out += data
        seen = time.monotonic()
        _, _, self.out = self.out.partition(needle)
        return seen

    def type(self, line):
        self.proc.stdin.write(line.encode() + b'\n')
        self.proc.stdin.flush()

    def finish(self, timeout):
        """Wait for exit, reading the console; returns the exit time."""
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BenchError('still running after %ds; got:\n%s'
                                 % (timeout, self.tail()))
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                data = os.read(fd, 65536)
                if not data:
                    break
                self.out += data
        self.proc.wait(timeout=max(1, deadline - time.monotonic()))
        return time.monotonic()

    def tail(self):
        return self.out[-2000:].decode(errors='replace')

    def stderr(self):
        if self.proc.poll() is None:
            return ''
        err = self.proc.stderr.read().decode(errors='replace')
        return '\nstderr:\n' + err if err else ''

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            f.close()


# --------------------------------------------------------------- workloads

def run_intmem(binary, elf, timeout):
    """Returns (wall seconds, checksum line, guest-timed phases)."""
    vm = Vm(binary, BAREMETAL + ['-kernel', elf])
    try:
        end = vm.finish(timeout)
        out = vm.out.decode(errors='replace')
        if vm.proc.returncode != 0:
            raise BenchError('intmem exited with %d:\n%s%s'
                             % (vm.proc.returncode, out, vm.stderr()))
        sums = [l for l in out.splitlines() if l.startswith('CHECKSUM ')]
        if not sums:
            raise BenchError('intmem printed no checksum:\n' + out)
        phases = [l[5:].strip() for l in out.splitlines()
                  if l.startswith('time ')]
        return end - vm.start, sums[0].strip(), phases
    finally:
        vm.close()


def run_uboot(binary, timeout):
    """Returns wall seconds from process start to the U-Boot prompt."""
    vm = Vm(binary, UBOOT_ARGS)
    try:
        vm.wait_for('Hit any key to stop autoboot', timeout)
        vm.type('')
        prompt = vm.wait_for('=> ', timeout)
        vm.type('poweroff')
        vm.finish(30)
        return prompt - vm.start
    finally:
        vm.close()


def run_idle(binary, elf, window, timeout):
    """CPU seconds used over `window` seconds of a guest idling in WFI."""
    vm = Vm(binary, BAREMETAL + ['-kernel', elf])
    try:
        vm.wait_for('IDLE start', timeout)
        cpu0 = proc_cpu_seconds(vm.proc.pid)
        time.sleep(window)
        cpu1 = proc_cpu_seconds(vm.proc.pid)
        vm.finish(timeout + window)
        if 'IDLE done' not in vm.out.decode(errors='replace'):
            raise BenchError('idle guest did not finish:\n' + vm.tail())
        return cpu1 - cpu0
    finally:
        vm.close()


def run_paused(binary, elf, window, settle):
    """CPU seconds used over `window` seconds by a VM started with -S."""
    vm = Vm(binary, BAREMETAL + ['-S', '-kernel', elf])
    try:
        time.sleep(settle)          # let start-up finish
        if vm.proc.poll() is not None:
            raise BenchError('paused VM exited with %d%s'
                             % (vm.proc.returncode, vm.stderr()))
        cpu0 = proc_cpu_seconds(vm.proc.pid)
        time.sleep(window)
        cpu1 = proc_cpu_seconds(vm.proc.pid)
        if vm.out:
            raise BenchError('paused VM printed: ' + vm.tail())
        return cpu1 - cpu0
    finally:
        vm.close()


# -------------------------------------------------------------------- main

def parse_args():
    p = argparse.ArgumentParser(
        description='Time guest workloads on this emulator and on a '
                    'reference QEMU.')
    p.add_argument('--build-dir', default=os.path.join(SRC, 'build'),
                   help='build directory holding qemu-system-riscv64 '
                        '(default: %(default)s); the guest ELFs are built '
                        'into its bench/ subdirectory')
    p.add_argument('--qemu', help='our binary (default: '
                   'BUILD_DIR/qemu-system-riscv64)')
    p.add_argument('--ref', default=REF_DEFAULT,
                   help='reference QEMU (default: %(default)s)')
    p.add_argument('--runs', type=int, default=3,
                   help='runs per workload and binary (default: 3)')
    p.add_argument('--window', type=float, default=4.0,
                   help='seconds over which idle CPU time is measured '
                        '(default: 4)')
    p.add_argument('--only', action='append', choices=ALL_WORKLOADS,
                   help='run only this workload (repeatable)')
    p.add_argument('--timeout', type=int, default=300,
                   help='per-run timeout in seconds (default: 300)')
    args = p.parse_args()
    if args.runs < 1:
        p.error('--runs must be at least 1, got %d' % args.runs)
    if args.window <= 0:
        p.error('--window must be positive, got %g' % args.window)
    return args


def skipped(why):
    print('bench: skipped: ' + why)
    return 0


def main():
    args = parse_args()
    ours = args.qemu or os.path.join(args.build_dir, 'qemu-system-riscv64')
    if not os.access(ours, os.X_OK):
        print('bench: %s: no such executable; build first (make) or pass '
              '--qemu' % ours, file=sys.stderr)
        return 1
    if not os.access(args.ref, os.X_OK):
        return skipped('reference QEMU %s not found (Debian: apt-get '
                       'install qemu-system-misc, or pass --ref)' % args.ref)
    cc = shutil.which(CROSS_CC)
    if not cc:
        return skipped('%s not found (Debian: apt-get install '
                       'gcc-riscv64-unknown-elf)' % CROSS_CC)

    workloads = args.only or ALL_WORKLOADS
    if 'uboot' in workloads and not os.path.exists(UBOOT):
        print('bench: uboot: %s not found (Debian: u-boot-qemu), '
              'leaving it out' % UBOOT)
        workloads = [w for w in workloads if w != 'uboot']

    outdir = os.path.join(os.path.abspath(args.build_dir), 'bench')
    try:
        intmem_elf = build_guest(cc, outdir, 'intmem')
        # the guest sleeps a little longer than the measuring window
        idle_secs = int(args.window + 0.999) + 1
        idle_elf = build_guest(cc, os.path.join(outdir, 'idle-%ds'
                                                % idle_secs), 'idle',
                               ['IDLE_SECONDS=%d' % idle_secs])
    except BenchError as e:
        print('bench: ' + str(e), file=sys.stderr)
        return 1

    binaries = [('ours', ours), ('QEMU', args.ref)]
    print('ours: %s (%s)' % (ours, version_of(ours)))
    print('QEMU: %s (%s)' % (args.ref, version_of(args.ref)))
    print('host: %d CPUs; %d run(s) per workload, median shown'
          % (os.cpu_count(), args.runs))
    print()

    times = {}      # workload -> {label: [seconds]}
    cpu = {}        # workload -> {label: [cpu seconds]}
    try:
        for w in workloads:
            # alternate the binaries so that load drift hits both
            for i in range(args.runs):
                for label, binary in binaries:
                    if w == 'intmem':
                        t, csum, phases = run_intmem(binary, intmem_elf,
                                                     args.timeout)
                        sums = times.setdefault('_csum', {})
                        sums.setdefault(label, set()).add(csum)
                        times.setdefault(w, {}).setdefault(label, []).append(t)
                        val = '%.3f s  %s' % (t, csum)
                    elif w == 'uboot':
                        t = run_uboot(binary, args.timeout)
                        times.setdefault(w, {}).setdefault(label, []).append(t)
                        val = '%.3f s' % t
                    elif w == 'idle-wfi':
                        c = run_idle(binary, idle_elf, args.window,
                                     args.timeout)
                        cpu.setdefault(w, {}).setdefault(label, []).append(c)
                        val = '%.2f s CPU' % c
                    else:
                        c = run_paused(binary, intmem_elf, args.window, 1.0)
                        cpu.setdefault(w, {}).setdefault(label, []).append(c)
                        val = '%.2f s CPU' % c
                    print('  %-9s %-5s run %d: %s' % (w, label, i + 1, val))
                    if w == 'intmem' and i == 0:
                        print('%22s guest-timed: %s'
                              % ('', ', '.join(phases)))
                    sys.stdout.flush()
    except BenchError as e:
        print('bench: %s: %s' % (w, e), file=sys.stderr)
        return 1

    sums = times.pop('_csum', None)
    if sums:
        all_sums = sums.get('ours', set()) | sums.get('QEMU', set())
        if len(all_sums) != 1:
            print('bench: intmem checksums differ: ours %s, QEMU %s'
                  % (sorted(sums.get('ours', ())),
                     sorted(sums.get('QEMU', ()))), file=sys.stderr)
            return 1

    print()
    if times:
        print('%-10s %10s %10s %8s' % ('workload', 'ours (s)', 'QEMU (s)',
                                        'ratio'))
        for w, r in times.items():
            o = statistics.median(r['ours'])
            q = statistics.median(r['QEMU'])
            print('%-10s %10.3f %10.3f %8.2f' % (w, o, q, q / o))
        print('ratio = QEMU time / our time (above 1: we are faster)')
    if cpu:
        if times:
            print()
        print('%-10s %10s %10s' % ('idle', 'ours (s)', 'QEMU (s)'))
        for w, r in cpu.items():
            print('%-10s %10.2f %10.2f' % (w, statistics.median(r['ours']),
                                          statistics.median(r['QEMU'])))
        print('host CPU time (user + system, all threads) over %g s '
              'of wall time' % args.window)
    return 0


if __name__ == '__main__':
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(main())
