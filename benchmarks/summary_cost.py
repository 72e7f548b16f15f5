"""What one 400 KB article's summary costs beside a normal article's (issue 12).

The tool's `Summarizer` on the distilbart-cnn-12-6-shape bench model (random weights, real
shape; CTranslate2 int8 as the tool runs it), every summary forced to the length the
product allows (`bench.seams.to_cap`), each article summarised alone. The normal articles
are the English counterparts of the bench articles (`translate/data/articles/*.en.txt`);
the giant one is those texts repeated, with numbered paragraphs, to 400 KB. Rounds are
interleaved (normal ones, then the giant, again and again); figures are medians.

    python benchmarks/summary_cost.py [--rounds 3] [--kb 400] [--json]

Prints, per article: seconds, the chunks the summary read and the chunks the whole
article would have made (what an unbounded summary would have cost).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def giant_text(sentences: list[list[str]], kb: int) -> list[str]:
    """English sentences of about `kb` kilobytes, from the normal articles' sentences."""
    out: list[str] = []
    size, copy = 0, 0
    while size < kb * 1000:
        copy += 1
        for article in sentences:
            for sentence in article:
                line = f"In part {copy}, {sentence[0].lower()}{sentence[1:]}"
                out.append(line)
                size += len(line.encode("utf-8")) + 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kb", type=int, default=400)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from translate.bench import seams
    from translate.bench.e2e import bench_articles, summary_texts, with_counterparts
    from translate.bench.paths import article_of, bench_config
    from translate.bench.runner import bench_models, prepare
    from translate.text.segment import segment_article
    from translate.run.session import ModelSession

    translation_dir, summary_dir = bench_models()
    prepare(translation_dir, summary_dir, True, "cpu")
    config = bench_config(translation_dir, summary_dir, "auto", 0, args.threads)
    engines: list[seams.BenchEngine] = []
    session = ModelSession(config, "cpu", engine_wrapper=seams.wrapper(seams.to_cap, engines))
    summarizer = session.summarizer  # loading: not timed

    articles = bench_articles()
    parsed = [article_of(a.nl) for a in articles]
    for article in parsed:  # sentence units only: the summariser reads the counterparts
        segment_article(article, lambda text: len(text.split()), 200)
    with_counterparts(parsed, [a.english() for a in articles])
    normal = {a.name: text for a, text in zip(articles, summary_texts(parsed))}
    giant = giant_text(list(normal.values()), args.kb)
    inputs = {**normal, f"giant-{args.kb}kb": giant}

    summarizer.summarize([["It rains in Amsterdam.", "The train is not running."]])  # warm-up
    times: dict[str, list[float]] = {name: [] for name in inputs}
    for _ in range(args.rounds):
        for name, sentences in inputs.items():
            started = time.perf_counter()
            summarizer.summarize([sentences])
            times[name].append(time.perf_counter() - started)

    started = time.perf_counter()
    all_chunks = {name: len(summarizer.chunks(s)) for name, s in inputs.items()}
    chunking_s = (time.perf_counter() - started)
    rows = {
        name: {
            "bytes": sum(len(s.encode("utf-8")) + 1 for s in sentences),
            "sentences": len(sentences),
            "seconds": round(statistics.median(times[name]), 2),
            "seconds_per_round": [round(t, 2) for t in times[name]],
            "chunks_read": len(summarizer.article_chunks(sentences)),
            "chunks_in_article": all_chunks[name],
        }
        for name, sentences in inputs.items()
    }
    normal_median = statistics.median(rows[name]["seconds"] for name in normal)
    giant_row = rows[f"giant-{args.kb}kb"]
    data = {
        "articles": rows,
        "normal_median_s": round(normal_median, 2),
        "giant_over_normal": round(giant_row["seconds"] / normal_median, 2),
        "max_chunks": summarizer.settings.max_chunks,
        "chunking_all_articles_s": round(chunking_s, 2),
        "summary_beams": summarizer.num_beams,
        "rounds": args.rounds,
    }
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(f"{'article':28} {'KB':>6} {'sentences':>9} {'median s':>8} {'chunks read/all':>15}")
    for name, row in rows.items():
        print(f"{name:28} {row['bytes'] / 1000:6.1f} {row['sentences']:9d} {row['seconds']:8.2f} "
              f"{row['chunks_read']:>7}/{row['chunks_in_article']}")
    print(f"giant / normal (median): {data['giant_over_normal']:.2f}x; summary.max_chunks = "
          f"{data['max_chunks']}, beam {data['summary_beams']}, {args.rounds} interleaved rounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
