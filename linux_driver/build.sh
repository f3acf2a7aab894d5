#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build hvkit.ko against the exact Debian kernel that the Linux tests boot, without installing anything:
#
#   linux_driver/build.sh OUTDIR        (./hvkit test calls it as: linux_driver/build.sh build/linux)
#
# OUTDIR is tests/linux/build.sh's: its VERSION names the kernel package (linux-image-<abi>-amd64 at version V),
# its cache/ holds the downloads. This script adds, with `apt-get download` into that cache and `dpkg-deb -x`:
#   linux-headers-<abi>-amd64 V, linux-headers-<abi>-common V, linux-kbuild-<major.minor> V
# unpacked into OUTDIR/kheaders (the one absolute path Debian's headers use, the -amd64 Makefile's include of the
# -common Makefile, is pointed into the unpacked tree; scripts/ and tools/ are relative symlinks into the unpacked
# linux-kbuild), and writes
#   hvkit.ko             the driver: make -C kheaders/usr/src/linux-headers-<abi>-amd64 M=<copy> W=1 modules
#   hvkit_fake.ko        the same driver over linux_driver/tests/fake_hv.c (a pretend hypervisor), for the
#                        native test
#   hvkit-probe          linux_driver/tests/hvkit_probe.c, static
#   hvkit-native.cpio.gz the native test's initramfs: /init (linux_driver/tests/native_init), /bin/busybox and
#                        /bin/hvexit (tests/linux/build.sh's), /hvkit.ko, /hvkit_fake.ko, /hvkit-probe
#   hvkit-ko.log         the last module build's output
# A module build that prints any warning fails (the sources are also compiled with -Werror). Idempotent: an
# output is remade only when one of its inputs is newer, and removed first, so a failed build leaves no stale one.
#
# Environment: CC (for hvkit-probe; default cc). The module is compiled with the compiler the kernel was built
# with, as the headers' .kernelvariables name it (gcc-12 for Debian 12; package gcc-12).
# Needs: apt-get, dpkg-deb, make, gcc-12, binutils, libelf1 and libssl3 (the prebuilt kbuild tools), python3, gzip.
set -eu

