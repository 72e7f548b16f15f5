"""The translate step: every sentence of a group of articles gets its English.

`RememberingTranslator` wraps the model's `Translator` with the sentence memory (the way
argos-translate's cached translation wraps the thing it caches): sentences translated by
an earlier run or an earlier article come from the memory, the rest go to the model once
each, however many articles repeat them ("Bron: ANP").
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from translate.article import Article
from translate.state.store import normalise_sentence

log = logging.getLogger("translate")


OnBatch = Callable[[int, int], None]


class SentenceMemory(Protocol):
    def recall(self, fingerprint: str, sentences: list[str]) -> dict[str, str]: ...
    def remember(self, fingerprint: str, pairs: list[tuple[str, str]]) -> None: ...


class SentenceTranslator(Protocol):
    def translate(self, texts: Sequence[str],
                  on_batch: Callable[[int], None] | None = None) -> list[str]: ...


@dataclass
class TranslationCounts:
    translated: int = 0   # sentences the model translated
    reused: int = 0       # sentences taken from the memory or repeated within the group


class RememberingTranslator:
    """A translator that asks its memory first and remembers what the model says."""

    def __init__(self, translator: SentenceTranslator, memory: SentenceMemory | None,
                 fingerprint: str) -> None:
        self.translator = translator
        self.memory = memory
        self.fingerprint = fingerprint

    def translate(self, sentences: Sequence[str], on_batch: OnBatch | None = None
                  ) -> tuple[dict[str, str], int]:
        """English for each distinct normalised sentence, and how many the model did.

        `on_batch(done, total)` hears of each model batch: `done` of `total` sentences."""
        unique = list(dict.fromkeys(normalise_sentence(s) for s in sentences))
        known = self.memory.recall(self.fingerprint, unique) if self.memory else {}
        todo = [s for s in unique if s not in known]
        report = (lambda done: on_batch(done, len(todo))) if on_batch else None
        fresh = dict(zip(todo, self.translator.translate(todo, on_batch=report)))
        empty = [source for source, english in fresh.items() if not english]
        if empty:
            # Never lose a sentence: one the model gave nothing for keeps its Dutch text,
            # and stays out of the memory so that the next run tries it again.
            log.warning("the model returned nothing for %d sentence(s); kept in Dutch", len(empty))
            for source in empty:
                fresh[source] = source
        if self.memory and fresh:
            self.memory.remember(self.fingerprint,
                                 [(s, e) for s, e in fresh.items() if s not in empty])
        return known | fresh, len(todo)


def translate_articles(articles: Sequence[Article], translator: RememberingTranslator,
                       on_batch: OnBatch | None = None) -> TranslationCounts:
    """Fill every sentence's `en` in place."""
    sentences = [s for a in articles for s in a.sentences()]
    english, done = translator.translate([s.nl for s in sentences], on_batch)
    for sentence in sentences:
        sentence.en = english[normalise_sentence(sentence.nl)]
    return TranslationCounts(translated=done, reused=len(sentences) - done)
