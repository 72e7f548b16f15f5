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
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Sequence

from translate.article import Article
from translate.config import SummaryConfig
from translate.backends.base import Engine
from translate.generation import LengthPolicy, generate_all
from translate.segment import split_long, split_sentences
from translate.text import clean_line
from translate.hf import default_num_beams, load_tokenizer, model_max_positions

SENTENCE_END = re.compile(r"[.!?…][\"'”’)»]*$")
# Summaries shorter than this many tokens say too little to be worth a bullet list.
MIN_SUMMARY_TOKENS = 30


class Summarizer:
    def __init__(self, folder: Path, engine: Engine, settings: SummaryConfig) -> None:
        self.tokenizer = load_tokenizer(folder)
        self.engine = engine
        self.settings = settings
        self.max_input_tokens = model_max_positions(folder, fallback=1024) - 2
        self.num_beams = settings.num_beams or default_num_beams(folder)
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
            "backend": self.engine.name,
            "device": self.engine.device,
            "num_beams": self.num_beams,
            "max_input_tokens": self.max_input_tokens,
            "max_summary_tokens": self.settings.max_summary_tokens,
            # The input bound: lead chunk plus evenly spread ones, at most this many.
            "max_chunks": self.settings.max_chunks,
        }

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def chunks(self, sentences: Sequence[str]) -> list[str]:
        """Consecutive sentences packed into texts that each fit the model's input."""
        pieces: list[str] = []
        for sentence in sentences:
            pieces.extend(split_long(sentence, self.count_tokens, self.max_input_tokens))
        if not pieces:
            return []
        # Tokens of each piece without special tokens; a chunk adds 2 (<s> and </s>).
        sizes = [len(ids) for ids in self.tokenizer(pieces, add_special_tokens=False)["input_ids"]]
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
        inputs = [
            ids[: self.max_input_tokens]  # chunks fit by construction; guards tokenizer drift
            for ids in self.tokenizer(texts, add_special_tokens=True)["input_ids"]
        ] if texts else []
        return owners, inputs

    def summarize(self, articles: Sequence[Sequence[str]],
                  on_batch: Callable[[int], None] | None = None) -> list[list[str]]:
        """Bullets for each article, given each article's English sentences."""
        owners, inputs = self.inputs(articles)
        outputs = generate_all(
            self.engine, inputs, lengths=self.lengths, num_beams=self.num_beams,
            batch_tokens=self.batch_tokens, max_batch_size=self.max_batch_size,
            on_batch=on_batch,
        )
        summaries: list[list[str]] = [[] for _ in articles]
        for owner, output in zip(owners, outputs):
            summaries[owner].append(clean_line(self.tokenizer.decode(output.ids, skip_special_tokens=True)))
        return [
            make_bullets(summaries[i], articles[i], self.settings.min_bullets,
                         self.settings.max_bullets)
            for i in range(len(articles))
        ]


def spread(chunks: Sequence[str], most: int) -> list[str]:
    """`chunks` when there are at most `most`; else the first, the last and evenly spaced
    ones between them, `most` in all, in article order."""
    if len(chunks) <= most:
        return list(chunks)
    if most == 1:
        return [chunks[0]]
    step = (len(chunks) - 1) / (most - 1)  # >= 1: the picks are distinct
    return [chunks[round(i * step)] for i in range(most)]


def make_bullets(chunk_summaries: Sequence[str], source: Sequence[str],
                 min_bullets: int, max_bullets: int) -> list[str]:
    """Merge chunk summaries into distinct complete sentences, topped up from the lead."""
    per_chunk = [[s for s in (clean_sentence(x) for x in split_sentences(text)) if s]
                 for text in chunk_summaries]
    # Round-robin over chunks, so every part of a long article is represented.
    candidates: list[str] = []
    for round_ in range(max((len(c) for c in per_chunk), default=0)):
        candidates.extend(c[round_] for c in per_chunk if round_ < len(c))
    bullets: list[str] = []
    seen: set[str] = set()

    def add(sentence: str) -> None:
        key = re.sub(r"\W+", "", sentence.lower())
        if key and key not in seen and len(bullets) < max_bullets:
            seen.add(key)
            bullets.append(sentence)

    for sentence in candidates:
        add(sentence)
    for sentence in source:
        if len(bullets) >= min_bullets:
            break
        cleaned = clean_sentence(sentence)
        if cleaned:
            add(cleaned)
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
                       on_batch: Callable[[int], None] | None = None) -> None:
    """Fill each article's `summary` from its English body (headings left out when the
    article has more than headings)."""
    texts = [
        [s.en for p in a.paragraphs if not p.heading for s in p.sentences if s.en]
        or [s.en for s in a.sentences() if s.en]
        for a in articles
    ]
    for article, bullets in zip(articles, summarizer.summarize(texts, on_batch=on_batch)):
        article.summary = bullets
