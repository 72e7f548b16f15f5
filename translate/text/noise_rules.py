"""Recognisers of scraper noise (`translate.text.noise`): each takes the paragraph, a position
in it and the paragraph's end, and returns where its segment ends, or None.

A segment ends at the paragraph's end or before a capital, a digit, a quote or more noise, never
before a lower-case word: "ANP meldt ...", "Door Rutte werd ...", "Delen van Limburg ..." are
sentences. Names are read word by word (a person: Capital (particles) Capital; a publication:
capital words after an optional article), bounded to a few words, so the work is linear.
"""

from __future__ import annotations

import re

from translate.text.noise_patterns import (
    AD, AGENCY_AT, BYLINE_DOOR, BYLINE_ROLE, CAP, CAPTION_NOTE, CREDIT_BARE, CREDIT_LABEL,
    CREDIT_TAIL, DATELINE, DOMAIN, DOOR, IN_PLACE, LONE_DIGIT, NAME_WORD, OPENERS, PARTICLES,
    PERSON_TITLES, PHOTO_COUNTER, PLATFORM, PLATFORM_JOINT, RELATED, RELATED_ALONE, SHARE_LABEL,
    SHARE_TO_PLATFORMS, SLASH, SOCIAL_FOLLOW, SOCIAL_MAX_CHARS, SOCIAL_OPEN, SOURCE_JOINT, SPACE,
    STRONG_CREDIT, TAGS, TOKEN, WORD_START,
)


SPACE_RUN = re.compile(r"\s+")


def credit_end(text: str, pos: int, end: int, position: str) -> int | None:
    counter = PHOTO_COUNTER.match(text, pos)
    if counter:
        after = skip_space(text, counter.end())
        glued = labelled_credit_end(text, after, end) if after < end else None
        if glued is not None:
            return glued
        # "1 / 12" stands alone before a caption; "1 van 5" only after "Foto" ("1 van 5
        # Nederlanders ..." is a sentence).
        sure = "/" in counter.group(0) or not counter.group(0)[:1].isdigit()
        if after >= end or (sure and starts_capital(text, after)):
            return counter.end()
        return None
    digit = LONE_DIGIT.match(text, pos)
    if digit:
        return labelled_credit_end(text, digit.end(), end)
    dateline = DATELINE.match(text, pos)
    if dateline:
        return dateline.end()
    return labelled_credit_end(text, pos, end)


def labelled_credit_end(text: str, pos: int, end: int) -> int | None:
    label = CREDIT_LABEL.match(text, pos)
    if label:
        source = label.group(0).lower().lstrip("(")
        stop = sources_end(text, label.end(), end, publication=source.startswith("bron"))
        if stop is None:
            return None
        if text.startswith("(", pos) and text.startswith(")", stop):
            stop += 1
        tail = CREDIT_TAIL.match(text, stop)
        if tail:
            stop = tail.end()
        return stop if ends_segment(text, stop, end) else None
    if AGENCY_AT.match(text, pos):
        stop = sources_end(text, pos, end, publication=False)
        return stop if stop is not None and ends_segment(text, stop, end) else None
    label = CREDIT_BARE.match(text, pos)
    if label:
        # Without its colon the label needs a sure name after it: an agency or a person.
        agency = AGENCY_AT.match(text, label.end())
        stop = agency.end() if agency else person_end(text, label.end(), end)
        if stop is not None:
            slash = SLASH.match(text, stop)
            following = source_end(text, slash.end(), end, False) if slash else None
            stop = following if following is not None else stop
        return stop if stop is not None and ends_segment(text, stop, end) else None
    if text.startswith("(", pos):
        inner = AGENCY_AT.match(text, pos + 1)
        if inner and text.startswith(")", inner.end()):
            return inner.end() + 1
    return None


