"""The glossary (`[glossary] file = terms.tsv`): Dutch terms and the English they must become.

Each line is `Dutch<TAB>English`; an empty English column means "keep as is" (the paper's
own column names, brands); blank lines and lines starting with `#` are skipped. A term
written in lower case matches any case in the Dutch; a term with a capital matches only
as written. A term of the Dutch sentence whose English (or, kept as is, the term itself)
is missing from the translation flags the sentence `glossary`.

The record lists, per article, the terms that applied (`glossary`: [{nl, en}]): the terms
found in its Dutch. A changed glossary redoes only the articles whose list changes (a
term added, removed or given another English that occurs in them): `planning.plan`
compares the record's list with the terms the current glossary finds in the article.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from translate.config import read_glossary_terms


@dataclass(frozen=True)
class Term:
    nl: str
    en: str          # "" = keep as is

    @property
    def english(self) -> str:
        """What the translation must contain."""
        return self.en or self.nl

    def to_json(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}


def _pattern(text: str) -> str:
    return r"(?<![\w])" + r"\s+".join(re.escape(w) for w in text.split()) + r"(?![\w])"


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)

    @functools.cached_property
    def _dutch(self) -> list[tuple[Term, re.Pattern[str]]]:
        return [(t, re.compile(_pattern(t.nl), 0 if t.nl != t.nl.lower() else re.IGNORECASE))
                for t in self.terms]

    def found(self, nl: str) -> list[Term]:
        """The terms that occur in a Dutch text."""
        return [term for term, pattern in self._dutch if pattern.search(nl)]

    def missing(self, nl: str, en: str) -> list[Term]:
        """The terms of the Dutch sentence whose English the translation lacks (case aside)."""
        return [t for t in self.found(nl)
                if not re.search(_pattern(t.english), en, re.IGNORECASE)]

    def applied(self, texts: list[str]) -> list[dict[str, str]]:
        """The record's `glossary`: the terms found in an article's Dutch texts."""
        found: dict[Term, None] = {}
        for text in texts:
            found.update((t, None) for t in self.found(text))
        return [t.to_json() for t in found]


EMPTY = Glossary()


def read_glossary(path: Path) -> Glossary:
    """The glossary at `path`; ConfigError (exit 2) naming the file and line otherwise (the
    file's format is a setting's: `config.read_glossary_terms`)."""
    return Glossary(tuple(Term(nl, en) for nl, en in read_glossary_terms(path)))


@functools.lru_cache(maxsize=8)
def _cached(path: str, mtime_ns: int, size: int) -> Glossary:
    return read_glossary(Path(path))


def configured(file: str) -> Glossary:
    """The glossary of the setting `glossary.file` ("" = none), read once per version."""
    if not file:
        return EMPTY
    path = Path(file)
    try:
        info = path.stat()
    except OSError:
        return read_glossary(path)   # raises the error that names the file
    return _cached(str(path), info.st_mtime_ns, info.st_size)


def record_terms(record: dict[str, Any]) -> list[dict[str, str]]:
    """The `glossary` list of a record ([] for records written before glossaries)."""
    terms = record.get("glossary")
    if not isinstance(terms, list):
        return []
    return [{"nl": t.get("nl"), "en": t.get("en")} for t in terms if isinstance(t, dict)]


def terms_current(glossary: Glossary) -> Callable[[dict[str, Any]], bool]:
    """For planning: whether a record's `glossary` list is what `glossary` finds in the
    record's own Dutch (the article's, its bytes unchanged). False: a term that occurs in
    the article was added, removed or given another English, and the article is redone."""
    def current(record: dict[str, Any]) -> bool:
        paragraphs = record.get("paragraphs") or []
        # The article's own text, as `quality.assess` read it (scraper noise left out).
        texts = [p.get("nl") or "" for p in paragraphs if isinstance(p, dict)
                 and p.get("kind", "body") in ("body", "heading")]
        return glossary.applied(texts) == record_terms(record)

    return current
