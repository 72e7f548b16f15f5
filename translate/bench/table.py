"""What `translate bench` prints: the medians and ratios of the measured rounds, as a table
for a person or as JSON (`--json`)."""

from __future__ import annotations

import statistics
from typing import Any

SUMMARY_PATH = "tool_summary"
E2E_PATHS = ("e2e_naive", "e2e_tool", "e2e_raw_ctranslate2")
E2E_HYPOTHESIS_PATHS = ("e2e_tool_best_only",)

RATIOS = {
    "naive_over_tool": ("naive_transformers", "tool"),
    "tool_over_raw_ctranslate2": ("tool", "raw_ctranslate2"),
    "e2e_naive_over_tool": ("e2e_naive", "e2e_tool"),
    "e2e_tool_over_raw_ctranslate2": ("e2e_tool", "e2e_raw_ctranslate2"),
    "checked_over_best_only": ("checked", "checked_best_only"),
    "checked_torch_over_best_only": ("checked_torch", "checked_torch_best_only"),
    "e2e_tool_over_best_only": ("e2e_tool", "e2e_tool_best_only"),
}
LABELS = {
    "naive_transformers": "naive transformers (per paragraph, batch 1)",
    "tool": "tool (auto backend: ctranslate2), translation only",
    "torch": "tool, --backend torch, translation only",
    "raw_ctranslate2": "raw ctranslate2 translate_batch (ceiling)",
    "checked": "tool + quality step, n best (n = beam), choice",
    "checked_best_only": "tool + quality step, num_hypotheses = 1",
    "checked_torch": "tool + quality step on torch, n best (n = beam), choice",
    "checked_torch_best_only": "tool + quality step on torch, num_hypotheses = 1",
    SUMMARY_PATH: "tool summariser (auto backend): 1 article, 142-token summary",
    "e2e_naive": "naive transformers (per paragraph, then per article; batch 1)",
    "e2e_tool": "tool (auto backend: ctranslate2 int8), both models",
    "e2e_tool_best_only": "tool, both models, num_hypotheses = 1",
    "e2e_raw_ctranslate2": "raw ctranslate2 translate_batch, both models (ceiling)",
}



def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _round_ratios(results: dict[str, list[dict[str, Any]]], key: str = "seconds"
                  ) -> dict[str, list[float]]:
    """Each ratio of `RATIOS` whose paths both ran (and measured `key`), per round (A/B of
    the same round)."""
    ratios = {}
    for name, (top, bottom) in RATIOS.items():
        if top in results and bottom in results:
            pairs = zip(results[top], results[bottom])
            ratios[name] = [a[key] / b[key] for a, b in pairs
                            if key in a and key in b and b[key] > 0]
    return {name: values for name, values in ratios.items() if values}


def report(results: dict[str, list[dict[str, Any]]], *, beams: int, threads: int,
           device: str) -> dict[str, Any]:
    """The machine-readable result (the JSON of `translate bench --json`): each path's
    median seconds, the median of the per-round ratios, and every round's figures."""
    seconds = {path: [r["seconds"] for r in runs] for path, runs in results.items() if runs}
    median = {path: _median(times) for path, times in seconds.items()}
    per_round = _round_ratios(results)
    end_to_end = any(path in E2E_PATHS or path in E2E_HYPOTHESIS_PATHS for path in seconds)
    data: dict[str, Any] = {f"{path}_s": round(median[path], 3) for path in seconds}
    if not end_to_end:
        data["tokens_per_s"] = {
            path: round(_median([r["tokens"] for r in results[path]]) / median[path], 1)
            for path in seconds}
    data["peak_rss_mb"] = {path: round(max(r["peak_rss_mb"] for r in results[path]), 1)
                           for path in seconds}
    data["ratios"] = {name: round(_median(values), 3) for name, values in per_round.items()}
    data["ratios_per_round"] = {name: [round(v, 3) for v in values]
                                for name, values in per_round.items()}
    # The same ratios in CPU seconds (paths that measure them): what the work costs, less
    # moved than wall time by whatever else the machine runs.
    cpu_round = _round_ratios(results, "cpu_s")
    if cpu_round:
        data["cpu_ratios"] = {name: round(_median(values), 3) for name, values in cpu_round.items()}
        data["cpu_ratios_per_round"] = {name: [round(v, 3) for v in values]
                                        for name, values in cpu_round.items()}
    data["seconds_per_round"] = {path: [round(t, 3) for t in times]
                                 for path, times in seconds.items()}
    data["rounds"] = max(len(times) for times in seconds.values())
    first = results.get("e2e_tool" if end_to_end else "tool") or next(iter(results.values()))
    first = first[0]
    if end_to_end:
        tool = "e2e_tool" if "e2e_tool" in median else next(iter(median))
        data["e2e_articles"] = first["articles"]
        data["articles_per_hour"] = round(3600 * first["articles"] / median[tool], 1)
        data["summary_chunks"] = first["summary_chunks"]
        data["summary_beams"] = first["summary_beams"]
        data["split_s"] = {
            path: {part: round(_median([r[part] for r in results[path]]), 3)
                   for part in ("translate_s", "summarise_s")}
            for path in seconds if "translate_s" in results[path][0]}
    data["sentences"] = first["sentences"]
    data["beams"] = beams
    data["threads"] = threads
    data["device"] = device
    return data


