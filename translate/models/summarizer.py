"""English translation in, 3–5 bullet sentences out, with a BART-family summariser.

Articles longer than the model's input limit (1,024 tokens for BART) are cut at sentence
boundaries into chunks that fit; each chunk is summarised (chunks of many articles batched
together) and the chunk summaries are merged in article order, never by cutting the text.
An article's summary reads at most `summary.max_chunks` chunks: all of them when there are
that few, else the lead chunk (the news lead carries its core) and chunks evenly spread over
the rest, the last one included. So the cost of a summary is bounded whatever the length of
the article (or of a runaway translation): a fixed number of model inputs of bounded size.
When the model yields fewer distinct sentences than wanted, the article's lead sentences
(the news lead carries its core) top the bullets up.

Each chunk's summary comes from the engine's n best (`summary.num_hypotheses`): given a
bullet check (`quality.bullet_flags`: a number or name the article's English does not
have), the best hypothesis within `summary.hypothesis_margin` whose sentences carry no
such flag is used (`choice.choose`, steered by `unsupported_number` and
`unsupported_name`), else the one with the fewest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from translate.text.article import Article, Translated
from translate.checks.choice import choose
from translate.config import SummaryConfig
from translate.models.backends.base import Engine, Hypothesis
from translate.models.generation import LengthPolicy
from translate.checks.quality import BULLET_FLAGS
from translate.text.segment import split_long, split_sentences
from translate.models.hf import model_max_positions
from translate.models.seq2seq import Seq2SeqModel

# A bullet's flags (`unsupported_number`, `unsupported_name`) against the article's English.
BulletCheck = Callable[[str, str], list[str]]
SENTENCE_END = re.compile(r"[.!?…][\"'”’)»]*$")
# Summaries shorter than this many tokens say too little to be worth a bullet list.
MIN_SUMMARY_TOKENS = 30


class Summarizer(Seq2SeqModel):
    def __init__(self, folder: Path, engine: Engine, settings: SummaryConfig) -> None:
        super().__init__(folder, engine, settings)
        self.max_input_tokens = model_max_positions(folder, fallback=1024) - 2
        # A batch holds at least one full-size chunk.
        self.batch_tokens = max(settings.batch_tokens, self.max_input_tokens + 2)
        self.max_batch_size = 16
        self.lengths = LengthPolicy(
            ratio=0.5, extra=20, cap=settings.max_summary_tokens,
            floor=MIN_SUMMARY_TOKENS,
        )

    @property
    def options(self) -> dict[str, object]:
        return {
            **super().options,
            "max_input_tokens": self.max_input_tokens,
            "max_summary_tokens": self.settings.max_summary_tokens,
            # The input bound: lead chunk plus evenly spread ones, at most this many.
            "max_chunks": self.settings.max_chunks,
        }

    def chunks(self, sentences: Sequence[str]) -> list[str]:
        """Consecutive sentences packed into texts that each fit the model's input."""
        pieces: list[str] = []
        for sentence in sentences:
            pieces.extend(split_long(sentence, self.count_tokens, self.max_input_tokens))
        if not pieces:
            return []
        # Tokens of each piece without special tokens; a chunk adds 2 (<s> and </s>).
        sizes = [len(ids) for ids in self.encode(pieces, special_tokens=False)]
        chunks: list[str] = []
        current: list[str] = []
        used = 2
        for piece, size in zip(pieces, sizes):
            # +1: joining with a space may add a token at the boundary.
            if current and used + size + 1 > self.max_input_tokens:
                chunks.append(" ".join(current))
                current, used = [], 2
            current.append(piece)
            used += size + 1
        chunks.append(" ".join(current))
        return chunks

    def article_chunks(self, sentences: Sequence[str]) -> list[str]:
        """The chunks one article's summary reads (at most `max_chunks`)."""
        return spread(self.chunks(sentences), self.settings.max_chunks)

    def inputs(self, articles: Sequence[Sequence[str]]) -> tuple[list[int], list[list[int]]]:
        """The model inputs of the articles' summaries (token ids), and the article of each."""
        owners: list[int] = []
        texts: list[str] = []
        for index, sentences in enumerate(articles):
            for chunk in self.article_chunks(sentences):
                owners.append(index)
                texts.append(chunk)
        # Chunks fit by construction; the cut guards against tokenizer drift.
        inputs = [ids[: self.max_input_tokens] for ids in self.encode(texts)]
        return owners, inputs

    def summarize(self, articles: Sequence[Sequence[str]],
                  on_batch: Callable[[int], None] | None = None,
                  check: BulletCheck | None = None) -> list[list[str]]:
        """Bullets for each article, given each article's English sentences; with `check`,
        each chunk's summary is chosen among the engine's n best."""
        return [[bullet.text for bullet in bullets]
                for bullets in self.summarize_scored(articles, on_batch, check)]

    def summarize_scored(self, articles: Sequence[Sequence[str]],
                         on_batch: Callable[[int], None] | None = None,
                         check: BulletCheck | None = None,
                         support: Sequence[str] | None = None) -> list[list[Bullet]]:
        """`summarize`, each bullet with its score and where it comes from. `check` is
        asked about each bullet against `support` (each article's English; by default its
        sentences joined)."""
        owners, inputs = self.inputs(articles)
        outputs = self.generate(inputs, on_batch, self.num_hypotheses if check else 1)
        english = list(support) if support is not None else [" ".join(a) for a in articles]
        summaries: list[list[str]] = [[] for _ in articles]
        scores: list[list[float]] = [[] for _ in articles]
        for owner, output in zip(owners, outputs):
            chosen = self._chosen(output, english[owner], check)
            summaries[owner].append(chosen.text)
            scores[owner].append(chosen.score)
        return [
            pick_bullets(summaries[i], articles[i], self.settings.min_bullets,
                         self.settings.max_bullets, scores[i])
            for i in range(len(articles))
        ]

    def _decoded(self, output: Hypothesis) -> Translated:
        return Translated(self.decode(output.ids), output.score)

    def _chosen(self, output: Hypothesis, english: str, check: BulletCheck | None) -> Translated:
        """A chunk's summary: the engine's best, or the best within the margin whose
        sentences state nothing the article's English lacks."""
        if check is None or not output.alternatives:
            return self._decoded(output)
        candidates = [self._decoded(h) for h in (output, *output.alternatives)]

        def flags(candidate: Translated) -> list[str]:
            return [flag for sentence in split_sentences(candidate.text)
                    if (bullet := clean_sentence(sentence)) for flag in check(bullet, english)]

        return candidates[choose(candidates, flags, self.settings.hypothesis_margin,
                                 BULLET_FLAGS).index]


