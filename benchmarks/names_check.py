"""How often the `names` flag fires on correct translations (false alarms) and how often it
catches a name planted wrong (catch rate), on labelled news sentences of our own.

    python benchmarks/names_check.py [--data benchmarks/data/names.tsv] [--split dev|test|all]
                                     [--json] [--show]

The data (`benchmarks/data/names.tsv`, its format at its top) holds Dutch news sentences
grouped in articles, a correct English translation of each and, in the column `names`,
the English with one name translated literally, swapped or dropped. Each sentence is
checked with its article's context (`quality.ArticleContext` of the article's Dutch), as a
run checks it. Figures per split: `dev` is what the check was tuned on, `test` was held
out (measured, never tuned on). Goals: false alarms <= 2 %, catch >= 90 %.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "benchmarks" / "data" / "names.tsv"
SPLITS = ("dev", "test", "holdout", "all")


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of the labelled file as dicts by header name (comment lines skipped)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return [dict(row) for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def measure(rows: list[dict[str, str]]) -> dict[str, dict]:
    from translate.names import missing_names
    from translate.quality import ArticleContext

    articles: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        articles[row["article"]].append(row["nl"])
    contexts = {key: ArticleContext.of_texts(texts) for key, texts in articles.items()}
    results: dict[str, dict] = {split: {"correct": 0, "false_alarms": [], "planted": 0,
                                        "missed": []} for split in SPLITS}
    for row in rows:
        context = contexts[row["article"]].names
        lost = missing_names(row["nl"], row["en"], context)
        altered = (row.get("names") or "").strip()
        caught = bool(missing_names(row["nl"], altered, context)) if altered else None
        for split in (row["split"], "all"):
            result = results[split]
            result["correct"] += 1
            if lost:
                result["false_alarms"].append({"nl": row["nl"], "en": row["en"], "names": lost})
            if altered:
                result["planted"] += 1
                if not caught:
                    result["missed"].append({"nl": row["nl"], "altered": altered})
    return results


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
    table = {split: figures(results[split]) for split in splits}
    if args.json:
        print(json.dumps({"names": table}, indent=2))
    else:
        print(f"{'flag':8} {'split':5} {'correct':>7} {'false alarms':>14} {'planted':>7} {'caught':>14}")
        for split, f in table.items():
            print(f"{'names':8} {split:5} {f['correct']:7} "
                  f"{f['false_alarms']:4} ({f['false_alarm_rate']:5.1f} %) {f['planted']:7} "
                  f"{f['caught']:4} ({f['catch_rate']:5.1f} %)")
    if args.show:
        for split in splits:
            for item in results[split]["false_alarms"]:
                print(f"[{split}] false alarm {item['names']}: {item['en']}", file=sys.stderr)
            for item in results[split]["missed"]:
                print(f"[{split}] missed: {item['nl']} -> {item['altered']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
