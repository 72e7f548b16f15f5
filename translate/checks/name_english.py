"""The names of an English text: its capitalised words that are names (`english_names`),
for the checks that compare the names of a translation with those of its source. Pure
functions of their text arguments."""

from __future__ import annotations

import re

from translate.checks.words import OPENERS, is_english_word

__all__ = ["english_name_positions", "english_names"]

_ENGLISH_WORD = re.compile(r"[^\W\d_][\w]*(?:[-'’][^\W_][\w]*)*")


def english_names(text: str) -> list[str]:
    """The capitalised words of an English text that are names: inside a sentence, any
    capitalised word ("I" aside); opening one, a word that is not an English word in lower
    case."""
    return [name for name, _ in english_name_positions(text)]


def english_name_positions(text: str) -> list[tuple[str, bool]]:
    """`english_names`, each with whether it opens a sentence (where its capital says
    nothing: the article may write it in lower case)."""
    found = []
    for match in _ENGLISH_WORD.finditer(text):
        word = match.group(0)
        if not word[0].isupper() or word in ("I", "I'm", "I've", "I'd", "I'll"):
            continue
        before = text[:match.start()].rstrip()
        initial = not before or before[-1] in OPENERS
        core = re.sub(r"['’]s$", "", word)
        if initial and all(is_english_word(p) for p in core.split("-") if p):
            continue
        found.append((core, initial))
    return found
