#!/usr/bin/env python3
"""Score `apologia lint` against labeled letters and compare with the accuracy targets.

    python benchmarks/accuracy.py                 # ../shared/corpus/letters and real
    python benchmarks/accuracy.py tests/letters   # the project's own labeled letters

Labeled letters carry YAML front matter with a `labels` block (the corpus README's
format). The front matter is stripped before linting, so language detection is scored
too. Each corpus is reported side by side, whole and per language, then both together
against the targets; then the ordinary e-mails of `tests/emails` (no apologies), where
every problem is a false alarm. Exit status 1 when a measure of both corpora together
is below its target or an e-mail raises an alarm.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("value", "responsibility", "explanation", "fix", "regret")
LANGS = ("en", "es", "ro")
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


def lint_corpus(
    letters: Path, command: list[str]
) -> tuple[dict[str, dict[str, object]], dict[str, dict[str, object]]]:
    """The labels of each letter, and what `lint` reports on it (front matter stripped)."""
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
    return truth, found


def score(letters: Path, command: list[str]) -> tuple[dict[str, float], list[str]]:
    return measure(*lint_corpus(letters, command))


def measure(
    truth: dict[str, dict[str, object]], found: dict[str, dict[str, object]]
) -> tuple[dict[str, float], list[str]]:
    """Scores of the letters in `truth` against lint's report, and the misses."""
    counts = {rule: [0, 0, 0] for rule in FLAGS.values()}
    steps = {s: [0, 0, 0] for s in STEPS}
    lang_ok = 0
    misses: list[str] = []
    for name, meta in truth.items():
        got: Any = found.get(name, {"problems": [], "steps": [], "lang": None})
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


def false_alarms(folder: Path, command: list[str]) -> tuple[int, int, int, int]:
    """(files, files with a problem, problems, exit code) of `lint` on ordinary e-mails,
    which are no apologies: every problem is a false alarm."""
    proc = subprocess.run(
        [*command, "lint", "--format", "json", str(folder)], capture_output=True, text=True
    )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"lint exited {proc.returncode}: {proc.stderr.strip()[:500]}")
    files = json.loads(proc.stdout)["files"]
    alarms = [f for f in files if f["problems"]]
    return len(files), len(alarms), sum(len(f["problems"]) for f in alarms), proc.returncode


def by_lang(
    truth: dict[str, dict[str, object]], found: dict[str, dict[str, object]]
) -> dict[str, dict[str, float]]:
    """Scores of the whole corpus ("all") and of each language apart."""
    out = {"all": measure(truth, found)[0]}
    for lang in LANGS:
        subset = {n: m for n, m in truth.items() if m.get("lang") == lang}
        if subset:
            out[lang] = measure(subset, found)[0]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "corpora",
        nargs="*",
        help="folders of labeled letters (default: ../shared/corpus/letters and real)",
    )
    ap.add_argument("--apologia", default=f"{sys.executable} -m apologia")
    ap.add_argument(
        "--emails",
        default=str(ROOT / "tests" / "emails"),
        help="ordinary e-mails (no apologies): every problem is a false alarm",
    )
    ap.add_argument("--verbose", action="store_true", help="list every miss")
    args = ap.parse_args()
    shared = ROOT.parent / "shared" / "corpus"
    corpora = [Path(c) for c in args.corpora] or [
        p for p in (shared / "letters", shared / "real") if p.is_dir()
    ]
    for folder in corpora:
        if not folder.is_dir():
            print(f"no labeled letters at {folder}", file=sys.stderr)
            return 2
    if not corpora:
        print(f"no labeled letters at {shared}", file=sys.stderr)
        return 2
    command = args.apologia.split()
    truth: dict[str, dict[str, object]] = {}
    found: dict[str, dict[str, object]] = {}
    columns: list[tuple[str, dict[str, dict[str, float]]]] = []
    misses: list[str] = []
    for folder in corpora:
        t, f = lint_corpus(folder, command)
        columns.append((folder.name, by_lang(t, f)))
        misses += [f"{folder.name}/{m}" for m in measure(t, f)[1]]
        truth.update({f"{folder.name}/{k}": v for k, v in t.items()})
        found.update({f"{folder.name}/{k}": v for k, v in f.items()})
    both = measure(truth, found)[0] if len(corpora) > 1 else columns[0][1]["all"]
    print(_table(columns, both))
    failed = any(both[name] < target for name, target in TARGETS.items())
    emails = Path(args.emails)
    if emails.is_dir():
        n, alarmed, problems, code = false_alarms(emails, command)
        print(
            f"\nordinary e-mails ({emails.name}): {n} files, {alarmed} false alarms "
            f"({problems} problems), lint exit {code}"
        )
        failed |= alarmed > 0
    if args.verbose:
        print(*("  " + m for m in misses), sep="\n")
    return 1 if failed else 0


def _table(columns: list[tuple[str, dict[str, dict[str, float]]]], both: dict[str, float]) -> str:
    """Each measure for each corpus (all, then per language), both corpora, the target."""
    head1 = f"{'':<22}"
    head2 = f"{'measure':<22}"
    for name, langs in columns:
        width = 6 * len(langs)
        head1 += f"{name:<{width}}"
        head2 += "".join(f"{lang:>6}" for lang in langs)
    head1 += f"{'both':>7}{'target':>8}"
    head2 += f"{'':>7}{'':>8}"
    rows = [head1.rstrip(), head2.rstrip()]
    for name, target in TARGETS.items():
        row = f"{name:<22}"
        for _, langs in columns:
            row += "".join(f"{scores[name]:>6.2f}" for scores in langs.values())
        mark = "ok" if both[name] >= target else "BELOW"
        row += f"{both[name]:>7.2f}{target:>8.2f}  {mark}"
        rows.append(row)
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
