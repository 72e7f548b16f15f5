"""How often each text flag fires on correct translations (false alarms) and how often it
catches the planted error it is meant for (catch rate), on labelled data of our own.

    python benchmarks/flags_check.py [--data FILE ...] [--json] [--show]

The data (`benchmarks/data/flags.tsv`) holds Dutch news sentences, a correct English
translation of each, and for those with a number, the English with one number changed.
The other planted errors are made here from the correct English, the same way every run:
- `repetition`: a decoder loop, one to three words repeated three more times in a row;
- `untranslated`: the Dutch left in (as it is for half of them, and with its first letter
  in lower case and its end mark dropped for the other half, so that the language
  identifier has to tell, not string equality);
- `length_ratio` and `dropped`: half the sentence dropped (the English cut after half its
  words).
`low_confidence` needs a model's scores and is not measured here.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = [ROOT / "benchmarks" / "data" / "flags.tsv",           # the flags were tuned on it
        ROOT / "benchmarks" / "data" / "flags_heldout.tsv"]   # written after, never tuned on
SEED = 20261129


@dataclass
class Pair:
    nl: str
    en: str
    numbers: str | None     # the English with a number changed, or None


def read_pairs(path: Path) -> list[Pair]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        nl, en, changed = line.split("\t")
        pairs.append(Pair(nl, en, None if changed == "-" else changed))
    return pairs


def loop(en: str, rng: random.Random) -> str:
    words = en.rstrip(".!?\"'”’").split()
    n = rng.randint(1, min(3, len(words)))
    at = rng.randint(n, len(words))
    gram = words[at - n:at]
    return " ".join(words[:at] + gram * 3 + words[at:]) + "."


def dutch_left_in(nl: str, index: int) -> str:
    if index % 2 == 0:
        return nl
    return (nl[:1].lower() + nl[1:]).rstrip(".!?")


def half_dropped(en: str) -> str:
    words = en.split()
    return " ".join(words[:max(1, len(words) // 2)]).rstrip(",;:") + "."


def planted(pairs: Sequence[Pair]) -> dict[str, list[tuple[str, str]]]:
    """Per flag, the (Dutch, English with the error that flag is meant for) pairs."""
    rng = random.Random(SEED)
    return {
        "numbers": [(p.nl, p.numbers) for p in pairs if p.numbers],
        "repetition": [(p.nl, loop(p.en, rng)) for p in pairs],
        "untranslated": [(p.nl, dutch_left_in(p.nl, i)) for i, p in enumerate(pairs)],
        "length_ratio": [(p.nl, half_dropped(p.en)) for p in pairs],
        "dropped": [(p.nl, half_dropped(p.en)) for p in pairs],
    }


def rates(correct: Sequence[tuple[str, str]], errors: dict[str, list[tuple[str, str]]],
          flags_of: Callable[[str, str], list[str]], flags: Sequence[str]) -> dict:
    """Per flag: its false alarms on `correct`, and its catches on the planted errors of
    its own kind."""
    on_correct = [flags_of(nl, en) for nl, en in correct]
    table = {}
    for flag in flags:
        alarms = sum(1 for found in on_correct if flag in found)
        row = {"false_alarms": alarms, "correct": len(correct),
               "false_alarm_rate": alarms / max(1, len(correct))}
        if flag in errors:
            caught = sum(1 for nl, en in errors[flag] if flag in flags_of(nl, en))
            row |= {"caught": caught, "planted": len(errors[flag]),
                    "catch_rate": caught / max(1, len(errors[flag]))}
        table[flag] = row
    if "length_ratio" in errors and "dropped" in errors:
        # The dropped half is caught when either of the two flags fires.
        either = ("length_ratio", "dropped")
        alarms = sum(1 for found in on_correct if any(f in found for f in either))
        caught = sum(1 for nl, en in errors["dropped"]
                     if any(f in flags_of(nl, en) for f in either))
        table["length_or_dropped"] = {
            "false_alarms": alarms, "correct": len(correct),
            "false_alarm_rate": alarms / max(1, len(correct)), "caught": caught,
            "planted": len(errors["dropped"]), "catch_rate": caught / max(1, len(errors["dropped"]))}
    any_alarm = sum(1 for found in on_correct if found)
    table["any"] = {"false_alarms": any_alarm, "correct": len(correct),
                    "false_alarm_rate": any_alarm / max(1, len(correct))}
    return table


def text_flags() -> tuple[Callable[[str, str], list[str]], Sequence[str]]:
    """The product's per-sentence text flags with the default settings (no model score)."""
    from translate.config import QualityConfig
    from translate.checks.quality import FLAGS, sentence_flags

    settings = QualityConfig()
    return (lambda nl, en: sentence_flags(nl, en, None, False, settings)), \
        [f for f in FLAGS if f != "low_confidence"]


def show(table: dict) -> str:
    lines = [f"{'flag':<18} {'false alarms':>18} {'catch rate':>18}"]
    for flag, row in table.items():
        alarms = f"{row['false_alarms']}/{row['correct']} = {row['false_alarm_rate']:.1%}"
        catch = f"{row['caught']}/{row['planted']} = {row['catch_rate']:.1%}" \
            if "planted" in row else "-"
        lines.append(f"{flag:<18} {alarms:>18} {catch:>18}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, nargs="+", default=DATA)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="list every false alarm and miss")
    args = parser.parse_args(argv)
    flags_of, flags = text_flags()
    sets = {path.name: read_pairs(path) for path in args.data}
    if len(sets) > 1:
        sets["all"] = [pair for pairs in list(sets.values()) for pair in pairs]
    tables = {name: rates([(p.nl, p.en) for p in pairs], planted(pairs), flags_of, flags)
              for name, pairs in sets.items()}
    pairs = sets.get("all") or next(iter(sets.values()))
    errors = planted(pairs)
    if args.show:
        for p in pairs:
            if found := flags_of(p.nl, p.en):
                print(f"false alarm {found}: {p.nl} | {p.en}")
        for flag, items in errors.items():
            for nl, en in items:
                if flag not in flags_of(nl, en):
                    print(f"missed {flag}: {nl} | {en}")
    if args.json:
        print(json.dumps(tables, indent=2))
    else:
        print("\n\n".join(f"{name}\n{show(table)}" for name, table in tables.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
