#!/bin/sh
# 'make run': start the emulator on the default machine and show QMP and
# HMP at work, including versioned defaults and -incoming config:.
set -e
build=${1:-build}
qemu="$build/qemu-system-riscv64"
python3 "$(dirname "$0")/demo.py" "$qemu"
