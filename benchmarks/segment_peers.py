"""Benchmark: the segmenter against other projects' own Dutch sentence-segmentation tests.

    python benchmarks/segment_peers.py [--cases PATH] [--failures] [--matching FILE]
                                       [--baseline FILE]

Reads the peer cases at run time (by default `../shared/segment/peer_cases.json` beside the
repository: cases from ucto, LanguageTool, pySBD, pragmatic_segmenter and mediacloud, each
under its own project's licence, so none is copied into this one) and prints exact-match
figures, comparing whitespace-collapsed sentence lists, for `translate.text.segment.split_sentences`
and for bare pysbd ("nl"): over all cases and without those marked `nested_quote` (their
reference splits inside an open quotation, debatable for news).

The cases measure the segmenter; they are not its specification (its rules are general Dutch
news rules, each tested on our own sentences in tests/test_segment*.py).

--failures      list the cases the segmenter gets wrong (index, expected, got)
--matching F    write the indices of the cases it gets right to F, one a line
--baseline F    compare with such a file: list every case right there and wrong now
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
CASES_PATH = "shared/segment/peer_cases.json"


def default_cases() -> Path:
    """`../shared/segment/peer_cases.json` beside the repository (or beside a folder above it,
    for a git worktree kept one level deeper)."""
    for folder in REPOSITORY.parents:
        if (folder / CASES_PATH).is_file():
            return folder / CASES_PATH
    return REPOSITORY.parent / CASES_PATH


def collapse(sentences: list[str]) -> list[str]:
    """Sentences with whitespace runs as one space, empty ones left out."""
    return [" ".join(sentence.split()) for sentence in sentences if sentence.strip()]


def bare_pysbd():
    import pysbd

    segmenter = pysbd.Segmenter(language="nl", clean=False)
    return segmenter.segment


def load_cases(path: Path) -> list[dict]:
    try:
        cases = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        sys.exit(f"{path}: cannot read the peer cases ({error})")
    if not isinstance(cases, list) or not all(
            isinstance(case, dict) and {"text", "expected"} <= case.keys() for case in cases):
        sys.exit(f"{path}: expected a list of {{'text', 'expected', ...}} objects")
    return cases


def matches(split, cases: list[dict]) -> list[bool]:
    return [collapse(split(case["text"])) == collapse(case["expected"]) for case in cases]


def figure(name: str, right: list[bool], cases: list[dict]) -> str:
    plain = [ok for ok, case in zip(right, cases) if not case.get("nested_quote")]
    return (f"{name:<22} all {sum(right)}/{len(right)} ({100 * sum(right) / len(right):.1f} %)"
            f"   without nested_quote {sum(plain)}/{len(plain)}"
            f" ({100 * sum(plain) / max(len(plain), 1):.1f} %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=None,
                        help="the peer cases (default: ../shared/segment/peer_cases.json)")
    parser.add_argument("--failures", action="store_true", help="list the cases got wrong")
    parser.add_argument("--matching", type=Path, help="write the indices of the cases got right")
    parser.add_argument("--baseline", type=Path, help="a --matching file to compare with")
    args = parser.parse_args()
    args.cases = args.cases or default_cases()
    cases = load_cases(args.cases)
    from translate.text.segment import split_sentences

    ours = matches(split_sentences, cases)
    theirs = matches(bare_pysbd(), cases)
    print(f"{len(cases)} cases from {args.cases}, "
          f"{sum(bool(case.get('nested_quote')) for case in cases)} nested_quote")
    print(figure("translate.text.segment", ours, cases))
    print(figure("pysbd (nl) alone", theirs, cases))
    if args.failures:
        for index, (ok, case) in enumerate(zip(ours, cases)):
            if not ok:
                nested = " (nested_quote)" if case.get("nested_quote") else ""
                print(f"\n#{index} {case.get('source', '')}{nested}")
                print("  expected:", collapse(case["expected"]))
                print("  got:     ", collapse(split_sentences(case["text"])))
    if args.matching:
        args.matching.write_text("".join(f"{i}\n" for i, ok in enumerate(ours) if ok))
    if args.baseline:
        before = {int(line) for line in args.baseline.read_text().split()}
        lost = sorted(i for i in before if i < len(ours) and not ours[i])
        gained = sorted(i for i, ok in enumerate(ours) if ok and i not in before)
        print(f"against {args.baseline}: {len(gained)} gained, {len(lost)} lost"
              + (f" {lost}" if lost else ""))
        if lost:
            sys.exit(1)


if __name__ == "__main__":
    main()