def spread(chunks: Sequence[str], most: int) -> list[str]:
    """`chunks` when there are at most `most`; else the first, the last and evenly spaced
    ones between them, `most` in all, in article order."""
    if len(chunks) <= most:
        return list(chunks)
    if most == 1:
        return [chunks[0]]
    step = (len(chunks) - 1) / (most - 1)  # >= 1: the picks are distinct
    return [chunks[round(i * step)] for i in range(most)]


@dataclass(frozen=True)
class Bullet:
    """One bullet: its text, the score of the summary it was taken from (mean log-probability
    per token of that chunk's summary; None for a sentence of the article), and its source:
    "summary" (the model's), or "article" (a lead sentence topping the bullets up)."""

    text: str
    score: float | None
    source: str

    def check(self) -> dict[str, Any]:
        """The record's entry for this bullet (`quality.check_summaries` adds its flags)."""
        return {"bullet": self.text,
                "score": round(self.score, 4) if self.score is not None else None,
                "source": self.source, "flags": []}


def make_bullets(chunk_summaries: Sequence[str], source: Sequence[str],
                 min_bullets: int, max_bullets: int) -> list[str]:
    """Merge chunk summaries into distinct complete sentences, topped up from the lead."""
    return [b.text for b in pick_bullets(chunk_summaries, source, min_bullets, max_bullets)]


def pick_bullets(chunk_summaries: Sequence[str], source: Sequence[str], min_bullets: int,
                 max_bullets: int, scores: Sequence[float] | None = None) -> list[Bullet]:
    """`make_bullets`, each bullet with the score of its chunk summary (`scores`, one per
    chunk summary) or marked as the article's own sentence."""
    chunk_scores = list(scores) if scores is not None else [None] * len(chunk_summaries)
    per_chunk = [[Bullet(s, score, "summary")
                  for s in (clean_sentence(x) for x in split_sentences(text)) if s]
                 for text, score in zip(chunk_summaries, chunk_scores)]
    # Round-robin over chunks, so every part of a long article is represented.
    candidates: list[Bullet] = []
    for round_ in range(max((len(c) for c in per_chunk), default=0)):
        candidates.extend(c[round_] for c in per_chunk if round_ < len(c))
    bullets: list[Bullet] = []
    seen: set[str] = set()

    def add(bullet: Bullet) -> None:
        key = re.sub(r"\W+", "", bullet.text.lower())
        if key and key not in seen and len(bullets) < max_bullets:
            seen.add(key)
            bullets.append(bullet)

    for bullet in candidates:
        add(bullet)
    for sentence in source:
        if len(bullets) >= min_bullets:
            break
        cleaned = clean_sentence(sentence)
        if cleaned:
            add(Bullet(cleaned, None, "article"))
    return bullets


def clean_sentence(text: str) -> str:
    """One bullet: single-spaced, capitalised, ending in sentence punctuation."""
    text = re.sub(r"\s+", " ", text).strip().lstrip("-•* ").strip()
    if not any(ch.isalnum() for ch in text):
        return ""
    text = text[0].upper() + text[1:]
    if not SENTENCE_END.search(text):
        text += "."
    return text


def summarise_articles(articles: Sequence[Article], summarizer: Summarizer,
                       on_batch: Callable[[int], None] | None = None,
                       check: BulletCheck | None = None) -> None:
    """Fill each article's `summary` from its English body (headings left out when the
    article has more than headings; scraper noise, captions included, never read), and
    its `summary_checks`: one per bullet, with its score and source
    (`quality.check_summaries` flags them). `check` steers the choice among the n best,
    against the English `check_summaries` reads."""
    texts = [
        [s.en for p in a.paragraphs if p.kind == "body" for s in p.sentences if s.en]
        or [s.en for s in a.text_sentences() if s.en]
        for a in articles
    ]
    support = [" ".join(s.en or "" for s in a.text_sentences()) for a in articles]
    for article, bullets in zip(articles, summarizer.summarize_scored(
            texts, on_batch=on_batch, check=check, support=support)):
        article.summary = [bullet.text for bullet in bullets]
        article.summary_checks = [bullet.check() for bullet in bullets]
