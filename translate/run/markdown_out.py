"""Write a Markdown article's English (`<stem>.en.md`) into the skeleton its reader kept.

Every source line outside the article's inline tokens is written as it came; each inline
token is written again from its pieces: the markup as it came, each run of text as the
English of its part, escaped so that it adds no markup (`inputs.markdown.escape`). Each
inline token written is parsed again and compared with the Dutch one: should the English
change its structure after all (an emphasis delimiter that no longer opens), that token is
written in Dutch, as it came, and the file's skeleton is still the source's.
"""

from __future__ import annotations

import logging

from translate.errors import quote
from translate.inputs.markdown import HARDBREAK, Inline, Layout, Run, escape, parser
from translate.text.article import Article

__all__ = ["render_markdown", "skeleton"]

log = logging.getLogger("translate")


def render_markdown(article: Article) -> str:
    """The English Markdown of `article` (read by `inputs.markdown.parse_markdown`)."""
    layout: Layout = article.layout
    md = parser()
    lines = layout.lines
    out: list[str] = []
    line, column = 0, 0
    kept = layout.kept
    for inline in layout.inlines:
        out.append(_between(lines, line, column, inline.line, inline.start))
        written, english = _inline(inline, article, md, lines, {"references": layout.references})
        out.append(written)
        kept += not english
        line, column = inline.end_line, inline.end
    out.append(_between(lines, line, column, len(lines), 0))
    if kept:
        log.warning("%s: %d piece(s) of text kept in Dutch in its English, to keep the "
                    "Markdown intact", quote(article.source), kept)
    text = "".join(out)
    return text + "\n" if layout.final_newline and not text.endswith("\n") else text


def _between(lines: list[str], line: int, column: int, to_line: int, to_column: int) -> str:
    """The source from (line, column) to (to_line, to_column), as it came."""
    if line == to_line:
        return lines[line][column:to_column] if line < len(lines) else ""
    parts = [lines[line][column:]] if line < len(lines) else []
    parts += lines[line + 1:to_line]
    if to_line < len(lines):
        parts.append(lines[to_line][:to_column])
    return "\n".join(parts) + ("" if to_line < len(lines) else "")


def _inline(inline: Inline, article: Article, md, lines: list[str],
            env: dict) -> tuple[str, bool]:
    """The English of one inline token (and True), or its source (and False) when the
    English would not keep its skeleton."""
    source = _source(inline, lines)
    english = _write(inline, article)
    if english is not None and _same(md, source, english, env):
        return english, True
    return source, not any(isinstance(piece, Run) for piece in inline.pieces)


def _source(inline: Inline, lines: list[str]) -> str:
    if inline.line == inline.end_line:
        return lines[inline.line][inline.start:inline.end]
    return "\n".join([lines[inline.line][inline.start:],
                      *lines[inline.line + 1:inline.end_line],
                      lines[inline.end_line][:inline.end]])


def _write(inline: Inline, article: Article) -> str | None:
    """The inline token's pieces with each run's English; None when a run has none."""
    out: list[str] = []
    breaks = 0
    for piece in inline.pieces:
        if isinstance(piece, Run):
            english = article.paragraphs[piece.index].en
            if not english:
                return None
            line_start = not out or out[-1].endswith("\n")
            english = " ".join(english.split())   # no line ending of its own (\r, \n ...)
            out.append(piece.before + escape(english, line_start=line_start) + piece.after)
        elif piece == HARDBREAK:
            breaks += 1
            prefix = inline.prefixes[min(breaks, len(inline.prefixes) - 1)]
            out.append("\\\n" + prefix)
        else:
            out.append(piece)
    return "".join(out)


def skeleton(tokens) -> list[tuple]:
    """What must not change between a Markdown file and its English: every token's type,
    tag, nesting and markup, and every link's and image's target and title (text and code
    left out); inline tokens by their children's skeleton."""
    shape: list[tuple] = []
    for token in tokens:
        if token.type in ("text", "softbreak"):
            continue
        attrs = tuple(sorted((k, v) for k, v in (token.attrs or {}).items()
                             if k in ("href", "src", "title", "start", "style")))
        content = token.content if token.type in (
            "code_inline", "code_block", "fence", "html_block", "html_inline") else ""
        shape.append((token.type, token.tag, token.nesting, token.markup, attrs, content))
        if token.children:
            shape.extend(skeleton(token.children))
    return shape


def _same(md, source: str, english: str, env: dict) -> bool:
    """Whether the English inline parses to the Dutch one's skeleton."""
    before = md.parseInline(source, dict(env))
    after = md.parseInline(english, dict(env))
    return skeleton(before) == skeleton(after)
