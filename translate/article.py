"""The data an article becomes on its way through the tool.

`Article` is what the reader makes of a file; the segmenter fills each paragraph's
`sentences`, the translator fills each sentence's `en`, the summariser fills `summary`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Sentence:
    """One unit the translation model sees: a sentence, or a clause of an over-long one."""

    nl: str
    en: str | None = None


@dataclass
class Paragraph:
    """A blank-line separated block of the article; `heading` marks a bare subheading line."""

    nl: str
    heading: bool = False
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def en(self) -> str:
        return " ".join(s.en or "" for s in self.sentences).strip()


@dataclass
class Article:
    """One input file, read and split into paragraphs.

    `header` is the verbatim ` date YYYY-MM ` prefix of the first line (metadata: never
    translated, always written back); `date` is its `YYYY-MM` part.
    """

    source: Path
    rel: Path
    sha256: str
    date: str | None
    header: str | None
    paragraphs: list[Paragraph]
    # True when the header stood alone on the first line (the text began on the next line).
    header_alone: bool = False
    summary: list[str] = field(default_factory=list)

    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]
