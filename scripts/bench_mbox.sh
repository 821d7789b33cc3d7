#!/usr/bin/env bash
# The mbox import benchmark of DESIGN.md: 1 GB of generated mail (scripts/gen_mbox.py,
# deterministic, written by the project) imported into a fresh SQLite store; wall time and
# peak memory from GNU time. Target: under 15 s and under 256 MB. Not part of the test suite.
#
#   scripts/bench_mbox.sh [SIZE_MB]     # default 1024
set -euo pipefail
cd "$(dirname "$0")/.."

size="${1:-1024}"
data=bench-data
mkdir -p "$data"
cargo build --release -p redflag --quiet
bin="${CARGO_TARGET_DIR:-target}/release/redflag"
if [ ! -x /usr/bin/time ]; then apt-get install -y -qq time >/dev/null; fi

f=$data/mail-${size}mb.mbox
[ -s "$f" ] || python3 scripts/gen_mbox.py "$f" "$size"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "mbox: $(du -m "$f" | cut -f1) MB, $(grep -c '^From ' "$f") messages"
for run in 1 2; do
  rm -f "$data/mbox.db" "$data/mbox.db-wal" "$data/mbox.db-shm"
  /usr/bin/time -f "%e %M" -o "$data/time.txt" \
    "$bin" --db "$data/mbox.db" --quiet import "$f" --me me@studio.example >/dev/null
  read -r secs kb < "$data/time.txt"
  printf 'redflag import of the mbox (run %d) %8.2f s  %6d MB peak\n' "$run" "$secs" "$((kb / 1024))"
done
