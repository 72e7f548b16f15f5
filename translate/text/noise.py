"""Scraper noise split off article text: credits, captions, bylines, links, share bars, tags, ads.

Scrapers glue things to the article: a source credit and a photo number before the first
sentence ("Bron: The Guardian 0 REUTERS"), a photo caption that the first sentence then repeats,
the author's initials after the title, share bars, "Lees ook:" links, tag lists, ad markers and
prompts to follow or comment. `split_noise(text, position)` cuts one paragraph into `Part`s in
source order, each with a `kind`: `body` for the article's own text, or a noise kind. Every
character is kept: the parts are slices of the input (`start`, `end`), and what lies between two
parts is whitespace only.

The rules work on the shapes of the noise, never on one sentence:
- noise is recognised where it stands: at the start of a paragraph, after a sentence's end mark
  (up to the paragraph's end, or up to the next sentence when it starts with a sure marker: an
  ad marker, a credit label, a link), or as the whole paragraph; a sentence is never cut;
- a credit is a label (`Bron:`, `Foto:`, `Beeld:`, `©` ...) or a known agency or picture library
  followed by names only ("ANP / Remko de Waal", "Bron: The New York Times"), and ends before a
  capital that starts a sentence; a photo number ("0 REUTERS", "1 / 12") goes with it;
- a label or agency followed by a lower-case word is a sentence ("Bron: een rapport ...",
  "ANP meldt ...", "AFP-correspondent ..."): article text;
- a caption is a phrase at a paragraph's start (no end mark, no common finite verb, not
  starting with a preposition, not ending in one or in an article) before a labelled credit, or
  before a sentence that repeats one of its words ("Premier Mark Rutte Premier Mark Rutte heeft
  ..."), that follows a credit and starts with an opener ("De", "Het", "In" ...), or whose
  capital opener is followed by a lower-case word ("... Binnenhof Het kabinet heeft"), which
  cannot happen inside a Dutch sentence (except before a work's title: "de film In de ...");
- a byline is "Door onze verslaggever ...", "Door" + a person's name before a capital, a
  "Tekst:"/"Redactie:" label, or, in the last paragraph, a person's name standing alone;
- in a title, only its end is looked at: author initials ("LVA", "HvdB") become a `byline`, an
  agency a `credit`; an acronym after a preposition or article ("bij KLM") is the title's own.

Pure Python, no imports beyond `re`; time linear in the paragraph (caption work is bounded to the
first words, the rest is tried only at end marks followed by a noise marker). About 1,300
paragraphs of 500 characters a second on one core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from translate.text.noise_patterns import (
    ACRONYMS, AGENCY_WORD, CREDIT_LABEL, END, FUNCTION, OPENERS, PARTICLES, SUFFIX_START,
)
from translate.text.noise_rules import (
    RECOGNISERS, bare, labelled_credit_end, marker_at, person_end, skip_space, starts_capital,
    strong_marker_at, words_at,
)

__all__ = ["KINDS", "NOISE_KINDS", "POSITIONS", "Part", "position_of", "split_noise"]

# Every kind a paragraph part can have. `heading` is the reader's (a subheading line); this module
# returns `body` for article text and leaves headings to the reader.
KINDS = ("body", "heading", "credit", "caption", "byline", "related", "share", "tags", "ad", "social")
NOISE_KINDS = frozenset(KINDS) - {"body", "heading"}
POSITIONS = ("title", "first", "body", "last")


@dataclass(frozen=True, slots=True)
class Part:
    """A slice of a paragraph: `text == paragraph[start:end]`."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def noise(self) -> bool:
        return self.kind in NOISE_KINDS


_TITLE_INITIALS = re.compile(
    r"(?:\s+[-–—]\s*|\s+)(\(?(?:[A-Z]{2,4}|[A-Z](?:[a-z]{1,3}[A-Z]){1,2}|[A-Z][a-z][A-Z])\)?)\s*$")
