"""Render an article's three outputs and write each one whole or not at all.

A file is written under a hidden temporary name in its final folder, fsynced, then renamed
over the target: a killed run leaves either the old file, the new file, or a stray hidden
temp file (which the next run removes), never half a file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.text.article import Article

TEMP_MARK = ".tmp-"
# The tool's own files: never taken as inputs, even when written alongside them.
OUTPUT_SUFFIXES = (".en.txt", ".summary.md", ".json", ".en.jsonl")


@dataclass(frozen=True)
class OutputPaths:
    text: Path       # <stem>.en.txt
    summary: Path    # <stem>.summary.md
    record: Path     # <stem>.json

    def all(self) -> list[Path]:
        return [self.text, self.summary, self.record]


def output_paths(folder: Path, stem: str) -> OutputPaths:
    return OutputPaths(
        text=folder / f"{stem}.en.txt",
        summary=folder / f"{stem}.summary.md",
        record=folder / f"{stem}.json",
    )


def stem_of(rel: Path) -> str:
    """`a/b/news.txt` -> `news` (only the last suffix goes: `x.2018.txt` -> `x.2018`)."""
    return rel.stem if rel.suffix else rel.name


def render_text(article: Article, marked: bool = False) -> str:
    """The English article, laid out like the original: header line, paragraphs, headings.

    `marked`: each flagged sentence is followed by its flags, `[flagged: numbers]`."""
    if marked:
        blocks = [" ".join(_marked(s) for s in p.sentences).strip() for p in article.paragraphs]
    else:
        blocks = [p.en for p in article.paragraphs]
    if article.header:
        if article.header_alone:
            blocks[0] = article.header.rstrip(" ") + "\n" + blocks[0]
        else:
            blocks[0] = article.header + blocks[0]
    return "\n\n".join(blocks) + "\n"


TITLE_MAX_CHARS = 100


def summary_title(article: Article) -> str:
    """The article's title line: its heading, else its first sentence, else its file name."""
    first = article.paragraphs[0]
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
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_path(path)
    try:
        with open(temp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def temp_path(path: Path) -> Path:
    """The temporary name `path` is written under before it is renamed into place (hidden,
    marked: a killed run's are found and removed by `remove_stale_temps`)."""
    return path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")


def fsync_dir(folder: Path) -> None:
    # The rename itself is durable only once the folder entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_outputs(paths: OutputPaths, article: Article, record: dict[str, Any],
                  with_summary: bool) -> None:
    """Write the article's outputs as a set: on any failure (a full disk) the files this
    call already wrote are removed again, so no translation is left without its record."""
    from translate.run.record import dumps

    contents = [(paths.text, render_text(article))]
    if with_summary:
        contents.append((paths.summary, render_summary(article)))
    # The record goes last: its presence says the other files are complete.
    contents.append((paths.record, dumps(record)))
    written: list[Path] = []
    try:
        for path, content in contents:
            write_atomic(path, content)
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def remove_stale_temps(folder: Path) -> int:
    """Delete temp files a killed run left under `folder`; returns how many."""
    removed = 0
    if not folder.is_dir():
        return 0
    for temp in folder.rglob(f".*{TEMP_MARK}*"):
        if temp.is_file():
            temp.unlink(missing_ok=True)
            removed += 1
    return removed