say() { printf 'linux_driver/build.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
[ -d "$1" ] || die "no $1: run tests/linux/build.sh $1 first"
out=$(cd "$1" && pwd)
cache=$out/cache
CC=${CC:-cc}
[ -f "$out/VERSION" ] || die "no $out/VERSION: run tests/linux/build.sh $out first"

# ---- which packages: the ones that match the kernel tests/linux/build.sh fetched ---------------------------------
kpkg=$(sed -n 's/^kernel: \([^ ]*\) .*/\1/p' "$out/VERSION")
kver=$(sed -n 's/^kernel: [^ ]* \(.*\)/\1/p' "$out/VERSION")
release=${kpkg#linux-image-}          # 6.1.0-57-amd64 (the kernel release, uname -r)
flavour=${release##*-}                # amd64
abi=${release%-*}                     # 6.1.0-57
series=$(echo "$abi" | cut -d. -f1,2) # 6.1
case "$kpkg" in linux-image-[0-9]*-*) ;; *) die "cannot read the kernel package from $out/VERSION" ;; esac
[ -n "$kver" ] && [ "$flavour" != "$release" ] && [ -n "$series" ] || die "cannot parse $kpkg $kver"
pkgs="linux-headers-$release linux-headers-$abi-common linux-kbuild-$series"

# fetch PKG VERSION: the .deb in the cache, downloaded when missing. apt-get download as root runs its fetcher as
# user _apt, which must be able to write the folder it downloads into: a fresh folder under /tmp owned by _apt
# (else apt falls back to an unsandboxed download as root and warns about it).
fetch() {
	f=$(ls "$cache"/"$1"_"$(echo "$2" | sed 's/:/%3a/')"_*.deb 2>/dev/null | head -n 1 || true)
	if [ -z "$f" ]; then
		say "downloading $1=$2 into $cache (apt-get download; nothing is installed)"
		tmp=$(mktemp -d "${TMPDIR:-/tmp}/hvkit-apt.XXXXXX")
		if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
			chown _apt "$tmp"
		fi
		if ! (cd "$tmp" && apt-get download -q "$1=$2" >&2); then
			rm -rf "$tmp"
			die "apt-get download $1=$2 failed (run apt-get update?)"
		fi
		chown "$(id -u):$(id -g)" "$tmp"/*.deb
		mv "$tmp"/*.deb "$cache/"
		rm -rf "$tmp"
		f=$(ls "$cache"/"$1"_"$(echo "$2" | sed 's/:/%3a/')"_*.deb | head -n 1)
	fi
	echo "$f"
}

debs=
for p in $pkgs; do
	debs="$debs $(fetch "$p" "$kver")"
done

# ---- headers, unpacked --------------------------------------------------------------------------------------------
kh=$out/kheaders
hdr=$kh/usr/src/linux-headers-$release
stamp=$kh/.unpacked
stale=0
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pkgs $kver" ] || stale=1
for d in $debs; do
	[ "$stale" = 1 ] || [ ! "$d" -nt "$stamp" ] || stale=1
done
if [ "$stale" = 1 ]; then
	say "unpacking $pkgs ($kver) into $kh"
	rm -rf "${kh:?}" && mkdir -p "$kh"
	for d in $debs; do
		dpkg-deb -x "$d" "$kh"
	done
	# The -amd64 Makefile includes the -common one by its installed path; everything else is relative.
	sed -i "s|^include /usr/src/|include $kh/usr/src/|" "$hdr/Makefile"
	grep -q "^include $kh/usr/src/linux-headers-$abi-common/Makefile\$" "$hdr/Makefile" ||
		die "unexpected $hdr/Makefile: $(cat "$hdr/Makefile")"
	# lib/modules/<release>/{build,source} point at /usr/src on the host: unused here, and misleading.
	rm -rf "${kh:?}/lib"
	[ -x "$hdr/scripts/mod/modpost" ] && [ -x "$hdr/tools/objtool/objtool" ] ||
		die "$hdr: no scripts/mod/modpost or tools/objtool/objtool (linux-kbuild-$series not unpacked?)"
	echo "$pkgs $kver" >"$stamp"
else
	say "up to date: $hdr"
fi

# The compiler the kernel was built with (the headers name it; Debian skips kbuild's own comparison).
kcc=$(sed -n 's/^CC = .*\$(CROSS_COMPILE)\(gcc-[0-9]*\)$/\1/p' "$hdr/.kernelvariables")
[ -n "$kcc" ] || die "cannot tell the kernel's compiler from $hdr/.kernelvariables"
command -v "$kcc" >/dev/null || die "$kcc is missing (Debian package $kcc; tools/packages.txt lists it)"
want=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$hdr/.config")
have=$("$kcc" --version | head -n 1)
[ "$want" = "$have" ] || say "note: the kernel was built with '$want', this is '$have' (same major version)"

# ---- the modules --------------------------------------------------------------------------------------------------
# build NAME [MAKE VARIABLES]: copy the sources (Kbuild builds in the module's folder) and make OUTDIR/NAME.ko.
sources="$here/Kbuild $here/*.c $here/*.h $here/tests/fake_hv.c $root/include/hvkit/abi/*.h $here/build.sh $stamp"
build() {
	name=$1
	shift
	ko=$out/$name.ko
	stale=0
	[ -f "$ko" ] || stale=1
	for f in $sources; do
		[ "$stale" = 1 ] || [ ! "$f" -nt "$ko" ] || stale=1
	done
	if [ "$stale" = 0 ]; then
		say "up to date: $ko"
		return 0
	fi
	rm -f "$ko"
	src=$out/hvkit-ko/$name
	rm -rf "$src" && mkdir -p "$src/linux_driver/tests" "$src/include/hvkit/abi"
	cp "$here/Kbuild" "$here"/*.c "$here"/*.h "$src/linux_driver/"
	cp "$here/tests/fake_hv.c" "$src/linux_driver/tests/"
	cp "$root"/include/hvkit/abi/*.h "$src/include/hvkit/abi/"
	say "building $name.ko ($kcc, W=1, against $release)"
	log=$out/hvkit-ko.log
	if ! make -C "$hdr" M="$src/linux_driver" W=1 CONFIG_DEBUG_INFO_BTF_MODULES= "$@" modules >"$log" 2>&1; then
		cat "$log" >&2
		die "building $name.ko failed"
	fi
	if grep -i 'warning' "$log" >&2; then
		die "building $name.ko printed warnings (above; whole output in $log)"
	fi
	vermagic=$(tr '\0' '\n' <"$src/linux_driver/$name.ko" | sed -n 's/^vermagic=//p')
	case "$vermagic" in
	"$release "*) ;;
	*) die "$name.ko has vermagic '$vermagic', not $release" ;;
	esac
	# Without debug information, as Debian ships its modules (about 700 KB less in the initramfs).
	objcopy --strip-debug "$src/linux_driver/$name.ko" "$ko.tmp" && mv "$ko.tmp" "$ko"
	say "built $ko ($(wc -c <"$ko") bytes; vermagic $vermagic)"
}
build hvkit
build hvkit_fake HVKIT_FAKE_HV=y

# ---- hvkit-probe --------------------------------------------------------------------------------------------------
probe=$out/hvkit-probe
if [ ! -f "$probe" ] || [ "$here/tests/hvkit_probe.c" -nt "$probe" ] || [ "$root/include/hvkit/abi/hvkit_ioctl.h" -nt "$probe" ] ||
	[ "$root/include/hvkit/abi/hypercall.h" -nt "$probe" ]; then
	rm -f "$probe"
	say "compiling hvkit-probe ($CC, static)"
	$CC -std=gnu11 -O2 -static -Wall -Wextra -Werror -I"$root/include" -o "$probe.tmp" "$here/tests/hvkit_probe.c"
	mv "$probe.tmp" "$probe"
else
	say "up to date: $probe"
fi

# ---- the native test's initramfs -----------------------------------------------------------------------------------
if grep -q '^busybox: .*(installed on the host)' "$out/VERSION"; then
	busybox=/bin/busybox
else
	busybox=$cache/busybox
fi
[ -f "$busybox" ] || die "no busybox at $busybox (tests/linux/build.sh makes it)"
[ -f "$out/hvexit" ] || die "no $out/hvexit (tests/linux/build.sh makes it)"
initrd=$out/hvkit-native.cpio.gz
stale=0
[ -f "$initrd" ] || stale=1
for f in "$here/tests/native_init" "$root/tests/linux/mkcpio.py" "$out/hvkit.ko" "$out/hvkit_fake.ko" "$probe" \
	"$busybox" "$out/hvexit"; do
	[ "$stale" = 1 ] || [ ! "$f" -nt "$initrd" ] || stale=1
done
if [ "$stale" = 1 ]; then
	rm -f "$initrd"
	say "making $initrd: /init, busybox, hvexit, hvkit.ko, hvkit_fake.ko, hvkit-probe"
	r=$out/hvkit-native-root
	rm -rf "$r"
	mkdir -p "$r/bin" "$r/dev" "$r/proc" "$r/sys" "$r/tmp"
	cp "$here/tests/native_init" "$r/init" && chmod 755 "$r/init"
	cp "$busybox" "$r/bin/busybox" && chmod 755 "$r/bin/busybox"
	cp "$out/hvexit" "$r/bin/hvexit"
	cp "$out/hvkit.ko" "$out/hvkit_fake.ko" "$probe" "$r/"
	python3 "$root/tests/linux/mkcpio.py" "$r" "$out/hvkit-native.cpio"
	gzip -9 -n -f "$out/hvkit-native.cpio"
	rm -rf "$r"
else
	say "up to date: $initrd"
fi
say "done: $out/hvkit.ko, $out/hvkit_fake.ko, $probe, $initrd"
