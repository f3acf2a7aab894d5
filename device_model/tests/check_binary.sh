#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# hvkit-dm as the Service VM will run it: a static executable (no program interpreter, no dynamic section);
# --help; argument errors and a missing kernel or /dev/hvkit each end with one "hvkit-dm: " line and
# status 125.   usage: check_binary.sh BUILD/device_model/hvkit-dm
set -u
dm=$1
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # NAME CONDITION-RESULT DETAIL
	if [ "$2" = 0 ]; then echo "ok: $1"; else echo "FAIL: $1: $3"; fails=$((fails + 1)); fi
}

# run EXPECTED-STATUS ARGS...: stdout in $tmp/out, stderr in $tmp/err
run() {
	want=$1
	shift
	"$dm" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	[ "$got" = "$want" ]
	check "hvkit-dm $* exits $want" $? "exit status $got; stderr: $(cat "$tmp/err")"
}

readelf -lW "$dm" | grep -q 'INTERP'
[ $? != 0 ]; check "no program interpreter" $? "$(readelf -lW "$dm" | grep INTERP)"
readelf -dW "$dm" | grep -q 'NEEDED'
[ $? != 0 ]; check "no shared libraries" $? "$(readelf -dW "$dm" | grep NEEDED)"

run 0 --help
grep -q '^usage: hvkit-dm --name NAME --mem SIZE' "$tmp/out"; check "--help prints the usage" $? "$(head -2 "$tmp/out")"

one_line() { # PATTERN: stderr is exactly one line and matches
	[ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "$1" "$tmp/err"
	check "one line: $1" $? "$(cat "$tmp/err")"
}
run 125 --name vm --mem 3000 --kernel k
one_line "^hvkit-dm: --mem '3000': .*(hvkit-dm --help)$"
run 125 --name vm --mem 64M
one_line '^hvkit-dm: --kernel is required'
run 125 --name vm --mem 64M --kernel "$tmp/none.elf"
one_line "^hvkit-dm: vm: cannot read the kernel $tmp/none.elf: No such file or directory$"
if [ ! -e /dev/hvkit ]; then
	: >"$tmp/k.elf"
	run 125 --name vm --mem 64M --cpus 2 --kernel "$tmp/k.elf"
	one_line '^hvkit-dm: vm: cannot open /dev/hvkit: No such file or directory (is hvkit.ko loaded?)$'
fi
[ -s "$tmp/out" ]; [ $? != 0 ]; check "nothing on stdout but guest lines" $? "$(cat "$tmp/out")"

echo "$fails failed"
[ "$fails" = 0 ]
