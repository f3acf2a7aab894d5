#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Run the scenario fuzzer briefly: run_fuzz.sh FUZZER CORPUS_DIR SEED.dtb...
# The corpus starts from the default scenarios; libFuzzer exits non-zero on any crash.
set -eu
fuzzer=$1; corpus=$2; shift 2
mkdir -p "$corpus"
cp "$@" "$corpus"/
# Crash artifacts go beside the corpus (in the build folder), never into the source tree.
exec "$fuzzer" -error_exitcode=1 -timeout_exitcode=1 -artifact_prefix="$corpus/../fuzz-" -runs=500000 -max_total_time=20 -max_len=4096 -seed=1 "$corpus"
