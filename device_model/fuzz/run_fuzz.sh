#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Run the split-ring parser's fuzzer briefly: run_fuzz.sh FUZZER CORPUS_DIR SEED_DIR
# The corpus starts from the seeds (make_seeds.py: a valid direct chain, an indirect one, a loop); libFuzzer
# exits non-zero on any crash, sanitizer report or broken invariant (fuzz_virtq.c).
set -eu
fuzzer=$1; corpus=$2; seeds=$3
mkdir -p "$corpus"
cp "$seeds"/* "$corpus"/
# Crash artifacts go beside the corpus (in the build folder), never into the source tree.
exec "$fuzzer" -artifact_prefix="$corpus/../fuzz-virtq-" -error_exitcode=1 -timeout_exitcode=1 -runs=5000000 \
  -max_total_time=15 -max_len=4200 -seed=1 "$corpus"
