"""Read a Markdown article (`*.md`) into an `Article` whose English is written into the same skeleton.

The file is parsed with markdown-it-py (CommonMark, with GitHub's tables and strikethrough),
and only the text of its inline tokens goes to the model: the words of headings, paragraphs,
list items, block quotes and table cells. Everything else is the skeleton and is written
back as it came: every line outside an inline token byte for byte (heading and list
markers, quote marks, fences and code blocks, HTML blocks, rules, link reference
definitions, blank lines), and inside one every piece of markup (emphasis delimiters as the
file wrote them, link and image targets and titles, code spans, inline HTML, autolinks,
line breaks).

Emphasis and links inside a sentence: the text between two pieces of markup is a part of
its own (a `Paragraph`, cut into sentences as usual), so a sentence with a link or an
emphasised phrase in it is translated in pieces at the markup's edges. Every span then stays
on the words it marked and no markup ever reaches the model, at the price of a clumsier
English for such sentences. A piece without a letter or digit (", ", ")") is kept as it is.
Code spans and image descriptions (alt text) are not translated. A YAML front matter block
at the top (`---` ... `---`, as trafilatura writes one) is metadata: kept as it is, never
translated; its `date:` is the article's date.

The `Layout` keeps, per inline token, where it stands in the source and its pieces (markup
strings and the indexes of its parts in `Article.paragraphs`); `run.markdown_out` writes the
English into it. An inline token that cannot be found in its source lines (tabs expanded
in a list's indentation, say) is kept in Dutch rather than risk the file's structure.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from translate.errors import EmptyArticle, quote
from translate.inputs.textfile import decode
from translate.text.article import Article, Paragraph

__all__ = ["HARDBREAK", "MARKDOWN_SUFFIXES", "Inline", "Layout", "Run", "escape",
           "link_target", "parse_markdown", "parser"]

MARKDOWN_SUFFIXES = (".md", ".markdown")
HARDBREAK = "\n"          # a piece that is a hard line break
_EMPHASIS = ("em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close")
# Characters that are markup anywhere in a line, escaped in the English.
_ESCAPE = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>#|~&"})
# Markup at a line's start (a list item, a quote, a heading, a setext line).
_LINE_START = ("-", "+", "=", ">")
FRONT_MATTER_MAX_LINES = 100
_DATE = re.compile(r"""^date:\s*["']?(\d{4}-\d{2}(?:-\d{2})?)""")


@dataclass
class Run:
    """A piece of text translated as a part: `Article.paragraphs[index]`, with the
    whitespace that stood around it in the source."""

    index: int
    before: str = ""
    after: str = ""


@dataclass
class Inline:
    """One inline token of the source: from (`line`, `start`) to (`end_line`, `end`) in the
    source lines; its `pieces` are markup strings, `HARDBREAK` and `Run`s. `prefixes`: the
    start of each source line it covers (quote marks, indentation), for a line break."""

    line: int
    start: int
    end_line: int
    end: int
    pieces: list[str | Run] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)


@dataclass
class Layout:
    """A Markdown article's skeleton: its source lines and where its text stands in them."""

    lines: list[str]
    inlines: list[Inline]
    final_newline: bool = True
    kept: int = 0          # inline tokens left in Dutch (not found in their source lines)
    references: dict = field(default_factory=dict)   # link reference definitions (their env)


def parser():
    """The Markdown parser of the reader, the writer and the tests: CommonMark + GFM tables
    and strikethrough (markdown-it-py, imported only when a Markdown file is read)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def escape(text: str, line_start: bool = False) -> str:
    """`text` as Markdown text that parses back to itself and adds no markup."""
    text = text.translate(_ESCAPE)
    if line_start:
        if text.startswith(_LINE_START):
            text = "\\" + text
        digits = len(text) - len(text.lstrip("0123456789"))
        if digits and text[digits:digits + 1] in (".", ")"):
            text = text[:digits] + "\\" + text[digits:]
    return text


def link_target(token) -> str:
    """A link's or image's `(destination "title")` as markdown-it-py parsed it: parsing it
    again gives the same destination and title."""
    href = token.attrs.get("href", token.attrs.get("src", "")) or ""
    if any(ch in href for ch in "() ") or not href:
        href = "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"
    title = token.attrs.get("title")
    if title:
        href += ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"({href})"


def parse_markdown(data: bytes, path: Path, rel: Path) -> Article:
    """The article of the Markdown file `data` (the bytes of `path`); EmptyArticle when it
    has no text to translate, ArticleError (via `decode`) when it is not UTF-8."""
    sha256 = hashlib.sha256(data).hexdigest()
    text = decode(data, path)
    if not text.strip():
        raise EmptyArticle(f"{quote(path)}: empty file, skipped")
    lines = text.split("\n")
    final_newline = text.endswith("\n")
    if final_newline:
        lines.pop()
    front = _front_matter(lines)
    env: dict = {}
    tokens = parser().parse("\n".join(lines[front:]), env)
    paragraphs: list[Paragraph] = []
    layout = Layout(lines, [], final_newline, references=env.get("references", {}))
    cursor: dict[int, int] = {}       # table rows: where the next cell is searched from
    heading = False
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        if token.type != "inline" or token.map is None:
            continue
        in_cell = index > 0 and tokens[index - 1].type in ("th_open", "td_open")
        inline = _locate(token, lines, cursor if in_cell else None, front)
        if inline is None:
            layout.kept += 1
            continue
        inline.pieces = _pieces(token.children or [], paragraphs, heading)
        layout.inlines.append(inline)
    if not any(p.nl.strip() for p in paragraphs):
        raise EmptyArticle(f"{quote(path)}: no text to translate in it (only markup), skipped")
    date = next((m.group(1) for line in lines[:front] if (m := _DATE.match(line))), None)
    return Article(source=path, rel=rel, sha256=sha256, date=date, header=None,
                   paragraphs=paragraphs, format="markdown", layout=layout)


def _front_matter(lines: list[str]) -> int:
    """How many lines a YAML front matter block takes at the top (`---` ... `---` or
    `...`, as trafilatura and static site generators write it); 0 when there is none."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for number, line in enumerate(lines[1:FRONT_MATTER_MAX_LINES], start=1):
        if line.rstrip() in ("---", "...") and number > 1:
            return number + 1
    return 0


