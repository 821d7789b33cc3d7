#!/bin/sh
# Fills fuzz/corpus/<target>/ with seed inputs from the project's fixtures and, where present,
# the third-party fixtures in ../shared/fixtures (read in place at run time, never committed).
# Each seed is written twice: after a setup byte 0x00 (no --me, no parties, UTC) and 0x3f
# (--me, parties, known_only, --party, a time zone, a currency); see Setup in src/lib.rs.
# Usage: fuzz/seed.sh [TARGET...]   (all targets when none is named). Safe to run again.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
fx="$root/crates/redflag-import/fixtures"
shared="${REDFLAG_SHARED_FIXTURES:-$(dirname "$root")/shared/fixtures}"

# The seed files of a target, one path a line.
sources() {
    case "$1" in
    interchange | interchange-reader)
        find "$fx/csv" -name '*.jsonl'
        find "$root/tests/acceptance" -name '*.jsonl' ;;
    mbox)
        find "$fx/mail" -name '*.mboxrd'
        find "$shared/email/mimekit" -name '*.mbox' 2>/dev/null || true ;;
    eml | maildir-message)
        find "$fx/mail" -type f ! -name '*.md'
        find "$shared/email/mail-parser" -type f ! -name '*.json' ! -name 'COPYING*' \
            ! -name 'LICENSE*' ! -name '*.md' 2>/dev/null || true ;;
    zalo | line | whatsapp)
        find "$fx/chat" -name '*.txt'
        find "$shared/chat/chat-miner/whatsapp" -name '*.txt' 2>/dev/null || true ;;
    telegram | messenger)
        find "$fx/chat" -name '*.json'
        find "$shared/chat/chat-miner/telegram" -name '*.json' ! -name 'target*' 2>/dev/null || true ;;
    ics)
        find "$fx/calendar" -name '*.ics'
        find "$shared/calendar/icalendar" -name '*.ics' 2>/dev/null || true ;;
    android-calls | android-sms)
        find "$fx/calls" -name '*.xml' ;;
    toggl | clockify | harvest | xero | quickbooks | invoiceninja | invoiceninja-payments | calls-csv)
        find "$fx/csv" -name '*.csv' ;;
    csv)
        # Written below as mapping, NUL, CSV: the mappings' own files stand for the pairs.
        find "$fx/csv" -name '*.toml' ;;
    vn-einvoice | th-etax)
        find "$fx/einvoice" -name '*.xml' ;;
    einvoice-pdf)
        find "$fx/einvoice" -name '*.pdf' ;;
    detect)
        for t in interchange mbox eml zalo telegram ics android-calls toggl; do sources "$t"; done ;;
    classify)
        find "$fx/chat" -name '*.txt'
        find "$root/crates/redflag-text/src/lexicon" -type f ;;
    *)
        echo "seed.sh: no seeds for target $1" >&2
        return 1 ;;
    esac
}

if [ $# -eq 0 ]; then
    set -- $(sed -n 's/^name = "\(.*\)"$/\1/p' "$here/Cargo.toml" | grep -v '^redflag-fuzz$')
fi
for target in "$@"; do
    dir="$here/corpus/$target"
    mkdir -p "$dir"
    n=0
    # Maildir file names have spaces and commas: read whole lines.
    sources "$target" | sort > "$dir/.seeds"
    while IFS= read -r f; do
        [ -f "$f" ] || continue
        name=$(printf '%s' "$f" | cksum | cut -d' ' -f1)
        if [ "$target" = csv ]; then
            # A mapping and the CSV of the same name.
            data="${f%.toml}.csv"
            [ -f "$data" ] || continue
            { printf '\000'; cat "$f"; printf '\000'; cat "$data"; } > "$dir/seed-$name-00"
            { printf '\077'; cat "$f"; printf '\000'; cat "$data"; } > "$dir/seed-$name-3f"
            n=$((n + 2))
            continue
        fi
        printf '\000' | cat - "$f" > "$dir/seed-$name-00"
        printf '\077' | cat - "$f" > "$dir/seed-$name-3f"
        n=$((n + 2))
    done < "$dir/.seeds"
    rm "$dir/.seeds"
    echo "$target: $n seeds in corpus/$target"
done
