"""The timed paths of `translate bench --end-to-end`: whole articles, both models.

The articles are the project's own (`translate/data/articles/*.nl.txt`), each with an
English counterpart (`*.en.txt`) laid out paragraph for paragraph and sentence for sentence
like the Dutch. With random weights a model's output says nothing, so the counterparts
stand in for what the real models would produce:

- every translation batch is forced to the token length of the longest English
  counterpart of its sentences (`seams.to_counterpart`), so decoding runs as long as a real
  translation would;
- the summariser reads the English counterpart (not the random translation, which would
  run every sentence to its length cap), and every summary is forced to the length the
  product allows (`seams.to_cap`: 142 tokens on a full chunk).

Paths (each run in its own process by the runner; model loading and one short warm-up
excluded from the time):

- `e2e_naive`: what a script does: per article, per paragraph `model.generate` (batch 1,
  plain transformers, torch's default threads), then `generate` once on the article's
  English (cut at the model's 1,024 tokens, as scripts do), same beams and forced lengths.
- `e2e_tool`: the tool: parse, segment, translate, decode, summarise (chunks, bullets),
  the pipeline's own functions, both models through `ModelSession`.
- `e2e_raw_ctranslate2`: bare `translate_batch` on both models, pre-tokenised inputs: the
  very batches the tool asks its engines for (recorded by `seams.PlanEngine`), with its
  settings, threads, batches at once and forced lengths: the ceiling.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import translate.bench.paths as paths
import translate.bench.seams as seams
from translate.bench.paths import article_of, bench_config, ct2_options, ct2_translator

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


@dataclass
class BenchArticle:
    """One Dutch article and its English counterpart, sentence for sentence."""

    name: str
    nl: str
    en: str

    def english(self) -> list[list[str]]:
        """The counterpart's sentences, per paragraph (a heading is one unit)."""
        from translate.text.segment import split_sentences

        return [[" ".join(p.nl.split())] if p.heading else split_sentences(p.nl)
                for p in article_of(self.en).paragraphs]


def bench_articles(limit: int = 0, folder: Path = ARTICLES) -> list[BenchArticle]:
    """The shipped articles (the first `limit` of them when `limit` > 0)."""
    found = []
    for nl in sorted(folder.glob("*.nl.txt")):
        en = nl.with_name(nl.name[: -len(".nl.txt")] + ".en.txt")
        found.append(BenchArticle(nl.name[: -len(".nl.txt")], nl.read_text(encoding="utf-8"),
                                  en.read_text(encoding="utf-8")))
    return found[:limit] if limit > 0 else found


def counterparts(article, english: list[list[str]]) -> list[tuple[Any, str]]:
    """(Dutch `Sentence`, English sentence) pairs of a segmented article, paragraph by
    paragraph; a paragraph the segmenter split differently pairs as far as it goes."""
    pairs = []
    for paragraph, sentences in zip(article.paragraphs, english):
        pairs.extend(zip(paragraph.sentences, sentences))
    return pairs


def segmented(articles: list[BenchArticle], translator) -> list:
    from translate.text.segment import segment_article

    parsed = [article_of(a.nl) for a in articles]
    for article in parsed:
        segment_article(article, translator.count_tokens, translator.max_input_tokens)
    return parsed


def target_length(tokenizer, text: str) -> int:
    """Tokens of `text` on the target side (the EOS included), as the model would emit it."""
    return len(tokenizer(text_target=text)["input_ids"])


def forced_lengths(articles: list[BenchArticle], translator) -> dict[tuple[int, ...], int]:
    """Source ids of every Dutch sentence (as the translator encodes it) -> its English
    counterpart's length."""
    from translate.run.state import normalise_sentence

    table: dict[tuple[int, ...], int] = {}
    for bench_article, article in zip(articles, segmented(articles, translator)):
        for sentence, english in counterparts(article, bench_article.english()):
            ids = translator.encode([normalise_sentence(sentence.nl)])[0]
            table[tuple(ids)] = target_length(translator.tokenizer, english)
    return table


def with_counterparts(parsed: list, english: list[list[list[str]]]) -> None:
    """Put the English counterparts (`BenchArticle.english()` of each article) where the
    random translation is, for the summariser."""
    for article, sentences in zip(parsed, english):
        for sentence, counterpart in counterparts(article, sentences):
            sentence.en = counterpart


def summary_texts(parsed: list) -> list[list[str]]:
    """What `summarise_articles` gives the summariser: each article's English body."""
    return [[s.en for p in a.paragraphs if not p.heading for s in p.sentences if s.en]
            or [s.en for s in a.sentences() if s.en] for a in parsed]


