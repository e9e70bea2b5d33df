#!/bin/sh
# The chapter 3 comparison in the README: network2.py (bench/reference/network2.py, numpy,
# float64) and `nabla train` on the same MNIST split, for each seed, one process at a time,
# then the table of best and final test and validation accuracies.
#
# Usage (from the repository's root, after npm ci; needs python3 with numpy):
#   sh bench/reference/chapter3.sh [OUTDIR] [SEEDS]   (NABLA_FLAGS, REFERENCE_FLAGS: extra flags)
#   sh bench/reference/chapter3.sh /tmp/ch3 "1 2 3"
#   NABLA_FLAGS="--weights normal" REFERENCE_FLAGS="--weights large" sh bench/reference/chapter3.sh /tmp/ch3-large "1 2 3"
# Each run takes about a minute on one core (the reference ~2 s an epoch, nabla under 1 s).
set -eu
out="${1:-/tmp/nabla-chapter3}"
seeds="${2:-1 2 3}"
mkdir -p "$out"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
for seed in $seeds; do
  # shellcheck disable=SC2086 # the flag lists are meant to split
  python3 bench/reference/network2.py --seed "$seed" ${REFERENCE_FLAGS:-} > "$out/reference-$seed.jsonl"
  # shellcheck disable=SC2086
  node bin/nabla.js train --sizes 784,100,10 --cost cross-entropy --l2 5.0 --eta 0.5 \
    --seed "$seed" --threads 1 --json ${NABLA_FLAGS:-} > "$out/nabla-$seed.jsonl"
done
echo "network2.py (reference):"
python3 bench/reference/summary.py "$out"/reference-*.jsonl
echo
echo "nabla train:"
python3 bench/reference/summary.py "$out"/nabla-*.jsonl
