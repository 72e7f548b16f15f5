"""Peak memory of a first `translate run` over one feed of N articles: it must not grow with N.

    python benchmarks/feed_memory.py [10000 100000]

Builds the tiny random translation model and a JSON Lines feed of N small articles in
trafilatura's shape (each with a title of its own and boilerplate sentences shared with the
others, so the sentence memory keeps the model work small and what is measured is the
reading, planning, recording and writing of the feed), runs `translate run FEED
--no-summary` in a child process per N, and prints its peak RSS, the time to its first
record, the time in all, and the ratio of the peaks (goal: within 1.2).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from driver_memory import measure  # noqa: E402  (the same child process and RSS sampling)

SHARED = [
    "De gemeenteraad besprak dinsdag het voorstel van de wethouder.",
    "Een besluit volgt na de zomer.",
    "Volgens de oppositie is het plan te duur.",
    "Bewoners kunnen tot vrijdag reageren.",
]


def write_feed(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as feed:
        for i in range(count):
            text = f"{SHARED[i % 4]} {SHARED[(i + 1) % 4]}\n\n{SHARED[(i + 2) % 4]}"
            feed.write(json.dumps({
                "id": f"art-{i}", "title": f"Bericht {i}", "text": text,
                "date": f"2024-{1 + i % 12:02d}-01", "source": f"https://example.nl/{i}",
                "hostname": "example.nl",
            }, ensure_ascii=False) + "\n")


def main(counts: list[int]) -> None:
    def feed(folder: Path, count: int) -> Path:
        folder.mkdir(parents=True)
        write_feed(folder / "feed.jsonl", count)
        return folder / "feed.jsonl"

    def every_article_written(out: Path, count: int) -> None:
        with (out / "feed.en.jsonl").open(encoding="utf-8") as english:
            lines = sum(1 for _ in english)
        if lines != count:
            raise SystemExit(f"{lines} output lines for {count} articles")

    measure(counts, "local", feed, every_article_written)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", type=int, nargs="*", default=[10000, 100000])
    main(parser.parse_args().counts)
