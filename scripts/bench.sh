#!/usr/bin/env bash
# Benchmarks of the core path, against the targets in DESIGN.md. Not part of the test suite.
#
#   scripts/bench.sh import   # 1 million interchange events into SQLite, and sqlite3's own .import of the same rows
#   scripts/bench.sh review   # a full review of 10,000 parties with 10 million events
#   scripts/bench.sh          # both
#
# Needs: a release build (done here), GNU time (/usr/bin/time), python3, and the sqlite3 shell
# (installed with apt-get when missing). Data goes to bench-data/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-all}"
data=bench-data
mkdir -p "$data"
# REDFLAG_BIN=path skips the build (e.g. to measure a binary built earlier).
bin=${REDFLAG_BIN:-target/release/redflag}
[ -n "${REDFLAG_BIN:-}" ] || cargo build --release -p redflag --quiet
as_of=2025-06-30

if ! command -v sqlite3 >/dev/null; then apt-get install -y -qq sqlite3 >/dev/null; fi
if [ ! -x /usr/bin/time ]; then apt-get install -y -qq time >/dev/null; fi

measure() { # label, command...
  local label=$1 tf; shift
  tf=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$tf" "$@" >/dev/null
  read -r secs kb < "$tf"
  rm -f "$tf"
  printf '%-52s %8.2f s  %8.0f MB peak\n' "$label" "$secs" "$((kb / 1024))"
}

machine() {
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "redflag: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(rustc --version)"
}

bench_import() {
  local f=$data/import-1m.jsonl
  [ -s "$f" ] || $bin demo --quiet --seed 1 --parties 1000 --events-per-party 1000 --as-of $as_of --write "$f"
  local events; events=$(grep -vc '"kind":"\(party\|workspace\)"' "$f" || true)
  echo "import: $(wc -l < "$f") lines ($events events), $(du -m "$f" | cut -f1) MB"
  for run in 1 2 3; do
    rm -f "$data/import.db" "$data/import.db-wal" "$data/import.db-shm"
    measure "redflag import (run $run)" $bin --db "$data/import.db" --quiet import "$f"
  done
  # The reference: the same rows, already flattened to the events table's columns as CSV,
  # loaded by sqlite3's own .import into the same table with the same keys, in one transaction.
  python3 scripts/jsonl_to_rows.py "$f" "$data/import-1m.parties.csv" "$data/import-1m.events.csv"
  for run in 1 2 3; do
    rm -f "$data/ref.db"
    sqlite3 "$data/ref.db" < crates/redflag-store-sqlite/migrations/0001_initial.sql
    measure "sqlite3 .import of the same rows (run $run)" sqlite3 "$data/ref.db" \
      -cmd "PRAGMA journal_mode=WAL" -cmd "PRAGMA synchronous=NORMAL" -cmd "PRAGMA foreign_keys=ON" \
      -cmd "BEGIN" -cmd ".import --csv --skip 1 $data/import-1m.parties.csv parties" \
      -cmd ".import --csv --skip 1 $data/import-1m.events.csv events" "COMMIT"
  done
}

bench_review() {
  local f=$data/review-10m.jsonl db=$data/review-10m.db
  if [ ! -s "$db" ]; then
    [ -s "$f" ] || $bin demo --quiet --seed 2 --parties 10000 --events-per-party 1000 --as-of $as_of --write "$f"
    echo "review data: $(wc -l < "$f") lines, $(du -m "$f" | cut -f1) MB"
    measure "redflag import of 10M events" $bin --db "$db" --quiet import "$f"
  fi
  for run in 1 2 3; do
    measure "redflag review, 10k parties / 10M events (run $run)" $bin --db "$db" review --as-of $as_of --format json
  done
}

machine
case "$what" in
  import) bench_import ;;
  review) bench_review ;;
  all) bench_import; bench_review ;;
  *) echo "usage: $0 [import|review|all]" >&2; exit 2 ;;
esac
