#!/bin/bash
# Builds the small riscv64 Linux kernel used by tests/functional/test_linux.py
# from Debian's linux-source-6.1, with an initramfs holding our static init
# (tests/guest/linux/init.c) built in.
#
# Usage: scripts/build-linux.sh [OUTDIR]
#
# The result is cached outside the clone, in
#   ${XDG_CACHE_HOME:-$HOME/.cache}/qemu-riscv/linux-<key>/Image
# where <key> hashes the kernel source package version, the config fragment,
# the init source and this script; a second run only copies it.  OUTDIR, if
# given, receives a copy of Image.  The path of the cached Image is printed on
# stdout; progress goes to stderr.  Exit status 77 means a package is missing.
set -euo pipefail

say() { echo "build-linux: $*" >&2; }
die() { say "error: $*"; exit 1; }

srcroot=$(cd "$(dirname "$0")/.." && pwd)
guestdir=$srcroot/tests/guest/linux
fragment=$guestdir/kernel.config
init_src=$guestdir/init.c
tarball=/usr/src/linux-source-6.1.tar.xz
cross=riscv64-linux-gnu-
outdir=${1:-}

# Fail early, naming the Debian package that provides what is missing.
missing=""
need_cmd() {
    command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}
need_cmd ${cross}gcc gcc-riscv64-linux-gnu
need_cmd make make
need_cmd bc bc
need_cmd bison bison
need_cmd flex flex
need_cmd cpio cpio
need_cmd xz xz-utils
need_cmd sha256sum coreutils
need_cmd flock util-linux
[ -f "$tarball" ] || missing="$missing linux-source-6.1"
if ! echo 'int main(void){return 0;}' |
     ${cross}gcc -static -x c -o /dev/null - 2>/dev/null; then
    missing="$missing libc6-dev-riscv64-cross"
fi
if [ -n "$missing" ]; then
    say "error: missing packages:$missing (run scripts/install-deps.sh)"
    exit 77
fi

pkgver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null ||
         stat -c %s-%Y "$tarball")
key=$( { echo "$pkgver"; cat "$fragment" "$init_src" "$0"; } |
       sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/qemu-riscv
result=$cache/linux-$key
srcdir=$cache/linux-src-$pkgver
# One object directory per source version, shared by all keys, so a changed
# fragment or init rebuilds incrementally.
objdir=$cache/linux-obj-$pkgver

copy_out() {
    if [ -n "$outdir" ]; then
        mkdir -p "$outdir"
        cp -f "$result/Image" "$outdir/Image"
        say "copied Image to $outdir/Image"
    fi
    echo "$result/Image"
}

if [ -f "$result/Image" ]; then
    say "cached kernel $result/Image"
    copy_out
    exit 0
fi

mkdir -p "$cache"
# Serialise concurrent builds (parallel test runs, CI on the same machine).
exec 9>"$cache/linux.lock"
flock -n 9 || { say "waiting for $cache/linux.lock"; flock 9; }
if [ -f "$result/Image" ]; then
    say "cached kernel $result/Image (built by a concurrent run)"
    copy_out
    exit 0
fi

start=$(date +%s)
if [ ! -f "$srcdir/Makefile" ]; then
    # A new source package: the trees of older ones (1.5 GB each) go.
    for old in "$cache"/linux-src-* "$cache"/linux-obj-*; do
        case "$old" in
        "$srcdir"|"$objdir") ;;
        *) [ -e "$old" ] && say "removing $old" && rm -rf "$old" ;;
        esac
    done
    say "unpacking $tarball into $srcdir"
    rm -rf "$srcdir.tmp"
    mkdir -p "$srcdir.tmp"
    nice -n 19 tar -xJf "$tarball" -C "$srcdir.tmp" --strip-components=1
    mv "$srcdir.tmp" "$srcdir"
fi

guestobj=$objdir/guest
mkdir -p "$guestobj"
say "building init"
nice -n 19 ${cross}gcc -static -Os -Wall -Werror -o "$guestobj/init" \
    "$init_src"
${cross}strip "$guestobj/init"

cat > "$guestobj/initramfs.list" <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 1777 0 0
file /init $guestobj/init 0755 0 0
EOF

kmake() {
    nice -n 19 make -C "$srcdir" O="$objdir" ARCH=riscv \
        CROSS_COMPILE=$cross "$@"
}

say "configuring (tinyconfig + $fragment)"
{
    cat "$fragment"
    echo "CONFIG_INITRAMFS_SOURCE=\"$guestobj/initramfs.list\""
} > "$guestobj/fragment.config"
if ! { kmake tinyconfig &&
        (cd "$objdir" && "$srcdir/scripts/kconfig/merge_config.sh" -m \
            -O "$objdir" "$objdir/.config" "$guestobj/fragment.config") &&
        kmake olddefconfig; } > "$guestobj/config.log" 2>&1; then
    tail -n 20 "$guestobj/config.log" >&2
    die "configuration failed, full log in $guestobj/config.log"
fi

# Every symbol the fragment asks for must have survived olddefconfig.
bad=""
while IFS= read -r line; do
    case "$line" in
    CONFIG_*=*)
        grep -qxF "$line" "$objdir/.config" || bad="$bad ${line%%=*}"
        ;;
    "# CONFIG_"*" is not set")
        sym=${line#\# }
        sym=${sym%% *}
        grep -q "^$sym=" "$objdir/.config" && bad="$bad $sym(unset)"
        ;;
    esac
done < "$guestobj/fragment.config"
[ -z "$bad" ] || die "config symbols not applied (dependencies?):$bad"

say "compiling Image (nice -n 19 make -j2), this takes a while"
if ! kmake -j2 Image > "$objdir/build.log" 2>&1; then
    tail -n 40 "$objdir/build.log" >&2
    die "kernel build failed, full log in $objdir/build.log"
fi

mkdir -p "$result.tmp"
cp "$objdir/arch/riscv/boot/Image" "$objdir/.config" "$guestobj/init" \
    "$result.tmp/"
rm -rf "$result"
mv "$result.tmp" "$result"
say "built $result/Image in $(( $(date +%s) - start ))s"
copy_out