_ROMAN = re.compile(r"[IVXLC]+")
# A site's name after a pipe: "Kabinet valt | NOS".
_TITLE_SITE = re.compile(r"\s+(\|\s*[^|\s][^|]{0,60})$")
_TITLE_CREDIT = re.compile(
    rf"\s+[-–—]?\s*(\(?(?:(?:Foto|Beeld|Bron)\s*:\s*)?{AGENCY_WORD}\)?)\s*$")


def position_of(index: int, count: int, titled: bool = False) -> str:
    """The `position` of paragraph `index` of `count`: `title` (the first, when the article
    opens with a title line), `first` (the first after it), `last`, else `body`."""
    if not 0 <= index < count:
        raise IndexError(f"paragraph {index} of {count}")
    if titled and index == 0:
        return "title"
    if index == (1 if titled else 0):
        return "first"
    return "last" if index == count - 1 else "body"


def split_noise(text: str, position: str = "body") -> list[Part]:
    """The parts of one paragraph (or title) in source order: `body` and noise kinds.

    `position` is where the paragraph stands: `title` (the first line's title), `first` (the
    first paragraph), `body`, or `last`. An empty or blank text gives no parts.
    """
    if position not in POSITIONS:
        raise ValueError(f"unknown position {position!r}, expected one of {', '.join(POSITIONS)}")
    start = skip_space(text, 0)
    end = len(text.rstrip())
    if start >= end:
        return []
    if position == "title":
        return _title(text, start, end)

    parts: list[Part] = []
    body_start = _noise_run(text, start, end, position, parts, at_start=True)
    if body_start < end:
        _after_sentences(text, body_start, end, position, parts)
    return parts


# --- the paragraph: a run of noise at its start, then body, then a run of noise at its end ------


def _noise_run(text: str, pos: int, end: int, position: str, parts: list[Part],
               at_start: bool) -> int:
    """Consume noise segments from `pos`; return where the first non-noise text starts."""
    after_credit = False
    while pos < end:
        found = _segment(text, pos, end, position)
        if found is None:
            caption = _caption(text, pos, end, position, after_credit, at_start)
            if caption is None:
                break
            found = ("caption", caption)
        kind, stop = found
        stop = _trimmed(text, pos, stop)
        if stop <= pos:
            break
        parts.append(Part(kind, text[pos:stop], pos, stop))
        after_credit = kind == "credit"
        pos = skip_space(text, stop)
    return pos


def _trimmed(text: str, start: int, stop: int) -> int:
    """`stop` moved back over whitespace, not before `start` (no copy of the text)."""
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return stop


def _segment(text: str, pos: int, end: int, position: str) -> tuple[str, int] | None:
    """One noise segment starting at `pos`: (kind, end), or None."""
    for kind, recognise in RECOGNISERS:
        stop = recognise(text, pos, end, position)
        if stop is not None:
            return kind, stop
    return None


def _after_sentences(text: str, body_start: int, end: int, position: str,
                     parts: list[Part]) -> None:
    """The body from `body_start`, cut where noise follows a sentence's end mark: a run of
    noise reaching the paragraph's end ("... 15 maart. (ANP)"), or one standing between two
    sentences when it starts with a sure marker ("... zei hij. ADVERTENTIE Het kabinet ...")."""
    for boundary in SUFFIX_START.finditer(text, body_start, end):
        cut = boundary.end()
        if cut <= body_start or not (
                marker_at(text, cut) or (position == "last" and person_end(text, cut, end))):
            continue
        run: list[Part] = []
        stop = _noise_run(text, cut, end, position, run, at_start=False)
        if not run or (stop < end and not strong_marker_at(text, cut)):
            continue
        _body(text, body_start, cut, parts)
        parts.extend(run)
        body_start = stop
        if stop >= end:
            return
    _body(text, body_start, end, parts)


def _body(text: str, start: int, stop: int, parts: list[Part]) -> None:
    stop = _trimmed(text, start, stop)
    if start < stop:
        parts.append(Part("body", text[start:stop], start, stop))


# --- captions -----------------------------------------------------------------------------------

