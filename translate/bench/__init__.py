"""`translate bench` and the random-weight models it (and the tests) run on.

- `models`: random stand-ins for opus-mt-nl-en and distilBART, tiny or of the real shapes.
- `seams`: the engine wrapper through which the bench forces output lengths and times
  generation; the product knows nothing of either.
- `paths`: one function per timed path (naive transformers, the tool, bare CTranslate2).
- `runner`: runs each path in its own process and reports them side by side.
"""

from translate.bench.paths import paragraphs_of
from translate.bench.runner import (
    PATHS, BenchError, bench_text, format_table, measure_all, report, run_bench,
)

__all__ = ["PATHS", "BenchError", "bench_text", "format_table", "measure_all", "paragraphs_of",
           "report", "run_bench"]
