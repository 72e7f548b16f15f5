"""List members for the `dropped` flag: a coordinated list of the Dutch ("beken en rivieren",
"Utrecht, Burgum en Heerenveen") whose English has fewer places for members than the Dutch
has members.

A translation that drops one member of a list drops a word or two: too little for the
stretch and clause-part rules (`coverage.py`, `clause_parts.py`), which weigh evidence
against length. The list itself is the evidence: where the English keeps every member it
keeps the list's shape, its members joined by "and", "or" and commas; where it drops one,
the members it keeps stand with one joint fewer ("Utrecht and Burgum" for three places, or
"streams" alone, no "and" near it).

A *list* is one word (or an inflected adjective and its noun: "ruwe olie") before "en",
"of" or "noch", the same after it (past a determiner or possessive: "en hun gezinnen"),
and each word joined to these by a comma before ("Utrecht, Burgum en ..."). Each member is
*kept* (one of its words an anchor: the English shows it), *missing* (no anchor, and a word
the dictionary knows that the English lacks, a name or number the other checks find
missing, or a lower-case word the dictionary does not know where the English has fewer
"and", "or" and commas than the Dutch has "en", "of" and commas) or unknown (a name no check
finds missing: the list is not judged). A list is flagged when at least one member is
missing and one kept, every kept member's word is found in the English, and around those
English words (from three words before the first to three after the last) there are fewer
joints ("and", "or", "nor", "&", "plus"; commas between them) than the Dutch list has.

Not a list: a clause joined by "en" ("raakte niemand gewond en bleef de schade beperkt":
the word after the member is an article or a pronoun, which follow a verb, not a noun),
nor pairs the Dutch uses as one phrase ("af en toe", a member that is a function word).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from translate.checks.bilingual import english_stems
from translate.checks.clause_parts import DUTCH_STOP, ENGLISH_FUNCTION, Word

Translations = Callable[[str], "frozenset[str] | None"]

JOINS = frozenset("en of noch".split())
# Words between "en" and the member it joins ("en hun gezinnen", "en het publiek").
DETERMINERS = frozenset("de het een hun zijn haar onze ons mijn uw jouw deze dit die dat".split())
# After a member, a clause goes on ("gewond en bleef de schade"): the member was a verb.
# Prepositions a list repeats before each member ("op tv, op de radio en op sociale media"),
# and "te" ("te oud en te duur").
LIST_PREPOSITIONS = frozenset("op in met voor naar bij uit aan van over tussen tegen te".split())
CLAUSE_NEXT = frozenset("de het een hij zij ze we wij men ik je u er dat zich hem mij".split())
ENGLISH_JOINS = frozenset("and or nor & plus".split())
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*|[,&]")
_WINDOW = 3
# An English longer than this x the Dutch has dropped no member, closing part or insert
# either (`coverage.dropped_clause` looks no further: no look-up) ...
MAX_RATIO = 1.3
# ... but for a list of three or more ("Luik, Brussel en Aken"), up to this: an English that
# spells out an acronym or a name ("NMBS", "the Belgian railway company SNCB") runs long
# though it dropped a member.
LONG_LIST_MAX_RATIO = 1.4
_LONG_LIST = re.compile(r",(?:\s+[^\W\d_]+){1,4}\s+(?:en|of)\s", re.IGNORECASE)


def too_long(nl: str, en: str, ratio: float) -> bool:
    """Whether `en` is too long for its Dutch `nl` to have dropped anything the rules flag:
    longer than `ratio` and `MAX_RATIO` x the Dutch, and than `LONG_LIST_MAX_RATIO` x it
    where the Dutch has a list of three or more (a comma, a word or four, "en" or "of")."""
    length, dutch = len(en.strip()), max(1, len(nl.strip()))
    if length <= max(ratio, MAX_RATIO) * dutch:
        return False
    return length > LONG_LIST_MAX_RATIO * dutch or not _LONG_LIST.search(nl)


def _content(word: Word) -> bool:
    lower = word.text.lower()
    return lower not in DUTCH_STOP and len(lower) > 2 and not word.text[0].isdigit() \
        and word.text.isalpha()


def _joined(nl: str, before: Word, after: Word, mark: str) -> bool:
    """Nothing but `mark` (and space) between two words."""
    return nl[before.start + len(before.text):after.start].strip() == mark


def _status(member: list[Word], translations: Translations, fewer: bool,
            tokens: frozenset[str]) -> str | None:
    """"kept", "missing" or None (unknown) for a member's words; `fewer`: the English has
    fewer "and", "or" and commas than the Dutch has "en", "of" and commas (a word the
    dictionary does not know, or a name the English shows in no form, is missing only
    then); `tokens`: the English words, lower case (a word shown as it is, "tv", is kept)."""
    if any(w.kind == "anchor" or w.text.lower() in tokens for w in member):
        return "kept"
    if any(w.kind == "evidence" or fewer and w.text.islower()
           and translations(w.text.lower()) is None for w in member):
        return "missing"
    if fewer and all(w.text[0].isupper() and not any(
            t[:4] == w.text[:4].lower() for t in tokens) for w in member):
        return "missing"  # a name the English shows in no form (not its first four letters)
    return None          # a name no check finds missing, a unit ("euro"), a particle


def _lead(nl: str, marked: list[Word], at: int) -> int:
    """The index of the first word before marked[at] that leads it into a list: its
    determiners and one preposition ("een kapper", "op de radio"), or `at` itself."""
    while at > 0 and _joined(nl, marked[at - 1], marked[at], "") \
            and marked[at - 1].text.lower() in DETERMINERS:
        at -= 1
    if at > 0 and _joined(nl, marked[at - 1], marked[at], "") \
            and marked[at - 1].text.lower() in LIST_PREPOSITIONS:
        at -= 1
    return at


def _member(word: Word) -> bool:
    """A word that can stand as a list member after a comma ("tv", "Mali", "musea")."""
    return _content(word) or len(word.text) == 2 and word.text.isalpha() \
        and word.text.lower() not in DUTCH_STOP


def lists(nl: str, marked: list[Word]) -> list[list[list[Word]]]:
    """The coordinated lists of the Dutch (see the module), each as its members' words."""
    found = []
    for k in range(1, len(marked) - 1):
        if marked[k].text.lower() not in JOINS or not _joined(nl, marked[k - 1], marked[k], ""):
            continue
        left = marked[k - 1]
        lead = _lead(nl, marked, k - 1)
        if k >= 2 and marked[k - 2].text.lower() == "te" and marked[k + 1].text.lower() != "te":
            continue                      # "afstand te houden en ...": an infinitive
        preposition = marked[lead].text.lower() if lead < k - 1 \
            and marked[lead].text.lower() in LIST_PREPOSITIONS else None
        b = k + 1
        if preposition and marked[b].text.lower() == preposition \
                and b < len(marked) - 1 and _joined(nl, marked[b], marked[b + 1], ""):
            b += 1                        # "op de radio en op sociale media"
        while b < len(marked) - 1 and marked[b].text.lower() in DETERMINERS \
                and _joined(nl, marked[b], marked[b + 1], ""):
            b += 1
        right = [marked[b]]
        if not (_content(left) and _content(right[0])) \
                or not _joined(nl, marked[b - 1], marked[b], ""):
            continue
        nxt = marked[b + 1] if b + 1 < len(marked) else None
        if nxt is not None and _joined(nl, right[0], nxt, "") and right[0].text.endswith("e") \
                and right[0].text.islower() and _content(nxt) and nxt.text.islower():
            # "ruwe olie"; a noun both adjectives share ("tweede en derde kind") is no
            # member's own.
            if not (left.text.islower() and left.text.endswith("e")):
                right.append(nxt)
            nxt = marked[b + 2] if b + 2 < len(marked) else None
        if nxt is not None and _joined(nl, right[-1], nxt, "") \
                and nxt.text.lower() in CLAUSE_NEXT:
            continue                      # "gewond en bleef de schade": a clause
        members = [[left], right]
        a = lead
        while a >= 2 and _joined(nl, marked[a - 1], marked[a], ",") and _member(marked[a - 1]):
            members.insert(0, [marked[a - 1]])
            a = _lead(nl, marked, a - 1)
        found.append(members)
    return found