_CAPTION_TOKENS = 24
_ARTICLES = frozenset(("de", "het", "een", "the"))
# The commonest finite verbs: a caption is a phrase and has none of them.
_FINITE = frozenset("""
    is was waren wordt worden werd werden heeft hebben had hadden zal zullen zou zouden
    kan kunnen kon konden moet moeten moest wil willen wilde zegt zeggen zei zeiden gaat gaan
    ging komt komen kwam staat stond blijkt bleek meldt meldde laat liet
""".split())
# Nouns a capitalised title of a work follows: "de film In de schaduw van ...".
_WORKS = frozenset("""
    film speelfilm boek kinderboek roman debuut bestseller novelle verhaal essay serie tv-serie
    reeks programma tv-programma album plaat single hit nummer lied liedje song documentaire
    voorstelling musical opera toneelstuk stuk tentoonstelling expositie schilderij podcast
    game spel app gedicht bundel show talkshow quiz column rubriek krant tijdschrift blad titel
""".split())
_CAPTION_MAX = 16   # words in a caption


def _caption(text: str, pos: int, end: int, position: str, after_noise: bool,
             at_start: bool) -> int | None:
    """A phrase standing before a labelled credit, or (first paragraph) before its sentence."""
    if not at_start or not starts_capital(text, pos) or text[pos] in "\"'“‘„«":
        return None
    tokens = words_at(text, pos, end, _CAPTION_TOKENS)
    # Before a labelled credit: the phrase up to it.
    for i, token in enumerate(tokens[1:_CAPTION_MAX + 1], 1):
        word = token.group(0)
        if CREDIT_LABEL.match(word) and not word.startswith("(c"):
            last = bare(tokens[i - 1].group(0)).lower()
            # The caption may end with its own full stop ("Agenten bij de woning. Foto: ANP").
            phrase = _is_phrase(tokens[:i]) or (
                i > 1 and _is_phrase(tokens[:i - 1]) and tokens[i - 1].group(0).endswith(".")
                and not _verb_second(tokens[:i]))
            if (phrase and last not in FUNCTION
                    and labelled_credit_end(text, token.start(), end) is not None):
                return tokens[i - 1].end()
            break
        if word[-1] in END + ",;:":
            nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
            if not (word.endswith(".") and CREDIT_LABEL.match(nxt)):
                break
    weak = None
    for i in range(1, min(len(tokens) - 1, _CAPTION_MAX + 1)):
        if not _is_phrase(tokens[:i]):
            break
        word = bare(tokens[i].group(0))
        if not word or not word[0].isupper():
            continue
        score = _boundary_score(tokens, i, after_noise)
        # The first sure boundary wins: a later repeat lies inside the sentence itself. But
        # "Rutte tijdens het debat Premier Rutte zei": the repeat ("Rutte") is the sentence's
        # second word when the word before it follows a lower-case word (not a name's).
        if score >= 2:
            if weak == i - 1 and i >= 2 and bare(tokens[i - 2].group(0))[:1].islower():
                return tokens[i - 2].end()
            return tokens[i - 1].end()
        if score and weak is None:
            weak = i
    return tokens[weak - 1].end() if weak is not None else None


def _boundary_score(tokens: list[re.Match], i: int, after_noise: bool) -> int:
    """How surely token i starts the sentence after a caption of tokens[:i]: 0 = not at all."""
    previous = bare(tokens[i - 1].group(0)).lower()
    if previous in FUNCTION or previous in PARTICLES:
        return 0
    words = [bare(t.group(0)).lower() for t in tokens[:i]]
    content = [w for w in words if len(w) >= 4 and w not in FUNCTION]
    word = bare(tokens[i].group(0)).lower()
    raw_following = bare(tokens[i + 1].group(0))
    following = raw_following.lower()
    if any(_akin(word, w) for w in content):
        return 3
    # "De Turkse president ... De Turkse president": a repeated article needs its next word
    # repeated too, else it is a name's particle ("... premier Bart De Wever").
    if word == words[0] and len(words) > 1 and _akin(following, words[1]):
        return 3
    if word in OPENERS and (after_noise or any(_akin(following, w) for w in content)):
        return 2
    # A capital opener before a lower-case word cannot stand inside a Dutch sentence ("...
    # Binnenhof Het kabinet heeft"), unless it starts the title of a work ("de film In de ...").
    if (word in OPENERS and raw_following[:1].islower() and previous not in _WORKS
            and tokens[i + 1].group(0)[0] not in "\"'“‘„("):
        return 2
    if any(_akin(following, w) for w in content) and following not in FUNCTION:
        return 1
    return 0