def _locate(token, lines: list[str], cursor: dict[int, int] | None,
            front: int) -> Inline | None:
    """Where `token`'s content stands in the source lines, or None when it is not found
    line by line as it is (the token is then kept as it is)."""
    content = token.content.split("\n")
    first = token.map[0] + front
    if first + len(content) > len(lines):
        return None
    prefixes: list[str] = []
    start = end = 0
    for i, part in enumerate(content):
        line, piece = lines[first + i], part.strip()
        if not piece:
            return None
        if cursor is not None:   # a table cell: the next match after the previous cell
            position = line.find(piece, cursor.get(first + i, 0))
        else:
            position = line.rfind(piece)
        if position < 0:
            return None
        prefixes.append(line[:position])
        if i == 0:
            start = position
        end = position + len(piece)
    if cursor is not None:
        cursor[first] = end
    return Inline(first, start, first + len(content) - 1, end, prefixes=prefixes)


def _pieces(children, paragraphs: list[Paragraph], heading: bool) -> list[str | Run]:
    """The inline token's children as markup strings and runs of text (new parts)."""
    pieces: list[str | Run] = []
    text: list[str] = []

    def flush() -> None:
        run = "".join(text)
        text.clear()
        if not run:
            return
        if not any(ch.isalnum() for ch in run):
            pieces.append(escape(run, line_start=not pieces or pieces[-1] == HARDBREAK))
            return
        # After markup, what precedes the first letter or digit stays as it is, so the
        # characters next to every delimiter are the source's (emphasis still closes).
        first = next(i for i, ch in enumerate(run) if ch.isalnum()) if pieces else \
            len(run) - len(run.lstrip())
        trail = run[len(run.rstrip()):]
        paragraphs.append(Paragraph(nl=" ".join(run[first:].split()), heading=heading))
        pieces.append(Run(len(paragraphs) - 1, escape(run[:first]), trail))

    position = 0
    while position < len(children):
        child = children[position]
        position += 1
        kind = child.type
        if kind == "text":
            text.append(child.content)
        elif kind == "softbreak":
            text.append(" ")
        else:
            flush()
            if kind == "hardbreak":
                pieces.append(HARDBREAK)
            elif kind in _EMPHASIS:
                pieces.append(child.markup)
            elif kind == "link_open" and child.markup == "autolink":
                label = []
                while position < len(children) and children[position].type != "link_close":
                    label.append(children[position].content)
                    position += 1
                position += 1
                pieces.append(f"<{''.join(label)}>")
            elif kind == "link_open":
                pieces.append("[")
            elif kind == "link_close":
                pieces.append("]" + link_target(_opener(children, child)))
            elif kind == "image":
                pieces.append("![" + escape(child.content) + "]" + link_target(child))
            elif kind == "code_inline":
                code = child.content
                pad = " " if code.startswith("`") or code.endswith("`") or (
                    code.startswith(" ") and code.endswith(" ") and code.strip()) else ""
                pieces.append(f"{child.markup}{pad}{code}{pad}{child.markup}")
            else:   # html_inline, and anything else: its source as it came
                pieces.append(child.content or child.markup)
    flush()
    # Before markup, likewise what follows the last letter or digit.
    for piece, following in zip(pieces, pieces[1:]):
        if isinstance(piece, Run):
            nl = paragraphs[piece.index].nl
            last = max(i for i, ch in enumerate(nl) if ch.isalnum())
            paragraphs[piece.index].nl = nl[:last + 1]
            piece.after = escape(nl[last + 1:]) + piece.after
    return pieces


def _opener(children, close):
    """The `link_open` of the `link_close` token `close` (links do not nest)."""
    position = next(i for i, c in enumerate(children) if c is close)
    return next(c for c in reversed(children[:position]) if c.type == "link_open")
