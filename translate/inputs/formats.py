"""Which reader an input file goes to, by its name: pages, Markdown, or text.

`*.html`/`*.htm` are pages (`inputs.page`), `*.md`/`*.markdown` Markdown (`inputs.markdown`),
anything else a text article (`inputs.textfile`). Each reader's library is imported only
when a file of its kind is read.
"""

from __future__ import annotations

from pathlib import Path

from translate.config import Config
from translate.text.article import Article

__all__ = ["english_suffix", "input_format", "parse_input", "read_input"]

_PAGE = (".html", ".htm")           # inputs.page.PAGE_SUFFIXES
_MARKDOWN = (".md", ".markdown")    # inputs.markdown.MARKDOWN_SUFFIXES


def input_format(name: Path | str) -> str:
    """"html", "markdown" or "text", by the file name's last suffix (any case)."""
    suffix = Path(name).suffix.lower()
    if suffix in _PAGE:
        return "html"
    if suffix in _MARKDOWN:
        return "markdown"
    return "text"


def english_suffix(name: Path | str) -> str:
    """The suffix of an input's English: `.en.md` for Markdown, else `.en.txt`."""
    return ".en.md" if input_format(name) == "markdown" else ".en.txt"


def parse_input(data: bytes, path: Path, rel: Path, config: Config | None = None) -> Article:
    """The article in `data` (the bytes of `path`), by the reader its name calls for."""
    kind = input_format(rel if rel.suffix else path)
    if kind == "html":
        from translate.inputs.page import parse_page

        limit = config.runtime.max_page_bytes if config is not None else 0
        return parse_page(data, path, rel, limit)
    if kind == "markdown":
        from translate.inputs.markdown import parse_markdown

        return parse_markdown(data, path, rel)
    from translate.inputs.textfile import parse_article

    return parse_article(data, path, rel)


def read_input(path: Path, config: Config | None = None) -> Article:
    """Read and parse the article file at `path` (`translate file`)."""
    from translate.inputs.textfile import read_bytes

    return parse_input(read_bytes(path), path, Path(path.name), config)
