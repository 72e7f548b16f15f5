"""The Python API: load the models once, then translate articles or run a whole batch.

    from translate import NewsTranslator

    news = NewsTranslator()                       # the configured models (or pass folders)
    result = news.translate_file("artikel.txt")   # or news.translate_text(text)
    print(result.english, *result.summary, sep="\\n")
    report = news.run(["artikelen/"], out="outputs/")   # what `translate run` does

For an Airflow task or a notebook: the same code path as the command line, without it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.text.article import Article
from translate.config import Config, load_config
from translate.run.report import RunReport


@dataclass
class Translation:
    """One translated article: the English text laid out like the original, its bullets,
    and the machine record (`<stem>.json`)."""

    english: str
    summary: list[str]
    record: dict[str, Any]
    article: Article


class NewsTranslator:
    """Dutch news articles into English, with a bullet summary; models load once, lazily."""

    def __init__(self, translation_model: str | Path | None = None,
                 summary_model: str | Path | None = None, *, config: Config | Path | None = None,
                 summary: bool = True, device: str | None = None,
                 backend: str | None = None) -> None:
        from translate.run.session import ModelSession

        self.config = config if isinstance(config, Config) else load_config(config)
        if translation_model:
            self.config.models.translation = str(translation_model)
        if summary_model:
            self.config.models.summary = str(summary_model)
        self.config.summary.enabled = self.config.summary.enabled and summary
        if device:
            self.config.runtime.device = device
        if backend:
            self.config.translation.backend = self.config.summary.backend = backend
        self.session = ModelSession(self.config, self.config.runtime.device)
        self.session.prepare()  # a missing model is said now, not at the first article

    def translate_text(self, text: str, name: str = "article.txt") -> Translation:
        """Translate the article in `text` (the layout of an input file; `name` ending in
        `.md` or `.html` reads it as Markdown or a page)."""
        from translate.inputs.formats import parse_input

        path = Path(name)
        return self._translate(parse_input(text.encode("utf-8"), path, Path(path.name),
                                           self.config))

    def translate_file(self, path: str | Path) -> Translation:
        """Translate the article file at `path` (text, Markdown or an HTML page)."""
        from translate.inputs.formats import read_input

        return self._translate(read_input(Path(path), self.config))

    def _translate(self, article: Article) -> Translation:
        from translate.run.one_article import make_record, process
        from translate.run.writer import render_text

        started = time.monotonic()
        process([article], self.session)
        record = make_record(article, self.session, time.monotonic() - started)
        return Translation(render_text(article), list(article.summary), record, article)

    def run(self, paths: Sequence[str | Path], out: str | Path | None = None, *,
            alongside: bool = False, force: bool = False,
            overwrite: bool = False) -> RunReport:
        """`translate run`: bring the outputs of every article under `paths` up to date,
        with the models already loaded here."""
        from translate.run.context import RunRequest
        from translate.run.pipeline import run

        out_dir = None if alongside else Path(out or self.config.output.dir)
        request = RunRequest([Path(p) for p in paths], self.config, out_dir, force,
                             self.config.runtime.device, overwrite)
        return run(request, session=self.session)
