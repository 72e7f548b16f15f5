"""`translate bench` and the random-weight models it (and the tests) run on.

- `models`: random stand-ins for opus-mt-nl-en and distilBART, tiny or of the real shapes.
- `seams`: the engine wrapper through which the bench forces output lengths and times
  generation; the product knows nothing of either.
- `paths`: one function per timed path (naive transformers, the tool, bare CTranslate2).
- `e2e`: the same three for whole articles with both models (`--end-to-end`).
- `runner`: runs the paths interleaved over rounds, each in its own process, and reports
  medians, per-round ratios and their spread.
"""
