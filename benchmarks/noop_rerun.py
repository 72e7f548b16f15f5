"""Benchmark: a nightly rerun over 1,000 unchanged articles (goal: under 2 s, no model loaded).

    python benchmarks/noop_rerun.py [--articles 1000] [--work DIR]

Builds tiny random models, writes N seed-shaped Dutch articles, runs `translate run` once
to translate them (with the tiny models: the first run's speed is not what is measured),
then times the whole `translate run` command again, process start included, and checks
its report: N unchanged, 0 translated, `models_loaded == []`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_articles(folder: Path, count: int) -> None:
    for i in range(count):
        path = folder / f"{i % 20:02d}" / f"artikel-{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f" date 2021-{1 + i % 12:02d} Bericht {i} over de gemeenteraad\n\n"
            f"De gemeenteraad besprak dinsdag voorstel {i}. Volgens dhr. De Wit kost het "
            f"ca. {i},5 miljoen euro.\n\nAchtergrond\n\nHet voorstel komt o.a. van de "
            f"wethouder. Een besluit volgt in week {i % 52 + 1}.\n",
            encoding="utf-8",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="noop-bench-"))
    from translate.synthetic import build_bart, build_marian

    marian, bart = build_marian(work / "marian"), build_bart(work / "bart", max_positions=64)
    folder, out = work / "articles", work / "out"
    write_articles(folder, args.articles)
    config = work / "fast.toml"
    config.write_text("[translation]\nnum_beams = 1\n[summary]\nnum_beams = 1\n[runtime]\nthreads = 1\n")
    command = [sys.executable, "-m", "translate", "run", str(folder), "--out", str(out),
               "--config", str(config), "--translation-model", str(marian),
               "--summary-model", str(bart), "--backend", "torch", "--quiet",
               "--report", str(work / "report.json")]
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    started = time.monotonic()
    subprocess.run(command, env=env, check=True)
    print(f"first run (tiny models, {args.articles} articles): {time.monotonic() - started:.1f} s")
    timings = []
    for _ in range(3):
        started = time.monotonic()
        subprocess.run(command, env=env, check=True)
        timings.append(time.monotonic() - started)
        report = json.loads((work / "report.json").read_text())
        assert len(report["unchanged"]) == args.articles and not report["translated"], report
        assert report["models_loaded"] == [], report["models_loaded"]
    print(f"no-op rerun of {args.articles} unchanged articles, whole command: "
          f"best {min(timings):.2f} s, runs {', '.join(f'{t:.2f}' for t in timings)} "
          f"(report seconds: {report['seconds']:.2f}); models_loaded == []")


if __name__ == "__main__":
    main()
