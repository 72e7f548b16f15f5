"""Institutions and places with an official English name: `translate/data/institutions.tsv`.

Dutch and Belgian ministries, agencies, courts, regulators, parties, unions, broadcasters;
rivers, seas, districts, landmarks and city exonyms. Each row gives the Dutch names, the
English names a careful English news writer uses (the body's own English name, accepted
variants, the acronym English keeps), the kind of body or place, the English forms English
no longer uses (`Bois-le-Duc` for 's-Hertogenbosch, `Kiev`, `Louvain`) and where the English
comes from. The file's header documents the columns.

`institutions()` loads the table once per process into a dict from each normalised Dutch
form (`normalise`: no case, no accents, one kind of apostrophe and dash, hyphens and runs of
spaces as one space) to its `Institution`; `lookup` asks it for one Dutch text, and holds
an acronym to its case (OM is the Public Prosecution Service, om a preposition). Only the
standard library: loading costs a few tens of milliseconds.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

__all__ = ["Institution", "KINDS", "TABLE", "institutions", "is_acronym", "load",
           "longest_name_words", "lookup", "normalise"]

TABLE = Path(__file__).resolve().parents[1] / "data" / "institutions.tsv"
KINDS = frozenset({
    "ministry", "agency", "regulator", "court", "police/justice", "parliament", "province",
    "municipality-body", "party", "union", "broadcaster", "newspaper", "news-agency", "company",
    "university", "Belgian-federal", "Flemish", "Walloon", "Brussels", "EU-body",
    "international", "river", "canal", "lake", "sea", "district", "region", "city-exonym",
    "landmark", "monarchy", "event", "work"})
COLUMNS = 5
NONE = "-"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—]+")
# A lower-case run longer than this inside a form makes it a word, not an acronym (PvdA, JenV
# are acronyms; GroenLinks is not).
_ACRONYM_LOWER_RUN = 2


@dataclass(frozen=True)
class Institution:
    """One row of the table: the Dutch names as written, the English that keeps them."""

    dutch: tuple[str, ...]
    english: tuple[str, ...]      # accepted English names and descriptions (acronyms aside)
    acronyms: tuple[str, ...]     # accepted English acronyms (AP, NS, ACM, CD&V)
    outdated: tuple[str, ...]     # English forms English no longer uses: flag them
    kind: str
    source: str
    line: int

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every English form that keeps the name: names, descriptions and acronyms."""
        return self.english + self.acronyms


@functools.lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """How Dutch forms are compared: lower case, accents off, one kind of apostrophe,
    hyphens, dashes and runs of spaces as one space ("'s-Hertogenbosch" → "'s hertogenbosch")."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
        text = unicodedata.normalize("NFC", "".join(
            ch for ch in decomposed if not unicodedata.combining(ch)))
    return _SEPARATORS.sub(" ", text).strip().casefold()


def is_acronym(form: str) -> bool:
    """An English form that is an acronym: one word with capitals and no long lower-case run
    (AP, N-VA, CD&V, D66, NZa, PvdA, 50PLUS), not a name (GroenLinks, Eurojust, Ijssel)."""
    if not form or " " in form or "\u00a0" in form:
        return False
    upper = sum(ch.isupper() for ch in form)
    if upper == 0 or (upper < 2 and not any(ch.isdigit() for ch in form)):
        return False
    return all(len(run) <= _ACRONYM_LOWER_RUN for run in re.findall(r"[^\W\d_A-Z]+", form))


def _forms(field: str) -> tuple[str, ...]:
    if field.strip() == NONE:
        return ()
    return tuple(dict.fromkeys(form.strip() for form in field.split("|") if form.strip()))


def _row(fields: list[str], where: str, number: int) -> Institution:
    if len(fields) != COLUMNS:
        raise ValueError(f"{where}: {len(fields)} columns, expected {COLUMNS} "
                         "(dutch, english, kind, outdated, source)")
    dutch, english, outdated = _forms(fields[0]), _forms(fields[1]), _forms(fields[3])
    kind, source = fields[2].strip(), fields[4].strip()
    if not dutch or not english:
        raise ValueError(f"{where}: a row needs a Dutch and an English name")
    if kind not in KINDS:
        raise ValueError(f"{where}: unknown kind {kind!r}, expected one of: "
                         + ", ".join(sorted(KINDS)))
    if not source or source == NONE:
        raise ValueError(f"{where}: no source for {dutch[0]!r}")
    stale = outdated and {normalise(f) for f in outdated} & {normalise(f) for f in english}
    if stale:
        raise ValueError(f"{where}: {', '.join(sorted(stale))} both accepted and outdated")
    return Institution(dutch=dutch,
                       english=tuple(f for f in english if not is_acronym(f)),
                       acronyms=tuple(f for f in english if is_acronym(f)),
                       outdated=outdated, kind=kind, source=source, line=number)


def load(path: Path = TABLE) -> dict[str, Institution]:
    """The table at `path` as {normalised Dutch form: Institution}; a malformed row, or a
    Dutch form in two rows, raises ValueError naming the file and line."""
    table: dict[str, Institution] = {}
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{path}:{number}"
        row = _row(line.split("\t"), where, number)
        for form in row.dutch:
            key = normalise(form)
            if key in table and table[key] is not row:
                raise ValueError(f"{where}: {form!r} is already in line {table[key].line}")
            table[key] = row
    return table


@functools.lru_cache(maxsize=1)
def institutions() -> Mapping[str, Institution]:
    """The shipped table, loaded once per process (read-only)."""
    return MappingProxyType(load(TABLE))


def lookup(dutch: str) -> Institution | None:
    """The row of a Dutch name as written, or None. Case, accents and hyphens do not count,
    except in an acronym, which must be written as the table has it or in capitals: "OM",
    "KVK" and "KvK" are institutions, "om" and "Om" are words."""
    key = normalise(dutch)
    row = institutions().get(key)
    if row is None:
        return None
    forms = [form for form in row.dutch if normalise(form) == key]
    if all(is_acronym(form) for form in forms):
        text = " ".join(dutch.split())
        if not any(text == form or (text.isupper() and text == form.upper()) for form in forms):
            return None
    return row


def longest_name_words() -> int:
    """The most words a Dutch form of the table has (a phrase scanner looks this far)."""
    return max(len(key.split()) for key in institutions())
