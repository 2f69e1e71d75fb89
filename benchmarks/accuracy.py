#!/usr/bin/env python3
"""Score `apologia lint` against labeled letters and compare with the accuracy targets.

    python benchmarks/accuracy.py                       # ../shared/corpus/letters
    python benchmarks/accuracy.py tests/letters         # the project's own labeled letters

Labeled letters carry YAML front matter with a `labels` block (the corpus README's
format). The front matter is stripped before linting, so language detection is scored
too. Exit status 1 when a measure is below its target.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("value", "responsibility", "explanation", "fix", "regret")
FLAGS = {
    "blame_shift": "blame-shift",
    "regret_before_remedy": "regret-before-remedy",
    "non_apology": "non-apology",
}
TARGETS = {
    "blame-shift": 0.95,
    "regret-before-remedy": 0.95,
    "non-apology": 0.90,
    "steps": 0.90,
    "lang": 1.00,
}


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    import yaml

    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return yaml.safe_load(text[4:end]) or {}, text[end + 5 :]
    return {}, text


def f1(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def score(letters: Path, command: list[str]) -> tuple[dict[str, float], list[str]]:
    truth: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(letters.glob("*.md")):
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
            truth[path.name] = meta
            (Path(tmp) / path.name).write_text(body, encoding="utf-8")
        proc = subprocess.run(
            [*command, "lint", "--format", "json", tmp], capture_output=True, text=True
        )
        if proc.returncode not in (0, 1):
            raise SystemExit(f"lint exited {proc.returncode}: {proc.stderr.strip()[:500]}")
        report = json.loads(proc.stdout)
    found = {Path(f["path"]).name: f for f in report["files"]}
    counts = {rule: [0, 0, 0] for rule in FLAGS.values()}
    steps = {s: [0, 0, 0] for s in STEPS}
    lang_ok = 0
    misses: list[str] = []
    for name, meta in truth.items():
        got = found.get(name, {"problems": [], "steps": [], "lang": None})
        labels = meta.get("labels") or {}
        assert isinstance(labels, dict)
        rules = {p["rule"] for p in got["problems"]}
        for flag, rule in FLAGS.items():
            want, have = bool(labels.get(flag)), rule in rules
            c = counts[rule]
            c[0 if want and have else 1 if have else 2 if want else 0] += want or have
            if want != have:
                misses.append(f"{name}: {'false' if have else 'missed'} {rule}")
        want_steps = set(labels.get("steps_present") or [])
        have_steps = {s["step"] for s in got["steps"]}
        for s in STEPS:
            c = steps[s]
            if s in want_steps or s in have_steps:
                c[0 if s in want_steps and s in have_steps else 1 if s in have_steps else 2] += 1
            if (s in want_steps) != (s in have_steps):
                misses.append(f"{name}: step {s} {'extra' if s in have_steps else 'missed'}")
        if got.get("lang") == meta.get("lang"):
            lang_ok += 1
        else:
            misses.append(f"{name}: lang {got.get('lang')} != {meta.get('lang')}")
    scores = {rule: f1(*c) for rule, c in counts.items()}
    scores["steps"] = sum(f1(*c) for c in steps.values()) / len(steps)
    scores["lang"] = lang_ok / max(1, len(truth))
    return scores, misses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("letters", nargs="?", default=str(ROOT.parent / "shared/corpus/letters"))
    ap.add_argument("--apologia", default=f"{sys.executable} -m apologia")
    ap.add_argument("--verbose", action="store_true", help="list every miss")
    args = ap.parse_args()
    letters = Path(args.letters)
    if not letters.is_dir():
        print(f"no labeled letters at {letters}", file=sys.stderr)
        return 2
    scores, misses = score(letters, args.apologia.split())
    print(f"{'measure':<24}{'score':>7}{'target':>8}")
    failed = False
    for name, target in TARGETS.items():
        ok = scores[name] >= target
        failed |= not ok
        print(f"{name:<24}{scores[name]:>7.2f}{target:>8.2f}  {'ok' if ok else 'BELOW'}")
    if args.verbose:
        print(*("  " + m for m in misses), sep="\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
