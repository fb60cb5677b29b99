#!/bin/sh
# Installs the Debian packages the build and the tests need, if missing.
set -e
pkgs="meson ninja-build pkg-config gcc python3 libglib2.0-dev
zlib1g-dev libzstd-dev libfdt-dev libcapstone-dev libslirp-dev libpixman-1-dev
gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf
opensbi u-boot-qemu device-tree-compiler
gcc-riscv64-linux-gnu libc6-dev-riscv64-cross linux-source-6.1
make bc bison flex cpio xz-utils"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "Installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
