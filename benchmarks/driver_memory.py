"""Peak memory of a first `translate run` over N small articles: it must not grow with N.

    python benchmarks/driver_memory.py [--executor local|ray] 5000 50000

Builds the tiny random translation model and N small articles (those of `noop_rerun.py`),
runs `translate run --no-summary` in a child process per N and prints the peak RSS of that
process (the driver: with `--executor ray` the workers are other processes), the time to
the first output, and the ratio of the peaks.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from noop_rerun import write_articles  # noqa: E402  (small articles of the nightly shape)


def first_run(folder: Path, out: Path, models: Path, executor: str) -> tuple[float, float, float]:
    """Peak RSS (MB) of the driver, seconds to its first record, seconds in all."""
    import psutil

    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "translate", "run", str(folder), "--out", str(out), "--quiet",
         "--no-summary", "--translation-model", str(models / "translation"),
         "--executor", executor],
        cwd=ROOT)
    driver = psutil.Process(child.pid)
    first = None
    peak = 0
    while child.poll() is None:
        try:
            peak = max(peak, driver.memory_info().rss)
        except psutil.Error:
            pass
        if first is None and next(out.rglob("*.json"), None) is not None:
            first = time.monotonic() - started
        time.sleep(0.2)
    total = time.monotonic() - started
    if child.returncode != 0:
        raise SystemExit(f"run failed with exit {child.returncode}")
    return peak / 2**20, first or total, total


def measure(counts: list[int], executor: str, make_input, check=None) -> None:
    """For each N: `make_input(folder, N)` writes the input and returns the PATH to run on,
    `first_run` measures it, `check(out, N)` (if given) checks the outputs; then the ratio
    of the peaks."""
    from translate.synthetic import build_marian

    with tempfile.TemporaryDirectory() as temp:
        models = Path(temp) / "models"
        build_marian(models / "translation")
        peaks = []
        for count in counts:
            path, out = make_input(Path(temp) / f"in-{count}", count), Path(temp) / f"out-{count}"
            peak, first, total = first_run(path, out, models, executor)
            if check is not None:
                check(out, count)
            peaks.append(peak)
            print(f"{count} articles: peak RSS {peak:.0f} MB, first output after {first:.1f} s, "
                  f"{total:.0f} s in all", flush=True)
        if len(peaks) > 1:
            print(f"peak ratio {counts[-1]} / {counts[0]}: {peaks[-1] / peaks[0]:.2f}")


def main(counts: list[int], executor: str) -> None:
    def articles(folder: Path, count: int) -> Path:
        write_articles(folder, count)
        return folder

    measure(counts, executor, articles)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--executor", choices=("local", "ray"), default="local")
    parser.add_argument("counts", type=int, nargs="*", default=[5000, 50000])
    args = parser.parse_args()
    main(args.counts, args.executor)
