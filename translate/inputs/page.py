"""Read a saved HTML page (`*.html`, `*.htm`) into an `Article`: the news article in it, nothing else.

The article is extracted with trafilatura (the `pages` extra: `pip install 'translate[pages]'`),
an extractor made for news pages: with `favor_precision` it leaves out navigation, cookie
banners, share bars, ads, related links, tag lists, comments and footers. What it keeps
becomes the article's parts: the page's title (from its metadata) as the first heading, then
the subheadings (`heading`) and paragraphs, list items and quotes (`body`) in page order.
trafilatura drops figures, so their captions (`<figcaption>`) are read here from the page
itself: one is kept, as a part of kind `caption` where it stood, when the paragraph before
or after its figure is one of the article's (a figure in a sidebar or a teaser is not).
Captions are translated but never summarised. The date (YYYY-MM-DD) and author come from
the page's metadata; the author is in the record's `metadata`, never translated.

trafilatura and lxml are imported only here, when a page is read: a text article never
loads them. Without trafilatura a page fails with one line saying what to install.

Bytes to text: a byte order mark wins, then the charset the page declares (`<meta
charset>`, or `<meta http-equiv="Content-Type" content="...; charset=...">`, in the first
4 KB; `iso-8859-1` and `us-ascii` read as windows-1252, as browsers do), then UTF-8; a page
that is none of these fails with one line. A page larger than `runtime.max_page_bytes`
(default 10 MB) fails before it is parsed, and so does one whose tree is too large or too
deep for the extractor: a malformed page never stalls the run.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from translate.errors import ArticleError, EmptyArticle, quote
from translate.inputs.textfile import clean_text
from translate.text.article import Article, Paragraph

__all__ = ["PAGE_SUFFIXES", "decode_page", "parse_page"]

PAGE_SUFFIXES = (".html", ".htm")
INSTALL = "pip install 'translate[pages]'"
# Where a page's charset declaration must stand (the HTML standard's prescan: 1024 bytes;
# more here, as pages with long <head> scripts put it later).
PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Labels browsers read as windows-1252 (the WHATWG Encoding Standard).
_AS_WINDOWS_1252 = {"iso8859-1", "latin-1", "ascii", "cp819", "iso8859-1:1987"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Elements (tags) the extractor may see: beyond this the page is refused, not parsed on.
MAX_TREE_ELEMENTS = 50_000
# Nesting deeper than this is malformed (real pages nest a few dozen deep).
MAX_DEPTH = 400
# Ancestors (tag, or class/id words) that put a figure outside the article.
_OUTSIDE = frozenset({"aside", "nav", "footer", "header", "form"})
_OUTSIDE_WORDS = re.compile(r"related|share|social|advert|promo|teaser|sidebar|cookie|banner|"
                            r"newsletter|footer|comment|lees-ook|leesook", re.IGNORECASE)


def parse_page(data: bytes, path: Path, rel: Path, max_bytes: int = 0) -> Article:
    """The article of the page `data` (the bytes of `path`); ArticleError with one line when
    it has none or cannot be read, EmptyArticle when the file is empty."""
    sha256 = hashlib.sha256(data).hexdigest()
    if max_bytes and len(data) > max_bytes:
        raise ArticleError(f"{quote(path)}: a page of {len(data):,} bytes, over the limit of "
                           f"{max_bytes:,} (runtime.max_page_bytes); not read")
    if not data.strip():
        raise EmptyArticle(f"{quote(path)}: empty file, skipped")
    text = decode_page(data, path)
    try:
        import trafilatura
        from trafilatura.utils import load_html
    except ImportError:
        raise ArticleError(f"{quote(path)}: an HTML page needs trafilatura, which is not "
                           f"installed: {INSTALL}") from None
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        tree = load_html(text)
        if tree is None:
            raise ValueError("not HTML")
        _check_tree(tree, path)
        captions = _captions(tree)
        document = trafilatura.bare_extraction(
            tree, with_metadata=True, favor_precision=True, include_comments=False,
            include_tables=False, include_images=False, include_formatting=False,
            include_links=False)
    except ArticleError:
        raise
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ArticleError(f"{quote(path)}: cannot be read as an HTML page "
                           f"({type(exc).__name__}: {str(exc)[:80]})") from None
    paragraphs = _paragraphs(document, captions)
    if not any(p.kind == "body" for p in paragraphs):
        raise ArticleError(f"{quote(path)}: no article text found in the page (only "
                           "navigation, links or boilerplate); not translated")
    metadata = {key: " ".join(str(value).split())
                for key in ("title", "author", "url", "sitename")
                if (value := getattr(document, key, None))}
    return Article(source=path, rel=rel, sha256=sha256, date=getattr(document, "date", None),
                   header=None, paragraphs=paragraphs, format="html", metadata=metadata)


def decode_page(data: bytes, path: Path) -> str:
    """The page as text: by its byte order mark, else its declared charset, else UTF-8."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, encoding, path, "its byte order mark")
    declared = _declared(data[:PRESCAN_BYTES])
    if declared:
        try:
            return _decode(data, declared, path, f"its declared charset {declared}")
        except ArticleError:
            pass  # a wrong declaration: UTF-8 may still read it
    try:
        return clean_text(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        said = f"declares charset {declared} but is not that" if declared else \
            "declares no charset"
        raise ArticleError(
            f"{quote(path)}: a page that {said}, and is not UTF-8 either (byte "
            f"0x{data[exc.start]:02x} at offset {exc.start}); add <meta charset=...> "
            "naming its encoding") from None


def _declared(head: bytes) -> str | None:
    """The Python codec of the charset the page declares, or None."""
    match = _META_CHARSET.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name in _AS_WINDOWS_1252:
        return "cp1252"
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # a page read as bytes that declares UTF-16 is not UTF-16 (no BOM)
    return name


def _decode(data: bytes, encoding: str, path: Path, why: str) -> str:
    try:
        return clean_text(data.decode(encoding))
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{quote(path)}: not valid {encoding} ({why}) at offset "
                           f"{exc.start}") from None


