"""Which summary batch is fastest per chunk, and what it costs in memory (issue 12).

Bare CTranslate2 (`translate_batch`, the tool's int8 conversion, options and threads) on the
distilbart-cnn-12-6-shape bench model: `--chunks` full-size chunks (1,022 tokens of the
bench articles' English) summarised in batches of 1, 2, 4 ... chunks, every summary forced
to 142 tokens, beam 4. Each batch size runs in a process of its own (its peak RSS is its
own), interleaved over `--rounds`; figures are medians.

    python benchmarks/summary_batches.py [--sizes 1,2,4] [--chunks 4] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def one(size: int, chunks: int, beams: int, length: int) -> dict:
    from translate.bench.e2e import bench_articles
    from translate.bench.paths import ct2_options, ct2_translator, peak_rss_mb
    from translate.bench.runner import MODEL_SHAPES, bench_model
    from translate.hf import load_tokenizer

    folder = bench_model(MODEL_SHAPES["summary"])
    tokenizer = load_tokenizer(folder)
    text = " ".join(" ".join(s for p in a.english() for s in p) for a in bench_articles())
    ids = tokenizer(text)["input_ids"]
    chunk = tokenizer.convert_ids_to_tokens(ids[:1021] + [tokenizer.eos_token_id])
    model = ct2_translator(folder, "summary", "cpu", 0)
    options = ct2_options(folder)

    def run(batch):
        model.translate_batch(batch, beam_size=beams, max_decoding_length=length,
                              min_decoding_length=length, target_prefix=[["<s>"]] * len(batch),
                              **options)

    run([chunk[:16]])  # warm-up
    started = time.perf_counter()
    for start in range(0, chunks, size):
        run([chunk] * min(size, chunks - start))
    seconds = time.perf_counter() - started
    return {"size": size, "seconds": seconds, "per_chunk_s": seconds / chunks,
            "peak_rss_mb": peak_rss_mb()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,4")
    parser.add_argument("--chunks", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--length", type=int, default=142)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.chunks, args.beams, args.length)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, list[dict]] = {size: [] for size in sizes}
    for _ in range(args.rounds):
        for size in sizes:
            out = subprocess.run([sys.executable, __file__, "--one", str(size), "--chunks",
                                  str(args.chunks), "--beams", str(args.beams), "--length",
                                  str(args.length)], capture_output=True, text=True, check=True)
            results[size].append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'batch':>5} {'s/chunk':>8} {'peak RSS MB':>11}")
    for size, runs in results.items():
        print(f"{size:5d} {statistics.median(r['per_chunk_s'] for r in runs):8.2f} "
              f"{max(r['peak_rss_mb'] for r in runs):11.0f}")
    print(f"{args.chunks} chunks of 1,022 tokens, beam {args.beams}, {args.length}-token "
          f"summaries, {args.rounds} round(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
