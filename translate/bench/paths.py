"""The timed paths of `translate bench`, each run in a process of its own by the runner.

- `naive`: what most scripts do: per paragraph, `tokenizer(paragraph)` and
  `model.generate(num_beams=N, min_new_tokens=L, max_new_tokens=L)` (L: its source length),
  batch 1, torch's default threads; the decode included.
- `tool`: the tool's own path (segmentation, memory-less translation step, batching,
  generation, decoding) through `ModelSession`, its engines wrapped by `seams.BenchEngine`
  so output lengths are forced and the time inside the engine is counted.
- `raw`: bare `translate_batch` calls on pre-tokenised sentences: the very batches the
  tool asks its engine for (recorded by `seams.PlanEngine`), with its conversion, settings
  (`ct2_options`), threads, batches at once and forced lengths: the ceiling.
- `summary`: the tool's summariser on realistic English text, every summary forced to the
  summariser's length cap.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import Any

import translate.bench.seams as seams

SUMMARY_TEXT = Path(__file__).resolve().parents[1] / "data" / "corpus_en.txt"


def paragraphs_of(text: str) -> list[str]:
    """The blank-line separated paragraphs of `text`, whitespace collapsed."""
    return [" ".join(block.split()) for block in re.split(r"\n[ \t]*\n", text) if block.strip()]


def bench_config(translation_dir: Path, summary_dir: Path | None, backend: str, beams: int,
                 threads: int, hypotheses: int = 0):
    from translate.config import Config

    config = Config()
    config.models.translation = str(translation_dir)
    if summary_dir is not None:
        config.models.summary = str(summary_dir)
    config.summary.enabled = summary_dir is not None
    config.translation.backend = backend
    config.translation.num_beams = beams
    config.summary.num_beams = 0
    # The n best per sentence and per summary chunk (0: the tool's default).
    config.translation.num_hypotheses = hypotheses
    config.summary.num_hypotheses = hypotheses
    config.runtime.threads = threads
    return config


def article_of(text: str):
    from translate.inputs.textfile import parse_article

    return parse_article(text.encode("utf-8"), Path("bench_nl.txt"), Path("bench_nl.txt"))


def forced_steps(lengths: list[int], batch_tokens: int, max_batch_size: int,
                 parallel: int = 1) -> int:
    """Decoding steps of all outputs when each is forced to its batch's longest input."""
    from translate.models.generation import plan_batches

    return sum(max(lengths[i] for i in batch) * len(batch)
               for batch in plan_batches(lengths, batch_tokens, max_batch_size, parallel))


def peak_rss_mb() -> float:
    """This process's peak RSS. `VmHWM` where Linux has it: `ru_maxrss` also counts the
    parent's memory at fork, which a large parent (one that built a model) would inflate."""
    import resource

    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


def ct2_options(folder: Path) -> dict[str, Any]:
    """The `translate_batch` keywords the tool's CTranslate2 engine passes for the model in
    `folder` (besides beam size and lengths), so the bare path does the same work."""
    from translate.models.backends.ct2_engine import CALL_OPTIONS, decoding_options

    return {**CALL_OPTIONS, **decoding_options(folder)}


def ct2_translator(folder: Path, role: str, device: str, threads: int):
    """A bare `ctranslate2.Translator` on the tool's cached conversion of `folder`, with the
    tool's compute type and threads (batches at once, threads per batch)."""
    import ctranslate2

    from translate.models.backends import split_threads
    from translate.models.backends.ct2_cache import ensure_converted, resolve_compute_type

    compute_type = resolve_compute_type("auto", device)
    model_dir = ensure_converted(folder, compute_type, model_key(folder, role))
    inter, intra = split_threads(threads, device)
    return ctranslate2.Translator(str(model_dir), device=device, compute_type=compute_type,
                                  inter_threads=inter, intra_threads=intra)


# (source tokens of a batch, forced length, beams, hypotheses returned per input)
Call = tuple[list[list[str]], int, int, int]


def planned(plan: seams.PlanEngine, tokenizer) -> list[Call]:
    """The batches the tool asked its engine for, pre-tokenised for `translate_batch`."""
    return [([tokenizer.convert_ids_to_tokens(ids) for ids in batch], length, beams, hypotheses)
            for batch, length, beams, hypotheses in plan.calls]


def replay(model, calls: list[Call], options: dict[str, Any],
           prefix: list[str] | None = None) -> None:
    """Bare `translate_batch` on every call, all submitted at once: CTranslate2 runs as many
    at a time as the translator's `inter_threads`, as the tool does."""
    pending = [
        model.translate_batch(batch, beam_size=beams, max_decoding_length=length,
                              min_decoding_length=length, asynchronous=True,
                              num_hypotheses=max(1, min(hypotheses, beams)),
                              target_prefix=[prefix] * len(batch) if prefix else None,
                              **options)
        for batch, length, beams, hypotheses in calls
    ]
    for results in pending:
        for result in results:
            result.result()


def model_key(model_dir: Path, role: str = "translation") -> str:
    # As ModelSession builds it, so the raw path reuses the tool's conversion.
    from translate.config import ModelsConfig

    revision = getattr(ModelsConfig(), f"{role}_revision")
    return f"{model_dir}@{revision}"


