"""How often the `names` flag fires on correct translations (false alarms) and how often it
catches a name planted wrong (catch rate), on labelled news sentences of our own.

    python benchmarks/names_check.py [--data benchmarks/data/names.tsv] [--json] [--show]
                                     [--split dev|test|holdout|fresh|final|all]

The data (`benchmarks/data/names.tsv`, its format at its top) holds Dutch news sentences
grouped in articles, a correct English translation of each and, in the column `names`,
the English with one name translated literally, swapped or dropped. Each sentence is
checked with its article's context (`quality.ArticleContext` of the article's Dutch), as a
run checks it. Figures per split (see the data's header): `dev` was tuned on from the
start; `test`, `holdout` and `fresh` were each written after the tuning so far and
measured once before any tuning on them (their first figures are in docs/quality.md); `final`
was written after all tuning and never tuned on.
Goals: false alarms <= 2 %, catch >= 90 %.

The same rows measure the summary bullets' `unsupported_name` (`quality.bullet_flags`):
each correct English sentence taken as a bullet against its article's English (false
alarms), and each planted copy that brings in a capitalised word the correct English
lacks (a swapped or literally translated name; a dropped one brings in nothing) as a
bullet (catch).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "benchmarks" / "data" / "names.tsv"
SPLITS = ("dev", "test", "holdout", "fresh", "final", "all")
FLAGS = ("names", "unsupported_name")
OPENING = {"He", "She", "It", "They", "The", "A", "An", "His", "Her", "Its", "Their"}


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of the labelled file as dicts by header name (comment lines skipped)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return [dict(row) for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def measure(rows: list[dict[str, str]]) -> dict[str, dict]:
    from translate.checks.names import missing_names
    from translate.checks.quality import ArticleContext

    articles: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        articles[row["article"]].append(row["nl"])
    contexts = {key: ArticleContext.of_texts(texts) for key, texts in articles.items()}
    from translate.checks.quality import bullet_flags

    english = {key: " ".join(r["en"] for r in rows if r["article"] == key) for key in articles}
    results: dict[str, dict] = {f"{flag}:{split}": {"correct": 0, "false_alarms": [],
                                                    "planted": 0, "missed": []}
                                for flag in FLAGS for split in SPLITS}
    for row in rows:
        context = contexts[row["article"]].names
        lost = missing_names(row["nl"], row["en"], context)
        altered = (row.get("names") or "").strip()
        caught = bool(missing_names(row["nl"], altered, context)) if altered else None
        bullet = "unsupported_name" in bullet_flags(row["en"], english[row["article"]])
        brings_in = altered and _capitalised(altered) - _capitalised(row["en"])
        for split in (row["split"], "all"):
            result = results[f"names:{split}"]
            result["correct"] += 1
            if lost:
                result["false_alarms"].append({"nl": row["nl"], "en": row["en"], "names": lost})
            if altered:
                result["planted"] += 1
                if not caught:
                    result["missed"].append({"nl": row["nl"], "altered": altered})
            result = results[f"unsupported_name:{split}"]
            result["correct"] += 1
            if bullet:
                result["false_alarms"].append({"nl": row["nl"], "en": row["en"], "names": []})
            if brings_in:
                result["planted"] += 1
                if "unsupported_name" not in bullet_flags(altered, english[row["article"]]):
                    result["missed"].append({"nl": row["nl"], "altered": altered})
    return results


def _capitalised(text: str) -> set[str]:
    """The capitalised words of a text (its first word too, unless a pronoun or article:
    "Fisher took over" plants a name, "He took over" drops one)."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    return {w for i, w in enumerate(words) if w[0].isupper() and (i or w not in OPENING)}


def figures(result: dict) -> dict[str, float | int]:
    correct, planted = result["correct"], result["planted"]
    return {
        "correct": correct,
        "false_alarms": len(result["false_alarms"]),
        "false_alarm_rate": round(100 * len(result["false_alarms"]) / correct, 1) if correct else 0.0,
        "planted": planted,
        "caught": planted - len(result["missed"]),
        "catch_rate": round(100 * (planted - len(result["missed"])) / planted, 1) if planted else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--split", choices=SPLITS, default=None, help="one split only")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="list false alarms and misses")
    args = parser.parse_args(argv)
    results = measure(read_rows(args.data))
    splits = [args.split] if args.split else list(SPLITS)
    table = {flag: {split: figures(results[f"{flag}:{split}"]) for split in splits}
             for flag in FLAGS}
    if args.json:
        print(json.dumps(table, indent=2))
    else:
        print(f"{'flag':16} {'split':7} {'correct':>7} {'false alarms':>14} {'planted':>7} "
              f"{'caught':>14}")
        for flag, by_split in table.items():
            for split, f in by_split.items():
                print(f"{flag:16} {split:7} {f['correct']:7} "
                      f"{f['false_alarms']:4} ({f['false_alarm_rate']:5.1f} %) {f['planted']:7} "
                      f"{f['caught']:4} ({f['catch_rate']:5.1f} %)")
    if args.show:
        for flag in FLAGS:
            for split in splits:
                for item in results[f"{flag}:{split}"]["false_alarms"]:
                    print(f"[{flag} {split}] false alarm {item['names']}: {item['en']}",
                          file=sys.stderr)
                for item in results[f"{flag}:{split}"]["missed"]:
                    print(f"[{flag} {split}] missed: {item['nl']} -> {item['altered']}",
                          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