def format_table(data: dict[str, Any], results: dict[str, list[dict[str, Any]]] | None = None
                 ) -> str:
    """The result as a table for people; `results` (from `measure_all`) adds where the
    tool's time goes."""
    end_to_end = "e2e_articles" in data
    rows = [("path", "median s", "min-max s", "articles/h" if end_to_end else "tokens/s",
             "peak RSS MB")]
    for key, label in LABELS.items():
        if f"{key}_s" not in data:
            continue
        times = data["seconds_per_round"][key]
        rate = (3600 * data["e2e_articles"] / data[f"{key}_s"] if end_to_end
                else data["tokens_per_s"][key])
        rows.append((label, f"{data[f'{key}_s']:.2f}", f"{min(times):.2f}-{max(times):.2f}",
                     f"{rate:.0f}", f"{data['peak_rss_mb'][key]:.0f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                       for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for name, value in data["ratios"].items():
        top, bottom = RATIOS[name]
        spread = data["ratios_per_round"][name]
        lines.append(f"{top} / {bottom}: {value:.3f} (median of {len(spread)} per-round "
                     f"ratio(s); spread {min(spread):.3f}-{max(spread):.3f})")
    for name, value in data.get("cpu_ratios", {}).items():
        top, bottom = RATIOS[name]
        spread = data["cpu_ratios_per_round"][name]
        lines.append(f"{top} / {bottom} in CPU seconds: {value:.3f} (spread "
                     f"{min(spread):.3f}-{max(spread):.3f})")
    for path, runs in (results or {}).items():
        run = runs[0] if runs else {}
        if "engine_s" in run:
            engine = _median([r["engine_s"] for r in runs])
            total = _median([r["seconds"] for r in runs])
            rest = total - engine
            lines.append(f"{path}: {engine:.2f} s in the {run['backend']} engine, "
                         f"{rest:.2f} s ({100 * rest / total:.1f}%) segmenting, "
                         "tokenising, batching and decoding (medians)")
    for path, split in data.get("split_s", {}).items():
        lines.append(f"{path}: translation {split['translate_s']:.2f} s, "
                     f"summaries {split['summarise_s']:.2f} s (medians)")
    if end_to_end:
        lines.append(f"{data['e2e_articles']} articles, {data['sentences']} sentences, "
                     f"{data['summary_chunks']} summary chunk(s); beams {data['beams']} "
                     f"(translation) and {data['summary_beams']} (summary), "
                     f"{data['threads']} thread(s), {data['device']}; output lengths forced to "
                     "the English counterparts' and the summary cap; loading excluded")
    else:
        lines.append(f"{data['sentences']} sentences, beam {data['beams']}, {data['threads']} "
                     f"thread(s), {data['device']}; output lengths forced (same work on every "
                     "path; naive works per paragraph)")
    return "\n".join(lines)


# Ratio name -> (numerator path, denominator path); each is the median of per-round ratios.