def summary_config(config, summary_beams: int, summary_cap: int):
    config.summary.num_beams = summary_beams
    if summary_cap:
        config.summary.max_summary_tokens = summary_cap
    return config


def e2e_tool(translation_dir, summary_dir, beams, threads, device, *, summary_beams=0,
             summary_cap=0, limit=0, hypotheses=0) -> dict[str, Any]:
    """The tool's model steps on whole articles: translate, the quality step (the choice
    among the `hypotheses` best, 0: the tool's default), summarise (chunk summaries chosen by
    the bullet check)."""
    from translate.checks.quality import assess, bullet_flags
    from translate.text.segment import segment_article
    from translate.run.session import ModelSession
    from translate.models.summarizer import summarise_articles
    from translate.run.translation import RememberingTranslator, translate_articles

    articles = bench_articles(limit)
    config = summary_config(bench_config(translation_dir, summary_dir, "auto", beams, threads,
                                         hypotheses), summary_beams, summary_cap)
    lengths: dict[tuple[int, ...], int] = {}
    engines: list[seams.BenchEngine] = []
    session = ModelSession(config, device,
                           engine_wrapper=seams.wrapper(seams.to_counterpart(lengths), engines))
    translator = session.translator  # loading: not timed
    session.engine_wrapper = seams.wrapper(seams.to_cap, engines)
    summarizer = session.summarizer
    lengths.update(forced_lengths(articles, translator))
    translator.translate(["Het regent."])  # warm-up: not timed
    summarizer.summarize([["It rains in Amsterdam.", "The train is not running."]],
                         check=bullet_flags)
    warm = article_of("Minister De Vries zei dinsdag in Den Haag dat het 12 dagen regent.")
    segment_article(warm, translator.count_tokens, translator.max_input_tokens)
    translate_articles([warm], RememberingTranslator(translator, None, "warm-up"))
    # py3langid and the name dictionaries load here, not in the timing.
    assess([warm], config.quality, margin=config.translation.hypothesis_margin)
    for engine in engines:
        engine.seconds = 0.0
    english = [a.english() for a in articles]  # the counterparts, segmented: not timed

    step = RememberingTranslator(translator, None, config.translation_fingerprint())
    started, cpu = time.perf_counter(), time.process_time()
    parsed = [article_of(a.nl) for a in articles]
    for article in parsed:
        segment_article(article, translator.count_tokens, translator.max_input_tokens)
    translate_articles(parsed, step)
    # The random model's English is flagged far more often than a real model's: the
    # choice's checks run on more alternatives than they would in a real run.
    assess(parsed, config.quality, margin=config.translation.hypothesis_margin)
    translated = time.perf_counter()
    with_counterparts(parsed, english)
    summarise_articles(parsed, summarizer, check=bullet_flags)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu  # every thread of this process

    assert all(a.summary for a in parsed)
    _, inputs = summarizer.inputs(summary_texts(parsed))
    return {
        "seconds": seconds, "cpu_s": cpu, "articles": len(parsed),
        "sentences": sum(len(a.sentences()) for a in parsed), "summary_chunks": len(inputs),
        "beams": translator.num_beams, "summary_beams": summarizer.num_beams,
        "summary_cap": summarizer.settings.max_summary_tokens,
        "translate_s": translated - started, "summarise_s": seconds - (translated - started),
        "translation_engine_s": engines[0].seconds, "summary_engine_s": engines[1].seconds,
        "backend": engines[0].name, "device": engines[0].device,
    }


def e2e_tool_best_only(translation_dir, summary_dir, beams, threads, device, **options
                       ) -> dict[str, Any]:
    """`e2e_tool` with one hypothesis per sentence and per summary chunk (no choice)."""
    return e2e_tool(translation_dir, summary_dir, beams, threads, device, **options,
                    hypotheses=1)


