"""`translate bench`: how fast is the tool, against plain transformers and bare CTranslate2?

All paths translate the same Dutch news text (`translate/data/bench_nl.txt`, 8 paragraphs,
40 sentences) with the same beam size, on random-weight models of the real checkpoints'
shapes (built once by `translate.synthetic`, cached under `<cache>/bench-models/`). Output
lengths are forced (`seams.BenchEngine`): every output is exactly as long as the
longest input of its batch, so every path does the same work whatever the random weights
would produce, and the numbers say what the real models would cost.

Paths (each in a fresh Python process, so peak RSS is its own and no path warms another;
one short warm-up call, excluded from the time, in every path):

- `naive_transformers`: what most scripts do: per paragraph, `tokenizer(paragraph)` and
  `model.generate(num_beams=N, min_new_tokens=L, max_new_tokens=L)` (L: its source length),
  batch 1, torch's default threads; the decode included.
- `tool`: the tool's own default path (backend auto = CTranslate2 int8 on CPU) through the
  pipeline functions: segmentation, tokenisation, batching, generation and decoding of the
  translation (model loading excluded). Translation only; `--summary` adds `tool_summary`.
- `torch`: the same with the torch backend.
- `raw_ctranslate2`: bare `translate_batch` calls on pre-tokenised sentences, same int8
  conversion, same batches and forced lengths as the tool: the ceiling.

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

PATHS = ("naive_transformers", "tool", "torch", "raw_ctranslate2")
SUMMARY_PATH = "tool_summary"
BENCH_TEXT = Path(__file__).resolve().parents[1] / "data" / "bench_nl.txt"
MODEL_SHAPES = {
    "translation": "opus-mt-nl-en-shape",
    "summary": "distilbart-cnn-12-6-shape",
}
LABELS = {
    "naive_transformers": "naive transformers (per paragraph, batch 1)",
    "tool": "tool (auto backend: ctranslate2), translation only",
    "torch": "tool, --backend torch, translation only",
    "raw_ctranslate2": "raw ctranslate2 translate_batch (ceiling)",
    SUMMARY_PATH: "tool summariser (auto backend): 1 article, 142-token summary",
}


class BenchError(Exception):
    """A bench path that failed; the message carries its error output."""


# --------------------------------------------------------------------------- inputs


def bench_text() -> str:
    return BENCH_TEXT.read_text(encoding="utf-8")


def bench_models(root: Path | None = None) -> tuple[Path, Path]:
    """Folders of random models with opus-mt-nl-en's and distilbart-cnn-12-6's shapes.

    Built once (about a minute) and kept under `<cache>/bench-models/`; a folder is built
    under a temporary name and renamed, so an interrupted build is never taken for a model.
    """
    from translate.bench.models import build_distilbart_shape, build_opus_shape
    from translate.backends.ct2_cache import cache_root

    root = root or cache_root() / "bench-models"
    builders = {"translation": build_opus_shape, "summary": build_distilbart_shape}
    folders = {}
    for role, name in MODEL_SHAPES.items():
        final = root / name
        if not (final / ".complete").is_file():
            root.mkdir(parents=True, exist_ok=True)
            temp = root / f".tmp-{name}-{os.getpid()}"
            import shutil

            shutil.rmtree(temp, ignore_errors=True)
            builders[role](temp)
            (temp / ".complete").write_text("built by translate.bench.models\n", encoding="utf-8")
            shutil.rmtree(final, ignore_errors=True)
            temp.rename(final)
        folders[role] = final
    return folders["translation"], folders["summary"]


def measure(path: str, translation_dir: Path, summary_dir: Path | None, text: str, beams: int,
            threads: int, device: str) -> dict[str, Any]:
    """Run one path in this process: seconds, decoding steps, peak RSS."""
    from translate.bench import paths

    if path == "tool":
        result = paths.tool(translation_dir, text, beams, threads, device, "auto")
    elif path == "torch":
        result = paths.tool(translation_dir, text, beams, threads, device, "torch")
    elif path == "naive_transformers":
        result = paths.naive(translation_dir, text, beams, threads, device)
    elif path == "raw_ctranslate2":
        result = paths.raw(translation_dir, text, beams, threads, device)
    elif path == SUMMARY_PATH:
        if summary_dir is None:
            raise BenchError("tool_summary needs a summary model")
        result = paths.summary(summary_dir, translation_dir, beams, threads, device)
    else:
        raise BenchError(f"unknown bench path {path!r}")
    result["peak_rss_mb"] = paths.peak_rss_mb()
    return result


def prepare(translation_dir: Path | None, summary_dir: Path | None, summary: bool,
            device: str) -> dict[str, Any]:
    """Build the models if needed and convert them, so no timed process pays for it."""
    from translate.bench.paths import model_key
    from translate.backends.ct2_cache import ensure_converted, resolve_compute_type
    from translate.backends import pick_device
    from translate.hf import default_num_beams

    if translation_dir is None or (summary and summary_dir is None):
        built = bench_models()
        translation_dir = translation_dir or built[0]
        summary_dir = summary_dir or built[1]
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
    paths: tuple[str, ...] = PATHS,
    rounds: int = 1,
    isolate: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run every path (`rounds` times, keeping each path's fastest round).

    `translation_dir`/`summary_dir` replace the full-shape bench models (tests pass tiny
    ones); `isolate=False` runs the paths in this process (faster, but peak RSS and warm
    caches are then shared: for tests only). Returns `report`'s arguments.
    """
    from translate.backends import thread_count

    text = text if text is not None else bench_text()
    todo = list(paths) + ([SUMMARY_PATH] if summary else [])
    common = []
    if isolate:
        prep_args = ["--prepare", "--device", device]
        if translation_dir:
            prep_args += ["--translation-dir", str(translation_dir)]
        if summary_dir:
            prep_args += ["--summary-dir", str(summary_dir)]
        if summary:
            prep_args.append("--summary")
        prepared = _child(prep_args)
    else:
        prepared = prepare(translation_dir, summary_dir, summary, device)
    translation_dir = Path(prepared["translation_dir"])
    summary_dir = Path(prepared["summary_dir"]) if prepared["summary_dir"] else None
    device = prepared["device"]
    beams = beams or prepared["default_beams"]
    text_file = None
    if isolate:
        import tempfile

        handle = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
        handle.write(text)
        handle.close()
        text_file = handle.name
        common = ["--translation-dir", str(translation_dir), "--beams", str(beams),
                  "--threads", str(threads), "--device", device, "--text", text_file]
        if summary_dir:
            common += ["--summary-dir", str(summary_dir)]

    results: dict[str, dict[str, Any]] = {}
    try:
        for round_ in range(max(1, rounds)):
            # Paths alternate within a round, so a burst of load elsewhere on the machine
            # does not hit one path in every round.
            for path in todo:
                if progress:
                    progress(path if rounds <= 1 else f"{path} (round {round_ + 1}/{rounds})")
                if isolate:
                    result = _child(["--path", path, *common])
                else:
                    result = measure(path, translation_dir, summary_dir, text, beams,
                                     threads, device)
                best = results.get(path)
                times = (best["all_seconds"] if best else []) + [result["seconds"]]
                if best is None or result["seconds"] < best["seconds"]:
                    if best is not None:
                        result["peak_rss_mb"] = max(result["peak_rss_mb"], best["peak_rss_mb"])
                    results[path] = best = result
                else:
                    best["peak_rss_mb"] = max(result["peak_rss_mb"], best["peak_rss_mb"])
                best["all_seconds"] = times
    finally:
        if text_file:
            os.unlink(text_file)
    return {"results": results, "beams": beams, "threads": thread_count(threads),
            "device": device}