def _positions(word: Word, tokens: list[str], translations: Translations,
               named: frozenset[str]) -> list[int]:
    """Where the English shows a kept member's word: a translation's stem (or its first five
    letters), the word itself or its first five letters, a kept name's English."""
    lower = word.text.lower()
    stems = translations(lower) or frozenset()
    prefixes = {s[:5] for s in stems if len(s) >= 5}
    found = []
    for index, token in enumerate(tokens):
        if token == lower or len(lower) >= 5 and token[:5] == lower[:5] \
                or word.text[0].isupper() and token in named \
                and token not in ENGLISH_FUNCTION:    # a name's English, not its "the"
            found.append(index)
        elif any(s in stems or s[:5] in prefixes for s in english_stems(token)):
            found.append(index)
        elif len(token) >= 5 and lower.endswith(token) \
                or any(token.endswith(s) for s in stems if len(s) >= 4):
            found.append(index)   # a compound's last part ("procedures", "woodlark")
    return found


def dropped_member(nl: str, en: str, marked: list[Word], translations: Translations,
                   named: frozenset[str] = frozenset()) -> str | None:
    """The first member of a Dutch list (`marked` by `coverage.words_of`) the English seems
    to have dropped (see the module), or None."""
    found = lists(nl, marked)
    if not found:
        return None
    tokens = [t.lower() for t in _TOKEN.findall(en)]
    fewer = sum(t in ENGLISH_JOINS or t == "," for t in tokens) \
        < sum(w.text.lower() in JOINS for w in marked) + nl.count(",")
    shown = frozenset(tokens)
    for members in found:
        statuses = [_status(m, translations, fewer, shown) for m in members]
        if None in statuses or "missing" not in statuses or "kept" not in statuses:
            continue
        places = []
        for member, status in zip(members, statuses):
            if status == "kept":
                where = [i for w in member if w.kind == "anchor" or w.text.lower() in shown
                         for i in _positions(w, tokens, translations, named)]
                if not where:
                    break         # kept by a route the English words do not show
                places += where
        else:
            # Where the English would have the missing members: around the kept ones, and
            # on to the English's start (end) for a member the Dutch has before (after) them.
            first = statuses.index("kept")
            last = len(statuses) - 1 - statuses[::-1].index("kept")
            before, after = "missing" in statuses[:first], "missing" in statuses[last:]
            low = 0 if before else max(0, min(places) - _WINDOW)
            high = len(tokens) if after else max(places) + _WINDOW + 1
            # A comma joins members only on their side ("..., so that potatoes grow": the
            # comma closes the clause before the list).
            commas = (0 if before else min(places), len(tokens) if after else max(places))
            joints = sum(1 for i in range(low, min(high, len(tokens)))
                         if tokens[i] in ENGLISH_JOINS
                         or tokens[i] == "," and commas[0] < i < commas[1])
            if joints < len(members) - 1:
                missing = next(m for m, s in zip(members, statuses) if s == "missing")
                return " ".join(w.text for w in missing)
    return None


