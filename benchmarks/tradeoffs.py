"""Speed-ups a user can choose, measured on whole articles (issue 12).

The tool's end-to-end path (`translate bench --end-to-end`'s `e2e_tool`: the bench
articles, both shape models, output lengths forced to the English counterparts and the
summary cap) under each variant below, the variants interleaved over `--rounds` (each run
in a process of its own); figures are medians, speed-ups against the defaults.

- `default`: translation beam 4, summary beam 4, summary cap 142, distilbart-cnn-12-6 shape
- `summary_beam_2`, `summary_beam_1`: `[summary] num_beams`
- `summary_cap_100`, `summary_cap_60`: `[summary] max_summary_tokens`
- `distilbart_6_6`: the distilbart-cnn-6-6 shape as `--summary-model`
- `translation_beam_2`, `translation_beam_1`: `[translation] num_beams`

    python benchmarks/tradeoffs.py [--rounds 1] [--only default,summary_beam_2] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

VARIANTS = {
    "default": {},
    "summary_beam_2": {"summary_beams": 2},
    "summary_beam_1": {"summary_beams": 1},
    "summary_cap_100": {"summary_cap": 100},
    "summary_cap_60": {"summary_cap": 60},
    "distilbart_6_6": {"summary_model": "distilbart-cnn-6-6-shape"},
    "translation_beam_2": {"beams": 2},
    "translation_beam_1": {"beams": 1},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--only", help="comma-separated subset of: " + ", ".join(VARIANTS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from translate.bench.runner import bench_model, measure_all

    names = args.only.split(",") if args.only else list(VARIANTS)
    runs: dict[str, list[dict]] = {name: [] for name in names}
    for round_ in range(args.rounds):
        for name in names:
            variant = dict(VARIANTS[name])
            print(f"{name} (round {round_ + 1}/{args.rounds}) ...", file=sys.stderr)
            summary_model = variant.pop("summary_model", None)
            if summary_model:
                variant["summary_dir"] = bench_model(summary_model)
            measured = measure_all(end_to_end=True, paths=("e2e_tool",), rounds=1, **variant)
            runs[name].extend(measured["results"]["e2e_tool"])

    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[name])

    base = "default" if "default" in runs else names[0]
    rows = {
        name: {
            "seconds": round(median(name, "seconds"), 2),
            "translate_s": round(median(name, "translate_s"), 2),
            "summarise_s": round(median(name, "summarise_s"), 2),
            "speedup": round(median(base, "seconds") / median(name, "seconds"), 2),
            "summary_speedup": round(median(base, "summarise_s") / median(name, "summarise_s"), 2),
            "articles_per_hour": round(3600 * runs[name][0]["articles"] / median(name, "seconds")),
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs[name])),
        }
        for name in names
    }
    if args.json:
        print(json.dumps({"variants": rows, "rounds": args.rounds}, indent=2))
        return 0
    print(f"{'variant':20} {'total s':>8} {'transl. s':>9} {'summ. s':>8} {'speed-up':>8} "
          f"{'summ. x':>7} {'art./h':>7} {'RSS MB':>7}")
    for name, r in rows.items():
        print(f"{name:20} {r['seconds']:8.2f} {r['translate_s']:9.2f} {r['summarise_s']:8.2f} "
              f"{r['speedup']:8.2f} {r['summary_speedup']:7.2f} {r['articles_per_hour']:7d} "
              f"{r['peak_rss_mb']:7d}")
    print(f"speed-ups against `{base}`; medians of {args.rounds} interleaved round(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
