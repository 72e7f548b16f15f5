"""Feeds: many articles in one JSON Lines (`*.jsonl`) or JSON array (`*.json`) file, the
shapes scrapers and extractors write (trafilatura: one object per line; newspaper4k: one
array).

Each object is an article: its text from `text` (or `maintext`, `body`, `content`), its
title from `title`, its date from `date` (or `publish_date`), its URL from `url` (or
`source`, `canonical_link`). Its identity is `id`, else `fingerprint`, else the URL: never
the line number, which changes whenever the scraper adds, drops or reorders an article and
would then pair one article's state and outputs with another's. Every other field passes
through untouched.

A feed is read as a stream, an object at a time, never loaded whole. A line that is not
JSON, an object without text or identity, or an identity seen before in the same feed is
one `FeedEntry` with a `problem` naming the feed and the line; the rest goes on.

Outputs, for `OUT/<path>/<stem>.jsonl`:
- `<stem>.en.jsonl`: one line per article in input order, the input's fields plus
  `english` (title, text, summary, quality, flags), replaced atomically as a whole;
- `<stem>.records/<xx>/<hash>.json`: each article's record, named by a hash of its
  identity (an identity is data from outside: whatever it holds, no path is made of it) and
  spread over 256 folders, so that a feed of hundreds of thousands of articles never puts
  them all in one folder.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from translate.text.article import Article
from translate.errors import ArticleError, quote

FEED_SUFFIXES = (".jsonl", ".json")
TEXT_KEYS = ("text", "maintext", "body", "content")
DATE_KEYS = ("date", "publish_date")
URL_KEYS = ("url", "source", "canonical_link")
IDENTITY_KEYS = ("id", "fingerprint")
ENGLISH_KEY = "english"
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_CHUNK = 1 << 20


@dataclass
class FeedEntry:
    """One article of a feed (or the line that should have been one)."""

    line: int                          # 1-based line of the object's start
    ident: str | None = None
    fields: dict[str, Any] | None = None
    title: str | None = None
    text: str | None = None
    date: str | None = None
    problem: str | None = None         # set: this article fails with this reason
    skipped: str | None = None         # set: not translated (empty, not Dutch), and why

    @property
    def sha256(self) -> str:
        """What the article's translation depends on: its title and text."""
        return hashlib.sha256(json.dumps([self.title, self.text]).encode("utf-8")).hexdigest()


def is_feed(path: Path) -> bool:
    return path.suffix.lower() in FEED_SUFFIXES


def feed_key(feed: str, ident: str) -> str:
    """The name of a feed's article in reports, status and the state: `feed.jsonl#<id>`
    (control characters escaped, so a name is always one line). An identity with a
    backslash is escaped too: else `a<NUL>b` and the six characters `a\u0000b` would
    share a name, and with it a state row and a line of the report."""
    if "\\" in ident or any(ord(ch) < 32 or ord(ch) == 127 for ch in ident):
        ident = json.dumps(ident, ensure_ascii=False)[1:-1]
    return f"{feed}#{ident}"


def line_key(feed: str, line: int) -> str:
    """The name of a feed's line that is no article (no identity, not JSON)."""
    return f"{feed}:{line}"


def split_key(key: str) -> tuple[str, str] | None:
    """(feed, identity) of a feed article's key, None for a plain article's."""
    match = re.match(r"^(.*?\.(?:jsonl|json))#(.*)$", key, re.IGNORECASE | re.DOTALL)
    if match is None:
        return None
    feed, ident = match.groups()
    if "\\" in ident:   # escaped by feed_key: the identity itself (its record's name)
        try:
            ident = json.loads(f'"{ident}"')
        except ValueError:
            pass
    return feed, ident


# ---------------------------------------------------------------- reading


