"""Scraper noise split off article text: credits, captions, bylines, links, share bars, tags, ads.

Scrapers glue things to the article: a source credit and a photo number before the first
sentence ("Bron: The Guardian 0 REUTERS"), a photo caption that the first sentence then repeats,
the author's initials after the title, share bars, "Lees ook:" links, tag lists, ad markers and
prompts to follow or comment. `split_noise(text, position)` cuts one paragraph into `Part`s in
source order, each with a `kind`: `body` for the article's own text, or a noise kind. Every
character is kept: the parts are slices of the input (`start`, `end`), and what lies between two
parts is whitespace only.

The rules work on the shapes of the noise, never on one sentence:
- noise is recognised where it stands: at the start of a paragraph (prefix), after a sentence's
  end mark up to the paragraph's end (suffix), or as the whole paragraph; the middle of a
  sentence is never cut;
- a credit is a label (`Bron:`, `Foto:`, `Beeld:`, `©` ...) or a known agency or picture library
  followed by names only ("ANP / Remko de Waal", "Bron: The New York Times"), and ends before a
  capital that starts a sentence; a photo number ("0 REUTERS", "1 / 12") goes with it;
- a label or agency followed by a lower-case word is a sentence ("Bron: een rapport ...",
  "ANP meldt ...", "AFP-correspondent ..."): article text;
- a caption is a phrase (no end mark, not ending in a preposition or an article) before a
  labelled credit, or, in the first paragraph, before a sentence that repeats one of its words
  ("Premier Mark Rutte Premier Mark Rutte heeft ...") or starts like a sentence after a credit;
- a byline is "Door onze verslaggever ...", "Door" + a person's name before a capital, a
  "Tekst:"/"Redactie:" label, or, in the last paragraph, a person's name standing alone;
- in a title, only its end is looked at: author initials ("LVA", "HvdB") become a `byline`, an
  agency a `credit`; an acronym after a preposition or article ("bij KLM") is the title's own.

Pure Python, no imports beyond `re`; time linear in the paragraph (prefix work is bounded to the
first tokens, the suffix is tried only at end marks followed by a noise marker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["KINDS", "NOISE_KINDS", "POSITIONS", "Part", "split_noise"]

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


# --- word lists (shapes, not sentences) ------------------------------------------------------

# Agencies and picture libraries, as they stand in credits. Longest first within a shared start.
_AGENCIES = (
    "ANP Kippa", "ANP XTRA", "ANP Foto", "ANP", "AFP", "AP Photo", "AP", "EPA-EFE", "EPA",
    "Reuters", "REUTERS", "Getty Images", "GETTY", "Hollandse Hoogte", "Shutterstock", "iStock",
    "Belga", "BELGA", "DPA", "dpa", "Pro Shots", "BSR Agency", "Xinhua", "Imageselect",
    "NurPhoto", "Orange Pictures", "Sportida", "Unsplash", "Pexels", "Alamy", "Corbis",
)
_AGENCY = "(?:" + "|".join(re.escape(a) for a in sorted(_AGENCIES, key=len, reverse=True)) + ")"
# An agency as a whole word: not "ANP-verslaggever", "AFP-correspondent", "Reuters'".
_AGENCY_WORD = rf"(?<![\w-]){_AGENCY}(?![\w'’-])"

# Lower-case words that never end a caption or a name: articles, prepositions, conjunctions.
_FUNCTION = frozenset("""
    de het een den der des van voor in op bij met aan tot naar uit over door om te als en of
    maar dan die dat deze dit onder tegen tussen na sinds zonder tijdens binnen buiten langs
    rond per via vanaf zoals the of le la al el
""".split())
# Name particles inside a person's name ("Remko de Waal", "Marcel van den Bergh").
_PARTICLES = frozenset("de van der den ter ten te von du da di le la 't".split())
# Words a Dutch sentence starts with: a capital one of these after a phrase starts the article.
_OPENERS = frozenset("""
    de het een in op bij na volgens ook dat die deze dit er hij zij ze wij we je u ik men om met
    voor tijdens sinds vanaf nu toch maar en nog al zo daar hier wie wat waar uit over door tot
    aan onder tegen zonder vorig vorige volgend volgende afgelopen gisteren vandaag morgen eerder
    later inmiddels ruim bijna zeker meer minder veel alle geen elke iedereen niemand sommige
    twee drie vier vijf tien honderden duizenden tientallen tienduizenden
