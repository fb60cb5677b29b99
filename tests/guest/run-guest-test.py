#!/usr/bin/env python3
"""Run bare-metal guest test ELFs on the virt board and check the result.

Each program prints "PASS <prog>/<test>" or "FAIL <prog>/<test>: ..." lines
and a final "DONE <prog>: N passed, M failed" line on the UART, then exits
through the sifive_test finisher: status 0 only if everything passed.

The emulator binary is --qemu PATH, else qemu-system-riscv{32,64} (picked
from the ELF class) in --qemu-dir DIR, else in $QEMU_BUILD_DIR, else on
$PATH.  Exit status: 0 all passed, 1 failure, 77 emulator not found.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

# Extra command-line arguments some programs need
EXTRA_ARGS = {
    'atomic': ['-smp', '2'],
    'mig-pattern': ['-append', 'mib=4 passes=2'],
}

# Checks that older QEMU releases fail; tolerated (XFAIL) when the emulator
# reports a version below the one given.
KNOWN_OLD_QEMU = {
    'csr/mstatus_mpp_warl': ((8, 1), 'mstatus.MPP=2 kept before QEMU 8.1'),
}

LINE_RE = re.compile(r'^(PASS|FAIL) (\S+?)(?::|$)')
DONE_RE = re.compile(r'^DONE (\S+): (\d+) passed, (\d+) failed')


def elf_target(path):
    with open(path, 'rb') as f:
        ident = f.read(20)
    if ident[:4] != b'\x7fELF':
        raise ValueError(f"{path}: not an ELF file")
    machine = int.from_bytes(ident[18:20], 'little')
    if machine != 243:
        raise ValueError(f"{path}: not a RISC-V ELF (e_machine {machine})")
    return {1: 'riscv32', 2: 'riscv64'}.get(ident[4])


def find_qemu(args, target):
    name = 'qemu-system-' + target
    if args.qemu:
        return args.qemu
    for d in (args.qemu_dir, os.environ.get('QEMU_BUILD_DIR')):
        if d:
            path = os.path.join(d, name)
            return path if os.access(path, os.X_OK) else None
    return shutil.which(name)


def qemu_version(qemu):
    try:
        out = subprocess.run([qemu, '-version'], capture_output=True,
                             text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version (\d+)\.(\d+)', out)
    return (int(m.group(1)), int(m.group(2))) if m else None


def run_one(args, elf):
    prog = os.path.basename(elf)
    if prog.endswith('.elf'):
        prog = prog[:-4]
    try:
        target = elf_target(elf)
    except (OSError, ValueError) as e:
        print(f"ERROR {e}")
        return 1
    qemu = find_qemu(args, target)
    if not qemu:
        print(f"SKIP {prog}: qemu-system-{target} not found")
        return 77
    version = qemu_version(qemu)
    cmd = [qemu, '-M', 'virt', '-bios', 'none', '-nographic',
           '-kernel', elf]
    cmd += EXTRA_ARGS.get(prog, [])
    cmd += args.extra
    if args.verbose:
        print('+ ' + ' '.join(cmd))
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT,
                              timeout=args.timeout)
        out = proc.stdout.decode('utf-8', 'replace')
        status = proc.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b'').decode('utf-8', 'replace')
        status = None

    passed, failed, xfailed = [], [], []
    done = None
    for line in out.splitlines():
        line = line.rstrip('\r')
        m = LINE_RE.match(line)
        if m:
            kind, name = m.groups()
            if kind == 'PASS':
                passed.append(name)
                continue
            known = KNOWN_OLD_QEMU.get(name)
            if known and version and version < known[0]:
                xfailed.append(f"{name} ({known[1]})")
            else:
                failed.append(line)
            continue
        m = DONE_RE.match(line)
        if m:
            done = (int(m.group(2)), int(m.group(3)))

    sys.stdout.write(out if out.endswith('\n') or not out else out + '\n')
    problems = []
    if status is None:
        problems.append(f"timed out after {args.timeout} s")
    elif status != 0 and not (xfailed and not failed and status == 1):
        problems.append(f"exit status {status}")
    if failed:
        problems.append(f"{len(failed)} failing check(s)")
    if done is None:
        problems.append("no DONE line")
    elif done[0] != len(passed):
        problems.append(f"DONE reports {done[0]} passed, saw {len(passed)}")
    if not passed:
        problems.append("no PASS line")
    for x in xfailed:
        print(f"XFAIL {x}")
    if problems:
        print(f"RESULT {prog}: FAILED: " + '; '.join(problems))
        return 1
    print(f"RESULT {prog}: ok, {len(passed)} passed" +
          (f", {len(xfailed)} known to fail on this QEMU" if xfailed else ''))
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('elf', nargs='+', help='guest test program(s)')
    p.add_argument('--qemu', help='emulator binary to use')
    p.add_argument('--qemu-dir', help='directory with qemu-system-riscv*')
    p.add_argument('--timeout', type=float, default=60,
                   help='seconds per program (default 60)')
    p.add_argument('--extra', action='append', default=[],
                   help='extra emulator argument (repeatable)')
    p.add_argument('-v', '--verbose', action='store_true')
    args = p.parse_args()

    results = [run_one(args, elf) for elf in args.elf]
    if any(r == 1 for r in results):
        return 1
    if all(r == 77 for r in results):
        return 77
    return 0


if __name__ == '__main__':
    sys.exit(main())
