"""Read one article file into an `Article`: header, paragraphs, subheadings, and the scraper
noise glued to them split off into parts of their own (`parts.py`).

Accepts a UTF-8 BOM and CRLF/CR line endings. Anything that is not UTF-8 text is an
`ArticleError` whose one-line message names the file (quoted: `errors.quote`) and says what the
file is instead (UTF-16 or UTF-32 text, binary data, another encoding) and how to fix it; an
empty file is `EmptyArticle` (skipped with a warning).

Characters that have no place in an article never get past the reader, so never into an
output file: C0 control characters other than tab and newline, DEL, U+FFFD (the mark of an
earlier failed decoding) and stray byte order marks are dropped; form feed and vertical tab
become line breaks, U+2028/U+2029 a line and a paragraph break. A C1 control character
(U+0080-U+009F) in real text is a Windows-1252 character decoded as Latin-1 somewhere upstream
(0x93 a quote, 0x85 an ellipsis), so it becomes that character, as ftfy's `fix_c1_controls`
does; the five code points Windows-1252 leaves undefined are dropped. The article's `sha256` is
still that of the file's bytes.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import BinaryIO

from translate.inputs.parts import is_heading, split_blocks
from translate.text.article import Article
from translate.errors import ArticleError, EmptyArticle, quote

__all__ = [
    "ArticleError", "EmptyArticle", "clean_text", "decode", "is_heading", "parse_article",
    "read_article", "read_bytes", "read_stdin",
]

# ` date 2018-04 ` at the very start of the first line (note the leading space).
HEADER = re.compile(r"^ date (\d{4}-\d{2}) ")
# A line of only whitespace (a no-break space too) separates paragraphs like an empty one.
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
# The name of an article read from standard input.
STDIN = Path("<stdin>")


def _windows_1252(code: int) -> str | None:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return None


# Applied after CR and CRLF became "\n" (see the module docstring).
_CLEAN = str.maketrans({
    **{chr(code): None for code in range(0x20) if chr(code) not in "\t\n"},
    "\v": "\n", "\f": "\n", "\x7f": None,
    **{chr(code): _windows_1252(code) for code in range(0x80, 0xA0)},
    "\u2028": "\n", "\u2029": "\n\n", "\ufeff": None, "\ufffd": None,
})
# Byte order marks of text that is not UTF-8, longest first (UTF-32 LE starts like UTF-16 LE).
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
)
# Where the NUL bytes of Latin-range text are, byte by byte, in each wide encoding.
_NUL_RHYTHMS = {
    (False, True, True, True): "UTF-32LE", (True, True, True, False): "UTF-32BE",
    (False, True): "UTF-16LE", (True, False): "UTF-16BE",
}
SNIFF_BYTES = 4096  # how much of a file with NUL bytes is looked at to tell what it is


def read_stdin(stream: BinaryIO | None = None) -> Article:
    """The article piped to standard input (`translate file -`): read as bytes, like a
    file, and named `<stdin>` in messages and in the record."""
    stream = stream if stream is not None else sys.stdin.buffer
    try:
        data = stream.read()
    except OSError as exc:
        raise ArticleError(f"{quote(STDIN)}: cannot read: {exc.strerror or exc}") from None
    return parse_article(data, STDIN, STDIN)


def read_article(path: Path, rel: Path | None = None) -> Article:
    """Read and parse the article at `path`; `rel` is its path relative to its input root."""
    return parse_article(read_bytes(path), path, rel if rel is not None else Path(path.name))


def read_bytes(path: Path) -> bytes:
    """The bytes of the input file at `path`; ArticleError naming it when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{quote(path)}: cannot read: {exc.strerror or exc}") from None


def parse_article(data: bytes, path: Path, rel: Path) -> Article:
    sha256 = hashlib.sha256(data).hexdigest()
    text = decode(data, path)
    if not text.strip():
        what = "empty file" if not data else "no text in it (only whitespace or control characters)"
        raise EmptyArticle(f"{quote(path)}: {what}, skipped")

    header = date = None
    header_alone = False
    match = HEADER.match(text)
    if match:
        header, date = match.group(0), match.group(1)
        text = text[match.end():]
        first_line = text.split("\n", 1)[0]
        header_alone = not first_line.strip()

    blocks = [block for block in PARAGRAPH_BREAK.split(text) if block.strip()]
    if not blocks:
        raise EmptyArticle(f"{quote(path)}: no text after the date header, skipped")
    # Scraper noise (credits, captions, bylines ...) split off into parts of its own; the
    # first block is the title when it is a heading line.
    paragraphs = split_blocks(blocks, is_heading(blocks[0]))
    return Article(
        source=path, rel=rel, sha256=sha256, date=date, header=header,
        paragraphs=paragraphs, header_alone=header_alone,
    )


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) to text with `\\n` line endings and no control characters
    (see the module docstring), or an `ArticleError` with a one-line message."""
    encoding = _wide_encoding(data)
    if encoding:
        raise ArticleError(
            f"{quote(path)}: {encoding[:6]} text, not UTF-8; "  # UTF-16 or UTF-32
            f"convert it to UTF-8 (e.g. iconv -f {encoding} -t UTF-8)"
        )
    if b"\x00" in data:
        raise ArticleError(
            f"{quote(path)}: contains NUL bytes: binary data (an image, an archive, a "
            "document), not a text article"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            data.decode("cp1252")
            hint = " (e.g. iconv -f WINDOWS-1252 -t UTF-8 if it is Latin-1/Windows-1252)"
        except UnicodeDecodeError:
            pass
        raise ArticleError(
            f"{quote(path)}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); convert it to UTF-8 first{hint}"
        ) from None
    return clean_text(text)


def clean_text(text: str) -> str:
    """`text` with `\\n` line endings and without the characters no article may carry."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_CLEAN)


def _wide_encoding(data: bytes) -> str | None:
    """"UTF-16", "UTF-16LE", "UTF-32BE" and the like when `data` is text in that encoding (by
    its byte order mark, or else by where its NUL bytes are), else None."""
    for bom, encoding in _OTHER_BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" not in data:
        return None
    # Text in the Latin range, as Dutch is, has a NUL in the high byte(s) of every character:
    # every other byte in UTF-16, three of every four in UTF-32; binary data has no such rhythm.
    sample = data[:SNIFF_BYTES]
    sample = sample[:len(sample) - len(sample) % 4]
    if not sample:
        return None

    def nul_columns(step: int) -> tuple[bool, ...] | None:
        shares = [column.count(0) / len(column) for column in
                  (sample[offset::step] for offset in range(step))]
        if any(0.1 < share < 0.9 for share in shares):
            return None
        return tuple(share >= 0.9 for share in shares)

    return _NUL_RHYTHMS.get(nul_columns(4)) or _NUL_RHYTHMS.get(nul_columns(2))