""".split())
# Acronyms a title may end with as its own word (organisations), never an author's initials.
_ACRONYMS = frozenset("""
    NAVO NATO VN EU VS USA UK NS KLM ING ABN AH UWV IOC FIFA UEFA KNVB RIVM GGD GGZ OM NOS RTL
    ANWB AZC COA IND CBS CPB SCP DNB ECB IMF WHO AIVD MIVD KNMI RDW NVWA AOW WW ZZP MKB BTW IC
    NAM TNO KPN PSV AZ VVD CDA PVV SP GL CU SGP DENK BBB NSC JA21 FNV CNV PvdA UvA VU TU
    BBC CNN ABC NBC CIA FBI NSA MH17 ASML DSM NXP HEMA SNS ASN RAI NPO VPRO KRO NCRV EO AVRO
""".split())

_END = ".!?"
_CLOSERS = "\"'”’»)"

# --- regular expressions ------------------------------------------------------------------------

_SPACE = re.compile(r"\s*")
_TOKEN = re.compile(r"[^\s/]+")
_CAP = re.compile(r"[^\W\d_]")
# A capital word of a name: "Remko", "Willem-Alexander", "NU.nl", "O'Neill" (no end punctuation).
_NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’&-]*(?:\.[a-z]+)?$")

_CREDIT_LABEL = re.compile(
    r"\(?(?:Bron|Bronnen|Foto|Foto's|Fotografie|Beeld|Beelden|Illustratie|Video|Afbeelding)"
    r"\s*:\s*|(?:©|\(c\))\s*(?:(?:19|20)\d\d\s+)?", re.I)
# "Beeld ANP", "Foto Marcel van den Bergh": a label without its colon, then an agency or a person.
_CREDIT_BARE = re.compile(r"(?:Foto|Beeld|FOTO|BEELD)\s+")
# A dateline's agency: "AMSTERDAM (ANP) -", "(Reuters) -".
_DATELINE = re.compile(
    r"(?:[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+(?:\s+[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+){0,2}\s+)?\(" + _AGENCY
    + r"\)\s*[-–—:](?=\s)")
# A web address as a source: "nu.nl", "nos.nl".
_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:nl|be|com|org|net|eu|de|fr|co\.uk)(?![\w.])")
_PHOTO_COUNTER = re.compile(r"\d{1,3}\s*/\s*\d{1,3}(?=\s|$)")
_LONE_DIGIT = re.compile(r"\d{1,2}\s+(?=\S)")
_AGENCY_AT = re.compile(_AGENCY_WORD)
_SLASH = re.compile(r"\s*/\s*")

_BYLINE_ROLE = re.compile(
    r"(?:Door|Van|door|van)\s+(?:onze?|een\s+onzer)\s+(?:eigen\s+)?"
    r"(?:verslaggevers?|correspondent(?:en)?|redacteur(?:en)?|redactrice|medewerkers?|redactie|"
    r"buitenland(?:se)?\s*redactie|buitenlandredactie|economieredactie|sportredactie|"
    r"politieke\s+redactie|verslaggeefster|correspondente)(?![\w-])")
_BYLINE_DOOR = re.compile(r"\(?(?:Tekst en foto's?|Door|door|Tekst|Redactie|Auteur)\s*:?\s+")
_IN_PLACE = re.compile(r"\s+(?:in|te|uit)\s+(?=[A-ZÀ-Þ])")

_RELATED = re.compile(
    r"(?:(?:Lees|Bekijk|Zie|Kijk)\s+(?:ook|meer|verder)|Meer\s+over\s+dit\s+onderwerp|Meer\s+nieuws|"
    r"Ook\s+interessant|Eerder\s+verschenen|Gerelateerde?(?:\s+artikelen)?|Ook\s+gelezen|"
    r"Meest\s+gelezen)\s*[:|»›>]\s*|LEES\s+(?:OOK|MEER)\s*[:|»›>-]?\s*")
_TAGS = re.compile(
    r"(?:Tags|Onderwerpen|Trefwoorden|Lees\s+meer\s+over|Meer\s+over|Thema's|Labels)\s*:\s*")
_PLATFORM = (r"(?:Facebook|Twitter|X|WhatsApp|Whatsapp|E-?mail|Mail|LinkedIn|Linkedin|Pinterest|"
             r"Messenger|Telegram|Reddit|Instagram|TikTok|YouTube|Bluesky|Threads|Link\s+kopi[eë]ren|"
             r"Kopieer\s+link|Print|Printen)")
_PLATFORMS = rf"{_PLATFORM}(?:\s*(?:,|en|of|\|)?\s*{_PLATFORM})*"
_SHARE = re.compile(
    rf"(?:(?:Delen\s+(?:via|op)|Deel\s+dit\s+(?:artikel|bericht)|Deel\s+(?:dit\s+)?op|Delen|Deel(?=\s*:))"
    rf"(?:\s*:\s*|\s+(?:via\s+)?)?(?:{_PLATFORMS})?|{_PLATFORM}(?:\s+{_PLATFORM})+)(?![\w-])")
_AD = re.compile(
    r"(?:[-–—]\s*)?(?:Het\s+artikel\s+gaat\s+verder\s+(?:onder|na)\s+de\s+advertentie|"
    r"Lees\s+verder\s+(?:na|onder)\s+de\s+advertentie|Gesponsorde\s+inhoud|"
    r"Advertentie|ADVERTENTIE|Advertorial|ADVERTORIAL|Advertisement|ADVERTISEMENT|"
    r"Partnercontent|Partner\s+content|PARTNERCONTENT|Gesponsord|GESPONSORD)(?![\w-])(?:\s*[-–—](?!\S))?")
_SOCIAL_FOLLOW = re.compile(
    rf"Volg\s+(?:ons|@[\w.]+|(?:de|het)\s+[\w.]+)\s+(?:ook\s+)?(?:op|via)\s+{_PLATFORMS}")
_SOCIAL_OPEN = re.compile(
    r"(?:Praat\s+mee|Reageer\s+op\s+dit\s+(?:artikel|bericht)|Reageer|Reageren\?|"
    r"Meld\s+je\s+aan\s+voor|Schrijf\s+je\s+in\s+voor|Abonneer\s+je|Heb\s+je\s+een\s+tip|"
    r"Wil\s+je\s+op\s+de\s+hoogte\s+blijven|Bekijk\s+de\s+reacties|Bekijk\s+reacties|"
    r"Download\s+(?:de|onze)\s+(?:gratis\s+)?app)(?![\w-])")
_SOCIAL_MAX_CHARS = 120

# A marker that starts noise anywhere: where an open-ended segment (a related link, a tag list)
# stops, and where a suffix may begin after an end mark.
_STRONG = (r"(?:" + "|".join(p.pattern for p in (
    _RELATED, _TAGS, _SHARE, _AD, _SOCIAL_FOLLOW, _SOCIAL_OPEN)) +
    r"|\(?(?:Bron|Foto|Foto's|Beeld)\s*:\s*|©)")
_STRONG_MARKER = re.compile(r"(?<!\S)" + _STRONG)
# A suffix may also start with a byline or a bare agency ("... 15 maart. (ANP)").
_MARKER = re.compile(r"(?<!\S)(?:" + _STRONG + r"|\(?Door\s|\(?" + _AGENCY_WORD + r")")
# Where a suffix may start: after an end mark (and closing quotes), before a marker or a name.
_SUFFIX_START = re.compile(rf"[{re.escape(_END)}][{re.escape(_CLOSERS)}]*\s+(?=\S)")
_SUFFIX_TRIES = 8

_TITLE_INITIALS = re.compile(
    r"(?:\s+[-–—]\s*|\s+)(\(?(?:[A-Z]{2,4}|[A-Z](?:[a-z]{1,3}[A-Z]){1,2}|[A-Z][a-z][A-Z])\)?)\s*$")
# A site's name after a pipe: "Kabinet valt | NOS".
_TITLE_SITE = re.compile(r"\s+(\|\s*[^|\s][^|]{0,60})$")
_TITLE_CREDIT = re.compile(
    rf"\s+[-–—]?\s*(\(?(?:(?:Foto|Beeld|Bron)\s*:\s*)?{_AGENCY_WORD}\)?)\s*$")


def split_noise(text: str, position: str = "body") -> list[Part]:
    """The parts of one paragraph (or title) in source order: `body` and noise kinds.

    `position` is where the paragraph stands: `title` (the first line's title), `first` (the
    first paragraph), `body`, or `last`. An empty or blank text gives no parts.
    """
    if position not in POSITIONS:
        raise ValueError(f"unknown position {position!r}, expected one of {', '.join(POSITIONS)}")
    start = _skip_space(text, 0)
    end = len(text.rstrip())
    if start >= end:
        return []
    if position == "title":
        return _title(text, start, end)

    parts: list[Part] = []
    pos = _noise_run(text, start, end, position, parts, at_start=True)
    body_start = pos
    tail: list[Part] = []
    if pos < end:
        cut = _suffix(text, pos, end, position, tail)
        body_end = cut if cut is not None else end
        if body_start < body_end:
            stop = len(text[:body_end].rstrip())
            parts.append(Part("body", text[body_start:stop], body_start, stop))
        parts.extend(tail)
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
        stop = len(text[:stop].rstrip())
        if stop <= pos:
            break
        parts.append(Part(kind, text[pos:stop], pos, stop))
        after_credit = kind == "credit"
        pos = _skip_space(text, stop)
    return pos


def _segment(text: str, pos: int, end: int, position: str) -> tuple[str, int] | None:
    """One noise segment starting at `pos`: (kind, end), or None."""
    for kind, recognise in _RECOGNISERS:
        stop = recognise(text, pos, end, position)
        if stop is not None:
            return kind, stop
    return None


def _suffix(text: str, pos: int, end: int, position: str, tail: list[Part]) -> int | None:
    """Where a run of noise reaching the paragraph's end starts (after an end mark), or None."""
    starts = [m.end() for m in _SUFFIX_START.finditer(text, pos, end)]
    for cut in starts[-_SUFFIX_TRIES:]:
        if not (_MARKER.match(text, cut) or (position == "last" and _person(text, cut, end))):
            continue
        parts: list[Part] = []
        stop = _noise_run(text, cut, end, position, parts, at_start=False)
        if stop >= end and parts and all(p.kind != "caption" for p in parts):
            tail.extend(parts)
            return cut
    return None


