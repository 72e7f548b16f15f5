"""`translate bench`: how fast is the tool, against plain transformers and bare CTranslate2?

Two comparisons, both on random-weight models of the real checkpoints' shapes (built once
by `translate.bench.models`, cached under `<cache>/bench-models/`), with output lengths
forced (`seams.BenchEngine`) so that every path does the same work whatever the random
weights would produce, and the numbers say what the real models would cost:

- translation (default): the same Dutch news text (`translate/data/bench_nl.txt`,
  8 paragraphs, 40 sentences) on every path, every output as long as the longest input of
  its batch. Paths:
  - `naive_transformers`: what most scripts do: per paragraph, `tokenizer(paragraph)` and
    `model.generate(num_beams=N, min_new_tokens=L, max_new_tokens=L)` (L: its source
    length), batch 1, torch's default threads; the decode included.
  - `tool`: the tool's own default path (backend auto = CTranslate2 int8 on CPU) through
    the pipeline functions: segmentation, tokenisation, batching, generation and decoding
    (model loading excluded). `--summary` adds `tool_summary`.
  - `torch`: the same with the torch backend.
  - `raw_ctranslate2`: bare `translate_batch` calls on pre-tokenised sentences, same int8
    conversion, batches, options, threads and forced lengths as the tool: the ceiling.
  - `--hypotheses` adds `checked` (the `tool` path plus the quality step, where the
    written hypothesis is chosen among the engine's n best, n = the beam size) and
    `checked_best_only` (the same with `num_hypotheses = 1`): the cost of the choice;
    `checked_torch` and `checked_torch_best_only` are the same on the torch backend, n
    set to the beam size (torch's default is 1; not in `--hypotheses`: slow; ask for them
    with `--paths`).
- `--end-to-end`: whole articles, both models (`e2e.py`): `e2e_naive`, `e2e_tool`,
  `e2e_raw_ctranslate2`, on the project's own articles with English counterparts;
  `--hypotheses` adds `e2e_tool_best_only` (`e2e_tool` with one hypothesis per sentence
  and per summary chunk).

Every path runs in a fresh Python process (peak RSS is its own; no path warms another),
and the paths are interleaved over `rounds` (A B C A B C ...), so a burst of load elsewhere
on the machine lands on one round of every path rather than on every round of one path.
Each path's figure is the median of its rounds; each ratio is the median of the per-round
ratios (A/B within the same round), and the spread (min-max) of both is reported.

Tokens/s counts decoding steps (forced output lengths, the EOS slot included) per second.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

from translate.bench.table import (
    E2E_HYPOTHESIS_PATHS, E2E_PATHS, SUMMARY_PATH, format_table, report,
)

PATHS = ("naive_transformers", "tool", "torch", "raw_ctranslate2")
# The cost of choosing among the n best (`--hypotheses`): with and without.
HYPOTHESIS_PATHS = ("checked", "checked_best_only")
# Path -> (backend, n best: the beam size or 1) of the checked paths.
CHECKED = {"checked": ("auto", "beam"), "checked_best_only": ("auto", 1),
           "checked_torch": ("torch", "beam"), "checked_torch_best_only": ("torch", 1)}
OPTIONAL_PATHS = (*CHECKED, *E2E_HYPOTHESIS_PATHS)
DEFAULT_ROUNDS = 3
BENCH_TEXT = Path(__file__).resolve().parents[1] / "data" / "bench_nl.txt"
MODEL_SHAPES = {
    "translation": "opus-mt-nl-en-shape",
    "summary": "distilbart-cnn-12-6-shape",
}


class BenchError(Exception):
    """A bench path that failed; the message carries its error output."""


# --------------------------------------------------------------------------- inputs


def bench_text() -> str:
    return BENCH_TEXT.read_text(encoding="utf-8")


def bench_model(name: str, root: Path | None = None) -> Path:
    """The folder of the random model `name` (a key of `SHAPES`), built on first use.

    Built once (about a minute) and kept under `<cache>/bench-models/`; a folder is built
    under a temporary name and renamed, so an interrupted build is never taken for a model.
    """
    import shutil

    from translate.files import cache_root

    root = root or cache_root() / "bench-models"
    final = root / name
    if not (final / ".complete").is_file():
        root.mkdir(parents=True, exist_ok=True)
        temp = root / f".tmp-{name}-{os.getpid()}"
        shutil.rmtree(temp, ignore_errors=True)
        shapes()[name](temp)
        (temp / ".complete").write_text("built by translate.bench.models\n", encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)
        temp.rename(final)
    return final


def shapes() -> dict[str, Callable[[Path], Path]]:
    import translate.bench.models as models

    return {"opus-mt-nl-en-shape": models.build_opus_shape,
            "distilbart-cnn-12-6-shape": models.build_distilbart_shape,
            "distilbart-cnn-6-6-shape": models.build_distilbart_6_6_shape}


def bench_models(root: Path | None = None) -> tuple[Path, Path]:
    """Folders of random models with opus-mt-nl-en's and distilbart-cnn-12-6's shapes."""
    return (bench_model(MODEL_SHAPES["translation"], root),
            bench_model(MODEL_SHAPES["summary"], root))


def measure(path: str, translation_dir: Path, summary_dir: Path | None, text: str, beams: int,
            threads: int, device: str, summary_beams: int = 0, summary_cap: int = 0,
            articles: int = 0) -> dict[str, Any]:
    """Run one path in this process: seconds, decoding steps, peak RSS."""
    import translate.bench.paths as paths

    if path == "tool":
        result = paths.tool(translation_dir, text, beams, threads, device, "auto")
    elif path == "torch":
        result = paths.tool(translation_dir, text, beams, threads, device, "torch")
    elif path == "naive_transformers":
        result = paths.naive(translation_dir, text, beams, threads, device)
    elif path == "raw_ctranslate2":
        result = paths.raw(translation_dir, text, beams, threads, device)
    elif path in CHECKED:
        backend, hypotheses = CHECKED[path]
        result = paths.tool(translation_dir, text, beams, threads, device, backend,
                            checked=True, hypotheses=beams if hypotheses == "beam" else 1)
    elif path in (SUMMARY_PATH, *E2E_PATHS, *E2E_HYPOTHESIS_PATHS):
        if summary_dir is None:
            raise BenchError(f"{path} needs a summary model")
        if path == SUMMARY_PATH:
            result = paths.summary(summary_dir, translation_dir, beams, threads, device)
        else:
            import translate.bench.e2e as e2e

            run = {"e2e_naive": e2e.e2e_naive, "e2e_tool": e2e.e2e_tool,
                   "e2e_tool_best_only": e2e.e2e_tool_best_only,
                   "e2e_raw_ctranslate2": e2e.e2e_raw}[path]
            result = run(translation_dir, summary_dir, beams, threads, device,
                         summary_beams=summary_beams, summary_cap=summary_cap, limit=articles)
    else:
        raise BenchError(f"unknown bench path {path!r}")
    result["peak_rss_mb"] = paths.peak_rss_mb()
    return result


def prepare(translation_dir: Path | None, summary_dir: Path | None, summary: bool,
            device: str) -> dict[str, Any]:
    """Build the models if needed and convert them, so no timed process pays for it."""
    from translate.bench.paths import model_key
    from translate.models.backends.ct2_cache import ensure_converted, resolve_compute_type
    from translate.models.backends import pick_device
    from translate.models.hf import default_num_beams

    if translation_dir is None:
        translation_dir = bench_model(MODEL_SHAPES["translation"])
    if summary and summary_dir is None:
        summary_dir = bench_model(MODEL_SHAPES["summary"])
    device = pick_device(device)
    compute_type = resolve_compute_type("auto", device)
    ensure_converted(translation_dir, compute_type, model_key(translation_dir))
    if summary and summary_dir is not None:
        ensure_converted(summary_dir, compute_type, model_key(summary_dir, "summary"))
    return {"translation_dir": str(translation_dir),
            "summary_dir": str(summary_dir) if summary_dir else None,
            "default_beams": default_num_beams(translation_dir), "device": device}


# --------------------------------------------------------------------------- driver


def _child(args: list[str]) -> dict[str, Any]:
    """Run `python -m translate.bench ARGS` and return the JSON of its last output line."""
    env = dict(os.environ)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    process = subprocess.run([sys.executable, "-m", "translate.bench", *args],
                             capture_output=True, text=True, env=env)
    lines = process.stdout.strip().splitlines()
    if process.returncode != 0 or not lines:
        tail = (process.stderr or process.stdout).strip().splitlines()[-15:]
        raise BenchError(f"bench step {args[:2]} failed (exit {process.returncode}):\n"
                         + "\n".join(tail))
    return json.loads(lines[-1])


def run_bench(**kwargs: Any) -> dict[str, Any]:
    """Time every path; the result is what `translate bench --json` prints.

    Takes the arguments of `measure_all`.
    """
    return report(**measure_all(**kwargs))


def measure_all(
    *,
    translation_dir: Path | None = None,
    summary_dir: Path | None = None,
    text: str | None = None,
    beams: int = 0,
    threads: int = 0,
    device: str = "auto",
    summary: bool = False,
    end_to_end: bool = False,
    summary_beams: int = 0,
    summary_cap: int = 0,
    articles: int = 0,
    paths: tuple[str, ...] | None = None,
    hypotheses: bool = False,
    rounds: int = DEFAULT_ROUNDS,
    isolate: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run every path `rounds` times, interleaved (A B C A B C ...).

    `translation_dir`/`summary_dir` replace the full-shape bench models (tests pass tiny
    ones); `end_to_end` times whole articles (`E2E_PATHS`) instead of the translation
    paths; `summary_beams`/`summary_cap` override the summariser's beam size and length cap
    there, `articles` > 0 takes only the first articles; `hypotheses` adds the paths with
    and without the choice among the n best (`HYPOTHESIS_PATHS`, or with `end_to_end`
    `E2E_HYPOTHESIS_PATHS`). `isolate=False` runs the paths in this process (faster, but peak RSS and warm
    caches are then shared: for tests only). Returns `report`'s arguments: every round's
    result of every path.
    """
    from translate.models.backends import thread_count

    text = text if text is not None else bench_text()
    if paths is None:
        paths = E2E_PATHS if end_to_end else PATHS
    todo = list(paths) + ([SUMMARY_PATH] if summary and not end_to_end else [])
    if hypotheses:
        extra = ("e2e_tool", *E2E_HYPOTHESIS_PATHS) if end_to_end else HYPOTHESIS_PATHS
        todo += [p for p in extra if p not in todo]
    needs_summary = any(p == SUMMARY_PATH or p in E2E_PATHS or p in E2E_HYPOTHESIS_PATHS
                        for p in todo)
    overrides = {"summary_beams": summary_beams, "summary_cap": summary_cap, "articles": articles}
    if isolate:
        prep_args = ["--prepare", "--device", device]
        if translation_dir:
            prep_args += ["--translation-dir", str(translation_dir)]
        if summary_dir:
            prep_args += ["--summary-dir", str(summary_dir)]
        if needs_summary:
            prep_args.append("--summary")
        prepared = _child(prep_args)
    else:
        prepared = prepare(translation_dir, summary_dir, needs_summary, device)
    translation_dir = Path(prepared["translation_dir"])
    summary_dir = Path(prepared["summary_dir"]) if prepared["summary_dir"] else None
    device = prepared["device"]
    beams = beams or prepared["default_beams"]
    text_file = None
    common: list[str] = []
    if isolate:
        import tempfile

        handle = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
        handle.write(text)
        handle.close()
        text_file = handle.name
        common = ["--translation-dir", str(translation_dir), "--beams", str(beams),
                  "--threads", str(threads), "--device", device, "--text", text_file,
                  "--summary-beams", str(summary_beams), "--summary-cap", str(summary_cap),
                  "--articles", str(articles)]
        if summary_dir:
            common += ["--summary-dir", str(summary_dir)]

    rounds = max(1, rounds)
    results: dict[str, list[dict[str, Any]]] = {path: [] for path in todo}
    try:
        for round_ in range(rounds):
            for path in todo:
                if progress:
                    progress(path if rounds <= 1 else f"{path} (round {round_ + 1}/{rounds})")
                if isolate:
                    result = _child(["--path", path, *common])
                else:
                    result = measure(path, translation_dir, summary_dir, text, beams,
                                     threads, device, **overrides)
                results[path].append(result)
    finally:
        if text_file:
            os.unlink(text_file)
    return {"results": results, "beams": beams, "threads": thread_count(threads),
            "device": device}


