"""Clause parts for the `dropped` flag: the parts of a Dutch sentence a translation may drop
whole, and whether the English shows one of them to be gone.

`coverage.py` marks each Dutch word an anchor (the English shows it), evidence (a word the
dictionary knows, or a name or number the names and numbers checks find missing, that the
English does not show) or neutral. Its stretch rule needs two evidence words; a dropped
coordinated half or subordinate clause is often shorter ("..., en een tankstation",
"..., die burgemeester wordt van Woerden"). Here the Dutch is cut where such a part begins:
at punctuation and at the words that open a clause or a coordinated part (`OPENERS`: en,
maar, omdat, die, waar...). A *part* is a clause part (from one such place to the next), or
the words from an opening word to the next anchor ("en Goes" of "en Goes blijven dicht").
A part with no anchor is dropped when it holds more evidence than the English has words
that could render it with words the dictionary does not give (`enough`, `unexplained`: for a
part that ends the Dutch, the English content words after the last one the rest of the Dutch
accounts for, less the rest's own evidence words, whose English may be among them):

- its names and numbers the other checks find missing (*hard* evidence) outnumber such
  English words that are capitalised (a lost name cannot hide in "board", it may in
  "Schaerbeek"), or
- all its evidence outnumbers all such English words;

English words of the names the names check finds kept ("Arlon" for Aarlen) never count.
Either way the English is no longer than `max_rest` times the Dutch without the part
(`quality.dropped_part_max_rest_ratio`, 1.12: about the 90th percentile of English/Dutch
characters in correct news translations; `STRONG_MAX_REST`, 1.4, for a part of three
evidence words or more): a translation that kept the part is longer. A part that stops at
an anchor of its own clause ("en bleef de | schade beperkt") needs two evidence words or a
hard one. A part is not dropped when the English shows it otherwise (`clause_lists.
kept_part`: its connective, "maar"/"but", or the joint after the member before it).

Three more shapes, which length tells less well:
- a closing part (`dropped_tail`): the part that ends the Dutch, two evidence words or
  more and no anchor, where no English content word follows the last one the rest of the
  Dutch accounts for (the English ends where the rest ends), up to `TAIL_MAX_REST` (1.6)
  times the Dutch without it;
- an insert (`dropped_insert`): a part between two commas (an apposition, a relative
  clause: "Kok, de hoofdverdachte in de zaak, zweeg") with no anchor and some evidence,
  where the English has no comma, bracket, dash, colon or semicolon at all to set it off.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from translate.checks.bilingual import ENGLISH_STOP, english_stems

# Dutch function words (and the commonest irregular verb forms, the approximators and focus
# adverbs, which English renders many ways: zeker twaalf, "at least twelve"): never evidence.
DUTCH_STOP = frozenset("""
de het een en of maar want dus noch van in op aan bij met door over uit naar tot tegen
onder boven voor na om te ter ten toe tussen sinds zonder binnen buiten langs via per
rond rondom achter naast volgens dankzij ondanks tijdens vanaf vanuit dat die dit deze
wie wat waar wanneer hoe waarom welke welk wiens hij zij ze wij we jij je u ik hem haar
hun hen ons onze mijn zijn jouw uw zich zichzelf men er hier daar daarna daarvoor daarom
daarmee daarbij waarin waarop waarmee niet geen wel ook nog al alle allemaal alles ieder
iedere elk elke zo dan als toen terwijl omdat doordat nadat voordat totdat zodat indien
tenzij hoewel of is was waren ben bent zijn zijnde geweest wordt worden werd werden
geworden heeft hebben had hadden heb hebt gehad zal zullen zou zouden kan kunnen kon
konden moet moeten moest moesten wil willen wilde wilden mag mogen mocht mochten gaat gaan
ging gingen gegaan laat laten liet doet doen deed gedaan zei zegt zeggen gezegd staat
stond komt kwam kwamen gekomen krijgt kreeg kregen gekregen veel meer meest weinig minder
heel erg zeer nu dit ooit nooit altijd steeds echter even eens zelf zelfs alleen reeds
pas net bijna ongeveer ruim circa zowat zeker minstens tenminste hooguit slechts vooral
voornamelijk sommige andere ander enkele iets niets niemand iemand
iedereen zoals aldus inmiddels daardoor mee
""".split())
# Words that open a clause or a coordinated part: coordinators, subordinators, relative
# pronouns ("om" only before its "te": "om energie te besparen").
OPENERS = frozenset("""
om en maar want of dus noch omdat doordat aangezien zodat terwijl hoewel ofschoon nadat
voordat totdat sinds toen als indien tenzij zodra waar waarin waarop waarmee waarvan
waardoor waarna waarbij die dat wat wie
""".split())
# After these, "die", "dat", "wat" are determiners ("in die tijd"), not a clause.
PREPOSITIONS = frozenset("""
van in op aan bij met door over uit naar tot tegen onder boven voor na om te tussen sinds
zonder binnen buiten langs via per rond achter naast volgens dankzij ondanks tijdens vanaf
""".split())
DETERMINERS = frozenset("de het een dit deze die dat vorig vorige begin eind".split())
# English words no Dutch content word needs to account for.
ENGLISH_FUNCTION = ENGLISH_STOP | frozenset("""
will would can could should must may might shall more most than after before since until
while because although if whether against between through during without within around
across along among near per only even still already now again ever never always such other
another each every both either neither own same many much few less least well back down
said says say told tells according
""".split())
# A part with this many evidence words or more may be dropped from an English up to
# this x the Dutch without it (three content words the English lacks are no terse wording
# of them).
STRONG_EVIDENCE = 3
STRONG_MAX_REST = 1.4
# A part ending the Dutch whose English ends with the rest (`dropped_tail`): this much
# evidence, and the English no longer than this x the Dutch without the part.
TAIL_MIN_EVIDENCE = 2
TAIL_MAX_REST = 1.6
# An insert between commas (`dropped_insert`): the English marks that could set it off, and
# how long the English may be against the Dutch without it.
INSERT_MARKS = ",()[]–—;:"
INSERT_MAX_REST = 2.0
_CLAUSE_MARK = re.compile(r"[,;:()\[\]–—]")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+|\d+")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    kind: str            # "anchor", "evidence" or "neutral"
    hard: bool = False   # evidence from the names or numbers check, not the dictionary


def _opens(nl: str, marked: list[Word], index: int) -> bool:
    """Whether a part begins at word `index`: after punctuation, or at an opening word."""
    word = marked[index]
    if index == 0:
        return True
    before = marked[index - 1]
    if _CLAUSE_MARK.search(nl[before.start + len(before.text):word.start]):
        return True
    lower = word.text.lower()
    if lower in ("die", "dat", "wat") and before.text.lower() in PREPOSITIONS:
        return False
    if lower == "om":        # not "om het leven", "om middernacht"
        return any(w.text.lower() == "te" for w in marked[index + 1:index + 6])
    if lower == "sinds" and index + 1 < len(marked):   # not "sinds de jaren zeventig"
        after = marked[index + 1].text.lower()
        return not (after[0].isdigit() or after in DETERMINERS)
    return lower in OPENERS


def parts(nl: str, marked: list[Word]) -> list[list[Word]]:
    """The parts a translation may drop whole (see the module): each clause part, and from
    each opening word (not the sentence's start: a subject alone is no clause) to the next
    anchor."""
    starts = [i for i in range(len(marked)) if _opens(nl, marked, i)]
    found = [marked[a:b] for a, b in zip(starts, starts[1:] + [len(marked)])]
    for a in starts[1:]:
        b = a + 1
        while b < len(marked) and marked[b].kind != "anchor":
            b += 1
        found.append(marked[a:b])
    return found


Translations = Callable[[str], "frozenset[str] | None"]


def _explainer(dutch: list[str], translations: Translations) -> Callable[[str], bool]:
    """explained(English word, lower case): does one of the `dutch` words account for it (a
    translation's stem, sharing a translation's first five letters, or the Dutch word's)."""
    known: set[str] = set()
    for word in dutch:
        if word not in DUTCH_STOP and (stems := translations(word)):
            known |= stems
    prefixes = {k[:5] for k in known if len(k) >= 5}
    dutch_prefixes = {d[:5] for d in dutch if len(d) >= 5}
    dutch_set = set(dutch)

    def explained(lower: str) -> bool:
        return lower in dutch_set or lower[:5] in dutch_prefixes or any(
            stem in known or stem[:5] in prefixes for stem in english_stems(lower))
    return explained


def unexplained(en: str, marked: list[Word], part: list[Word], translations: Translations,
                ordered: bool = True, named: frozenset[str] = frozenset(),
                names_only: bool = False, subtract: bool = True) -> int:
    """How many English content words could render `part` with words the dictionary does
    not give (see the module); `names_only`: only capitalised ones past the English's first
    word (what could render a name)."""
    inside = {id(w) for w in part}
    rest = [w for w in marked if id(w) not in inside]
    everything = _explainer([w.text.lower() for w in marked], translations)
    words = [(m.group(0).lower(), m.group(0).lower() not in ENGLISH_FUNCTION
              and len(m.group(0)) > 2 and (not names_only or index > 0 and m.group(0)[0].isupper()))
             for index, m in enumerate(_ENGLISH_WORD.finditer(en))]
    if ordered and part[-1] is marked[-1]:
        outside = _explainer([w.text.lower() for w in rest], translations)
        last = max((i for i, (word, _) in enumerate(words) if outside(word)), default=-1)
        words = words[last + 1:]
    count = sum(1 for word, content in words if content and not word.isdigit()
                and word not in named and not everything(word))
    if not ordered or not subtract:
        return count           # `subtract`: less the rest's evidence (see the module)
    return max(0, count - sum(1 for w in rest if w.kind == "evidence"))


def enough(en: str, marked: list[Word], part: list[Word], translations: Translations,
           ordered: bool = True, named: frozenset[str] = frozenset()) -> bool:
    """`part` holds more evidence than the English has words that could render it (see the
    module): its lost names and numbers outnumber the English's unexplained names, or all
    its evidence outnumbers the English's unexplained words."""
    hard = sum(1 for w in part if w.kind == "evidence" and w.hard)
    evidence = sum(1 for w in part if w.kind == "evidence")
    return hard > 0 and hard > unexplained(en, marked, part, translations, ordered, named,
                                           names_only=True) \
        or evidence > unexplained(en, marked, part, translations, ordered, named)


def _fits(nl: str, en: str, part: list[Word], last: int, max_rest: float) -> bool:
    """The English is no longer than `max_rest` x the Dutch without part[:last + 1]."""
    span = part[last].start + len(part[last].text) - part[0].start
    return len(en.strip()) <= max_rest * max(1, len(nl.strip()) - span)


def dropped_part(nl: str, en: str, marked: list[Word], translations: Translations,
                 max_rest: float, named: frozenset[str] = frozenset(),
                 kept: Callable[[list[Word]], bool] = lambda part: False) -> str | None:
    """The first part of the Dutch (`marked` by `coverage.words_of`) the English seems to
    have dropped whole (see the module), or None. `translations`: a Dutch word's English
    stems (`coverage.Dictionary.translations`)."""
    found = parts(nl, marked)
    # The last words of the clause parts: a part ending elsewhere stops at an anchor of its
    # clause ("en bleef de | schade beperkt"), which the English shows.
    ends = {id(part[-1]) for part in found[:sum(_opens(nl, marked, i) for i in range(len(marked)))]}
    for part in found:
        kinds = [w.kind for w in part]
        if "anchor" in kinds or "evidence" not in kinds or len(part) < 2 or kept(part):
            continue
        if id(part[-1]) not in ends and kinds.count("evidence") < 2 \
                and not any(w.hard for w in part):
            continue      # one dictionary word before an anchor of its clause: too little
        text = nl[part[0].start:part[-1].start + len(part[-1].text)]
        evidence = [i for i, w in enumerate(part) if w.kind == "evidence"]
        hard = [i for i in evidence if part[i].hard]
        if hard and _fits(nl, en, part, hard[-1], max_rest) and len(hard) > unexplained(
                en, marked, part, translations, True, named, names_only=True) \
                or _fits(nl, en, part, evidence[-1], max(max_rest, STRONG_MAX_REST)
                         if len(evidence) >= STRONG_EVIDENCE else max_rest) \
                and len(evidence) > unexplained(en, marked, part, translations, True, named):
            return text
    return None


def dropped_tail(nl: str, en: str, marked: list[Word], translations: Translations,
                 named: frozenset[str] = frozenset(),
                 kept: Callable[[list[Word]], bool] = lambda part: False) -> str | None:
    """The part ending the Dutch, when the English seems to have dropped it (see the
    module: at least `TAIL_MIN_EVIDENCE` evidence words, no anchor, no English content word
    after the last one the rest of the Dutch accounts for, the English no longer than
    `TAIL_MAX_REST` x the Dutch without it); or None."""
    for part in parts(nl, marked):
        if part[-1] is not marked[-1] or len(part) < 2 \
                or any(w.kind == "anchor" for w in part) or kept(part):
            continue
        evidence = [i for i, w in enumerate(part) if w.kind == "evidence"]
        if len(evidence) >= TAIL_MIN_EVIDENCE \
                and _fits(nl, en, part, evidence[-1], TAIL_MAX_REST) \
                and not unexplained(en, marked, part, translations, True, named, subtract=False):
            return nl[part[0].start:part[-1].start + len(part[-1].text)]
    return None



def dropped_insert(nl: str, en: str, marked: list[Word]) -> str | None:
    """The first insert of the Dutch (a part between two commas: an apposition, a relative
    clause: "Boon, die ook acteur was, speelde") with no anchor and some evidence, when the
    English has no comma, bracket, dash, colon or semicolon at all that could set it off, and
    is no longer than `INSERT_MAX_REST` x the Dutch without it; or None."""
    if any(mark in en for mark in INSERT_MARKS) or " - " in en:
        return None
    for i in range(1, len(marked)):
        before = marked[i - 1]
        if nl[before.start + len(before.text):marked[i].start].strip() != ",":
            continue
        for j in range(i, len(marked) - 1):
            gap = nl[marked[j].start + len(marked[j].text):marked[j + 1].start].strip()
            if gap == ",":
                part = marked[i:j + 1]
                kinds = [w.kind for w in part]
                if "anchor" not in kinds and "evidence" in kinds and len(part) >= 2 \
                        and _fits(nl, en, part, len(part) - 1, INSERT_MAX_REST):
                    return nl[part[0].start:part[-1].start + len(part[-1].text)]
                break
            if gap:
                break              # another mark: no insert between commas
    return None
