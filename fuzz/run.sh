#!/bin/sh
# Runs one fuzz target for a while, after seeding its corpus, and keeps a time-stamped log.
# Usage: fuzz/run.sh TARGET SECONDS [extra libFuzzer flags...]
# Needs cargo-fuzz. Stable Rust: no sanitizer (-s none) needs no nightly flag at all.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target=$1
seconds=$2
shift 2
case "$target" in
mbox | eml | maildir-message) dict=mail ;;
ics) dict=ics ;;
zalo | line | whatsapp) dict=chat ;;
interchange | interchange-reader | telegram | messenger) dict=json ;;
android-calls | android-sms | vn-einvoice | th-etax | einvoice-pdf) dict=xml ;;
toggl | clockify | harvest | xero | quickbooks | invoiceninja | invoiceninja-payments | calls-csv | csv) dict=csv ;;
*) dict= ;;
esac
"$here/seed.sh" "$target"
mkdir -p "$here/logs" "$here/artifacts/$target"
cd "$here"
# Release build; Cargo.toml turns on debug assertions and overflow checks, so integer overflow
# panics as it does in the test suite. No sanitizer: the project's own code forbids `unsafe`.
cargo fuzz build -O -s none "$target"
log="$here/logs/$target.log"
start=$(date +%s)
set +e
cargo fuzz run -O -s none "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    ${dict:+-dict=dict/$dict.dict} "$@" 2>&1 |
    while IFS= read -r line; do printf '%s %s\n' "$(($(date +%s) - start))" "$line"; done > "$log"
set -e
tail -n 12 "$log"