def sources_end(text: str, pos: int, end: int, publication: bool) -> int | None:
    """Names after a credit label: SOURCE (/ SOURCE)*, also joined by "," "&" "en"; the end of
    the last one, or None."""
    stop = source_end(text, pos, end, publication)
    if stop is None:
        return None
    while True:
        slash = SOURCE_JOINT.match(text, stop)
        if not slash or slash.end() >= end:
            return stop
        following = source_end(text, slash.end(), end, publication=False)
        if following is None:
            return stop
        stop = following


def source_end(text: str, pos: int, end: int, publication: bool) -> int | None:
    """An agency, else (after `Bron:`) a publication, else a person or a publication."""
    agency = AGENCY_AT.match(text, pos)
    if agency:
        return agency.end()
    if not publication:
        person = person_end(text, pos, end)
        if person is not None:
            return person
    return publication_end(text, pos, end)


LEADING_ARTICLES = frozenset(("the", "de", "het", "le", "la", "der", "die", "al", "el"))


def publication_end(text: str, pos: int, end: int) -> int | None:
    """A publication's name: capital words (and "The", "de", "Le" ...), at most five words,
    ending before a digit, an agency, a sentence opener or a lower-case word; or a web address."""
    domain = DOMAIN.match(text, pos)
    if domain:
        return domain.end()
    stop = None
    article = False   # "De Morgen", "The Guardian": the word after a leading article is the name
    for count, token in enumerate(words_at(text, pos, end, 6)):
        word = token.group(0)
        lower = word.lower()
        if count == 0 and lower in LEADING_ARTICLES:
            article = True
            continue
        stops = lower in OPENERS or lower in PERSON_TITLES or AGENCY_AT.match(word)
        if count == 5 or (count and not (article and count == 1) and stops):
            break   # "Bron: NOS Premier Rutte heeft ...": the sentence starts at its subject
        name = word[:-1] if word.endswith(",") else word
        if not NAME_WORD.match(name):
            break
        stop = token.start() + len(name)
        if name != word:
            break
    return stop


def person_end(text: str, pos: int, end: int) -> int | None:
    """A person's name: Capital (particles) Capital ("Remko de Waal", "Kai Pfaffenbach")."""
    tokens = words_at(text, pos, end, 6)
    if len(tokens) < 2 or not is_name_word(tokens[0].group(0)):
        return None
    i = 1
    while i < len(tokens) and tokens[i].group(0) in PARTICLES:
        i += 1
    if i >= len(tokens) or "/" in text[tokens[0].end():tokens[i].start()]:
        return None
    # The surname may carry the punctuation that follows it ("Verhoef,", "Bos)").
    word = tokens[i].group(0)
    surname = word.rstrip(",;:)")
    if not is_name_word(surname):
        return None
    return tokens[i].end() - (len(word) - len(surname))


def is_name_word(word: str) -> bool:
    return bool(NAME_WORD.match(word)) and word.lower() not in OPENERS and not word.isupper()


def byline_end(text: str, pos: int, end: int, position: str) -> int | None:
    role = BYLINE_ROLE.match(text, pos)
    if role:
        stop = role.end()
        place = IN_PLACE.match(text, stop)
        if place:
            name = words_at(text, place.end(), end, 1)
            stop = name[0].end() if name else stop
        else:
            person = people_end(text, skip_space(text, stop), end)
            if person is not None:
                person = place_end(text, person, end)
                if ends_segment(text, person, end):
                    stop = person
        return stop if ends_segment(text, stop, end) else None
    label = BYLINE_DOOR.match(text, pos)
    if label:
        stop = people_end(text, label.end(), end)
        if stop is None:
            return None
        if text.startswith("(", pos) and text.startswith(")", stop):
            stop += 1
        stop = place_end(text, stop, end)
        return stop if ends_segment(text, stop, end) else None
    if position == "last":
        stop = people_end(text, pos, end)
        if stop is None:
            return None
        stop = place_end(text, stop, end)
        slash = SLASH.match(text, stop)
        if slash:
            outlet = source_end(text, slash.end(), end, publication=True)
            stop = outlet if outlet is not None else stop
        # A name alone in the last paragraph, or before more noise ("Jan Peeters Delen: ...").
        rest = skip_space(text, stop)
        if rest >= end or marker_at(text, rest):
            return stop
    return None


