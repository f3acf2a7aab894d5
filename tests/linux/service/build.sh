#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/linux/service/build.sh BUILD: the share-mode Service VM's initramfs, BUILD/linux/service-initrd.cpio.gz:
# tests/linux/build.sh's busybox and hvexit, /init from this folder, /lib/hvkit.ko (built against the kernel the
# tests boot), /bin/hvkit-probe and /bin/hvkit-dm (static, from the meson build) and the test guests the Service
# VM starts (/guests/*.elf). Run after tests/linux/build.sh, the driver's build and the meson build.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 BUILD" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
out=$build/linux
say() { printf 'linux/service/build.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

if [ -x "$out/cache/busybox" ]; then busybox=$out/cache/busybox; else busybox=/bin/busybox; fi
ko=$out/hvkit.ko
probe=$out/hvkit-probe
dm=$build/device_model/hvkit-dm
guests="basic hello spin virtio_bad"
for f in "$busybox" "$out/hvexit" "$ko" "$probe" "$dm"; do
	[ -f "$f" ] || die "missing $f (build it first: tests/linux/build.sh, the driver, ninja)"
done
for g in $guests; do
	[ -f "$build/tests/guests/$g.elf" ] || die "missing test guest $build/tests/guests/$g.elf"
done

initrd=$out/service-initrd.cpio.gz
stale=0
[ -f "$initrd" ] || stale=1
for f in "$here/init" "$here/build.sh" "$busybox" "$out/hvexit" "$ko" "$probe" "$dm"; do
	[ "$stale" = 1 ] || [ ! "$f" -nt "$initrd" ] || stale=1
done
for g in $guests; do
	[ "$stale" = 1 ] || [ ! "$build/tests/guests/$g.elf" -nt "$initrd" ] || stale=1
done
if [ "$stale" = 0 ]; then
	say "up to date: $initrd"
	exit 0
fi
say "making $initrd: /init, busybox, hvexit, hvkit.ko, hvkit-probe, hvkit-dm, guests ($guests)"
root=$out/service-initramfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/lib" "$root/guests"
cp "$here/init" "$root/init" && chmod 755 "$root/init"
cp "$busybox" "$root/bin/busybox" && chmod 755 "$root/bin/busybox"
cp "$out/hvexit" "$probe" "$dm" "$root/bin/"
cp "$ko" "$root/lib/hvkit.ko"
for g in $guests; do cp "$build/tests/guests/$g.elf" "$root/guests/"; done
python3 "$here/../mkcpio.py" "$root" "$out/service-initrd.cpio"
gzip -9 -n -f "$out/service-initrd.cpio"
rm -rf "$root"