# --- recognisers: each returns the end of its segment at `pos`, or None ---------------------------


def _credit(text: str, pos: int, end: int, position: str) -> int | None:
    counter = _PHOTO_COUNTER.match(text, pos)
    if counter:
        after = _skip_space(text, counter.end())
        glued = _labelled_or_agency(text, after, end) if after < end else None
        if glued is not None:
            return glued
        if after >= end or _starts_capital(text, after):
            return counter.end()
        return None
    digit = _LONE_DIGIT.match(text, pos)
    if digit:
        return _labelled_or_agency(text, digit.end(), end)
    dateline = _DATELINE.match(text, pos)
    if dateline:
        return dateline.end()
    return _labelled_or_agency(text, pos, end)


def _labelled_or_agency(text: str, pos: int, end: int) -> int | None:
    label = _CREDIT_LABEL.match(text, pos)
    if label:
        source = label.group(0).lower().lstrip("(")
        stop = _sources(text, label.end(), end, publication=source.startswith("bron"))
        if stop is None:
            return None
        if text.startswith("(", pos) and text.startswith(")", stop):
            stop += 1
        return stop if _ends_segment(text, stop, end) else None
    if _AGENCY_AT.match(text, pos):
        stop = _sources(text, pos, end, publication=False)
        return stop if stop is not None and _ends_segment(text, stop, end) else None
    bare = _CREDIT_BARE.match(text, pos)
    if bare:
        # Without its colon the label needs a sure name after it: an agency or a person.
        agency = _AGENCY_AT.match(text, bare.end())
        stop = agency.end() if agency else _person(text, bare.end(), end)
        if stop is not None:
            slash = _SLASH.match(text, stop)
            following = _source(text, slash.end(), end, False) if slash else None
            stop = following if following is not None else stop
        return stop if stop is not None and _ends_segment(text, stop, end) else None
    if text.startswith("(", pos):
        inner = _AGENCY_AT.match(text, pos + 1)
        if inner and text.startswith(")", inner.end()):
            return inner.end() + 1
    return None