def tool(translation_dir, text, beams, threads, device, backend, *, checked: bool = False,
         hypotheses: int = 0) -> dict[str, Any]:
    """The tool's translation step; `checked` adds the quality step, where the written
    hypothesis is chosen among the engine's `hypotheses` best (0: the tool's default)."""
    from translate.checks.quality import assess
    from translate.text.segment import segment_article
    from translate.run.session import ModelSession
    from translate.run.translation import RememberingTranslator, translate_articles

    engines: list[seams.BenchEngine] = []
    config = bench_config(translation_dir, None, backend, beams, threads, hypotheses)
    session = ModelSession(config, device,
                           engine_wrapper=seams.wrapper(seams.to_longest_input, engines))
    translator = session.translator  # model loading: not timed
    step = RememberingTranslator(translator, None, session.config.translation_fingerprint())
    warm = article_of(text)
    segment_article(warm, translator.count_tokens, translator.max_input_tokens)
    warm.paragraphs = warm.paragraphs[:1]
    if not checked:
        warm.paragraphs[0].sentences = warm.paragraphs[0].sentences[:1]
    translate_articles([warm], step)  # warm-up: not timed
    if checked:
        # A paragraph: py3langid and the name dictionaries load here, not in the timing.
        assess([warm], config.quality, margin=config.translation.hypothesis_margin)
    engine = engines[0]
    engine.seconds = 0.0

    article = article_of(text)
    started, cpu = time.perf_counter(), time.process_time()
    segment_article(article, translator.count_tokens, translator.max_input_tokens)
    translate_articles([article], step)
    if checked:
        assess([article], config.quality, margin=config.translation.hypothesis_margin)
    seconds = time.perf_counter() - started
    # CPU seconds of every thread of this process: what the work cost, less moved than the
    # wall time by other processes on a shared machine.
    cpu = time.process_time() - cpu

    sentences = [s.nl for s in article.sentences()]
    assert all(s.en is not None for s in article.sentences())
    lengths = [len(ids) for ids in translator.encode(sentences)]
    return {
        "seconds": seconds,
        "tokens": forced_steps(lengths, translator.batch_tokens, translator.max_batch_size,
                               engine.parallel),
        "sentences": len(sentences),
        "beams": translator.num_beams,
        "hypotheses": translator.num_hypotheses,
        "chosen": sum(1 for s in article.sentences() if s.hypothesis),
        "backend": engine.name,
        "device": engine.device,
        "engine_s": engine.seconds,
        "cpu_s": cpu,
    }


def naive(translation_dir, text, beams, threads, device) -> dict[str, Any]:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from translate.models.hf import default_num_beams

    beams = beams or default_num_beams(translation_dir)
    tokenizer = AutoTokenizer.from_pretrained(str(translation_dir))
    model = AutoModelForSeq2SeqLM.from_pretrained(str(translation_dir)).to(device)
    paragraphs = paragraphs_of(text)

    def translate(paragraph: str) -> tuple[str, int]:
        inputs = tokenizer(paragraph, return_tensors="pt").to(device)
        length = inputs["input_ids"].shape[1]
        output = model.generate(**inputs, num_beams=beams, min_new_tokens=length,
                                max_new_tokens=length)
        return tokenizer.decode(output[0], skip_special_tokens=True), length

    translate(paragraphs[0].split(". ")[0])  # warm-up: not timed
    started = time.perf_counter()
    steps = sum(translate(paragraph)[1] for paragraph in paragraphs)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "tokens": steps, "sentences": len(paragraphs), "beams": beams,
            "backend": "transformers", "device": device, "torch_threads": torch.get_num_threads()}


def raw(translation_dir, text, beams, threads, device) -> dict[str, Any]:
    from translate.models.backends import split_threads
    from translate.text.segment import segment_article
    from translate.run.translation import RememberingTranslator, translate_articles
    from translate.models.translator import Translator

    # The tool's own segmentation, tokenising and batch plan, its engine replaced by one
    # that records the batches (not timed): the same calls, then made bare.
    config = bench_config(translation_dir, None, "auto", beams, threads)
    parallel, _ = split_threads(threads, device)
    plan = seams.PlanEngine(device, parallel, seams.to_longest_input)
    translator = Translator(translation_dir, plan, config.translation)
    article = article_of(text)
    segment_article(article, translator.count_tokens, translator.max_input_tokens)
    translate_articles([article], RememberingTranslator(translator, None,
                                                        config.translation_fingerprint()))
    calls = planned(plan, translator.tokenizer)

    model = ct2_translator(translation_dir, "translation", device, threads)
    options = ct2_options(translation_dir)
    last, _, beams_used, hypotheses = calls[-1]
    replay(model, [([last[0]], len(last[0]), beams_used, hypotheses)], options)  # warm-up
    started = time.perf_counter()
    replay(model, calls, options)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "tokens": sum(len(call[0]) * call[1] for call in calls),
            "sentences": sum(len(call[0]) for call in calls), "beams": beams_used,
            "backend": "ctranslate2", "device": device, "batches": len(calls)}


def summary(summary_dir, translation_dir, beams, threads, device) -> dict[str, Any]:
    from translate.run.session import ModelSession

    engines: list[seams.BenchEngine] = []
    config = bench_config(translation_dir, summary_dir, "auto", 0, threads)
    # Forcing a summary as long as its input would be no summary at all: every chunk's
    # summary is forced to the summariser's cap instead (142 tokens).
    session = ModelSession(config, device, engine_wrapper=seams.wrapper(seams.to_cap, engines))
    summarizer = session.summarizer  # not timed
    lines = [line.strip() for line in SUMMARY_TEXT.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    summarizer.summarize([lines[:2]])  # warm-up: not timed
    started = time.perf_counter()
    summarizer.summarize([lines])
    seconds = time.perf_counter() - started
    chunks = summarizer.article_chunks(lines)
    cap = min(summarizer.settings.max_summary_tokens, summarizer.max_input_tokens)
    return {"seconds": seconds, "tokens": cap * len(chunks), "chunks": len(chunks),
            "sentences": len(lines), "beams": summarizer.num_beams,
            "backend": engines[0].name, "device": engines[0].device}
