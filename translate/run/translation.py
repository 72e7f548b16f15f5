"""The translate step: every sentence of a group of articles gets its English.

`RememberingTranslator` wraps the model's `Translator` with the sentence memory (the way
argos-translate's cached translation wraps the thing it caches): sentences translated by
an earlier run or an earlier article come from the memory, the rest go to the model once
each, however many articles repeat them ("Bron: ANP"). A sentence in capitals goes to the
model in normal case and gets its capitals back (`casing.py`). Every sentence keeps the
model's score, from the memory too. An English article copied through (`quality.py`) is
its own translation: its sentences never reach the model or the memory, and score 0.0
(nothing generated: no doubt of the model's to report).

The memory keeps the engine's alternatives with each sentence, not what the quality step
chose: the choice depends on the article (which words are names, which glossary terms
apply), so a sentence recalled into another article is chosen for anew, from the same
hypotheses, with the same result as a fresh translation. A remembered sentence for which
the engine was asked for fewer hypotheses than now counts as not known (the best would be
the same, the alternatives are missing).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from translate.text.article import Article, Sentence, Translated
from translate.text.casing import is_shouting, sentence_case, shout
from translate.run.state.store import normalise_sentence

log = logging.getLogger("translate")


OnBatch = Callable[[int, int], None]


class SentenceMemory(Protocol):
    def recall(self, fingerprint: str, sentences: list[str]) -> dict[str, Translated]: ...
    def remember(self, fingerprint: str, pairs: list[tuple[str, Translated]]) -> None: ...


class SentenceTranslator(Protocol):
    num_hypotheses: int

    def translate(self, texts: Sequence[str],
                  on_batch: Callable[[int], None] | None = None) -> list[Translated]: ...


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
                  ) -> tuple[dict[str, Translated], int]:
        """The translation of each distinct normalised sentence, and how many the model did.

        `on_batch(done, total)` hears of each model batch: `done` of `total` sentences."""
        unique = list(dict.fromkeys(normalise_sentence(s) for s in sentences))
        recalled = self.memory.recall(self.fingerprint, unique) if self.memory else {}
        wanted = getattr(self.translator, "num_hypotheses", 1)
        known = {s: _at_most(t, wanted) for s, t in recalled.items() if t.hypotheses >= wanted}
        todo = [s for s in unique if s not in known]
        report = (lambda done: on_batch(done, len(todo))) if on_batch else None
        shouting = {s for s in todo if is_shouting(s)}
        asked = [sentence_case(s) if s in shouting else s for s in todo]
        fresh = {
            source: _shouted(out) if source in shouting else out
            for source, out in zip(todo, self.translator.translate(asked, on_batch=report))
        }
        empty = [source for source, out in fresh.items() if not out.text]
        if empty:
            # Never lose a sentence: one the model gave nothing for keeps its Dutch text,
            # and stays out of the memory so that the next run tries it again.
            log.warning("the model returned nothing for %d sentence(s); kept in Dutch", len(empty))
            for source in empty:
                fresh[source] = Translated(source, fresh[source].score, fresh[source].capped)
        if self.memory and fresh:
            self.memory.remember(self.fingerprint,
                                 [(s, t) for s, t in fresh.items() if s not in empty])
        return known | fresh, len(todo)


def _shouted(translated: Translated) -> Translated:
    """A translation (and its alternatives) given back the capitals of its source."""
    return dataclasses.replace(
        translated, text=shout(translated.text),
        alternatives=tuple(dataclasses.replace(a, text=shout(a.text))
                           for a in translated.alternatives))


def _at_most(translated: Translated, hypotheses: int) -> Translated:
    """A remembered translation as a run asking for `hypotheses` would have it."""
    if translated.hypotheses == hypotheses:
        return translated
    return dataclasses.replace(translated, alternatives=translated.alternatives[:hypotheses - 1],
                               hypotheses=hypotheses)


def translate_articles(articles: Sequence[Article], translator: RememberingTranslator,
                       on_batch: OnBatch | None = None) -> TranslationCounts:
    """Fill every sentence's `en`, `score` and `capped` (the engine's best) and
    `translated` (with the alternatives) in place."""
    for article in articles:
        if article.quality.copied:
            for sentence in article.sentences():
                sentence.en, sentence.score, sentence.capped = normalise_sentence(sentence.nl), 0.0, False
    sentences = _to_translate(articles)
    english, done = translator.translate([s.nl for s in sentences], on_batch)
    for sentence in sentences:
        found = english[normalise_sentence(sentence.nl)]
        sentence.en, sentence.score, sentence.capped = found.text, found.score, found.capped
        sentence.translated, sentence.hypothesis = found, None
    return TranslationCounts(translated=done, reused=len(sentences) - done)


def _to_translate(articles: Sequence[Article]) -> list[Sentence]:
    return [s for a in articles if not a.quality.copied for s in a.sentences()]


def distinct_sentences(articles: Sequence[Article]) -> list[str]:
    """The normalised sentences of `articles` that translation asks the memory for."""
    return list(dict.fromkeys(normalise_sentence(s.nl) for s in _to_translate(articles)))
