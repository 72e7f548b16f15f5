"""Render an article's three outputs and write each one whole or not at all.

A file is written under a hidden temporary name in its final folder, fsynced, then renamed
over the target: a killed run leaves either the old file, the new file, or a stray hidden
temp file (which the next run removes), never half a file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from translate.files import TEMP_MARK, fsync_dir, stem_of, temp_path
from translate.text.article import Article
from translate.errors import quote


@dataclass(frozen=True)
class OutputPaths:
    text: Path       # <stem>.en.txt (a Markdown input's: <stem>.en.md)
    summary: Path    # <stem>.summary.md
    record: Path     # <stem>.json

    def all(self) -> list[Path]:
        return [self.text, self.summary, self.record]


def output_paths(folder: Path, stem: str, english: str = ".en.txt") -> OutputPaths:
    """The outputs of the input `<stem>.*` in `folder`; `english`: the suffix of its English
    (`inputs.formats.english_suffix`)."""
    return OutputPaths(
        text=folder / f"{stem}{english}",
        summary=folder / f"{stem}.summary.md",
        record=folder / f"{stem}.json",
    )


def render_text(article: Article, marked: bool = False) -> str:
    """The English article, laid out like the original: header line, paragraphs, headings.
    Scraper noise split off a paragraph (`inputs.parts`) stands on a line of its own inside
    it, in source order: credits, bylines, links, tags, share bars and ads as they are, a
    caption translated.

    `marked`: each flagged sentence is followed by its flags, `[flagged: numbers]`. A
    Markdown article's English is Markdown in the source's skeleton (`markdown_out`)."""
    if article.layout is not None:
        from translate.run.markdown_out import render_markdown

        return render_markdown(article)
    from translate.inputs.parts import blocks_of

    if marked:
        english = [(p, " ".join(_marked(s) for s in p.sentences).strip())
                   for p in article.paragraphs]
    else:
        english = [(p, p.en) for p in article.paragraphs]
    parts = {id(p): text for p, text in english}
    blocks = ["\n".join(parts[id(p)] for p in block) for block in blocks_of(article.paragraphs)]
    if article.header:
        if article.header_alone:
            blocks[0] = article.header.rstrip(" ") + "\n" + blocks[0]
        else:
            blocks[0] = article.header + blocks[0]
    return "\n\n".join(blocks) + "\n"


TITLE_MAX_CHARS = 100


def summary_title(article: Article) -> str:
    """The article's title line: its heading, else its first sentence, else its file name
    (scraper noise is never the title)."""
    first = next((p for p in article.paragraphs if not p.noise), article.paragraphs[0])
    if first.heading and first.en:
        return first.en
    sentences = [s.en for s in first.sentences if s.en]
    if not sentences:
        return stem_of(article.rel)
    title = sentences[0]
    if len(title) > TITLE_MAX_CHARS:
        title = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return title


def render_summary(article: Article) -> str:
    title = summary_title(article)
    lines = [f"# {title}", ""] + [f"- {bullet}" for bullet in article.summary]
    return "\n".join(lines) + "\n"


def _marked(sentence) -> str:
    english = sentence.en or ""
    return f"{english} [flagged: {', '.join(sentence.flags)}]" if sentence.flags else english


def render_text_and_summary(article: Article, marked: bool = False) -> str:
    """What `translate file` prints: the English text (with `marked`, each flagged
    sentence and bullet followed by its flags), a blank line, the bullets."""
    text = render_text(article, marked)
    if article.summary:
        flags = [check.get("flags") or [] for check in article.summary_checks]
        flags += [[]] * (len(article.summary) - len(flags))
        text += "\n" + "\n".join(
            f"- {b} [flagged: {', '.join(f)}]" if marked and f else f"- {b}"
            for b, f in zip(article.summary, flags)) + "\n"
    return text


def render_quality(article: Article) -> str:
    """One line on the quality checks of an article (`translate file` says it on stderr)."""
    quality = article.quality
    flagged = sum(1 for s in article.sentences() if s.flags)
    bullets = sum(1 for check in article.summary_checks if check.get("flags"))
    own = f"; article flags: {', '.join(quality.flags)}" if quality.flags else ""
    said = f", {bullets} of {len(article.summary)} bullet(s)" if article.summary else ""
    return (f"quality: {flagged} of {len(article.sentences())} sentence(s){said} flagged; "
            f"language {quality.language or '?'} ({quality.language_probability:.2f}){own}")


def write_atomic(path: Path, content: str) -> None:
    """Write `content` to `path` so that the file is always either whole or absent/old."""
    temp = write_temp(path, content)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_outputs(paths: OutputPaths, article: Article, record: dict[str, Any],
                  with_summary: bool) -> None:
    """Write the article's outputs as a set: every file goes to its temporary name first,
    then each is renamed into place, the record last (its presence says the others are
    complete). A full disk is met while the temporary files are written, before any
    output is replaced; on any failure the files of the set already renamed are removed
    again, so no translation is left without its record. A run killed between two renames
    leaves the record's temporary file, by which the next run knows the renamed files as
    its own (`remove_stale_temps`)."""
    from translate.run.record import dumps

    contents = [(paths.text, render_text(article))]
    if with_summary:
        contents.append((paths.summary, render_summary(article)))
    contents.append((paths.record, dumps(record)))
    temps: list[tuple[Path, Path]] = []
    renamed: list[Path] = []
    try:
        for path, content in contents:
            temps.append((path, write_temp(path, content)))
        for path, temp in temps:
            os.replace(temp, path)
            renamed.append(path)
    except BaseException:
        for _, temp in temps:
            temp.unlink(missing_ok=True)
        for path in renamed:
            path.unlink(missing_ok=True)
        raise
    fsync_dir(paths.record.parent)


def write_temp(path: Path, content: str) -> Path:
    """`content` written whole and fsynced under `path`'s temporary name; that name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_path(path)
    try:
        with open(temp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def remove_outputs(paths: list[Path]) -> None:
    """Remove a set of outputs just written (its article could not be recorded)."""
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


# ---------------------------------------------------------------- whose file is in the way


def is_own_record(path: Path, stem: str) -> bool:
    """Whether `path` is a record this tool wrote for an input of stem `stem` (a regular
    file, not a link, holding the tool's `source` and `sha256`)."""
    from translate.files import record_source

    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
    except OSError:
        return False
    source = record_source(path)
    return source is not None and stem_of(PurePosixPath(source)) == stem


def in_the_way(paths: list[Path], record: Path, stem: str,
               overwrite: bool = False) -> tuple[Path, str] | None:
    """The first of `paths` (an article's outputs) that the tool may not replace, and
    what it is; None when each is absent or the tool's own. The tool's own: the record
    at `record` is a record of this tool for stem `stem` (it then vouches for the other
    outputs beside it). `overwrite`: a file of anyone else's may be replaced (a link: the
    link, never its target); a folder never is."""
    own: bool | None = None
    for path in paths:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            return path, f"cannot be examined ({exc.strerror or exc})"
        if stat.S_ISDIR(info.st_mode):
            return path, "a folder"
        if own is None:
            own = is_own_record(record, stem)
        if own or overwrite:
            continue
        if stat.S_ISLNK(info.st_mode):
            return path, "a symbolic link translate did not make"
        if not stat.S_ISREG(info.st_mode):
            return path, "not a regular file"
        if path == record:
            return path, "a file that is no record of translate"
        return path, "a file translate did not write (no record of it beside)"
    return None


def in_the_way_error(path: Path, what: str, output: str, article: Path | str,
                     folder: bool = False) -> str:
    """The one line that fails an article for a file in the way of one of its outputs."""
    fix = "move it away" if folder or what == "a folder" else \
        "move it away, or rerun with --overwrite to replace it"
    return (f"{quote(path)}: {what}, where {output} of {quote(article)} goes; left as it "
            f"is and the article not translated: {fix}")


def remove_stale_temps(folder: Path) -> int:
    """Delete temp files a killed run left under `folder`; returns how many.

    A record's temp file left beside its article's other outputs is an article's set cut
    short between two renames (`write_outputs`): the outputs renamed before the kill (not
    newer than that temp file) are the tool's own and go with it, so no translation is
    left without its record, and nothing the tool did not write is taken for its own."""
    removed = 0
    if not folder.is_dir():
        return 0
    for temp in folder.rglob(f".*{TEMP_MARK}*"):
        if temp.is_file():
            _roll_back(temp)
            temp.unlink(missing_ok=True)
            removed += 1
    return removed


def _roll_back(temp: Path) -> None:
    name = temp.name[1:temp.name.rfind(TEMP_MARK)]
    if not name.endswith(".json") or len(name) <= len(".json"):
        return
    stem = name[:-len(".json")]
    if not is_own_record(temp, stem):
        return
    try:
        written = os.stat(temp).st_mtime_ns
    except OSError:
        return
    from translate.files import record_source
    from translate.inputs.formats import english_suffix

    outputs = output_paths(temp.parent, stem, english_suffix(record_source(temp) or ""))
    for path in (outputs.text, outputs.summary):
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_mtime_ns <= written:
            path.unlink(missing_ok=True)
