#!/usr/bin/env python3
"""Builds the labelled corpus splits from the hand-written sources. Bookkeeping only.

    python3 crates/redflag-text/corpus/build.py

Reads source/{en,vi,th}-{pos,neg}.txt (one message per line: `form|labels|text`, labels
comma-separated or `-`, `\\n` for a line break), checks them, gives every message a stable id
(`<lang>-<source>-<line>`), and splits once into train/dev/test (60/20/20) with a fixed seed,
stratified by language and first label. Re-running it reproduces the same files byte for byte.

Later additions live in source/{en,vi,th}-{pos2,neg2,...,pos6,neg6}.txt and go to **train only**: they never
enter the shuffle, so dev and test stay exactly the messages they were (test is frozen).
"""
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = 20250311
SIGNALS = [
    "abuse", "threat", "guarantee-demand", "unrealistic-expectation", "discount-request",
    "free-work-request", "barter-offer", "payment-stall", "advance-request",
    "availability-demand", "rush-demand", "scope-creep", "effort-minimizing", "third-party",
    "blame", "idea-extraction", "stalling", "rate-pushback",
]
FORMS = {"e": "email", "c": "chat", "n": "call-note", "f": "form"}
HERE = Path(__file__).resolve().parent


# Source parts: the original two, split 60/20/20, and the train-only additions.
PARTS = ("pos", "neg")
TRAIN_ONLY_PARTS = ("pos2", "neg2", "pos3", "neg3", "pos4", "neg4", "pos5", "neg5", "pos6", "neg6")


def load():
    items, seen = [], {}
    for lang in ("en", "vi", "th"):
        for part in PARTS + TRAIN_ONLY_PARTS:
            path = HERE / "source" / f"{lang}-{part}.txt"
            for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not raw.strip() or raw.startswith("#"):
                    continue
                try:
                    form, labels, text = raw.split("|", 2)
                except ValueError:
                    sys.exit(f"{path.name}:{n}: expected form|labels|text")
                labels = [] if labels == "-" else labels.split(",")
                for label in labels:
                    if label not in SIGNALS:
                        sys.exit(f"{path.name}:{n}: unknown signal {label!r}")
                if part.startswith("neg") != (not labels):
                    sys.exit(f"{path.name}:{n}: labels do not fit a {part} file")
                text = text.strip().replace("\\n", "\n")
                key = " ".join(text.lower().split())
                if key in seen:
                    sys.exit(f"{path.name}:{n}: duplicate of {seen[key]}")
                seen[key] = f"{path.name}:{n}"
                items.append({
                    "id": f"{lang}-{part}-{n:04d}",
                    "lang": lang,
                    "text": text,
                    "labels": labels,
                    "form": FORMS[form],
                    "_part": part,
                })
    return items


def split(items):
    groups = defaultdict(list)
    out = {"train": [], "dev": [], "test": []}
    for item in items:
        if item["_part"] in TRAIN_ONLY_PARTS:
            out["train"].append(item)
            continue
        groups[(item["lang"], item["labels"][0] if item["labels"] else "-")].append(item)
    rng = random.Random(SEED)
    for key in sorted(groups):
        group = groups[key]
        rng.shuffle(group)
        n = len(group)
        n_dev, n_test = round(n * 0.2), round(n * 0.2)
        out["test"] += group[:n_test]
        out["dev"] += group[n_test:n_test + n_dev]
        out["train"] += group[n_test + n_dev:]
    for name in out:
        out[name].sort(key=lambda i: i["id"])
    return out


def main():
    items = load()
    for name, part in split(items).items():
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for item in part:
                item = {k: v for k, v in item.items() if k != "_part"}
                f.write(json.dumps(item, ensure_ascii=False) + "\n")
    stats = defaultdict(lambda: defaultdict(int))
    for item in items:
        s = stats[item["lang"]]
        s["messages"] += 1
        s["clean"] += not item["labels"]
        for label in item["labels"]:
            s[label] += 1
    for lang, s in stats.items():
        low = {k: v for k, v in s.items() if k in SIGNALS and v < 25}
        print(lang, s["messages"], "clean", s["clean"], f"{s['clean'] / s['messages']:.1%}", "low", low)
    print("total", len(items))


if __name__ == "__main__":
    main()
