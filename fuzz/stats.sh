#!/bin/sh
# One Markdown table row per target log in fuzz/logs: duration, executions, exec/s, final
# coverage and how much of it the last minute added, when coverage last grew and when the last
# new input was kept, crashes.
# Usage: fuzz/stats.sh [TARGET...]
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then set -- $(cd "$here/logs" && ls *.log | sed 's/\.log$//'); fi
echo "| target | run (s) | execs | exec/s | cov | cov+ in last 60 s | ft | corpus | last cov+ (s) | last NEW (s) | crash |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for t in "$@"; do
    awk -v t="$t" '
        /stat::number_of_executed_units/ { execs = $3 }
        /stat::average_exec_per_sec/ { eps = $3 }
        / cov: / {
            for (i = 1; i <= NF; i++) {
                if ($i == "cov:") c = $(i + 1)
                if ($i == "ft:") f = $(i + 1)
                if ($i == "corp:") corp = $(i + 1)
            }
            if (c + 0 > cov + 0) { cov = c; covat = $1 }
            covt[$1] = cov
            ft = f
            if ($0 ~ /INITED/) inited = $1
        }
        /NEW +cov:/ { newat = $1 }
        /Done [0-9]+ runs in/ { secs = $0; sub(/.* in /, "", secs); sub(/ second.*/, "", secs) }
        /Test unit written to/ { crash = $NF; sub(/.*\//, "", crash) }
        END {
            # Coverage gained in the last minute of the run.
            last = 0
            for (s in covt) if (s + 0 <= $1 - 60 && s + 0 >= last) { last = s + 0; before = covt[s] }
            printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", t, secs, execs, eps, cov, cov - before, ft, corp, covat, newat, (crash == "" ? "none" : crash)
        }' "$here/logs/$t.log"
done
