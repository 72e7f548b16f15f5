"""The machine record (`<stem>.json`): its one owner — built here, read here, checked here.

The record pairs every Dutch sentence with its English and says what produced it (the
`Provenance`: models with revisions and the options actually used, the settings
fingerprints, the tool version), the way a sacrebleu signature travels with a score. The
keys are the DESIGN.md contract. The state database is a cache of what the records hold:
`memory_pairs` is what a rebuild puts back into the sentence memory. Each sentence pair
carries its `score` and `flags`, the record its `quality` object (`quality.py` computes
them; this module only lays them out).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from translate.files import read_record
from translate.inputs.parts import READER_VERSION, blocks_of
from translate.text.article import Article, Sentence, Translated
from translate.checks.quality import summary as quality_summary


@dataclass(frozen=True)
class Provenance:
    """What produced a translation: the settings fingerprints, the models and the tool."""

    fingerprint: str                      # everything that shapes an article's outputs
    translation_fingerprint: str          # what shapes one sentence's translation
    tool_version: str
    models: list[dict[str, Any]] = field(default_factory=list)


def build_record(article: Article, provenance: Provenance, seconds: float) -> dict[str, Any]:
    """The record of a translated article, as written to `<stem>.json`."""
    return {
        "source": article.name or article.rel.as_posix(),
        "format": article.format,
        "sha256": article.sha256,
        "date": article.date,
        "header": article.header,
        # Every part of every source block, in source order (`inputs.parts`).
        "reader": READER_VERSION,
        **({"metadata": dict(article.metadata)} if article.metadata else {}),
        "paragraphs": [
            {
                "nl": p.nl,
                "en": p.en,
                "heading": p.heading,
                "kind": p.kind,
                "block": block,
                "space": p.space,
                "sentences": [sentence_entry(s) for s in p.sentences],
            }
            for block, parts in enumerate(blocks_of(article.paragraphs)) for p in parts
        ],
        "summary": list(article.summary),
        "summary_checks": [dict(check) for check in article.summary_checks],
        "glossary": list(article.glossary),
        "quality": quality_summary(article),
        "models": provenance.models,
        "tool_version": provenance.tool_version,
        "seconds": round(seconds, 3),
        "fingerprint": provenance.fingerprint,
        "translation_fingerprint": provenance.translation_fingerprint,
    }


def sentence_entry(sentence: Sentence) -> dict[str, Any]:
    """One `{nl, en, score, flags}` pair; `hypothesis` ({index, of, why, best_score}) only
    when another hypothesis than the engine's best was written (`choice.py`); `score` is
    always that of the English written."""
    entry: dict[str, Any] = {
        "nl": sentence.nl, "en": sentence.en,
        "score": round(sentence.score, 4) if sentence.score is not None else None,
        "flags": list(sentence.flags)}
    if sentence.hypothesis:
        entry["hypothesis"] = dict(sentence.hypothesis)
    return entry


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def outputs_intact(paths: list[Path], record_path: Path, sha256: str,
                   current: Callable[[dict[str, Any]], bool] | None = None) -> bool:
    """True when every output file is non-empty and the record describes these input bytes
    (and, with `current`, passes it: e.g. the glossary terms it lists still apply)."""
    try:
        if any(p.stat().st_size == 0 for p in paths):
            return False
    except OSError:
        return False
    record = read_record(record_path)
    return record is not None and record.get("sha256") == sha256 and (
        current is None or current(record))


def memory_pairs(record: dict[str, Any]) -> list[tuple[str, Translated]]:
    """The (Dutch, translation) sentence pairs of a record, for the sentence memory.

    A sentence without a score (a record written before scores existed) is left out: the
    memory must not answer without one. `capped` is not in the record; a sentence flagged
    `repetition` is taken as capped (the flag then stays, as it would have). The sentences
    of an English article copied through are left out (the model never said them), and so
    is a sentence written from another hypothesis than the best (`hypothesis`): the memory
    keeps the engine's best with its alternatives, which the record does not hold, so the
    model says it again. A rebuilt sentence counts as asked for one hypothesis.
    Raises ValueError for a record whose sentences are not laid out as `build_record`
    writes them."""
    quality = record.get("quality")
    if isinstance(quality, dict) and "copied" in (quality.get("flags") or []):
        return []
    pairs = []
    for paragraph in record["paragraphs"]:
        if not isinstance(paragraph, dict):
            raise ValueError("a paragraph is not an object")
        for sentence in paragraph.get("sentences") or []:
            if not isinstance(sentence, dict):
                raise ValueError("a sentence is not an object")
            nl, en, score = sentence.get("nl"), sentence.get("en"), sentence.get("score")
            if sentence.get("hypothesis"):
                continue
            if isinstance(nl, str) and isinstance(en, str) and nl.strip() and en \
                    and isinstance(score, (int, float)) and not isinstance(score, bool):
                capped = "repetition" in (sentence.get("flags") or [])
                pairs.append((nl, Translated(en, float(score), capped)))
    return pairs

