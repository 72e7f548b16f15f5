"""The data an article becomes on its way through the tool.

`Article` is what the reader makes of a file; the segmenter fills each paragraph's
`sentences`, the translator fills each sentence's `en` and `score`, the quality checks
(`quality.py`) fill `flags` and the article's `quality`, the summariser fills `summary`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Parts that are the article's own text (translated, checked, summarised); every other kind is
# noise (`noise.NOISE_KINDS`, and a page's figure caption).
TEXT_KINDS = frozenset(("body", "heading"))
# Noise that is translated (as one unit, never flagged nor summarised): a photo caption. Every
# other noise kind (credits, bylines, links, share bars, tags, ads, prompts) is kept as it is.
TRANSLATED_NOISE = frozenset(("caption",))


@dataclass(frozen=True)
class Translated:
    """What the model made of one sentence (and what the sentence memory keeps of it)."""

    text: str
    score: float          # mean log-probability per generated token (<= 0)
    capped: bool = False  # the output ran into its length cap
    # The engine's other hypotheses (distinct texts, its order), for the quality step to
    # choose from (`choice.py`); and how many the engine was asked for (the memory answers
    # a run that asks for more only by asking the model again).
    alternatives: tuple[Translated, ...] = ()
    hypotheses: int = 1

    def candidates(self) -> list[Translated]:
        """This translation (the engine's best), then its alternatives."""
        return [self, *self.alternatives]


@dataclass
class Sentence:
    """One unit the translation model sees: a sentence, or a clause of an over-long one."""

    nl: str
    en: str | None = None
    score: float | None = None
    capped: bool = False
    flags: list[str] = field(default_factory=list)
    # The engine's best translation with its alternatives, when it gave several; and,
    # when another than the best was written, the record's `hypothesis` entry.
    translated: Translated | None = None
    hypothesis: dict | None = None


@dataclass
class ArticleQuality:
    """The article-level findings of `quality.py` (the record's `quality` object adds the
    sentence statistics)."""

    language: str | None = None
    language_probability: float = 0.0
    flags: list[str] = field(default_factory=list)   # article-level, e.g. "not_dutch"
    copied: bool = False                             # English source, copied through


@dataclass
class Paragraph:
    """A part of a blank-line separated block of the article, in source order.

    `kind` is what the part is: `body`, `heading` (a subheading line or the title; the
    default follows `heading`, which stays for older readers), or a noise kind
    (`noise.NOISE_KINDS`: `credit`, `caption`, `byline` ...). A block with scraper noise
    glued to it is several parts: `block` is the index of the source block a part belongs
    to (None: a block of its own), `space` the whitespace that stood before it inside that
    block, so each block is its parts' `space + nl` joined."""

    nl: str
    heading: bool = False
    sentences: list[Sentence] = field(default_factory=list)
    kind: str = ""
    block: int | None = None
    space: str = ""

    def __post_init__(self) -> None:
        if not self.kind:
            self.kind = "heading" if self.heading else "body"
        self.heading = self.kind == "heading"

    @property
    def noise(self) -> bool:
        return self.kind not in TEXT_KINDS

    @property
    def kept(self) -> bool:
        """Noise written as it is: never sent to the model."""
        return self.noise and self.kind not in TRANSLATED_NOISE

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
    # One check per bullet of `summary` (`summary_check.py`): {bullet, score, source, flags}.
    summary_checks: list[dict] = field(default_factory=list)
    # The `[glossary]` terms found in the Dutch ({nl, en}), as the record lists them.
    glossary: list[dict[str, str]] = field(default_factory=list)
    quality: ArticleQuality = field(default_factory=ArticleQuality)
    # Its name when that is no path (a feed's article: `feed.jsonl#<id>`, whose identity
    # may hold `//` or `/./`, which a Path would fold).
    name: str | None = None
    # What the input was: "text", "html" (a page), "markdown" or "feed" (the record's `format`).
    format: str = "text"
    # What a page's metadata said (title, author, url, sitename: the record's `metadata`).
    metadata: dict[str, str] = field(default_factory=dict)
    # A Markdown input's skeleton (`inputs.markdown.Layout`), which its English is written into.
    layout: Any = None

    def sentences(self) -> list[Sentence]:
        """The units the model translates: every part's but those of noise kept as it is."""
        return [s for p in self.paragraphs if not p.kept for s in p.sentences]

    def text_sentences(self) -> list[Sentence]:
        """The sentences of the article's own text (body and headings): what the checks
        flag and weigh; never a credit's, a caption's or any other noise's."""
        return [s for p in self.paragraphs if p.kind in TEXT_KINDS for s in p.sentences]
