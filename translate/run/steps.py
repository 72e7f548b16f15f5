"""The model work on a group of articles: translate (through the sentence memory), flag,
summarise.

The same code wherever it runs: in this process (the `local` executor, the `file` command,
the Python API) or on a Ray worker, where the memory is what the driver recalled for the
group and what the model adds goes back to the driver to remember (`RecalledMemory`).
A group that fails is redone an article at a time, so one bad article does not fail its
neighbours; a model or engine error stops the run instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from translate.text.article import Article, Translated
from translate.errors import EngineError, Interrupted, ModelUnavailable, StateError, one_line
from translate.checks.glossary import configured as configured_glossary
from translate.checks.quality import assess, bullet_flags, check_summaries
from translate.models.summarizer import summarise_articles
from translate.run.translation import (
    RememberingTranslator, SentenceMemory, TranslationCounts, translate_articles,
)

log = logging.getLogger("translate")

Tag = TypeVar("Tag")
OnBatch = Callable[[int, int], None]
# Errors that stop the run: redoing articles one by one cannot help (the state database
# holds the sentence memory: one that is locked or full fails every article alike).
FATAL = (ModelUnavailable, EngineError, Interrupted, StateError)


def model_steps(articles: Sequence[Article], session: Any, memory: SentenceMemory | None,
                on_batch: OnBatch | None = None) -> TranslationCounts:
    """Translate, flag and (when enabled) summarise segmented `articles` in place with the
    models of `session` (a `ModelSession`)."""
    config = session.config
    session.on_status("translating")
    translator = RememberingTranslator(session.translator, memory,
                                       config.translation_fingerprint())
    counts = translate_articles(articles, translator, on_batch)
    assess(articles, config.quality, configured_glossary(config.glossary.file),
           config.translation.hypothesis_margin)
    if config.summary.enabled:
        summarizer = session.summarizer
        session.on_status("summarising")
        summarise_articles(articles, summarizer, check=bullet_flags)
        check_summaries(articles)
    return counts


@dataclass
class GroupResult(Generic[Tag]):
    """Articles done together and what came of them: counts, or the error that failed them."""

    items: list[tuple[Tag, Article]]
    counts: TranslationCounts | None
    error: str | None
    seconds: float


def run_group(items: list[tuple[Tag, Article]], session: Any, memory: SentenceMemory | None,
              on_batch: OnBatch | None = None) -> list[GroupResult[Tag]]:
    """`model_steps` on the group; when it fails, on each article alone."""
    started = time.monotonic()
    try:
        counts = model_steps([article for _, article in items], session, memory, on_batch)
    except FATAL:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad article must not fail its neighbours
        if len(items) == 1:
            log.debug("translation of an article failed", exc_info=True)
            return [GroupResult(items, None, one_line(exc), time.monotonic() - started)]
        log.debug("a group of %d article(s) failed; redoing them one by one", len(items),
                  exc_info=True)
        return [part for item in items for part in run_group([item], session, memory, on_batch)]
    return [GroupResult(items, counts, None, time.monotonic() - started)]


class RecalledMemory:
    """A group's sentence memory away from the state database: what the driver recalled for
    it, and what the model added since (for the driver to remember)."""

    def __init__(self, known: dict[str, Translated]) -> None:
        self.known = known
        self.added: list[tuple[str, Translated]] = []

    def recall(self, fingerprint: str, sentences: list[str]) -> dict[str, Translated]:
        return {s: self.known[s] for s in sentences if s in self.known}

    def remember(self, fingerprint: str, pairs: list[tuple[str, Translated]]) -> None:
        self.added.extend(pairs)
