"""Names the English keeps without an English form of their own, for `checks.names`:

- a name inside a quoted title the English copies whole ('Het Verdriet van de Noordzee'
  kept as is): the English writer chose to leave the title in Dutch, so nothing in it is
  a translation to judge, whatever the names table says about its words;
- a body the Dutch names and then gives its acronym in brackets (Stichting … (SWOV)),
  when the English names it by that acronym outside brackets ("the SWOV Institute for Road
  Safety Research", "SWOV says"): the acronym is the name English news uses, the words
  around it describe. A translation followed by the acronym in brackets ("The Authority
  Financial Markets (AFM)") is still judged as a translation.

Pure functions of their text arguments."""

from __future__ import annotations

import functools
import re

from translate.checks.words import strip_accents

__all__ = ["acronym_named", "quoted_kept"]

# A quoted stretch: opening quote not after a letter (zo'n, 's-Hertogenbosch), closing
# quote not before one.
_QUOTED = re.compile(r"(?<![^\W_])['‘\"“„«]([^'‘’\"“”„«»]{2,}?)['’\"”»](?![^\W_])")
_ACRONYM = r"[A-Z][A-Za-z&]*[A-Z][A-Za-z&-]*"


def _plain(text: str) -> str:
    return " ".join(strip_accents(text).replace("’", "'").split())


def quoted_kept(dutch: str, name: str, english: str) -> bool:
    """`name` lies inside a quoted stretch of the Dutch that the English copies whole."""
    plain_en = _plain(english)
    return any(_plain(name) in _plain(m.group(1)) and _plain(m.group(1)) in plain_en
               for m in _QUOTED.finditer(dutch))


def acronym_named(dutch: str, name: str, english: str) -> bool:
    """The Dutch writes `name (ACRONYM)` and the English names the body by that acronym
    outside brackets."""
    if "(" not in dutch:
        return False
    for found in _BRACKETED.finditer(dutch):
        # The body's own acronym opens with its first letter (not a person's party:
        # Jan Jansen (VVD)).
        if not dutch[:found.start()].rstrip().endswith(name) \
                or found.group(1)[0].lower() != name[:1].lower():
            continue
        outside, inside = _acronym_patterns(found.group(1))
        return outside.search(english) is not None and inside.search(english) is None
    return False


_BRACKETED = re.compile(r"\(\s*(" + _ACRONYM + r")\s*\)")


@functools.lru_cache(maxsize=1024)
def _acronym_patterns(acronym: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The acronym as a word outside brackets, and inside them."""
    quoted = re.escape(acronym)
    return (re.compile(r"(?<![\w(])(?<!\(\s)" + quoted + r"(?![\w)])"),
            re.compile(r"\(\s*" + quoted + r"\s*\)"))
