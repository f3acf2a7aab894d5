#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# ./hvkit's promises that need no emulator (meson suite 'cli'): `help`, a bare ./hvkit, `cases` and an unknown
# command (or demo mode) touch no package tool and build nothing; an unknown command says so and exits 2; `scenario check` on a
# built tree checks no package and answers with the tool's exit status.
# usage: test_hvkit_cli.sh SOURCE_ROOT BUILD_DIR
set -u
root=$1; build=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
# package and build tools that must not run: each records its call and fails
for t in apt-get apt-cache dpkg-query sudo meson; do
	printf '#!/bin/sh\necho "%s $*" >>"%s/called"\nexit 1\n' "$t" "$tmp" >"$tmp/bin/$t"
	chmod +x "$tmp/bin/$t"
done
export PATH="$tmp/bin:$PATH"
fails=0
check() {   # check NAME WANT_RC WANT_TEXT CMD...
	local name=$1 want=$2 text=$3; shift 3
	local out rc
	rm -f "$tmp/called"
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL $name: exit $rc, expected $want"; printf '%s\n' "$out" | head -5; fails=$((fails + 1)); return
	fi
	if [ -n "$text" ] && ! printf '%s\n' "$out" | grep -qF -- "$text"; then
		echo "FAIL $name: no line with: $text"; printf '%s\n' "$out" | head -5; fails=$((fails + 1)); return
	fi
	if [ -f "$tmp/called" ]; then
		echo "FAIL $name: ran $(head -1 "$tmp/called")"; fails=$((fails + 1)); return
	fi
	echo "ok   $name"
}
nobuild="$tmp/no-build"
HVKIT_BUILD=$nobuild check 'help' 0 'usage: ./hvkit COMMAND' "$root/hvkit" help
HVKIT_BUILD=$nobuild check 'bare ./hvkit' 0 'usage: ./hvkit COMMAND' "$root/hvkit"
HVKIT_BUILD=$nobuild check 'unknown command' 2 "unknown command 'bogus'" "$root/hvkit" bogus
HVKIT_BUILD=$nobuild check 'cases' 0 'partition-bios-2cpu' "$root/hvkit" cases
HVKIT_BUILD=$nobuild check 'unknown demo mode' 2 "unknown demo mode 'bogus'" "$root/hvkit" demo bogus
[ -e "$nobuild" ] && { echo "FAIL: $nobuild was created"; fails=$((fails + 1)); }
HVKIT_BUILD=$build check 'scenario check, valid' 0 'valid: 2 VMs' \
	"$root/hvkit" scenario check "$root/scenario/dts/partition.dts"
HVKIT_BUILD=$build check 'scenario check, invalid' 1 'CPU 0 is already given' \
	"$root/hvkit" scenario check "$root/scenario/tests/dts/cpu_in_two_vms.dts"
HVKIT_BUILD=$build check 'scenario check, missing file' 2 'No such file' \
	"$root/hvkit" scenario check "$tmp/none.dts"
[ "$fails" -eq 0 ]