def place_end(text: str, stop: int, end: int) -> int:
    """A byline's place after its name: "Peter Verhoef, Washington", "..., Den Haag",
    "... in Caïro"."""
    comma = COMMA.match(text, stop) or IN_PLACE.match(text, stop)
    if not comma:
        return stop
    words = words_at(text, comma.end(), end, 2)
    if not words or not is_name_word(words[0].group(0).rstrip(",")):
        return stop
    place = words[0].end() - (1 if words[0].group(0).endswith(",") else 0)
    if (len(words) == 2 and not words[0].group(0).endswith(",")
            and words[0].group(0).lower() in ("den", "de", "het", "sint", "nieuw", "oud")
            and NAME_WORD.match(words[1].group(0))):
        place = words[1].end()
    return place


COMMA = re.compile(r",\s*")
JOINT = re.compile(r"\s*(?:,|en|&)\s+")


def people_end(text: str, pos: int, end: int) -> int | None:
    """One or more persons' names joined by "en" / "&" / ","."""
    stop = person_end(text, pos, end)
    while stop is not None:
        joint = JOINT.match(text, stop)
        if not joint:
            break
        more = person_end(text, joint.end(), end)
        if more is None:
            break
        stop = more
    return stop


def related_end(text: str, pos: int, end: int, position: str) -> int | None:
    alone = RELATED_ALONE.match(text, pos, end)
    if alone:
        return end
    label = RELATED.match(text, pos)
    # A link's headline starts like one: "Lees meer: dat is het advies ..." is a sentence.
    if not label or label.end() >= end or not (text[label.end()].isupper()
                                               or text[label.end()] in "0123456789'\"‘“„"):
        return None
    return to_marker(text, label.end(), end)


def tags_end(text: str, pos: int, end: int, position: str) -> int | None:
    label = TAGS.match(text, pos)
    if not label or label.end() >= end or not (CAP.match(text, label.end())
                                               or text.startswith("#", label.end())):
        return None
    stop = to_marker(text, label.end(), end)
    value = text[label.end():stop]
    # A tag list has no sentence in it: no end mark followed by more words.
    return None if re.search(r"[.!?]\s+\S", value) else stop


def share_end(text: str, pos: int, end: int, position: str) -> int | None:
    stop = share_at(text, pos)
    return stop if stop is not None and ends_segment(text, stop, end) else None


def share_at(text: str, pos: int) -> int | None:
    """A share bar's end: "Delen:", "Deel dit artikel via Facebook, X of WhatsApp", or two
    platforms and more standing alone ("Facebook Twitter WhatsApp E-mail")."""
    label = SHARE_LABEL.match(text, pos)
    if label:
        platforms = platforms_at(text, SHARE_TO_PLATFORMS.match(text, label.end()).end())
        return platforms if platforms is not None else label.end()
    # Bare, the platforms stand side by side: "Twitter en Facebook" may be a sentence's.
    first = PLATFORM.match(text, pos)
    stop = platforms_at(text, pos, SPACE_RUN) if first else None
    return stop if stop is not None and stop > first.end() else None


def platforms_at(text: str, pos: int, joints: re.Pattern = PLATFORM_JOINT) -> int | None:
    """The end of a list of platforms ("Facebook, X of WhatsApp"), or None."""
    platform = PLATFORM.match(text, pos)
    if not platform:
        return None
    stop = platform.end()
    while True:
        joint = joints.match(text, stop)
        following = PLATFORM.match(text, joint.end()) if joint else None
        if not following:
            return stop
        stop = following.end()


def follow_at(text: str, pos: int) -> int | None:
    """"Volg ons op Facebook en Instagram": the prompt's end after its platforms, or None."""
    follow = SOCIAL_FOLLOW.match(text, pos)
    return platforms_at(text, follow.end()) if follow else None