def _verb_second(tokens: list[re.Match]) -> bool:
    """A clause, not a phrase: a lower-case word right after the first constituent (an
    article and a word, or a run of capital words), where Dutch puts the finite verb ("De
    politie sloot ...", "Agenten doorzoeken ..."; not "Een agent bij de woning"). An adjective
    ("De rode auto van ...") reads as a verb too: then the text counts as a sentence, the safe
    side."""
    words = [bare(t.group(0)) for t in tokens]
    i = 0
    if words and words[0].lower() in _ARTICLES:
        i = 2
    else:
        while i < len(words) and words[i][:1].isupper():
            i += 1
    return i < len(words) and words[i][:1].islower() and words[i].lower() not in FUNCTION


def _akin(a: str, b: str) -> bool:
    """The same word, or one inflected or derived from the same stem ("Britse"/"Brits")."""
    if len(a) < 4 or len(b) < 4:
        return a == b and len(a) >= 3
    stem = min(len(a), len(b), 5)
    return a[:stem] == b[:stem] and abs(len(a) - len(b)) <= 4


def _is_phrase(tokens: list[re.Match]) -> bool:
    """Caption-like: not starting with a preposition or conjunction; no end mark, clause mark,
    quotation or common finite verb inside."""
    if not tokens or bare(tokens[0].group(0)).lower() in FUNCTION - _ARTICLES:
        return False
    return not any(t.group(0)[-1] in END + ",;:" or t.group(0)[0] in "\"'“‘„"
                   or bare(t.group(0)).lower() in _FINITE for t in tokens)


# --- the title --------------------------------------------------------------------------------


def _title(text: str, start: int, end: int) -> list[Part]:
    """A title's own text, and at its end an author's initials (`byline`) or a credit."""
    line = text[:end]
    site = _TITLE_SITE.search(line, start)
    if site and site.start() > start:
        body_end = _trimmed(text, start, site.start())
        return [Part("body", text[start:body_end], start, body_end),
                Part("credit", text[site.start(1):end], site.start(1), end)]
    credit = _TITLE_CREDIT.search(line, start)
    if credit and credit.group(1)[0].isupper() and ":" not in credit.group(1):
        # A bare agency after a preposition or article is the title's own ("Brand bij ANP").
        before = line[start:credit.start()].split()
        if not before or before[-1].lower() in FUNCTION:
            credit = None
    initials = _TITLE_INITIALS.search(line, start) if not credit else None
    tail_kind = None
    if credit and credit.start() > start:
        tail_kind, tail_start = "credit", credit.start()
        tail_at = credit.start(1)
        # "- ANP": the dash goes with the credit.
        dash = re.compile(r"\s+([-–—])").match(line, credit.start())
        if dash:
            tail_at = dash.start(1)
    elif initials and initials.start() > start:
        word = initials.group(1).strip("()")
        before = line[start:initials.start()].split()
        previous = before[-1].lower() if before else ""
        # Not an organisation's acronym, nor a regnal number ("Koning Willem II").
        if (word not in ACRONYMS and previous not in FUNCTION and before
                and not _ROMAN.fullmatch(word)):
            tail_kind, tail_start = "byline", initials.start()
            dash = re.compile(r"\s+([-–—])").match(line, initials.start())
            tail_at = dash.start(1) if dash else initials.start(1)
    if tail_kind is None:
        return [Part("body", text[start:end], start, end)]
    body_end = _trimmed(text, start, tail_start)
    return [Part("body", text[start:body_end], start, body_end),
            Part(tail_kind, text[tail_at:end], tail_at, end)]
