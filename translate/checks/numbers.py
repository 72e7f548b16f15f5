"""Numbers: which values a Dutch sentence states, which an English one states, and which
of the Dutch ones the English lost (the `numbers` flag, and the summary bullets' check).

Both sides are read the way a reader reads them, not only as digits:
- notation: "12,5" = "12.5", "3.500" = "3,500" = "3500", "1,2 miljoen" = "1.2 million" =
  "€1.2m" = "1,200,000"; "1988" = "'88"; "jaren negentig" = "the nineties" = "the 1990s";
- number words in both languages, cardinals and ordinals ("vijfenveertig" = "forty-five",
  "tweede" = "second" = "2nd", "21ste" = "21st"), read by text2num's `alpha2digit`
  (numbers from two upwards: "een"/"one" are mostly articles and pronouns), plus the forms it
  leaves: "tweeënhalf" = "two and a half", "anderhalf" = "one and a half", "een half
  miljoen" = "half a million", "twee keer" = "twice", fractions ("de helft" = "half",
  "een kwart" = "a quarter", "driekwart" = "three quarters", "een halve meter" = "half a
  metre", "een half jaar" = "six months");
- dates and codes: a month or a day of the week is a value ("1 augustus" is not "1
  September", "dinsdag" not "Thursday"), and a code of capitals and digits is copied as it is
  ("A12", "E40", "F-35", "D66");
- a number in parts ("1.45,12", a race time, is "1:45.12"; "2.05.33" is "2:05:33") is one
  value, all its parts in order;
- clock times with their half of the day: Dutch writes a 24-hour clock ("14.30 uur" is
  2.30 pm, never am; "9 uur" may be either), English "2.30 pm", "14:30", "noon",
  "midnight", "half past eight" (Dutch "half negen"), "a quarter past eight" ("kwart over
  acht").
A capitalised number word inside a sentence is part of a name ("Tweede Kamer" is the House
of Representatives), not a number.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

Value = Decimal | tuple   # a number; ("time", hour 0-23, minute); ("month", 1-12);
                          # ("day", 0-6); ("code", "A", 12); ("parts", 1, 45, 12)

_NUMBER = r"\d+(?:[.,:]\d+)*"
_DUTCH_SCALES = {"duizend": 10**3, "miljoen": 10**6, "mln": 10**6, "miljard": 10**9,
                 "mld": 10**9, "mrd": 10**9, "biljoen": 10**12}
_ENGLISH_SCALES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "mln": 10**6, "mn": 10**6,
                   "m": 10**6, "billion": 10**9, "bn": 10**9, "trillion": 10**12, "tn": 10**12}
_DUTCH_NUMBER = re.compile(
    rf"(?<![\w.,])({_NUMBER})(?![.,:]?\d)(e|de|ste)?\b"
    rf"(?:\s*(uur\b|{'|'.join(_DUTCH_SCALES)})\b\.?)?", re.IGNORECASE)
_ENGLISH_NUMBER = re.compile(
    rf"(?<![\w.,])({_NUMBER})(?![.,:]?\d)"
    rf"(?:\s*((?:{'|'.join(_ENGLISH_SCALES)})(?!\w)|[ap]\.?m\b\.?))?", re.IGNORECASE)
# Words alpha2digit leaves as they are (below its threshold, or not numbers to it).
_ENGLISH_WORDS = {"one": 1, "first": 1, "twice": 2, "thrice": 3, "dozen": 12, "half": Decimal("0.5"),
                  "quarter": Decimal("0.25"), "quarters": Decimal("0.25")}
# Units after which "een" is the number one ("een uur" = "an hour", "one hour").
_DUTCH_UNITS = ("uur|minuut|seconde|dag|week|maand|jaar|eeuw|etmaal|meter|kilometer"
                "|kilo|kilogram|liter|punt|doelpunt|keer|ronde|set|game|etappe|seizoen|nacht")
# ("a second" is "a 2nd" once text2num has read it.)
_ENGLISH_UNITS = ("hour|minute|second|2nd|day|week|month|year|century|metre|meter"
                  "|kilometre|kilometer|km|kilo|kilogram|kg|litre|liter|point|goal|time"
                  "|round|set|game|stage|season|night|decade")
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
                 "|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty"
                 "|fifty|sixty|seventy|eighty|ninety|hundred")
_DUTCH_FRACTIONS = {"helft": Decimal("0.5"), "kwart": Decimal("0.25")}
_ENGLISH_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
                    "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90}
_TIME = re.compile(r"(\d{1,2})[.:](\d{2})")
_DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                 "september", "oktober", "november", "december")
_ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "october", "november", "december")
# Months as Dutch writes them, in lower case (a capitalised one is the start of a sentence
# or a name: left alone), and as English does, capitalised ("may" and "march" are words).
_DUTCH_MONTH = re.compile(rf"\b({'|'.join(_DUTCH_MONTHS)})\b")
_ENGLISH_MONTH = re.compile(r"\b(" + "|".join(m.title() for m in _ENGLISH_MONTHS)
                            + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b")
# Days of the week likewise; "de nacht van zaterdag op zondag" is one of the two ("Saturday
# night").
_DUTCH_DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_DUTCH_DAY = re.compile(rf"\b(?:van\s+({'|'.join(_DUTCH_DAYS)})\s+op\s+)?({'|'.join(_DUTCH_DAYS)})"
                        r"(?:avond|ochtend|middag|morgen|nacht)?\b")
_ENGLISH_DAY = re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?\b")
_MONTH_STEMS = {"nl": [m[:3] for m in _DUTCH_MONTHS], "en": [m[:3] for m in _ENGLISH_MONTHS]}
_DAY_STEMS = {"nl": [d[:3] for d in _DUTCH_DAYS], "en": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
# A code of capitals and digits ("A12", "E40", "F-35", "D66", "CO2"): copied as it is
# (also in a compound, "F-35-toestellen", or a plural, "F-35s").
_CODE = re.compile(r"(?<![\w-])([A-Z]{1,3})-?(\d{1,4})s?(?!\w)")
# Numbers alpha2digit turns into digits: from two upwards ("een" and "one" stay words).
_WORDS_FROM = 2


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _values(number: str, thousands: str, decimal: str) -> set[Value]:
    """The value(s) of `number` written with these separators; separators that fit neither
    reading (a race time "1.45,12", a section "2.1.3") give its parts, in order: "1.45,12"
    and "1:45.12" are the same parts, "1:46.12" are not."""
    grouped = rf"\d{{1,3}}(?:\{thousands}\d{{3}})+(?:\{decimal}\d+)?"
    if re.fullmatch(grouped, number) or re.fullmatch(rf"\d+(?:\{decimal}\d+)?", number):
        value = _decimal(number.replace(thousands, "").replace(decimal, "."))
        return {value} if value is not None else set()
    if re.fullmatch(rf"\d+\{thousands}\d+", number):
        # The other notation's decimal mark (Dutch "1.5", English "12,5"): its reading.
        value = _decimal(number.replace(thousands, "."))
        return {value} if value is not None else set()
    return {("parts",) + tuple(Decimal(part) for part in re.split(r"[.,:]", number) if part)}


def _clock(hour: int, minute: int, either_half: bool) -> set[Value]:
    """A clock time; `either_half`: the hour may be before or after noon."""
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return set()
    times = {("time", hour, minute)}
    if either_half and hour < 12:
        times.add(("time", hour + 12, minute))
    return times


def _scale(word: str | None) -> int:
    """The factor of an English scale word or its digits ("million", "1000000"); 1 for none."""
    if not word:
        return 1
    return int(word) if word.isdigit() else _ENGLISH_SCALES[word.lower()]


def _blank(text: str, match: re.Match) -> str:
    """`text` with `match` spaced out (read once, by the rule that matched it)."""
    return text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]


_SCALE_WORDS = {"nl": "|".join(_DUTCH_SCALES), "en": "|".join(w for w in _ENGLISH_SCALES if len(w) > 2)}


@functools.lru_cache(maxsize=4096)
def _in_digits(text: str, language: str) -> str:
    """`text` with its number words written in digits (text2num). Left alone: a scale after
    digits ("1,2 miljoen", read below with its number) and, in Dutch, a capitalised number
    word inside a sentence: there it is a name ("Tweede Kamer")."""
    from text_to_num import alpha2digit

    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    def keep_name(match: re.Match) -> str:
        word = match.group(0)
        if alpha2digit(word.lower(), language, threshold=_WORDS_FROM) == word.lower():
            return word
        return keep(match)

    guarded = re.sub(rf"(?<=\d)\s+(?:{_SCALE_WORDS[language]})\b", keep, text,
                     flags=re.IGNORECASE)
    if language == "nl":
        guarded = re.sub(r"(?<=[^\W\d_]\W)\b[A-Z][a-zë]+", keep_name, guarded)
        # "een" is mostly an article: text2num would read "vijftig een slagerij" as 51.
        guarded = re.sub(r"\b[Ee]en\b", keep, guarded)
    converted = alpha2digit(guarded, language, threshold=_WORDS_FROM)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], converted)


def _dates_and_codes(text: str, language: str) -> tuple[str, list[tuple[str, set[Value]]]]:
    """The months, days of the week and codes ("A12") of `text`, as (written, values), and
    the text without the codes (their digits are not numbers of their own)."""
    month, day = (_DUTCH_MONTH, _DUTCH_DAY) if language == "nl" else (_ENGLISH_MONTH, _ENGLISH_DAY)
    found: list[tuple[str, set[Value]]] = [
        (match.group(0), {("month", _MONTH_STEMS[language].index(match.group(1)[:3].lower()) + 1)})
        for match in month.finditer(text)]
    found += [(match.group(0), {("day", _DAY_STEMS[language].index(name[:3].lower()))
                                for name in match.groups() if name})
              for match in day.finditer(text)]
    for match in list(_CODE.finditer(text)):
        found.append((match.group(0), {("code", match.group(1), int(match.group(2)))}))
        text = _blank(text, match)
    return text, found


# ---------------------------------------------------------------- Dutch


def _dutch_special(text: str) -> tuple[str, list[tuple[str, set[Value]]]]:
    """The Dutch forms text2num does not read, as (written, values), and the text without
    them."""
    found: list[tuple[str, set[Value]]] = []
    rules: list[tuple[str, object]] = [
        (r"\bhalf\s+(\d{1,2})\b(?!\s*(?:procent|%|jaar|uur|meter|euro))",
         lambda m: _clock((int(m.group(1)) - 1) % 24, 30, True)),
        (r"\bkwart\s+over\s+(\d{1,2})\b", lambda m: _clock(int(m.group(1)) % 24, 15, True)),
        (r"\bkwart\s+voor\s+(\d{1,2})\b",
         lambda m: _clock((int(m.group(1)) - 1) % 24, 45, True)),
        (r"\b(?:een\s+)?half\s+(\d{4,})\b", lambda m: {Decimal(m.group(1)) / 2}),
        (r"\bjaren\s+'?(\d0)\b", lambda m: {Decimal(m.group(1)), Decimal(1900 + int(m.group(1)))}),
        # Half of a unit: "een half jaar" is six months, "een half uur" 30 minutes.
        (r"\b(?:een\s+)?half\s*(uur|jaar)\b",
         lambda m: {Decimal("0.5"), Decimal(30 if m.group(1).lower() == "uur" else 6)}),
        (r"\b(?:een\s+)?halve\b(?!\s+finale)|\been\s+half\b", lambda m: {Decimal("0.5")}),
        (r"\bdriekwart\b", lambda m: {Decimal("0.75"), Decimal(75)}),
        (r"\b(?:de\s+|een\s+)?(helft|kwart)\b", lambda m: {_DUTCH_FRACTIONS[m.group(1).lower()]}),
        # A quarter of an hour: "15 minutes" or "a quarter of an hour".
        (r"\b(?:een\s+|elk\s+|ieder\s+)?kwartier\b", lambda m: {Decimal("0.25"), Decimal(15)}),
        # One, where "een" is a number: "één" always; "een" before a unit ("een uur", "ruim
        # een minuut", "een etmaal") or in "een van hen"; the ordinal "eerste", "voor het
        # eerst" (not in set phrases: "eerste hulp" is A&E, "eerste minister" the prime
        # minister, "in eerste instantie" initially; "Eerste" inside a sentence is a name).
        (r"(?<![\w-])[eé][é]n\b"
         r"|\been(?=\s+(?:(?!half|halve|paar|aantal|tal)[a-z]+\s+)?(?:" + _DUTCH_UNITS + r")\b)"
         r"|\been(?=\s+van\s+(?:de|het|hen|hun|zijn|haar|ons|onze|deze|die|beide)\b)"
         r"|\been(?=\s+op\s+(?:de|het|elke|iedere)\s)"
         r"|(?-i:\beerste|^Eerste)(?![\w-]|\s+(?:hulp|minister|instantie|Kamer)\b)"
         r"|\bvoor\s+het\s+eerst\b",
         lambda m: {Decimal(1)}),
    ]
    for pattern, values in rules:
        for match in list(re.finditer(pattern, text, re.IGNORECASE)):
            found.append((match.group(0).strip(), values(match)))
            text = _blank(text, match)
    text, dated = _dates_and_codes(text, "nl")
    return text, found + dated


def _dutch_words_first(text: str) -> str:
    """Forms to rewrite before text2num reads the words: "tweeënhalf", "anderhalve"."""
    from text_to_num import alpha2digit

    def and_a_half(match: re.Match) -> str:
        whole = alpha2digit(match.group(1).lower(), "nl", threshold=0)
        return f"{whole},5" if whole.isdigit() else match.group(0)

    text = re.sub(r"\b([a-zë]+)ënhalf\b", and_a_half, text, flags=re.IGNORECASE)
    return re.sub(r"\banderhal(?:f|ve)\b", "1,5", text, flags=re.IGNORECASE)


def dutch_mentions(text: str) -> list[tuple[str, set[Value]]]:
    """Each number of a Dutch text, as written (after number words became digits), with the
    set of values it may be written as in English."""
    text = _in_digits(_dutch_words_first(text), "nl")
    text, found = _dutch_special(text)
    for match in _DUTCH_NUMBER.finditer(text):
        number, word = match.group(1), (match.group(3) or "").lower().rstrip(".")
        values = _values(number, ".", ",")
        time = _TIME.fullmatch(number)
        if time:
            # Dutch writes decimals with a comma: "14.30" and "06.00" are times on a
            # 24-hour clock ("14.30" is after noon, "8.30" before it).
            values = _clock(int(time.group(1)), int(time.group(2)), False) \
                | _values(number.replace(":", "."), ".", ",")
        elif word == "uur" and len(values) == 1:
            hour = next(iter(values))
            if hour == hour.to_integral_value() and hour < 24:
                # "9 uur" is nine in the morning, or nine hours; "'s avonds" moves it on.
                evening = re.match(r"\s*'s\s+(avonds|middags|nachts)", text[match.end():])
                later = 12 if evening and evening.group(1) != "nachts" and hour < 12 else 0
                values |= _clock(int(hour) + later, 0, False)
        scale = _DUTCH_SCALES.get(word)
        if scale:
            values = {v * scale for v in values if isinstance(v, Decimal)}
        found.append((match.group(0).strip().rstrip("."), values))
    return found


def dutch_numbers(text: str) -> list[set[Value]]:
    """Each number of a Dutch text as the set of values it may be written as in English."""
    return [values for _, values in dutch_mentions(text)]


# ---------------------------------------------------------------- English


def _english_special(text: str) -> tuple[str, list[set[Value]]]:
    found: list[set[Value]] = []
    rules: list[tuple[str, object]] = [
        (r"\b(?:3|three)[\s-]+quarters\b", lambda m: {Decimal("0.75")}),
        (r"\bhalf\s+past\s+(\d{1,2})\b", lambda m: _clock(int(m.group(1)) % 24, 30, True)),
        (r"\b(?:a\s+)?quarter\s+past\s+(\d{1,2})\b",
         lambda m: _clock(int(m.group(1)) % 24, 15, True)),
        (r"\b(?:a\s+)?quarter\s+to\s+(\d{1,2})\b",
         lambda m: _clock((int(m.group(1)) - 1) % 24, 45, True)),
        (r"\b(\d{1,2})\s+o'clock\b", lambda m: _clock(int(m.group(1)) % 24, 0, True)),
        (r"\b(noon|midday)\b", lambda m: _clock(12, 0, False)),
        (r"\bmidnight\b", lambda m: _clock(0, 0, False)),
        # "a week and a half", "one and a half million"
        (r"\b(\d+|one|an?)\s+(?:[a-z]+\s+)?and\s+a\s+half\b(?:\s+(10{3,}|thousand|million"
         r"|billion)\b)?",
         lambda m: {(Decimal(m.group(1)) + Decimal("0.5") if m.group(1).isdigit()
                     else Decimal("1.5")) * _scale(m.group(2))}),
        (r"\bhalf\s+an?\s+(\d{4,})\b", lambda m: {Decimal(m.group(1)) / 2}),
        # "an hour", "a full year", "a single point", "once": one of a unit.
        (r"\b(?:an?|a\s+single|another)\s+(?:[a-z]+[\s-])?(?:" + _ENGLISH_UNITS
         + r")(?:-long)?\b|\bonce\b|\bsingle\b"
         r"|\bthe\s+(?:previous\s+(?:" + _ENGLISH_UNITS + r")|(?:" + _ENGLISH_UNITS
         + r")\s+(?:before|after))\b",
         # "a second" is one second or the ordinal ("a second branch")
         lambda m: {Decimal(1), Decimal(2)} if m.group(0).lower().endswith(("2nd", "second"))
         else {Decimal(1)}),
        (r"(?<![\w'’])['’](\d{2})(s)?\b",
         lambda m: {Decimal(1900 + int(m.group(1))), Decimal(2000 + int(m.group(1))),
                    Decimal(m.group(1))}),
        (r"\b(\d{2})(\d{2})s\b", lambda m: {Decimal(m.group(1) + m.group(2)),
                                             Decimal(m.group(2))}),
    ]
    for pattern, values in rules:
        for match in list(re.finditer(pattern, text, re.IGNORECASE)):
            found.append(values(match))
            text = _blank(text, match)
    text, codes = _dates_and_codes(text, "en")
    return text, found + [values for _, values in codes]


def _unhyphened(text: str) -> str:
    """A number word joined to a unit ("a three-hour search", "ten-euro tickets", "a
    seventeenth-century horn") as two words, which text2num reads ("twenty-five" stays)."""
    text = re.sub(rf"\b({_NUMBER_WORDS})-(?!(?:{_NUMBER_WORDS})\b)(?=[a-z])", r"\1 ", text,
                  flags=re.IGNORECASE)
    return re.sub(r"\b([a-z]+(?:th|st|nd|rd))-(?=(?:century|floor|place|round|generation)\b)",
                  r"\1 ", text, flags=re.IGNORECASE)


def english_mentions(text: str) -> list[set[Value]]:
    """Each number an English text writes (numerals, scaled ones, times, number words), as
    the set of values it may stand for."""
    text = _in_digits(_unhyphened(text), "en")
    text, found = _english_special(text)
    for match in _ENGLISH_NUMBER.finditer(text):
        number, word = match.group(1), (match.group(2) or "").lower().replace(".", "")
        values = _values(number, ",", ".")
        time = _TIME.fullmatch(number)
        hour = next(iter(values)) if len(values) == 1 else None
        if word in ("am", "pm"):
            # A time of day, and only that: "9 pm" is not the nine of "9 uur werk".
            if time:
                hour_of_day, minute = int(time.group(1)), int(time.group(2))
            elif hour is not None and hour == hour.to_integral_value():
                hour_of_day, minute = int(hour), 0
            else:
                continue
            if 1 <= hour_of_day <= 12:
                values = _clock(hour_of_day % 12 + (12 if word == "pm" else 0), minute, False)
        elif word in _ENGLISH_SCALES:
            values = values | {v * _ENGLISH_SCALES[word] for v in values if isinstance(v, Decimal)}
        elif time:
            values = values | _clock(int(time.group(1)), int(time.group(2)), True)
        found.append(values)
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _ENGLISH_WORDS:
            found.append({Decimal(_ENGLISH_WORDS[word])})
        elif word in _ENGLISH_DECADES:
            found.append({Decimal(_ENGLISH_DECADES[word]), Decimal(1900 + _ENGLISH_DECADES[word])})
    # Ordinals ("1st", "21st") and attached units ("5km") the pattern above skips.
    for digits in re.findall(r"(?<![\d.,])(\d+)(?=st|nd|rd|th|[a-z])", text.lower()):
        found.append({Decimal(digits)})
    return found


def english_numbers(text: str) -> set[Value]:
    """Every value an English text writes."""
    return set().union(*english_mentions(text))


def missing_numbers(nl: str, en: str) -> list[str]:
    """The Dutch numbers (as written, number words in digits) the English does not state.
    Each English mention vouches for one Dutch one ("6-4, 6-4" is four numbers, not two),
    the Dutch numbers with the fewest readings matched first."""
    mentions = [(i, written, values) for i, (written, values) in enumerate(dutch_mentions(nl))
                if values]
    if not mentions:
        return []
    english = english_mentions(en)
    used = [False] * len(english)
    missing: list[tuple[int, str]] = []
    for index, written, values in sorted(mentions, key=lambda m: len(m[2])):
        match = next((j for j, found in enumerate(english) if not used[j] and values & found),
                     None)
        if match is None:
            missing.append((index, written))
        else:
            used[match] = True
    return [written for _, written in sorted(missing)]
