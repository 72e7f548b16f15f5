"""Dutch left inside an English sentence (part of the `untranslated` flag): a clause the
model copied instead of translating, e.g. "He had swindled dozens of elderly people online
en hun spaargeld buitgemaakt." The language identifier, asked about the whole sentence,
sees mostly English; a run of Dutch words tells.

A word of the English is *Dutch* when it is a Dutch function word (`FUNCTION_WORDS`), or a
Dutch word (OpenTaal's dictionary) that English (en_GB) lacks, in lower case; *English*
when it is an English word that Dutch lacks; otherwise (a word of both languages such as
"in", "is", "water", a number, a name: capitalised inside the sentence) it is neither and
neither ends nor lengthens a run. A run of `untranslated_min_run` Dutch words with no
English word among them is Dutch left in; so is a shorter run that ends the sentence (only
names and numbers after it) when it holds a Dutch word that is no function word: a clause
copied at the end ("… windows and doors vanwege de rook.", "…," zegt onderzoeker Tom
Mulder."). Not a run that is a name's infix ("Alphen aan den Rijn") or a quoted title.
"""

from __future__ import annotations

import re

from translate.checks.words import is_dutch_word, is_english_word

# Dutch function words, counted as Dutch even where English has the same spelling in
# another sense ("die", "tot", "wat"), which inside an English sentence is far rarer. Left
# to the lexicons: those English uses often ("is", "was", "had", "we", "ten", "via", "hen",
# "over", "door"), which then neither end nor lengthen a run.
FUNCTION_WORDS = frozenset("""
de het een en van die dat deze dit wie wat waar er naar met voor bij op uit aan tot om te
ter zijn haar hij zij ze wij hun ons onze zich niet geen ook nog al wel maar omdat zodat
terwijl toen dan als dus want hoe werd wordt worden heeft hebben moet moeten wil willen kan
kunnen zal zullen zou zouden mag mogen gaat gaan ging komt kwam nu zo heel veel meer minder
zelf alleen eerst daarna daarom daarvan daarbij waarin waarop tegen onder sinds tijdens
zonder binnen buiten volgens na nadat voordat
""".split())
# English function words: they end a run even where a Dutch lexicon lists the spelling.
ENGLISH_WORDS = frozenset("the of and to a an are were with for from by at on it its this "
                          "that they he she his her their has have been be".split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Dutch words that end the sentence: this many suffice.
TAIL_RUN = 2
_OPENING_QUOTES = "\"'‘“("


def _kind(word: str, initial: bool) -> str:
    """"nl", "en" or "" (either, or neither) for one word of an English sentence."""
    lower = word.lower()
    if lower in ENGLISH_WORDS:
        return "en"
    if lower in FUNCTION_WORDS:
        return "nl"
    if word[:1].isupper() and not initial:
        return ""                     # a name: the names check's business
    dutch, english = is_dutch_word(lower), is_english_word(lower)
    if dutch and not english:
        return "nl"
    if english and not dutch:
        return "en"
    return ""


def _kinds(en: str) -> list[tuple[re.Match, str]]:
    """Each word of the English `en` with its kind."""
    kinds = []
    for match in _WORD.finditer(en):
        before = en[:match.start()].rstrip()
        initial = not before or before[-1] in ".!?:;" + _OPENING_QUOTES
        kinds.append((match, _kind(match.group(0), initial)))
    return kinds


def dutch_tail(en: str) -> str | None:
    """The Dutch words that end the English `en` (see the module's doc), or None."""
    kinds = _kinds(en)
    last = len(kinds) - 1
    while last >= 0 and kinds[last][1] == "":
        last -= 1                     # names and numbers after the run
    run = []
    index = last
    while index >= 0 and kinds[index][1] != "en":
        if kinds[index][1] == "nl":
            run.insert(0, index)
        index -= 1
    if len(run) < TAIL_RUN or all(kinds[i][0].group(0).lower() in FUNCTION_WORDS for i in run):
        return None
    first = kinds[run[0]][0]
    before = en[:first.start()].rstrip()
    if run[0] > 0 and kinds[run[0] - 1][1] == "" and kinds[run[0] - 1][0].group(0)[:1].isupper() \
            and kinds[run[0] - 1][0].end() == len(before):
        return None                   # "Alphen aan den Rijn": a name's infix
    if before and before[-1] in _OPENING_QUOTES and (len(before) == 1 or before[-2].isspace()):
        return None                   # a title quoted as it is
    return en[first.start():]


def dutch_run(en: str, min_run: int) -> str | None:
    """The first run of at least `min_run` Dutch words in the English `en` (from its first
    to its last Dutch word), or None."""
    run: list[re.Match] = []
    for match, kind in _kinds(en):
        if kind == "en":
            run = []
        elif kind == "nl":
            run.append(match)
            if len(run) >= min_run:
                # Lengthen to the run's end, for the message.
                end = run[-1].end()
                for following in _WORD.finditer(en, end):
                    following_kind = _kind(following.group(0), False)
                    if following_kind == "en":
                        break
                    if following_kind == "nl":
                        end = following.end()
                return en[run[0].start():end]
    return None