# --------------------------------------------------------------------------- report


# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m translate.bench")
    parser.add_argument("--path", choices=[*PATHS, SUMMARY_PATH, *E2E_PATHS, *OPTIONAL_PATHS])
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--translation-dir", type=Path)
    parser.add_argument("--summary-dir", type=Path)
    parser.add_argument("--summary", action="store_true")
    parser.add_argument("--end-to-end", action="store_true")
    parser.add_argument("--beams", type=int, default=0)
    parser.add_argument("--summary-beams", type=int, default=0)
    parser.add_argument("--summary-cap", type=int, default=0)
    parser.add_argument("--articles", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--text", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    parser.add_argument("--paths", help="comma-separated subset of: "
                        + ", ".join(PATHS + E2E_PATHS + OPTIONAL_PATHS))
    parser.add_argument("--hypotheses", action="store_true",
                        help="also time the tool with and without the choice among the n best")
    args = parser.parse_args(argv)

    import logging

    logging.getLogger("transformers").setLevel(logging.ERROR)
    if args.prepare:
        print(json.dumps(prepare(args.translation_dir, args.summary_dir, args.summary,
                                 args.device)))
        return 0
    if args.path:
        text = args.text.read_text(encoding="utf-8") if args.text else bench_text()
        result = measure(args.path, args.translation_dir, args.summary_dir, text,
                         args.beams, args.threads, args.device, args.summary_beams,
                         args.summary_cap, args.articles)
        print(json.dumps(result))
        return 0
    paths = tuple(p for p in args.paths.split(",") if p) if args.paths else None
    unknown = [p for p in paths or () if p not in PATHS + E2E_PATHS + OPTIONAL_PATHS]
    if unknown:
        parser.error(f"unknown path(s): {', '.join(unknown)}")
    measured = measure_all(translation_dir=args.translation_dir, summary_dir=args.summary_dir,
                           beams=args.beams, threads=args.threads, device=args.device,
                           summary=args.summary, end_to_end=args.end_to_end,
                           summary_beams=args.summary_beams, summary_cap=args.summary_cap,
                           articles=args.articles, paths=paths, rounds=args.rounds,
                           hypotheses=args.hypotheses,
                           progress=lambda p: print(f"running {p} ...", file=sys.stderr))
    data = report(**measured)
    print(json.dumps(data, indent=2) if args.json else format_table(data, measured["results"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
