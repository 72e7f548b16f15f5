"""An article's blocks cut into parts: its own text, and the scraper noise glued to it.

Each blank-line separated block goes through `noise.split_noise` at its position (the
title, the first paragraph, the last, or one in between): a block that is all article text
stays one part, exactly as the block reads (a subheading when `is_heading` says so); a block
with noise becomes several parts in source order, each a `Paragraph` with its `kind`, the
index of its `block` and the whitespace (`space`) that stood before it inside the block. The
first part starts where the block starts and the last ends where it ends, so every source
character is kept: a block is its parts' `space + nl` joined.

In a titled article (its first block a heading line), the title's own text is a `heading`
and trailing initials or an agency after it a `byline` or `credit`. Elsewhere a body part
is a `heading` when it reads as one on its own.

`READER_VERSION` names this layout: a record written by a reader of another version (one
without parts) is compared with what this reader makes of the same input (`layout`,
`record_layout`), and only an article whose parts differ is redone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from translate.text.article import Paragraph
from translate.text.noise import position_of, split_noise

# 1: one part per block (no kinds); 2: scraper noise split off into parts with a `kind`.
READER_VERSION = 2

Layout = tuple[tuple[int, str, str], ...]


END_PUNCTUATION = tuple(".!?:;…\"'”’)»")
HEADING_MAX_CHARS = 120


def is_heading(block: str) -> bool:
    """A subheading is one short line without end punctuation ("Bemiddeling")."""
    line = block.strip()
    return (
        "\n" not in line
        and len(line) <= HEADING_MAX_CHARS
        and not line.endswith(END_PUNCTUATION)
    )


def split_blocks(blocks: Sequence[str], titled: bool) -> list[Paragraph]:
    """The parts of an article's non-blank `blocks` (each as the reader cut it); `titled`:
    the first block is the title."""
    paragraphs: list[Paragraph] = []
    for index, block in enumerate(blocks):
        position = position_of(index, len(blocks), titled)
        paragraphs += block_parts(index, block, position)
    return paragraphs


def block_parts(index: int, block: str, position: str) -> list[Paragraph]:
    """The parts of one block (`position`: `noise.position_of`)."""
    text = block.strip("\n")
    parts = split_noise(text, position)
    if len(parts) <= 1 and all(part.kind == "body" for part in parts):
        kind = "heading" if position == "title" or is_heading(text) else "body"
        return [Paragraph(nl=text, kind=kind, block=index)]
    paragraphs = []
    for number, part in enumerate(parts):
        start = 0 if number == 0 else part.start
        end = len(text) if number == len(parts) - 1 else part.end
        kind = part.kind
        if kind == "body" and (position == "title" or is_heading(part.text)):
            kind = "heading"
        space = text[parts[number - 1].end:part.start] if number else ""
        paragraphs.append(Paragraph(nl=text[start:end], kind=kind, block=index, space=space))
    return paragraphs


def blocks_of(paragraphs: Iterable[Any]) -> list[list[Any]]:
    """Parts (`Paragraph`s or record paragraphs) grouped by their source block, in order; a
    part without a block (a record of an older reader) is a block of its own."""
    grouped: list[list[Any]] = []
    last: object = None
    for paragraph in paragraphs:
        block = paragraph.get("block") if isinstance(paragraph, dict) else paragraph.block
        if block is None or block != last or not grouped:
            grouped.append([])
        grouped[-1].append(paragraph)
        last = block
    return grouped


def english_title_and_text(paragraphs: list[Any], titled: bool) -> tuple[str | None, str]:
    """A record's English as a feed's line gives it: the title's own text (`titled`;
    initials or a credit after it stay in the record), then the paragraphs separated by a
    blank line, each part of a paragraph (noise split off it) on a line of its own."""
    blocks = blocks_of(p for p in paragraphs if isinstance(p, dict))
    title = None
    if titled and blocks:
        own = [p for p in blocks[0] if p.get("kind", "heading") == "heading"] or blocks[0]
        title = " ".join(p.get("en", "") for p in own)
    body = blocks[1:] if titled else blocks
    return title, "\n\n".join("\n".join(p.get("en", "") for p in block) for block in body)


def layout(paragraphs: Iterable[Paragraph]) -> Layout:
    """What a reader made of an article: (block, kind, Dutch) of each part."""
    return tuple((number, part.kind, " ".join(part.nl.split()))
                 for number, block in enumerate(blocks_of(paragraphs)) for part in block)


def record_layout(record: dict[str, Any]) -> Layout | None:
    """The `layout` a record was written from (a record without kinds: one part per block,
    `heading` or `body`); None when its paragraphs are not laid out as records are."""
    paragraphs = record.get("paragraphs")
    if not isinstance(paragraphs, list) or not all(isinstance(p, dict) for p in paragraphs):
        return None
    found = []
    for number, block in enumerate(blocks_of(paragraphs)):
        for part in block:
            kind = part.get("kind") or ("heading" if part.get("heading") is True else "body")
            nl = part.get("nl")
            if not isinstance(nl, str) or not isinstance(kind, str):
                return None
            found.append((number, kind, " ".join(nl.split())))
    return tuple(found)


def reader_current(record: dict[str, Any], paragraphs: Sequence[Paragraph] | None = None) -> bool:
    """Whether a record's parts are what this reader makes of its article: written by this
    reader's version, or by an older one whose layout this reader would give again (an
    article without noise). `paragraphs`: the article as this reader reads it now; by
    default the record's own blocks are read again (a text article: its blocks are the
    record's Dutch, its title the first block when that is a heading line)."""
    if record.get("reader") == READER_VERSION:
        return True
    found = record_layout(record)
    if found is None:
        return False
    if paragraphs is None:
        blocks = ["".join(str(p.get("space", "")) + str(p.get("nl", "")) for p in block)
                  for block in blocks_of(record["paragraphs"])]
        blocks = [block for block in blocks if block.strip()]
        if not blocks:
            return False
        paragraphs = split_blocks(blocks, is_heading(blocks[0]))
    return layout(paragraphs) == found
