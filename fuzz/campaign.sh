#!/bin/sh
# Runs the named targets one after another (default: all), each for SECONDS (default 300).
# Usage: fuzz/campaign.sh [SECONDS] [TARGET...]
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-300}
[ $# -gt 0 ] && shift
if [ $# -eq 0 ]; then
    set -- $(sed -n 's/^name = "\(.*\)"$/\1/p' "$here/Cargo.toml" | grep -v '^redflag-fuzz$')
fi
for t in "$@"; do
    echo "== $t $(date -u +%H:%M:%S)"
    "$here/run.sh" "$t" "$seconds" > /dev/null 2>&1
    grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|Test unit written|panicked" "$here/logs/$t.log" | head -5
done
