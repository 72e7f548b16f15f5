"""Surnames that are Dutch words, opening a sentence as its subject: a person, not a noun.

Many common Dutch surnames are words (Bakker, Visser, Mulder, Koning, Kok, Vos, De Wit). An
article that names such a person only at the start of its sentences (`Bakker is de nieuwe
hoofdtrainer`, `Mulder opende zaterdag …`) never writes the name inside a sentence, where its
capital would tell. Dutch grammar does: a singular count noun does not stand without a
determiner (`De bakker opende …`, not `Bakker opende …`). So a sentence's first word is a
person (`bare_surname_subject`) when
- it is a surname of `data/surnames.txt` (the last names of Faker's nl_NL and nl_BE person
  providers; for a name with the particle `de`, also its last word: de Wit → Wit);
- the word after it, with nothing between, is a finite verb in the third person singular
  (`name_grammar.singular_verb`), so the word is the subject, bare;
- it is a count noun or an adjective, not a mass noun: a mass noun stands bare as a subject
  (`Verkeer liep vast`, `Geld is op`, `Honing is duur`). OpenTaal's Hunspell dictionary
  (checks.lexicon) tells them by the affixes of the word's own entry: a count noun has a
  plural suffix (bakker → bakkers, koning → koningen), an adjective an inflection (wit →
  witte); a mass noun has neither (`verkeren` is a verb with an entry of its own, not a
  plural of verkeer). A mass noun that also has a count use (water → wateren) is not told
  apart; it is only a risk where it is also a surname of the table;
- it is not an adjective before a copula (`Groot is de kans dat …`, `Wit was de kleur`): the
  predicate put first, not a subject.

Pure functions of their text arguments; the table loads once, on first use.
"""

from __future__ import annotations

import functools
from pathlib import Path

from translate.checks.words import Token, dutch_derives, fold, is_dutch_word

SURNAMES = Path(__file__).resolve().parents[1] / "data" / "surnames.txt"

# Particles whose surname a text may shorten to its last word (de Wit → Wit).
SHORTENED_PARTICLES = frozenset({"de"})
# Copulas after which an adjective opening the sentence is the predicate put first.
# Verbs of reported speech that put the speaker after them ("…", zegt Koning.).
SPEECH_VERBS = frozenset({"zegt", "zei", "aldus", "vertelt", "vertelde", "stelt", "stelde",
                          "schrijft", "schreef", "benadrukt", "benadrukte", "reageert",
                          "reageerde", "zucht", "verklaart", "verklaarde", "waarschuwt",
                          "waarschuwde", "erkent", "erkende", "meent", "vindt", "vond",
                          "meldt", "meldde", "antwoordt", "antwoordde"})
# Prepositions that name a source ("volgens Koning"): a bare count noun cannot follow them.
SOURCE_PREPOSITIONS = frozenset({"volgens"})
COPULAS = frozenset({"is", "was", "wordt", "werd", "blijkt", "bleek", "lijkt", "leek",
                     "blijft", "bleef"})
VOWELS = "aeiou"


@functools.lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """The surnames of `data/surnames.txt`, folded: each name as written (de koning), a name
    with the particle `de` also by its last word (koning)."""
    found: set[str] = set()
    for line in SURNAMES.read_text(encoding="utf-8").splitlines():
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        words = fold(name).split()
        found.add(" ".join(words))
        if len(words) == 1:
            found.add(words[0])
        elif len(words) == 2 and words[0] in SHORTENED_PARTICLES:
            found.add(words[1])
    return frozenset(found)


def is_surname(word: str) -> bool:
    return fold(word) in surnames()


def _plurals(lower: str) -> list[str]:
    """The plural forms a Dutch noun may take (bakkers, koks, vossen, koningen, bonen)."""
    forms = [lower + "s", lower + "'s", lower + "en"]
    last = lower[-1]
    if last not in VOWELS:
        forms.append(lower + last + "en")                     # kok → kokken, vos → vossen
        if last == "s":
            forms.append(lower[:-1] + "zen")                  # huis → huizen
        if last == "f":
            forms.append(lower[:-1] + "ven")                  # wolf → wolven
        if len(lower) > 3 and lower[-2] == lower[-3] and lower[-2] in VOWELS:
            forms.append(lower[:-2] + lower[-1] + "en")       # boon → bonen
            if last in "sf":                                  # haas → hazen, graaf → graven
                forms.append(lower[:-2] + {"s": "z", "f": "v"}[last] + "en")
    return forms


def count_word(word: str) -> bool:
    """A Dutch count noun: Hunspell derives a plural from the word's own entry (bakkers,
    koningen, vossen); not a mass noun (verkeer, honing, geld, sneeuw: `verkeren` is a verb
    with an entry of its own, not a plural)."""
    lower = word.lower()
    return len(lower) > 1 and any(dutch_derives(form, lower) for form in _plurals(lower))


def adjective(word: str) -> bool:
    """A Dutch adjective: its inflected form with -e is a word (wit → witte, groot → grote,
    klein → kleine); nouns have none (bakker, koning, kok)."""
    lower = word.lower()
    if len(lower) < 2 or lower[-1] in VOWELS:
        return False
    forms = {lower + "e", lower + lower[-1] + "e"}
    if len(lower) > 3 and lower[-2] == lower[-3] and lower[-2] in VOWELS:
        forms.add(lower[:-2] + lower[-1] + "e")               # groot → grote
    if lower[-1] == "f":
        forms.add(lower[:-1] + "ve")
    if lower[-1] == "s":
        forms.add(lower[:-1] + "ze")
    return any(dutch_derives(form, lower) for form in forms)


def bare_surname_subject(word: str, verb: str) -> bool:
    """`word`, opening a sentence with `verb` (a finite verb in the third person singular)
    right after it, is a surname standing as the subject: a person (see the module's
    docstring)."""
    if not is_surname(word) or not is_dutch_word(word):
        return False
    if not (count_word(word) or adjective(word)):
        return False
    return not (verb.lower() in COPULAS and adjective(word))


def attributed_speaker(text: str, words: list[Token], i: int) -> bool:
    """`words[i]` is the speaker a report names (`"…", zegt Koning.`, `…, aldus Bakker.`,
    `Volgens Koning staan …`, `Dat meldt Visser gisteren.`): a surname of the table that is a
    count noun, right after `volgens` or a speech verb, with no name word after it (not the
    title of `volgens Koning Filip`). A bare singular count noun never stands there as a
    noun (`volgens de koning`, `zegt de koning`): the capital names a person."""
    word = words[i]
    if i < 1 or word.initial or not word.text[:1].isupper() or not is_surname(word.text):
        return False
    verb = fold(words[i - 1].text)
    if verb not in SPEECH_VERBS and verb not in SOURCE_PREPOSITIONS:
        return False
    after = text[word.start + len(word.text):].lstrip()
    return not after[:1].isupper() and count_word(word.text)

