"""Sentences written in capitals ("BREAKING", shouted headlines).

The translation model has seen little text in capitals and tends to return it
untranslated or mangled; such a sentence is translated in normal (sentence) case and the
capitals are put back on the English.
"""

from __future__ import annotations

# Fewer cased letters than this is an acronym ("EU", "NOS"), not shouting.
MIN_LETTERS = 4


def is_shouting(text: str) -> bool:
    """True when every cased letter of `text` is a capital, and there are enough of them."""
    cased = [ch for ch in text if ch.lower() != ch.upper()]
    return len(cased) >= MIN_LETTERS and all(ch.isupper() for ch in cased)


def sentence_case(text: str) -> str:
    """`text` in lower case with its first letter a capital, as a normal sentence starts."""
    lower = text.lower()
    for index, ch in enumerate(lower):
        if ch.isalpha():
            return lower[:index] + ch.upper() + lower[index + 1:]
    return lower


def shout(text: str) -> str:
    """The capitals back on a translation."""
    return text.upper()