def _sources(text: str, pos: int, end: int, publication: bool) -> int | None:
    """Names after a credit label: SOURCE (/ SOURCE)*; the end of the last one, or None."""
    stop = _source(text, pos, end, publication)
    if stop is None:
        return None
    while True:
        slash = _SLASH.match(text, stop)
        if not slash or slash.end() >= end:
            return stop
        following = _source(text, slash.end(), end, publication=False)
        if following is None:
            return stop
        stop = following


def _source(text: str, pos: int, end: int, publication: bool) -> int | None:
    """An agency, else (after `Bron:`) a publication, else a person or a publication."""
    agency = _AGENCY_AT.match(text, pos)
    if agency:
        return agency.end()
    if not publication:
        person = _person(text, pos, end)
        if person is not None:
            return person
    return _publication(text, pos, end)


def _publication(text: str, pos: int, end: int) -> int | None:
    """A publication's name: capital words (and "The", "de", "Le" ...), at most five words,
    ending before a digit, an agency, a sentence opener or a lower-case word; or a web address."""
    domain = _DOMAIN.match(text, pos)
    if domain:
        return domain.end()
    stop = None
    for count, token in enumerate(_tokens(text, pos, end, 6)):
        word = token.group(0)
        lower = word.lower()
        if count == 5 or (count and (lower in _OPENERS or _AGENCY_AT.match(word))):
            break
        if _NAME_WORD.match(word):
            stop = token.end()
        elif not (count == 0 and lower in ("the", "de", "het", "le", "la", "der", "al")):
            break
    return stop


