"""One article (or one feed) through the steps, outside a batch run and its state: what
`translate file` and the Python API use."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from translate import __version__
from translate.checks.quality import check_language
from translate.errors import EmptyArticle, NotDutch
from translate.inputs.feed import FeedEntry, check_utf8, entries, feed_key, feed_line, to_article
from translate.run.record import Provenance, build_record
from translate.run.session import ModelSession
from translate.run.steps import model_steps
from translate.text.article import Article
from translate.text.segment import segment_article as segment


def segment_article(article: Article, session: ModelSession) -> None:
    translator = session.translator
    segment(article, translator.count_tokens, translator.max_input_tokens)


def process(articles: list[Article], session: ModelSession) -> None:
    """Check the language of, segment, translate, flag and summarise `articles` in place
    (the `file` command); NotDutch when one is to be skipped."""
    for article in articles:
        check_language(article, session.config.quality)
        segment_article(article, session)
    model_steps(articles, session, None)


def entry_article(entry: FeedEntry, feed: Path, key: str, session: ModelSession) -> Article:
    """The article of a feed's entry, its language checked, segmented; EmptyArticle or
    NotDutch when it is to be skipped."""
    article = to_article(entry, feed, key)
    check_language(article, session.config.quality)
    segment_article(article, session)
    return article


def process_feed(path: Path, session: ModelSession,
                 window: int = 50) -> Iterator[tuple[FeedEntry, Article | None, dict | None]]:
    """The articles of the feed at `path` translated (the `file` command), `window` at a
    time, in order: (entry, article, its output line), or (entry, None, None) for a line
    that is no article (its `problem` says why) or is skipped (`skipped` says why)."""
    check_utf8(path)
    stream = entries(path)
    while batch := [entry for _, entry in zip(range(window), stream)]:
        articles: dict[int, Article] = {}
        for entry in batch:
            if entry.problem is None:
                try:
                    articles[id(entry)] = entry_article(
                        entry, path, feed_key(path.name, entry.ident), session)
                except (EmptyArticle, NotDutch) as exc:
                    entry.skipped = str(exc)
        started = time.monotonic()
        model_steps(list(articles.values()), session, None)
        seconds = (time.monotonic() - started) / max(1, len(articles))
        for entry in batch:
            article = articles.get(id(entry))
            if article is None:
                yield entry, None, None
                continue
            record = make_record(article, session, seconds)
            yield entry, article, feed_line(entry, record)


def make_record(article: Article, session: ModelSession, seconds: float) -> dict:
    config = session.config
    provenance = Provenance(
        fingerprint=config.fingerprint(),
        translation_fingerprint=config.translation_fingerprint(),
        tool_version=__version__, models=session.provenance(),
    )
    return build_record(article, provenance, seconds)