def ad_end(text: str, pos: int, end: int, position: str) -> int | None:
    ad = AD.match(text, pos)
    return ad.end() if ad and ends_segment(text, ad.end(), end) else None


def social_end(text: str, pos: int, end: int, position: str) -> int | None:
    follow = follow_at(text, pos)
    if follow is not None and ends_segment(text, follow, end):
        return follow
    if follow is None and not SOCIAL_OPEN.match(text, pos):
        return None
    # An open-ended prompt runs to the next marker; short, no comma, not a sentence ending in ".".
    stop = to_marker(text, pos + 1, min(end, pos + SOCIAL_MAX_CHARS + 1), social=False)
    value = text[pos:stop].rstrip()
    if len(value) > SOCIAL_MAX_CHARS or "," in value or value.endswith("."):
        return None
    return stop


def caption_note_end(text: str, pos: int, end: int, position: str) -> int | None:
    note = CAPTION_NOTE.match(text, pos)
    return note.end() if note and ends_segment(text, note.end(), end) else None


RECOGNISERS = (
    ("caption", caption_note_end), ("credit", credit_end), ("related", related_end),
    ("tags", tags_end), ("share", share_end), ("ad", ad_end), ("social", social_end),
    ("byline", byline_end),   # bylines last: the loosest rule (names)
)


# --- small helpers -------------------------------------------------------------------------------


def skip_space(text: str, pos: int) -> int:
    return SPACE.match(text, pos).end()


def words_at(text: str, pos: int, end: int, limit: int) -> list[re.Match]:
    tokens = []
    for token in TOKEN.finditer(text, pos, end):
        tokens.append(token)
        if len(tokens) >= limit:
            break
    return tokens


def bare(word: str) -> str:
    return word.strip(".,;:!?\"'“”‘’()[]«»„")


def starts_capital(text: str, pos: int) -> bool:
    match = CAP.match(text, pos)
    return bool(match) and match.group(0).isupper()


def ends_segment(text: str, stop: int, end: int) -> bool:
    """A segment ends at the paragraph's end or before a capital, digit, quote or more noise:
    never before a lower-case word ("ANP meldt", "Door Rutte werd") or inside a word."""
    if stop >= end:
        return True
    if not text[stop].isspace() and text[stop] not in ")":
        return False
    nxt = skip_space(text, stop)
    if nxt >= end:
        return True
    ch = text[nxt]
    return ch.isupper() or ch.isdigit() or ch in "\"'“‘„«(©"


def to_marker(text: str, pos: int, end: int, social: bool = True) -> int:
    """The end of an open-ended segment: before the next sure marker of noise, else `end`.
    With `social=False` a prompt's own second half ("... blijven? Volg ons op X") is no stop."""
    for word in WORD_START.finditer(text, pos, end):
        if strong_marker_at(text, word.start(), social):
            return word.start()
    return end


def strong_marker_at(text: str, pos: int, social: bool = True) -> bool:
    """A sure start of noise at `pos`: a link, tag list, share bar, ad marker, credit label or
    (with `social`) a prompt; safe to cut a paragraph before, even between two sentences."""
    if (RELATED.match(text, pos) or TAGS.match(text, pos) or share_at(text, pos) is not None
            or AD.match(text, pos) or STRONG_CREDIT.match(text, pos)):
        return True
    return social and (follow_at(text, pos) is not None or bool(SOCIAL_OPEN.match(text, pos)))


def marker_at(text: str, pos: int) -> bool:
    """Where noise may start after a sentence: a sure marker, a byline's "Door", a caption's
    note, an agency ("ANP", "(ANP)", "Beeld ANP")."""
    if strong_marker_at(text, pos) or DOOR.match(text, pos) or CAPTION_NOTE.match(text, pos):
        return True
    if AGENCY_AT.match(text, pos + 1 if text.startswith("(", pos) else pos):
        return True
    label = CREDIT_BARE.match(text, pos)
    return bool(label and AGENCY_AT.match(text, label.end()))