def _person(text: str, pos: int, end: int) -> int | None:
    """A person's name: Capital (particles) Capital ("Remko de Waal", "Kai Pfaffenbach")."""
    tokens = _tokens(text, pos, end, 6)
    if len(tokens) < 2 or not _is_name_word(tokens[0].group(0)):
        return None
    i = 1
    while i < len(tokens) and tokens[i].group(0) in _PARTICLES:
        i += 1
    if i >= len(tokens):
        return None
    # The surname may carry the punctuation that follows it ("Verhoef,", "Bos)").
    word = tokens[i].group(0)
    bare = word.rstrip(",;:)")
    if not _is_name_word(bare):
        return None
    return tokens[i].end() - (len(word) - len(bare))


def _is_name_word(word: str) -> bool:
    return bool(_NAME_WORD.match(word)) and word.lower() not in _OPENERS and not word.isupper()


def _byline(text: str, pos: int, end: int, position: str) -> int | None:
    role = _BYLINE_ROLE.match(text, pos)
    if role:
        stop = role.end()
        place = _IN_PLACE.match(text, stop)
        if place:
            name = _tokens(text, place.end(), end, 1)
            stop = name[0].end() if name else stop
        else:
            person = _person(text, _skip_space(text, stop), end)
            if person is not None and _ends_segment(text, person, end):
                stop = person
        return stop if _ends_segment(text, stop, end) else None
    label = _BYLINE_DOOR.match(text, pos)
    if label:
        stop = _people(text, label.end(), end)
        if stop is None:
            return None
        if text.startswith("(", pos) and text.startswith(")", stop):
            stop += 1
        return stop if _ends_segment(text, stop, end) else None
    if position == "last":
        stop = _people(text, pos, end)
        if stop is None:
            return None
        place = _PLACE_AFTER_NAME.match(text, stop)
        if place:
            stop = place.end()
        slash = _SLASH.match(text, stop)
        if slash:
            outlet = _source(text, slash.end(), end, publication=True)
            stop = outlet if outlet is not None else stop
        # A name alone in the last paragraph, or before more noise ("Jan Peeters Delen: ...").
        rest = _skip_space(text, stop)
        if rest >= end or _MARKER.match(text, rest):
            return stop
    return None


_PLACE_AFTER_NAME = re.compile(r",\s*[A-ZÀ-Þ][\w-]*")
_JOINT = re.compile(r"\s*(?:,|en|&)\s+")


def _people(text: str, pos: int, end: int) -> int | None:
    """One or more persons' names joined by "en" / "&" / ","."""
    stop = _person(text, pos, end)
    while stop is not None:
        joint = _JOINT.match(text, stop)
        if not joint:
            break
        more = _person(text, joint.end(), end)
        if more is None:
            break
        stop = more
    return stop


def _related(text: str, pos: int, end: int, position: str) -> int | None:
    label = _RELATED.match(text, pos)
    if not label or label.end() >= end:
        return None
    return _to_marker(text, label.end(), end)


