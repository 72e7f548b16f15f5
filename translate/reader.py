"""Read one article file into an `Article`: header, paragraphs, subheadings.

Accepts a UTF-8 BOM and CRLF/CR line endings. Anything that is not UTF-8 text is an
`ArticleError` naming the file; an empty file is `EmptyArticle` (skipped with a warning).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from translate.article import Article, Paragraph

# ` date 2018-04 ` at the very start of the first line (note the leading space).
HEADER = re.compile(r"^ date (\d{4}-\d{2}) ")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
END_PUNCTUATION = tuple(".!?:;…\"'”’)»")
HEADING_MAX_CHARS = 120


class ArticleError(Exception):
    """A file that cannot be read as an article; the message is one line naming the file."""


class EmptyArticle(ArticleError):
    """A file with no text in it: skipped, not failed."""


def read_article(path: Path, rel: Path | None = None) -> Article:
    """Read and parse the article at `path`; `rel` is its path relative to its input root."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_article(data, path, rel if rel is not None else Path(path.name))


def parse_article(data: bytes, path: Path, rel: Path) -> Article:
    sha256 = hashlib.sha256(data).hexdigest()
    text = decode(data, path)
    if not text.strip():
        raise EmptyArticle(f"{path}: empty file, skipped")

    header = date = None
    header_alone = False
    match = HEADER.match(text)
    if match:
        header, date = match.group(0), match.group(1)
        text = text[match.end():]
        first_line = text.split("\n", 1)[0]
        header_alone = not first_line.strip()

    paragraphs = [
        Paragraph(nl=block.strip("\n"), heading=is_heading(block))
        for block in PARAGRAPH_BREAK.split(text)
        if block.strip()
    ]
    if not paragraphs:
        raise EmptyArticle(f"{path}: no text after the date header, skipped")
    return Article(
        source=path, rel=rel, sha256=sha256, date=date, header=header,
        paragraphs=paragraphs, header_alone=header_alone,
    )


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) to text with `\\n` line endings, or a one-line error."""
    if b"\x00" in data:
        raise ArticleError(f"{path}: not a text file (binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it to UTF-8 first"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_heading(block: str) -> bool:
    """A subheading is one short line without end punctuation ("Bemiddeling")."""
    line = block.strip()
    return (
        "\n" not in line
        and len(line) <= HEADING_MAX_CHARS
        and not line.endswith(END_PUNCTUATION)
    )
