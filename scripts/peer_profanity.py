#!/usr/bin/env python3
"""Peer comparison: alt-profanity-check against redflag's `abuse` signal (issue 3, item 5).

Not part of the test suite. Installs `alt-profanity-check` from PyPI into a virtualenv under
bench-data/ (git-ignored) on first use, then re-runs itself inside it.

    python3 scripts/peer_profanity.py                      # English messages of the test split
    python3 scripts/peer_profanity.py FILE.jsonl [...]     # English messages of other labelled files
    REDFLAG_BIN=path python3 scripts/peer_profanity.py     # measure an existing redflag binary

Both classifiers see the same English messages (`"lang": "en"`); the `abuse` label is the positive
class, every other message a negative. alt-profanity-check: `predict()` (its default 0.5 threshold),
timed around the prediction only. redflag: the release `redflag classify` binary, lang left to its
own detection as in production; its time is the process's CPU time on an input of the same messages
repeated, minus that of an empty input (start-up and the automata build). Both single core
(BLAS/OpenMP threads pinned to 1; redflag classify is single-threaded).
"""

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "bench-data", "venv")
PYTHON = os.path.join(VENV, "bin", "python")
PACKAGE = "alt-profanity-check==1.9.1"
DEFAULT = [os.path.join(ROOT, "crates", "redflag-text", "corpus", "test.jsonl")]
REPEAT = 200  # copies of the messages for the speed runs


def ensure_venv():
    """Re-executes this script inside the benchmark virtualenv, creating it if needed."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(PYTHON):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", PACKAGE], check=True)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    os.execve(PYTHON, [PYTHON, os.path.abspath(__file__)] + sys.argv[1:], env)


def load(paths):
    items = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    item = json.loads(line)
                    if item["lang"] == "en":
                        items.append(item)
    return items


def prf(gold, pred):
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum((not g) and p for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return tp, fp, fn, precision, recall, f1


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_redflag(binary, texts):
    """Runs `redflag classify` on `texts`; returns (outputs, cpu seconds, wall seconds)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": str(i), "text": text}, ensure_ascii=False) + "\n")
        path = f.name
    try:
        cpu0, wall0 = children_cpu(), time.perf_counter()
        with open(path, "rb") as stdin:
            out = subprocess.run([binary, "classify"], stdin=stdin, capture_output=True, check=True)
        cpu, wall = children_cpu() - cpu0, time.perf_counter() - wall0
    finally:
        os.unlink(path)
    lines = [json.loads(l) for l in out.stdout.decode("utf-8").splitlines() if l.strip()]
    return lines, cpu, wall


def main():
    ensure_venv()
    from importlib.metadata import version

    import profanity_check

    paths = sys.argv[1:] or DEFAULT
    items = load(paths)
    texts = [i["text"] for i in items]
    gold = ["abuse" in i["labels"] for i in items]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)

    binary = os.environ.get("REDFLAG_BIN")
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "redflag"], cwd=ROOT, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        binary = os.path.join(target, "release", "redflag")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()

    print(f"files: {', '.join(os.path.relpath(p, ROOT) for p in paths)}")
    print(f"messages: {len(texts)} English, {sum(gold)} labelled abuse, {nbytes} bytes")
    print(
        f"versions: alt-profanity-check {version('alt-profanity-check')}, "
        f"scikit-learn {version('scikit-learn')}, joblib {version('joblib')}, "
        f"numpy {version('numpy')}, Python {platform.python_version()}; "
        f"redflag git {commit} ({binary})"
    )
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")

    # Quality: one pass each.
    peer = [bool(p) for p in profanity_check.predict(texts)]
    lines, _, _ = run_redflag(binary, texts)
    ours = [any(s["id"] == "abuse" for s in l["signals"]) for l in lines]
    assert len(ours) == len(texts)

    # Speed: the messages repeated; best of three.
    big = texts * REPEAT
    big_bytes = nbytes * REPEAT
    peer_times = []
    for _ in range(3):
        t0 = time.process_time()
        profanity_check.predict(big)
        peer_times.append(time.process_time() - t0)
    ours_times = []
    for _ in range(3):
        _, base_cpu, _ = run_redflag(binary, [])
        _, cpu, _ = run_redflag(binary, big)
        ours_times.append(max(cpu - base_cpu, 1e-9))

    print()
    print(f"{'classifier':<34} {'TP':>3} {'FP':>3} {'FN':>3} {'precision':>9} {'recall':>6} {'F1':>6} {'msg/s':>9} {'MB/s':>6}")
    for name, pred, secs in [
        ("alt-profanity-check predict()", peer, min(peer_times)),
        ("redflag classify (abuse)", ours, min(ours_times)),
    ]:
        tp, fp, fn, p, r, f1 = prf(gold, pred)
        print(
            f"{name:<34} {tp:>3} {fp:>3} {fn:>3} {p:>9.3f} {r:>6.3f} {f1:>6.3f} "
            f"{len(big) / secs:>9.0f} {big_bytes / secs / 1e6:>6.2f}"
        )
    print(f"\nspeed: {len(big)} messages ({big_bytes / 1e6:.2f} MB), CPU seconds, best of 3;"
          f" load average {os.getloadavg()[0]:.2f} at end")
    for name, pred in [("alt-profanity-check", peer), ("redflag", ours)]:
        wrong = [(i["id"], g) for i, g, p in zip(items, gold, pred) if g != p]
        if wrong:
            print(f"{name} errors: " + ", ".join(f"{'FN' if g else 'FP'} {i}" for i, g in wrong))


if __name__ == "__main__":
    main()
