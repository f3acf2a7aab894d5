#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Run the hypercall decoder's fuzzer briefly: run_fuzz.sh FUZZER CORPUS_DIR SEED_DIR
# The corpus starts from the seeds (one valid call of each table entry and some refusals; the input
# layout is in fuzz_hypercall.c); libFuzzer exits non-zero on any crash or broken invariant.
set -eu
fuzzer=$1; corpus=$2; seeds=$3
mkdir -p "$corpus"
cp "$seeds"/* "$corpus"/
# Crash artifacts go beside the corpus (in the build folder), never into the source tree.
exec "$fuzzer" -artifact_prefix="$corpus/../fuzz-hypercall-" -error_exitcode=1 -timeout_exitcode=1 -runs=5000000 \
  -max_total_time=15 -max_len=600 -seed=1 "$corpus"