def report(results: dict[str, dict[str, Any]], *, beams: int, threads: int,
           device: str) -> dict[str, Any]:
    """The machine-readable result (the JSON of `translate bench --json`)."""
    data: dict[str, Any] = {f"{path}_s": round(r["seconds"], 3) for path, r in results.items()}
    data["tokens_per_s"] = {p: round(r["tokens"] / r["seconds"], 1) for p, r in results.items()}
    data["peak_rss_mb"] = {p: round(r["peak_rss_mb"], 1) for p, r in results.items()}
    ratios = {}
    if "naive_transformers" in results and "tool" in results:
        ratios["naive_over_tool"] = round(
            results["naive_transformers"]["seconds"] / results["tool"]["seconds"], 2)
    if "tool" in results and "raw_ctranslate2" in results:
        ratios["tool_over_raw_ctranslate2"] = round(
            results["tool"]["seconds"] / results["raw_ctranslate2"]["seconds"], 3)
    data["ratios"] = ratios
    first = results.get("tool") or next(iter(results.values()))
    data["sentences"] = first["sentences"]
    data["beams"] = beams
    data["threads"] = threads
    data["device"] = device
    return data


def format_table(data: dict[str, Any], results: dict[str, dict[str, Any]] | None = None) -> str:
    """The result as a table for people; `results` (from `measure_all`) adds where the
    tool's time goes."""
    rows = [("path", "seconds", "tokens/s", "peak RSS MB")]
    for key, label in LABELS.items():
        if f"{key}_s" in data:
            rows.append((label, f"{data[f'{key}_s']:.2f}", f"{data['tokens_per_s'][key]:.0f}",
                         f"{data['peak_rss_mb'][key]:.0f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                  for i, cell in enumerate(row))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    ratios = data["ratios"]
    if "naive_over_tool" in ratios:
        lines.append(f"naive / tool: {ratios['naive_over_tool']:.1f}x faster")
    if "tool_over_raw_ctranslate2" in ratios:
        lines.append(f"tool / raw ctranslate2: {ratios['tool_over_raw_ctranslate2']:.3f} "
                     "(tool overhead over the ceiling)")
    for path, result in (results or {}).items():
        times = result.get("all_seconds", [])
        if len(times) > 1:
            lines.append(f"{path}: fastest of {len(times)} runs; all: "
                         + ", ".join(f"{t:.2f}" for t in times) + " s")
    for path in ("tool", "torch"):
        result = (results or {}).get(path)
        if result and "engine_s" in result:
            rest = result["seconds"] - result["engine_s"]
            lines.append(f"{path}: {result['engine_s']:.2f} s in the {result['backend']} engine, "
                         f"{rest:.2f} s ({100 * rest / result['seconds']:.1f}%) segmenting, "
                         "tokenising, batching and decoding")
    lines.append(f"{data['sentences']} sentences, beam {data['beams']}, {data['threads']} "
                 f"thread(s), {data['device']}; output lengths forced (same work on every path; "
                 "naive works per paragraph)")
    return "\n".join(lines)


# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m translate.bench")
    parser.add_argument("--path", choices=[*PATHS, SUMMARY_PATH])
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--translation-dir", type=Path)
    parser.add_argument("--summary-dir", type=Path)
    parser.add_argument("--summary", action="store_true")
    parser.add_argument("--beams", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--text", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--paths", default=",".join(PATHS),
                        help="comma-separated subset of: " + ", ".join(PATHS))
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
                         args.beams, args.threads, args.device)
        print(json.dumps(result))
        return 0
    paths = tuple(p for p in args.paths.split(",") if p)
    unknown = [p for p in paths if p not in PATHS]
    if unknown:
        parser.error(f"unknown path(s): {', '.join(unknown)}")
    measured = measure_all(translation_dir=args.translation_dir, summary_dir=args.summary_dir,
                           beams=args.beams, threads=args.threads, device=args.device,
                           summary=args.summary, paths=paths, rounds=args.rounds,
                           progress=lambda p: print(f"running {p} ...", file=sys.stderr))
    data = report(**measured)
    print(json.dumps(data, indent=2) if args.json else format_table(data, measured["results"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