def e2e_raw(translation_dir, summary_dir, beams, threads, device, *, summary_beams=0,
            summary_cap=0, limit=0) -> dict[str, Any]:
    from translate.models.backends import split_threads
    from translate.checks.quality import bullet_flags
    from translate.models.hf import generation_settings
    from translate.models.summarizer import Summarizer, summarise_articles
    from translate.run.translation import RememberingTranslator, translate_articles
    from translate.models.translator import Translator

    articles = bench_articles(limit)
    config = summary_config(bench_config(translation_dir, summary_dir, "auto", beams, threads),
                            summary_beams, summary_cap)
    # The tool's own steps (segment, translate, summarise) on engines that only record the
    # batches they are asked for (not timed): the tool's batches, then made bare.
    parallel, _ = split_threads(threads, device)
    lengths: dict[tuple[int, ...], int] = {}
    translation_plan = seams.PlanEngine(device, parallel, seams.to_counterpart(lengths))
    summary_plan = seams.PlanEngine(device, parallel, seams.to_cap)
    translator = Translator(translation_dir, translation_plan, config.translation)
    summarizer = Summarizer(summary_dir, summary_plan, config.summary)
    lengths.update(forced_lengths(articles, translator))
    parsed = segmented(articles, translator)
    translate_articles(parsed, RememberingTranslator(translator, None,
                                                     config.translation_fingerprint()))
    with_counterparts(parsed, [a.english() for a in articles])
    # With the check, as the tool: the summariser then asks for its n best.
    summarise_articles(parsed, summarizer, check=bullet_flags)
    translation_calls = paths.planned(translation_plan, translator.tokenizer)
    summary_calls = paths.planned(summary_plan, summarizer.tokenizer)
    bos = generation_settings(summary_dir).get("forced_bos_token_id")
    prefix = summarizer.tokenizer.convert_ids_to_tokens([bos]) if bos is not None else None

    translation = ct2_translator(translation_dir, "translation", device, threads)
    summary = ct2_translator(summary_dir, "summary", device, threads)
    t_options, s_options = ct2_options(translation_dir), ct2_options(summary_dir)
    first, _, t_beams, t_hypotheses = translation_calls[-1]
    paths.replay(translation, [([first[0]], 4, t_beams, t_hypotheses)], t_options)  # warm-up
    chunk, _, s_beams, s_hypotheses = summary_calls[0]
    paths.replay(summary, [([chunk[0][:16]], 8, s_beams, s_hypotheses)], s_options, prefix)
    started = time.perf_counter()
    paths.replay(translation, translation_calls, t_options)
    translated = time.perf_counter()
    paths.replay(summary, summary_calls, s_options, prefix)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds, "articles": len(articles),
        "sentences": sum(len(call[0]) for call in translation_calls),
        "summary_chunks": sum(len(call[0]) for call in summary_calls),
        "beams": t_beams, "summary_beams": s_beams,
        "translate_s": translated - started, "summarise_s": seconds - (translated - started),
        "batches": len(translation_calls), "summary_batches": len(summary_calls),
        "backend": "ctranslate2", "device": device,
    }


def e2e_naive(translation_dir, summary_dir, beams, threads, device, *, summary_beams=0,
              summary_cap=0, limit=0) -> dict[str, Any]:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from translate.bench.paths import paragraphs_of
    from translate.config import SummaryConfig
    from translate.models.hf import default_num_beams

    articles = bench_articles(limit)
    beams = beams or default_num_beams(translation_dir)
    summary_beams = summary_beams or default_num_beams(summary_dir)
    cap = summary_cap or SummaryConfig().max_summary_tokens
    tokenizer = AutoTokenizer.from_pretrained(str(translation_dir))
    model = AutoModelForSeq2SeqLM.from_pretrained(str(translation_dir)).to(device)
    summary_tokenizer = AutoTokenizer.from_pretrained(str(summary_dir))
    summary_model = AutoModelForSeq2SeqLM.from_pretrained(str(summary_dir)).to(device)
    positions = summary_model.config.max_position_embeddings
    cap = min(cap, positions - 2)  # a tiny test model has few positions

    def generate(model, inputs, length: int, num_beams: int):
        return model.generate(**inputs, num_beams=num_beams, min_new_tokens=length,
                              max_new_tokens=length)

    def one(article: BenchArticle) -> tuple[list[str], str]:
        english = []
        for nl, en in zip(paragraphs_of(article.nl), paragraphs_of(article.en)):
            inputs = tokenizer(nl, return_tensors="pt").to(device)
            output = generate(model, inputs, target_length(tokenizer, en), beams)
            english.append(tokenizer.decode(output[0], skip_special_tokens=True))
        # The summariser reads the counterpart, as on the other paths.
        body = " ".join(paragraphs_of(article.en))
        inputs = summary_tokenizer(body, return_tensors="pt", truncation=True,
                                   max_length=positions)
        output = generate(summary_model, inputs, cap, summary_beams)
        return english, summary_tokenizer.decode(output[0], skip_special_tokens=True)

    with torch.inference_mode():
        inputs = tokenizer("Het regent.", return_tensors="pt").to(device)
        generate(model, inputs, 4, beams)  # warm-up: not timed
        started = time.perf_counter()
        for article in articles:
            one(article)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "articles": len(articles),
            "sentences": sum(len(s) for a in articles for s in a.english()),
            "summary_chunks": len(articles), "beams": beams, "summary_beams": summary_beams,
            "backend": "transformers", "device": device, "torch_threads": torch.get_num_threads()}