def check_utf8(path: Path) -> None:
    """ArticleError naming the feed when it is not UTF-8 (read as a stream)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
                offset += len(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{quote(path)}: not UTF-8 text (byte {offset + exc.start:,}); "
                           "convert it to UTF-8, e.g. iconv -f latin1 -t utf-8") from None
    except OSError as exc:
        raise ArticleError(f"{quote(path)}: cannot read: {exc.strerror or exc}") from None


def entries(path: Path) -> Iterator[FeedEntry]:
    """The articles of the feed at `path`, in order, as a stream."""
    # Identities by a 64-bit digest (not the strings): a feed of 100,000 articles keeps
    # its memory flat; a false "seen twice" needs a collision (about 1 in 10^9 feeds).
    seen: dict[int, int] = {}
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        # A `.jsonl` is JSON Lines whatever its first line holds (soak seed 7, night 155).
        array = path.suffix.lower() != ".jsonl" and _peek(handle) == "["
        objects = _array(handle, path) if array else _lines(handle)
        for line, value, error in objects:
            entry = _entry(path, line, value, error)
            if entry.ident is not None and entry.problem is None:
                digest = _digest64(entry.ident)
                if digest in seen:
                    entry.problem = (f"{quote(path)}, line {line}: identity {entry.ident!r} "
                                     f"already seen on line {seen[digest]}; left out")
                else:
                    seen[digest] = line
            yield entry


def _peek(handle: TextIO) -> str:
    """The first non-blank character, leaving the handle where it was."""
    start = handle.tell()
    while (ch := handle.read(1)) and ch.isspace():
        pass
    handle.seek(start)
    return ch


def _lines(handle: TextIO) -> Iterator[tuple[int, Any, str | None]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except json.JSONDecodeError as exc:
            truncated = not line.endswith("\n") and "Unterminated" in exc.msg or \
                "Expecting" in exc.msg and exc.pos >= len(line.rstrip())
            yield number, None, ("not complete JSON (cut off)" if truncated
                                 else f"not JSON ({exc.msg}, column {exc.colno})")


def _array(handle: TextIO, path: Path) -> Iterator[tuple[int, Any, str | None]]:
    """The objects of one JSON array, decoded one at a time from a buffer."""
    decoder = json.JSONDecoder()
    buffer, at, line, done = handle.read(_CHUNK), 0, 1, False
    at = buffer.index("[") + 1
    line += buffer.count("\n", 0, at)
    while True:
        while True:
            while at < len(buffer) and (buffer[at].isspace() or buffer[at] == ","):
                line += buffer[at] == "\n"
                at += 1
            if at < len(buffer) or done:
                break
            buffer, at = handle.read(_CHUNK), 0
            done = not buffer
        if at >= len(buffer):
            yield line, None, "the array is cut off (no closing ])"
            return
        if buffer[at] == "]":
            return
        while True:
            try:
                value, end = decoder.raw_decode(buffer, at)
                break
            except json.JSONDecodeError as exc:
                more = "" if done else handle.read(max(_CHUNK, len(buffer)))
                if not more:
                    yield line, None, f"not JSON ({exc.msg}); the rest of the array is not read"
                    return
                buffer, at = buffer[at:] + more, 0
        yield line, value, None
        line += buffer.count("\n", at, end)
        at = end
        if at > _CHUNK:
            buffer, at = buffer[at:], 0


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _first(fields: dict[str, Any], keys: tuple[str, ...]) -> tuple[str | None, Any]:
    for key in keys:
        if fields.get(key) not in (None, ""):
            return key, fields[key]
    return None, None


def _entry(path: Path, line: int, value: Any, error: str | None) -> FeedEntry:
    where = f"{quote(path)}, line {line}"
    if error is not None:
        return FeedEntry(line, problem=f"{where}: {error}; left out")
    if not isinstance(value, dict):
        return FeedEntry(line, problem=f"{where}: a JSON {type(value).__name__}, not an "
                                       "object; left out")
    ident_key, ident = _first(value, IDENTITY_KEYS)
    if ident is None:
        ident_key, ident = _first(value, URL_KEYS)
    entry = FeedEntry(line, fields=value)
    if ident is None:
        entry.problem = (f"{where}: no identity (none of {', '.join(IDENTITY_KEYS + URL_KEYS)}); "
                         "left out")
        return entry
    if isinstance(ident, bool) or not isinstance(ident, (str, int, float)):
        entry.problem = f"{where}: its {ident_key} is not a string or a number; left out"
        return entry
    entry.ident = str(ident)
    text_key, text = _first(value, TEXT_KEYS)
    if text is None:
        entry.problem = f"{where}: no text (none of {', '.join(TEXT_KEYS)}); left out"
    elif not isinstance(text, str):
        entry.problem = f"{where}: its {text_key} is a JSON {type(text).__name__}, not text; left out"
    title = value.get("title")
    if title is not None and not isinstance(title, str):
        entry.problem = entry.problem or f"{where}: its title is not text; left out"
    entry.text, entry.title = _string(text), _string(title)
    entry.date = _string(_first(value, DATE_KEYS)[1])
    return entry


def has_title(entry: FeedEntry) -> bool:
    return bool(entry.title and entry.title.strip())


def to_article(entry: FeedEntry, feed: Path, key: str) -> Article:
    """The `Article` of a feed entry: its title as the heading it is, then its paragraphs."""
    from translate.inputs.parts import split_blocks
    from translate.inputs.textfile import clean_text

    blocks = [" ".join(clean_text(entry.title).split())] if has_title(entry) else []
    blocks += [block for block in PARAGRAPH_BREAK.split(clean_text(entry.text or "")
                                                        .replace("\r\n", "\n"))
               if block.strip()]
    # The title and the text through the same noise split as a text article's.
    paragraphs = split_blocks(blocks, has_title(entry))
    if not any(p.nl.strip() for p in paragraphs):
        from translate.errors import EmptyArticle

        raise EmptyArticle(f"{key}: no text, skipped")
    return Article(source=feed, rel=Path(key), sha256=entry.sha256, date=entry.date,
                   header=None, paragraphs=paragraphs, name=key, format="feed")

# ---------------------------------------------------------------- writing


@dataclass(frozen=True)
class FeedOutputs:
    english: Path     # <stem>.en.jsonl
    records: Path     # <stem>.records/

    def record(self, ident: str) -> Path:
        name = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:40]
        return self.records / name[:2] / f"{name}.json"


def feed_outputs(folder: Path, stem: str) -> FeedOutputs:
    return FeedOutputs(english=folder / f"{stem}.en.jsonl", records=folder / f"{stem}.records")


def english_of(record: dict[str, Any], titled: bool) -> dict[str, Any]:
    """What the feed's output line adds to an article: its English and what to trust
    (`titled`: its first paragraph is the title)."""
    from translate.inputs.parts import english_title_and_text

    paragraphs = record.get("paragraphs") or []
    title, text = english_title_and_text(paragraphs, titled)
    return {
        "title": title,
        "text": text,
        "summary": record.get("summary", []),
        "quality": record.get("quality", {}),
        "flags": sorted({f for p in paragraphs for s in p.get("sentences", [])
                         for f in s.get("flags", [])} | set(record.get("quality", {})
                                                            .get("flags", []))),
    }


def feed_line(entry: FeedEntry, record: dict[str, Any]) -> dict[str, Any]:
    """An article's line of `<stem>.en.jsonl`: the input's fields, and its English."""
    return (entry.fields or {}) | {ENGLISH_KEY: english_of(record, has_title(entry))}


def record_token(record: Path) -> int:   # an article's record, in `assemble`'s `read`
    return _digest64(record.name)


def assemble(feed: Path, outputs: FeedOutputs, read: Collection[int] = ()) -> bool:
    """Write `<stem>.en.jsonl` from the feed (its order, its fields) and the records of its
    articles that match their current text; remove the records of articles in neither the
    feed now nor `read` (the run's, by `record_token`: a feed changed during the run keeps
    what the report speaks of). Returns whether the output changed (replaced only then)."""
    from translate.files import fsync_dir, read_record, temp_path

    # The records folder is there before the English: it says the English is the tool's.
    outputs.records.mkdir(parents=True, exist_ok=True)
    temp = temp_path(outputs.english)
    digest, kept = hashlib.sha256(), set()
    try:
        with temp.open("w", encoding="utf-8") as out:
            for entry in entries(feed):
                if entry.problem is not None or entry.ident is None:
                    continue
                path = outputs.record(entry.ident)
                record = read_record(path)
                if record is None or record.get("sha256") != entry.sha256:
                    continue
                kept.add(_digest64(path.name))
                line = json.dumps(feed_line(entry, record), ensure_ascii=False) + "\n"
                digest.update(line.encode("utf-8"))
                out.write(line)
            out.flush()
            os.fsync(out.fileno())
        changed = _digest(outputs.english) != digest.hexdigest()
        if changed:
            os.replace(temp, outputs.english)
            fsync_dir(outputs.english.parent)
    finally:
        temp.unlink(missing_ok=True)
    _remove_stale(outputs.records, kept.union(read))
    return changed


def _digest(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _digest64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "big")


_SHARD = re.compile(r"[0-9a-f]{2}")
_RECORD_NAME = re.compile(r"[0-9a-f]{40}\.json")


def records_in_the_way(records: Path) -> str | None:
    """What `records` (a feed's `<stem>.records`) is when it is not the tool's own: None
    when it is absent or a folder holding only the tool's shard folders (`00`..`ff`) and
    temporary files; else what it is, said in the line that fails the feed."""
    import stat

    try:
        info = os.lstat(records)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be examined ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        return "a symbolic link translate did not make"
    if not stat.S_ISDIR(info.st_mode):
        return "a file translate did not write"
    try:
        with os.scandir(records) as listing:
            for item in listing:
                own = _SHARD.fullmatch(item.name) and item.is_dir(follow_symlinks=False)
                if not (own or item.name.startswith(".")):
                    return f"a folder holding files translate did not write (e.g. {item.name!r})"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return None


def _remove_stale(records: Path, kept: set[int]) -> None:
    """Remove the records of articles no longer in the feed (only names the tool gives)."""
    if not records.is_dir() or records.is_symlink():
        return
    for shard in os.scandir(records):
        if not shard.is_dir(follow_symlinks=False) or not _SHARD.fullmatch(shard.name):
            continue
        for item in os.scandir(shard.path):
            if _RECORD_NAME.fullmatch(item.name) and _digest64(item.name) not in kept:
                os.unlink(item.path)