def _tags(text: str, pos: int, end: int, position: str) -> int | None:
    label = _TAGS.match(text, pos)
    if not label or label.end() >= end or not (_CAP.match(text, label.end())
                                               or text.startswith("#", label.end())):
        return None
    stop = _to_marker(text, label.end(), end)
    value = text[label.end():stop]
    # A tag list has no sentence in it: no end mark followed by more words.
    return None if re.search(r"[.!?]\s+\S", value) else stop


def _share(text: str, pos: int, end: int, position: str) -> int | None:
    share = _SHARE.match(text, pos)
    return share.end() if share and _ends_segment(text, share.end(), end) else None


def _ad(text: str, pos: int, end: int, position: str) -> int | None:
    ad = _AD.match(text, pos)
    return ad.end() if ad and _ends_segment(text, ad.end(), end) else None


def _social(text: str, pos: int, end: int, position: str) -> int | None:
    follow = _SOCIAL_FOLLOW.match(text, pos)
    if follow and _ends_segment(text, follow.end(), end):
        return follow.end()
    if not (follow or _SOCIAL_OPEN.match(text, pos)):
        return None
    # An open-ended prompt runs to the next marker; short, no comma, not a sentence ending in ".".
    stop = _to_marker(text, pos + 1, min(end, pos + _SOCIAL_MAX_CHARS + 1), social=False)
    value = text[pos:stop].rstrip()
    if len(value) > _SOCIAL_MAX_CHARS or "," in value or value.endswith("."):
        return None
    return stop


_RECOGNISERS = (
    ("credit", _credit), ("related", _related), ("tags", _tags), ("share", _share),
    ("ad", _ad), ("social", _social), ("byline", _byline),   # bylines last: the loosest (names)
)


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
    film boek roman serie reeks programma album single nummer lied liedje documentaire
    voorstelling musical opera toneelstuk tentoonstelling expositie podcast game spel gedicht
    bundel show talkshow column rubriek krant tijdschrift blad titel
