#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Make the KVM peer's initramfs: Debian's kernel (the Linux test guest's, tests/linux/build.sh) booted natively
# in Bochs runs KVM on itself and measures what hvkit's bench guests measure.
#
#   tests/kvm_peer/build.sh OUTDIR        (./hvkit bench calls it as: tests/kvm_peer/build.sh build/kvm_peer)
#
# OUTDIR gets
#   initrd.cpio.gz   cpio newc, gzip: /init (tests/kvm_peer/init), /bin/busybox and /bin/hvexit (the Linux test
#                    guest's), /bin/kvm_bench (tests/kvm_peer/kvm_bench.c, static), /lib/modules/{irqbypass,kvm,
#                    kvm-intel}.ko (from the same linux-image .deb as the kernel, unpacked with dpkg-deb, never
#                    installed; .ko.xz / .ko.zst are decompressed here since busybox insmod may not read them)
#   VERSION          which kernel the modules came from
# The kernel itself is LINUXDIR/bzImage. LINUXDIR (default: OUTDIR/../linux) is tests/linux/build.sh's OUTDIR; it is
# made first when its bzImage, hvexit or VERSION is missing. Idempotent: remade only when an input is newer.
# Environment: CC (default cc), LINUXDIR. Needs: dpkg-deb, tar, python3, gzip, a C compiler with static glibc.
set -eu

say() { printf 'kvm_peer/build.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
LINUXDIR=${LINUXDIR:-$out/../linux}
CC=${CC:-cc}

if [ ! -f "$LINUXDIR/bzImage" ] || [ ! -f "$LINUXDIR/hvexit" ] || [ ! -f "$LINUXDIR/VERSION" ]; then
	say "no Linux test guest in $LINUXDIR: tests/linux/build.sh $LINUXDIR"
	"$here/../linux/build.sh" "$LINUXDIR" || die "tests/linux/build.sh failed"
fi
linux=$(cd "$LINUXDIR" && pwd)

# ---- the kernel's .deb and busybox, as tests/linux/build.sh recorded them in VERSION ------------------------------
kpkg=$(sed -n 's/^kernel: \([^ ]*\) .*/\1/p' "$linux/VERSION")
kver=$(sed -n 's/^kernel: [^ ]* \(.*\)/\1/p' "$linux/VERSION")
[ -n "$kpkg" ] && [ -n "$kver" ] || die "cannot read the kernel package from $linux/VERSION"
kdeb=$(ls "$linux/cache/${kpkg}_$(echo "$kver" | sed 's/:/%3a/')_"*.deb 2>/dev/null | head -n 1 || true)
[ -n "$kdeb" ] || die "no ${kpkg}_${kver} .deb in $linux/cache"
if grep -q '^busybox: .*(installed on the host)' "$linux/VERSION"; then
	busybox=/bin/busybox
else
	busybox=$linux/cache/busybox
fi
[ -f "$busybox" ] || die "no busybox at $busybox"

# ---- modules ------------------------------------------------------------------------------------------------------
mods=$out/modules
if [ ! -f "$mods/kvm-intel.ko" ] || [ "$kdeb" -nt "$mods/kvm-intel.ko" ]; then
	say "unpacking irqbypass, kvm, kvm-intel from $(basename "$kdeb")"
	rm -rf "$mods" "$out/unpack" && mkdir -p "$mods" "$out/unpack"
	dpkg-deb --fsys-tarfile "$kdeb" | (cd "$out/unpack" && tar -x --wildcards \
		'./lib/modules/*/kernel/virt/lib/irqbypass.ko*' \
		'./lib/modules/*/kernel/arch/x86/kvm/kvm.ko*' \
		'./lib/modules/*/kernel/arch/x86/kvm/kvm-intel.ko*')
	for m in irqbypass kvm kvm-intel; do
		f=$(find "$out/unpack" -name "$m.ko*" | head -n 1)
		[ -n "$f" ] || die "no $m.ko in $kdeb"
		python3 - "$f" "$mods/$m.ko" <<'PY'
import lzma, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
if src.endswith('.xz'):
    with lzma.open(src) as i, open(dst, 'wb') as o:
        shutil.copyfileobj(i, o)
elif src.endswith('.zst'):
    sys.exit('%s: zstd-compressed modules are not handled' % src)
else:
    shutil.copyfile(src, dst)
PY
	done
	rm -rf "$out/unpack"
else
	say "up to date: $mods"
fi

# ---- kvm_bench ----------------------------------------------------------------------------------------------------
if [ ! -f "$out/kvm_bench" ] || [ "$here/kvm_bench.c" -nt "$out/kvm_bench" ]; then
	say "compiling kvm_bench ($CC, static)"
	$CC -std=gnu11 -O2 -static -Wall -Wextra -Werror -o "$out/kvm_bench" "$here/kvm_bench.c"
fi

# ---- initramfs ----------------------------------------------------------------------------------------------------
initrd=$out/initrd.cpio.gz
stale=0
[ -f "$initrd" ] || stale=1
for f in "$here/init" "$here/../linux/mkcpio.py" "$out/kvm_bench" "$mods/kvm-intel.ko" "$busybox" "$linux/hvexit"; do
	[ "$stale" = 1 ] || [ ! "$f" -nt "$initrd" ] || stale=1
done
if [ "$stale" = 1 ]; then
	say "making $initrd: /init, busybox, hvexit, kvm_bench, irqbypass.ko, kvm.ko, kvm-intel.ko"
	root=$out/initramfs
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/lib/modules"
	cp "$here/init" "$root/init" && chmod 755 "$root/init"
	cp "$busybox" "$root/bin/busybox" && chmod 755 "$root/bin/busybox"
	cp "$linux/hvexit" "$out/kvm_bench" "$root/bin/"
	cp "$mods"/*.ko "$root/lib/modules/"
	python3 "$here/../linux/mkcpio.py" "$root" "$out/initrd.cpio"
	gzip -9 -n -f "$out/initrd.cpio"
	rm -rf "$root"
else
	say "up to date: $initrd"
fi
printf 'modules: irqbypass kvm kvm-intel from %s %s\n' "$kpkg" "$kver" >"$out/VERSION"
say "done: $initrd ($(wc -c <"$initrd") bytes)"