def _check_tree(tree, path: Path) -> None:
    """Refuse a tree the extractor would spend long on: too many elements, too deep."""
    count = 0
    for element in tree.iter():
        count += 1
        if count > MAX_TREE_ELEMENTS:
            raise ArticleError(f"{quote(path)}: more than {MAX_TREE_ELEMENTS:,} HTML elements; "
                               "not a news page, not read")
    deepest = max((sum(1 for _ in leaf.iterancestors()) for leaf in tree.iter()
                   if len(leaf) == 0), default=0)
    if deepest > MAX_DEPTH:
        raise ArticleError(f"{quote(path)}: HTML nested {deepest} elements deep (malformed); "
                           "not read")


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _captions(tree) -> list[tuple[str, str, str]]:
    """(caption, text of the paragraph before its figure, of the one after) for each
    `<figcaption>` outside sidebars, navigation and teasers, in page order."""
    found: list[list[str]] = []
    last_paragraph = ""
    waiting: list[list[str]] = []
    for element in tree.iter("p", "figcaption"):
        if element.tag == "p":
            text = _words(element.text_content())
            if text:
                for caption in waiting:
                    caption[2] = text
                waiting, last_paragraph = [], text
            continue
        if any(a.tag in _OUTSIDE or _OUTSIDE_WORDS.search(
                f"{a.get('class') or ''} {a.get('id') or ''}") for a in element.iterancestors()):
            continue
        text = _words(element.text_content())
        if text:
            entry = [text, last_paragraph, ""]
            found.append(entry)
            waiting.append(entry)
    return [tuple(entry) for entry in found]


def _paragraphs(document, captions: list[tuple[str, str, str]]) -> list[Paragraph]:
    """The article's parts: title, headings, paragraphs, and the captions where they stood."""
    paragraphs: list[Paragraph] = []
    title = _words(getattr(document, "title", None))
    if title:
        paragraphs.append(Paragraph(nl=title, heading=True))
    body = getattr(document, "body", None)
    for element in (body if body is not None else []):
        if element.tag == "list":
            texts = [_words("".join(item.itertext())) for item in element.iter("item")]
        else:
            texts = [_words("".join(element.itertext()))]
        for text in filter(None, texts):
            heading = element.tag == "head"
            if heading and paragraphs and paragraphs[-1].heading and paragraphs[-1].nl == text:
                continue  # the title again, as the page's <h1>
            paragraphs.append(Paragraph(nl=text, heading=heading))
    return _place_captions(paragraphs, captions)


def _place_captions(paragraphs: list[Paragraph],
                    captions: list[tuple[str, str, str]]) -> list[Paragraph]:
    """Each caption after the article paragraph its figure followed (or before the one it
    preceded); a caption next to no article paragraph is left out, and so is one repeated."""
    index = {p.nl: i for i, p in enumerate(paragraphs) if p.kind == "body"}
    after: dict[int, list[str]] = {}
    before: dict[int, list[str]] = {}
    seen = set()
    for text, previous, following in captions:
        if text in seen or text in index:
            continue
        if previous in index:
            after.setdefault(index[previous], []).append(text)
        elif following in index:
            before.setdefault(index[following], []).append(text)
        else:
            continue
        seen.add(text)
    placed: list[Paragraph] = []
    for i, paragraph in enumerate(paragraphs):
        placed += [Paragraph(nl=text, kind="caption") for text in before.get(i, [])]
        placed.append(paragraph)
        placed += [Paragraph(nl=text, kind="caption") for text in after.get(i, [])]
    return placed