""".split())
_CAPTION_MAX = 16   # words in a caption


def _caption(text: str, pos: int, end: int, position: str, after_noise: bool,
             at_start: bool) -> int | None:
    """A phrase standing before a labelled credit, or (first paragraph) before its sentence."""
    if not at_start or not _starts_capital(text, pos) or text[pos] in "\"'“‘„«":
        return None
    tokens = _tokens(text, pos, end, _CAPTION_TOKENS)
    # Before a labelled credit: the phrase up to it.
    for i, token in enumerate(tokens[1:_CAPTION_MAX + 1], 1):
        word = token.group(0)
        if _CREDIT_LABEL.match(word) and not word.startswith("(c"):
            last = _bare(tokens[i - 1].group(0)).lower()
            if (_is_phrase(tokens[:i]) and last not in _FUNCTION
                    and _labelled_or_agency(text, token.start(), end) is not None):
                return tokens[i - 1].end()
            break
        if word[-1] in _END + ",;:":
            break
    weak = None
    for i in range(1, min(len(tokens) - 1, _CAPTION_MAX + 1)):
        if not _is_phrase(tokens[:i]):
            break
        word = _bare(tokens[i].group(0))
        if not word or not word[0].isupper():
            continue
        score = _boundary_score(tokens, i, after_noise)
        # The first sure boundary wins: a later repeat lies inside the sentence itself.
        if score >= 2:
            return tokens[i - 1].end()
        if score and weak is None:
            weak = i
    return tokens[weak - 1].end() if weak is not None else None


def _boundary_score(tokens: list[re.Match], i: int, after_noise: bool) -> int:
    """How surely token i starts the sentence after a caption of tokens[:i]: 0 = not at all."""
    previous = _bare(tokens[i - 1].group(0)).lower()
    if previous in _FUNCTION or previous in _PARTICLES:
        return 0
    words = [_bare(t.group(0)).lower() for t in tokens[:i]]
    content = [w for w in words if len(w) >= 4 and w not in _FUNCTION]
    word = _bare(tokens[i].group(0)).lower()
    raw_following = _bare(tokens[i + 1].group(0))
    following = raw_following.lower()
    if any(_akin(word, w) for w in content):
        return 3
    # "De Turkse president ... De Turkse president": a repeated article needs its next word
    # repeated too, else it is a name's particle ("... premier Bart De Wever").
    if word == words[0] and len(words) > 1 and _akin(following, words[1]):
        return 3
    if word in _OPENERS and (after_noise or any(_akin(following, w) for w in content)):
        return 2
    # A capital opener before a lower-case word cannot stand inside a Dutch sentence ("...
    # Binnenhof Het kabinet heeft"), unless it starts the title of a work ("de film In de ...").
    if (word in _OPENERS and raw_following[:1].islower() and previous not in _WORKS
            and not tokens[i + 1].group(0)[0] in "\"'“‘„("):
        return 2
    if any(_akin(following, w) for w in content) and following not in _FUNCTION:
        return 1
    return 0


def _akin(a: str, b: str) -> bool:
    """The same word, or one inflected or derived from the same stem ("Britse"/"Brits")."""
    if len(a) < 4 or len(b) < 4:
        return a == b and len(a) >= 3
    stem = min(len(a), len(b), 5)
    return a[:stem] == b[:stem] and abs(len(a) - len(b)) <= 4


def _is_phrase(tokens: list[re.Match]) -> bool:
    """Caption-like: not starting with a preposition or conjunction; no end mark, clause mark,
    quotation or common finite verb inside."""
    if not tokens or _bare(tokens[0].group(0)).lower() in _FUNCTION - _ARTICLES:
        return False
    return not any(t.group(0)[-1] in _END + ",;:" or t.group(0)[0] in "\"'“‘„("
                   or _bare(t.group(0)).lower() in _FINITE for t in tokens)


# --- the title --------------------------------------------------------------------------------


def _title(text: str, start: int, end: int) -> list[Part]:
    """A title's own text, and at its end an author's initials (`byline`) or a credit."""
    line = text[:end]
    site = _TITLE_SITE.search(line, start)
    if site and site.start() > start:
        body_end = len(line[:site.start()].rstrip())
        return [Part("body", text[start:body_end], start, body_end),
                Part("credit", text[site.start(1):end], site.start(1), end)]
    credit = _TITLE_CREDIT.search(line, start)
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
        if word not in _ACRONYMS and previous not in _FUNCTION and before:
            tail_kind, tail_start = "byline", initials.start()
            dash = re.compile(r"\s+([-–—])").match(line, initials.start())
            tail_at = dash.start(1) if dash else initials.start(1)
    if tail_kind is None:
        return [Part("body", text[start:end], start, end)]
    body_end = len(line[:tail_start].rstrip())
    return [Part("body", text[start:body_end], start, body_end),
            Part(tail_kind, text[tail_at:end], tail_at, end)]


# --- small helpers -------------------------------------------------------------------------------


def _skip_space(text: str, pos: int) -> int:
    return _SPACE.match(text, pos).end()


def _tokens(text: str, pos: int, end: int, limit: int) -> list[re.Match]:
    tokens = []
    for token in _TOKEN.finditer(text, pos, end):
        tokens.append(token)
        if len(tokens) >= limit:
            break
    return tokens


def _bare(word: str) -> str:
    return word.strip(".,;:!?\"'“”‘’()[]«»„")


def _starts_capital(text: str, pos: int) -> bool:
    match = _CAP.match(text, pos)
    return bool(match) and match.group(0).isupper()


def _ends_segment(text: str, stop: int, end: int) -> bool:
    """A segment ends at the paragraph's end or before a capital, digit, quote or more noise:
    never before a lower-case word ("ANP meldt", "Door Rutte werd") or inside a word."""
    if stop >= end:
        return True
    if not text[stop].isspace() and text[stop] not in ")":
        return False
    nxt = _skip_space(text, stop)
    if nxt >= end:
        return True
    ch = text[nxt]
    return ch.isupper() or ch.isdigit() or ch in "\"'“‘„«(©"


def _to_marker(text: str, pos: int, end: int, social: bool = True) -> int:
    """The end of an open-ended segment: before the next noise marker, else `end`.
    With `social=False` a prompt's own second half ("... blijven? Volg ons op X") is no stop."""
    for marker in _STRONG_MARKER.finditer(text, pos, end):
        if social or not (_SOCIAL_FOLLOW.match(text, marker.start())
                          or _SOCIAL_OPEN.match(text, marker.start())):
            return marker.start()
    return end