# Openers of a clause part with an English word of their own (not "en", "dat", "als",
# "zodat", "nadat": their English, "and", "that", "as", "so", "after", says too many other
# things).
CONNECTIVES = {"maar": ("but", "yet"), "omdat": ("because",),
               "terwijl": ("while", "whereas", "whilst"), "tenzij": ("unless",),
               "hoewel": ("although", "though", "despite")}


def kept_part(en: str, marked: list[Word], part: list[Word], translations: Translations,
              named: frozenset[str] = frozenset()) -> bool:
    """Whether the English shows a clause part (`clause_parts.parts`) kept though its words
    are not in the dictionary's English: its opening connective is in the English as often
    as in the Dutch ("maar" ... "but"), or it is a coordinated member ("en vechtpartijen")
    and the English word of the member before it is followed by "and" or "or"."""
    opener = part[0].text.lower()
    tokens = [t.lower() for t in _TOKEN.findall(en)]
    if opener in CONNECTIVES:
        dutch = sum(w.text.lower() == opener for w in marked)
        return sum(t in CONNECTIVES[opener] for t in tokens) >= dutch
    at = next(i for i, w in enumerate(marked) if w is part[0])
    if opener in JOINS and at > 0 and marked[at - 1].kind == "anchor":
        places = _positions(marked[at - 1], tokens, translations, named)
        return any(t in ENGLISH_JOINS for i in places for t in tokens[i + 1:i + 3])
    return False
