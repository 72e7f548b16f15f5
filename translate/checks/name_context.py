"""What a whole article says about its capitalised words (`NameContext`), and the headline
in title case, for `checks.names`: a sentence's first word is a name when the article
capitalises it inside a sentence elsewhere, or its grammar shows a person somewhere
(`name_grammar.openers`); every word of a headline in title case is capitalised whatever it
is. Pure functions of their text arguments."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from translate.checks.name_grammar import after_titles, is_first_name, openers, particles_start
from translate.checks.words import Token, capitalised, fold, tokens

__all__ = ["ENDS_SENTENCE", "NOT_NAMES", "NameContext", "title_case"]

# Capitalised inside a Dutch sentence without being a name.
NOT_NAMES = frozenset({"U", "Uw", "Ik"})
# A headline in title case: at least this many words, this share of them capitalised.
TITLE_MIN_WORDS = 3
TITLE_SHARE = 0.6
# A count noun opening this many sentences of an article bare, as the subject, is a person.
BARE_SUBJECT_MIN = 2

ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)]*\s*$")


def title_case(words: list[Token]) -> bool:
    """A headline in title case (or in capitals): most words capitalised, no end mark."""
    inner = [t for t in words[1:] if not t.initials and len(t.text) > 1
             and any(ch.isalpha() for ch in t.text)]
    if len(inner) < TITLE_MIN_WORDS:
        return False
    return sum(capitalised(t.text) for t in inner) >= TITLE_SHARE * len(inner)


def _inner_capitals(text: str, words: list[Token]) -> set[str]:
    if title_case(words) and not ENDS_SENTENCE.search(text):
        return set()
    return {t.text for t in words if not t.initial and not t.initials and capitalised(t.text)
            and t.text not in NOT_NAMES}


def _after_first_name(text: str, words: list[Token], k: int) -> bool:
    """`words[k]` is a capitalised surname after particles after a first name (Jan de Koning,
    Femke van der Meer)."""
    if not capitalised(words[k].text):
        return False
    p = particles_start(text, words, k)
    return 0 < p < k and capitalised(words[p - 1].text) and is_first_name(words[p - 1].text) \
        and words[p].text[:1].islower()


def _persons(text: str, words: list[Token]) -> tuple[set[str], list[str], set[str]]:
    """`name_grammar.openers` of `text` (`words` its tokens), its headline style told."""
    words = after_titles(text, words)
    return openers(text, words, title_case(words) and not ENDS_SENTENCE.search(text))


@dataclass(frozen=True)
class NameContext:
    """What the whole article says about its capitalised words: those it capitalises
    inside a sentence somewhere (so a sentence-opening "Bakker" is the name it is there)."""

    capitalised: frozenset[str] = frozenset()
    # Sentence openers the grammar shows to be a person somewhere in the article.
    persons: frozenset[str] = frozenset()
    # Surnames the article writes after a first name and particles (Jan de Koning): a
    # sentence opening "De Koning …" is that person, not the king.
    particled: frozenset[str] = frozenset()

    @classmethod
    def of_texts(cls, texts: Iterable[str]) -> "NameContext":
        """The context of an article from its Dutch texts (paragraphs or sentences): the
        words it capitalises inside a sentence, and the sentence openers its grammar shows
        to be a person somewhere (`Kok, de hoofdverdachte, …` makes `Kok ontkent …` the
        person too)."""
        found: set[str] = set()
        persons: set[str] = set()
        bare: list[str] = []
        lower: set[str] = set()
        particled: set[str] = set()
        for text in texts:
            words = tokens(text)
            found |= _inner_capitals(text, words)
            particled |= {fold(words[k].text) for k in range(2, len(words))
                          if _after_first_name(text, words, k)}
            text_persons, text_bare, text_lower = _persons(text, words)
            persons |= text_persons
            bare += text_bare
            lower |= {fold(w) for w in text_lower}
        # A count noun twice a bare subject, never a word of the article in lower case:
        # a person (Schilder opende …, Schilder noemde …), not the painter.
        folded = [fold(w) for w in bare]
        persons |= {w for w in folded if folded.count(w) >= BARE_SUBJECT_MIN and w not in lower}
        # Each hyphenated part counts too (Smit-Jansen: Smit, Jansen).
        parts = {p for word in found for p in re.split(r"-", word) if p and capitalised(p)}
        return cls(frozenset(fold(w) for w in found | parts), frozenset(map(fold, persons)),
                   frozenset(particled))

    def particled_person(self, word: str) -> bool:
        """The article names a person `word` after a first name and particles."""
        return fold(word) in self.particled

    def knows(self, word: str) -> bool:
        return fold(word) in self.capitalised or fold(word) in self.persons

    def is_person(self, token: Token) -> bool:
        """`token` opens a sentence and is a person the article's grammar shows."""
        return token.initial and fold(token.text) in self.persons
