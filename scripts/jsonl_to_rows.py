#!/usr/bin/env python3
"""Flattens an interchange file into CSV rows of redflag's parties and events tables, so that
sqlite3's own .import can load the same rows as a reference for the import benchmark.

It mirrors crates/redflag-store/src/row.rs for the kinds the demo generator writes; it is a
benchmark aid, not a second importer.

usage: jsonl_to_rows.py INPUT.jsonl PARTIES.csv EVENTS.csv
"""
import csv
import json
import sys
from datetime import datetime, timezone

EVENT_COLUMNS = ["kind", "id", "party", "at_utc", "at_offset", "tags", "state", "detail",
                 "quantity", "flag", "amount", "amount2", "currency", "date2", "ref_id", "label",
                 "subject", "body", "signals", "hits", "classifier", "digest"]
PARTY_COLUMNS = ["id", "name", "role", "lang", "timezone", "emails", "phones", "since", "tags",
                 "digest"]


def at_parts(at):
    if len(at) == 10:
        d = datetime.fromisoformat(at).replace(tzinfo=timezone.utc)
        return int(d.timestamp()), None
    d = datetime.fromisoformat(at.replace("Z", "+00:00"))
    return int(d.timestamp()), int(d.utcoffset().total_seconds())


def listj(v):
    return json.dumps(v, ensure_ascii=False) if v else None


def event_row(r):
    at_utc, off = at_parts(r["at"])
    row = dict(kind=r["kind"], id=r["id"], party=r["party"], at_utc=at_utc, at_offset=off,
               tags=listj(r.get("tags")), digest=0)
    k = r["kind"]
    if k == "message":
        row.update(state=r["direction"], detail=r["channel"], label=r.get("author"),
                   subject=r.get("subject"), ref_id=r.get("thread"), body=r.get("text"), signals=0)
    elif k == "call":
        row.update(state=r["direction"], quantity=r["duration_s"], label=r.get("author"))
    elif k == "meeting":
        row.update(state=r["status"], detail=r.get("by"), quantity=r["duration_min"])
    elif k == "deal":
        row.update(state=r["stage"], amount=r.get("value"), currency=r.get("currency"),
                   label=r.get("subject"))
    elif k == "invoice":
        row.update(state=r.get("status", "open"), date2=r["due"], amount=r["amount"],
                   currency=r["currency"])
    elif k == "payment":
        row.update(ref_id=r["invoice"], amount=r["amount"], currency=r["currency"])
    elif k == "time":
        row.update(state=r["activity"], quantity=r["minutes"], flag=int(r["billable"]),
                   label=r.get("author"))
    elif k == "expense":
        row.update(state=r["category"], detail=r["purpose"], amount=r["amount"],
                   currency=r["currency"])
    elif k == "rate":
        row.update(state=r["status"], amount=r["hourly"], currency=r["currency"])
    elif k == "order":
        row.update(amount=r["amount"], currency=r["currency"], amount2=r.get("discount"),
                   label=r.get("product"))
    elif k == "usage":
        row.update(label=r["product"], flag=int(r["active"]))
    elif k == "subscription":
        row.update(date2=r.get("end"), label=r["product"], amount=r["amount"],
                   currency=r["currency"], detail=r["period"])
    elif k == "incident":
        row.update(state=r["category"], label=r["reporter"], body=r.get("note"),
                   flag=int(r.get("warning_given", False)))
    elif k == "decision":
        row.update(state=r["decision"], body=r.get("note"), date2=r.get("next_review"))
    return [row.get(c) for c in EVENT_COLUMNS]


def main():
    src, parties_csv, events_csv = sys.argv[1:4]
    with open(src, encoding="utf-8") as f, \
            open(parties_csv, "w", newline="", encoding="utf-8") as pf, \
            open(events_csv, "w", newline="", encoding="utf-8") as ef:
        pw, ew = csv.writer(pf), csv.writer(ef)
        pw.writerow(PARTY_COLUMNS)
        ew.writerow(EVENT_COLUMNS)
        for line in f:
            r = json.loads(line)
            k = r["kind"]
            if k == "workspace":
                continue
            if k == "party":
                pw.writerow([r["id"], r["name"], r["role"], r.get("lang"), r.get("timezone"),
                             listj(r.get("emails")), listj(r.get("phones")), r.get("since"),
                             listj(r.get("tags")), 0])
            else:
                ew.writerow(event_row(r))


if __name__ == "__main__":
    main()
