"""Peak memory of a first `translate run` over N small articles: it must not grow with N.

    python benchmarks/driver_memory.py 5000 50000

Builds the tiny random models and N small articles (those of `noop_rerun.py`), runs `translate run --no-summary` in a child process per
N and prints its peak RSS, the time to the first output, and the ratio of the peaks.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from noop_rerun import write_articles  # noqa: E402  (small articles of the nightly shape)


def first_run(folder: Path, out: Path, models: Path) -> tuple[float, float, float]:
    """Peak RSS (MB) of the run, seconds to its first record, seconds in all."""
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "translate", "run", str(folder), "--out", str(out), "--quiet",
         "--no-summary", "--translation-model", str(models / "translation")],
        cwd=ROOT)
    first = None
    while child.poll() is None:
        if first is None and next(out.rglob("*.json"), None) is not None:
            first = time.monotonic() - started
        time.sleep(0.2)
    total = time.monotonic() - started
    if child.returncode != 0:
        raise SystemExit(f"run failed with exit {child.returncode}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return peak, first or total, total


def main(counts: list[int]) -> None:
    from translate.synthetic import build_marian

    with tempfile.TemporaryDirectory() as temp:
        models = Path(temp) / "models"
        build_marian(models / "translation")
        peaks = []
        for count in counts:
            folder, out = Path(temp) / f"in-{count}", Path(temp) / f"out-{count}"
            write_articles(folder, count)
            # RUSAGE_CHILDREN keeps the largest child so far: smaller N first.
            peak, first, total = first_run(folder, out, models)
            peaks.append(peak)
            print(f"{count} articles: peak RSS {peak:.0f} MB, first output after {first:.1f} s, "
                  f"{total:.0f} s in all", flush=True)
        if len(peaks) > 1:
            print(f"peak ratio {counts[-1]} / {counts[0]}: {peaks[-1] / peaks[0]:.2f}")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [5000, 50000])
