"""What Dutch grammar says about a capitalised word opening a sentence: a person, or a word.

A sentence's first word is capitalised whatever it is, and many Dutch surnames are words
(Bakker, Visser, Mulder, Schilder, Koster), many first names too (Klaas, Wouter, Jan). The
grammar around the word tells them apart:
- a singular count noun does not stand without a determiner, and a common noun is not
  followed by an apposition: `Bakker, de hoofdverdachte, …`, `Visser, die …`, `Brouwer,
  directeur van …`, `Klaas, een 47-jarige taxichauffeur, …` are people;
- a finite verb in the third person singular, then `dat hij` or `of zij` (reported speech):
  `Koster zegt dat hij …`, `Koster zei vrijdag dat ze …` (not `Onderzoek toont aan dat zij`);
- a surname of Faker's lists that is a Dutch count noun, followed by that verb
  (`name_surnames`: `Bakker is de nieuwe trainer`, not `Verkeer liep vast`);
- a first name (`first_names`: the Dutch and Flemish first names of Faker's nl_NL and nl_BE
  person providers, `translate/data/first_names.txt`) followed by a capitalised word
  (`Wouter Hoogland`) or by a verb in the third person singular (`Klaas zegt …`).
Titles before a name (`mr.`, `dr.`, `prof.`, `ir.`, `drs.`, `Mr. dr.`, `prof. dr.`) are
titles (`is_title`), not part of the name: English may write "Prof." or drop them.

Pure functions of their text arguments; the first-names table loads once, on first use.
"""

from __future__ import annotations

import functools
from pathlib import Path

from translate.checks.name_surnames import (
    COPULAS, adjective, bare_surname_subject, count_word, is_surname, surnames,
)
from translate.checks.words import PARTICLES, Token, capitalised, fold, is_dutch_word

FIRST_NAMES = Path(__file__).resolve().parents[1] / "data" / "first_names.txt"

# Titles written before a name, abbreviated with a full stop (mr. dr. A. de Vries).
TITLES = frozenset({"mr", "dr", "prof", "ir", "ing", "drs", "ds", "dhr", "mevr", "mw", "bc",
                    "em", "mgr", "kand", "lic", "dra"})
# Functions written as an English acronym before a name, never a name themselves.
FUNCTION_ACRONYMS = frozenset({"CEO", "CFO", "COO", "CTO", "CIO", "CCO"})
# What opens an apposition after "Bakker,": a determiner, a relative or possessive pronoun.
APPOSITION_OPENERS = frozenset({"de", "het", "een", "die", "dat", "wiens", "wier", "zelf",
                                "zijn", "haar", "ooit", "destijds", "tot", "sinds", "inmiddels"})
# A noun describing a person is followed by one of these in an apposition ("directeur van").
APPOSITION_LINKS = frozenset({"van", "bij", "uit", "in", "voor", "namens", "op", "aan"})
# Pronouns that take up a person named before them ("Koster zegt dat hij …").
PERSON_PRONOUNS = frozenset({"hij", "zij", "ze"})
# What may stand between that verb and "dat hij": a time or a modal adverb (zei vrijdag dat).
BETWEEN_VERB_AND_CLAUSE = frozenset({
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "gisteren",
    "vandaag", "eerder", "nu", "al", "ook", "wel", "niet", "zelf", "steeds", "nog"})
# Finite singular verbs that no suffix rule finds (strong pasts, modals, "is", "heeft").
SINGULAR_VERBS = frozenset({
    "is", "was", "heeft", "had", "wordt", "werd", "zal", "zou", "kan", "kon", "wil", "wilde",
    "wou", "mag", "mocht", "moet", "moest", "gaat", "ging", "staat", "stond", "komt", "kwam",
    "zegt", "zei", "doet", "deed", "ziet", "zag", "krijgt", "kreeg", "blijft", "bleef", "geeft",
    "gaf", "neemt", "nam", "vindt", "vond", "weet", "wist", "won", "wint", "verloor", "liep",
    "sprak", "schreef", "las", "hield", "viel", "bracht", "dacht", "kocht", "zocht", "lag",
    "zat", "sloeg", "reed", "trok", "koos", "vroeg", "begon", "sprong", "vloog", "droeg",
    "werkt", "woont", "noemt", "stelt", "laat", "liet", "hoopt", "speelt", "vertelt"})
# Prepositions before a place that NOT_NOUNS does not list (Naar Luik, Vanuit Gent).
# A common noun this long before the last word of a name describes it (and is translated).
DESCRIBER_MIN_CHARS = 8
PREPOSITIONS = frozenset({"naar", "uit", "vanuit", "rond", "rondom", "om", "over", "richting",
                          "nabij", "buiten", "binnen", "langs", "via", "tussen", "aan"})
# Dutch closed-class words that may open a sentence (pronouns, determiners, conjunctions,
# adverbs, interjections): never the person a cue points to ("Dat heeft hij bevestigd",
# "Ja, dat klopt").
NOT_NOUNS = frozenset("""
    ik jij je u hij zij ze wij we jullie men het dat dit die deze wie wat welke welk iemand
    niemand iedereen alles niets iets elk elke ieder iedere sommige veel weinig enkele alle
    beide geen er daar hier waar toen nu dan dus maar en of want omdat toch ook zo wel niet
    nooit altijd vaak soms echter immers bovendien daarom daarna eerst later straks vandaag
    gisteren morgen inmiddels intussen ondertussen tenslotte uiteindelijk kortom eigenlijk
    natuurlijk trouwens overigens helaas gelukkig zeker inderdaad misschien mogelijk waarschijnlijk
    ja nee nou tja goed kijk ok oké jawel welnu sterker integendeel zelfs alleen pas net nog al
    volgens tijdens na voor door met zonder tegen sinds vanaf tot onder boven bij naast
    zowel noch hoewel terwijl als zoals nadat voordat totdat zodra mits tenzij
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart april
    mei juni juli augustus september oktober november december
""".split())


@functools.lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """The Dutch and Flemish first names of `data/first_names.txt`, folded."""
    return frozenset(fold(line.strip()) for line in FIRST_NAMES.read_text(
        encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))


def is_first_name(word: str) -> bool:
    return fold(word) in first_names()


def after_first_name(nl: str, words: list[Token], i: int) -> bool:
    """`words[i]`, a Dutch word, is a surname: right after a first name, nothing between
    (dr. Sander Koning, Ann Visser), where a table that translates the word (Koning → King)
    does not hold."""
    before = words[i - 1]
    return i > 0 and is_first_name(before.text) and capitalised(before.text) \
        and not nl[before.start + len(before.text):words[i].start].strip() \
        and is_dutch_word(words[i].text.lower())


def dutch_compound(word: str) -> bool:
    """A word Hunspell does not list that is two Dutch words, maybe joined by -s- or -e-
    (rolstoel+tennisster, verkeers+leider): a common noun, not a name."""
    lower = word.lower()
    if not lower.isalpha() or len(lower) < 8:
        return False
    for cut in range(3, len(lower) - 2):
        head, tail = lower[:cut], lower[cut:]
        if not is_dutch_word(tail):
            continue
        if is_dutch_word(head) or head[-1] in "se" and len(head) > 3 and is_dutch_word(head[:-1]):
            return True
    return False


def is_title(text: str, token: Token) -> bool:
    """`token` is a title abbreviated with a full stop (Mr., dr., Prof., ir.), or a
    function's English acronym (CEO Luc Van den hove: English writes "chief executive")."""
    end = token.start + len(token.text)
    return fold(token.text) in TITLES and text[end:end + 1] == "." \
        or token.text in FUNCTION_ACRONYMS


def singular_verb(word: str) -> bool:
    """A Dutch finite verb in the third person singular, present or past (zegt, opende,
    werkte, is, won); plurals (zeggen, openden) are not."""
    lower = word.lower()
    if lower in SINGULAR_VERBS:
        return True
    if not lower.isalpha() or len(lower) < 3 or not is_dutch_word(lower):
        return False
    if lower.endswith(("de", "te")):
        return is_dutch_word(lower + "n")           # opende → openden
    long_s = len(lower) > 4 and lower.endswith("st") and lower[-4] == lower[-3] in "aeiou"
    if lower.endswith("t") and not lower.endswith("heid") and (long_s or not lower.endswith("st")):
        stem = lower[:-1]
        forms = {stem + "en", stem + stem[-1] + "en"}
        if len(stem) > 2 and stem[-2] == stem[-3]:
            forms.add(stem[:-2] + stem[-1] + "en")  # speelt → spelen
        if stem[-1] in "sf" and len(stem) > 3 and stem[-2] == stem[-3]:
            voiced = stem[:-2] + {"s": "z", "f": "v"}[stem[-1]]
            forms.add(voiced + "en")                # vreest → vrezen, leeft → leven
        return any(is_dutch_word(form) for form in forms)
    return False


def closed_class(word: str) -> bool:
    """A pronoun, determiner, conjunction, adverb or preposition that may open a sentence
    (In, Naar, Volgens, Dat): never part of a name after it."""
    lower = fold(word)
    return lower in NOT_NOUNS or lower in PARTICLES or lower in PREPOSITIONS


def _noun_like(word: str) -> bool:
    return len(word) >= 3 and word.isalpha() and fold(word) not in NOT_NOUNS


def _gap(text: str, left: Token, right: Token) -> str:
    return text[left.start + len(left.text):right.start].strip()


def _apposition(words: list[Token], j: int) -> bool:
    """`words[j]` opens an apposition or a relative clause after a comma: a determiner or
    relative pronoun, an age (een 47-jarige, 54), or a noun with a link (directeur van)."""
    if j >= len(words):
        return False
    word = words[j].text
    if word[:1].isdigit():
        return True
    if capitalised(word):
        return False
    if word.lower() in APPOSITION_OPENERS:
        return True
    return j + 1 < len(words) and words[j + 1].text.lower() in APPOSITION_LINKS \
        and is_dutch_word(word)


def _clause_with_pronoun(words: list[Token], j: int) -> bool:
    """`words[j:]` open "dat hij" / "of zij" (a time word may come first): the reported
    speech of a person ("Koster zegt dat hij …"), not "Onderzoek toont aan dat zij …"."""
    if j < len(words) and words[j].text.lower() in BETWEEN_VERB_AND_CLAUSE:
        j += 1
    return j + 1 < len(words) and words[j].text.lower() in ("dat", "of") \
        and words[j + 1].text.lower() in PERSON_PRONOUNS


def _surname_at(words: list[Token], j: int) -> bool:
    """A surname opens at `words[j]`: a capitalised word, maybe after particles (van Dam)."""
    k = j
    while k < len(words) and k - j < 3 and fold(words[k].text) in PARTICLES \
            and not capitalised(words[k].text):
        k += 1
    return k < len(words) and capitalised(words[k].text) and not words[k].initial \
        and not words[k].initials


def after_titles(text: str, words: list[Token]) -> list[Token]:
    """The words, a word after a title's full stop (Mr. Annemiek, prof. dr. Maarten) not
    taken for a sentence's first word."""
    return [Token(t.text, t.start, False, t.initials) if k and is_title(text, words[k - 1])
            else t for k, t in enumerate(words)]


def openers(text: str, words: list[Token], headline: bool) -> tuple[set[str], list[str], set[str]]:
    """Of `text` (its `words`): the words opening a sentence that the grammar around them
    shows to be a person (`person_opener`), those opening one as a bare count-noun subject
    (`bare_subject`), and the words written in lower case."""
    persons, bare = set(), []
    for k, token in enumerate(words):
        if token.initial and not headline:
            if person_opener(text, words, k, headline):
                persons.add(token.text)
            elif bare_subject(text, words, k):
                bare.append(token.text)
    return persons, bare, {t.text for t in words if not t.initials and not capitalised(t.text)}


def bare_subject(text: str, words: list[Token], i: int) -> bool:
    """The capitalised word `words[i]`, opening a sentence, is a Dutch count noun standing
    without a determiner as the subject of the singular verb right after it (`Schilder
    opende …`): a singular count noun does so only as a name. One such sentence is not
    proof (a headline style, a slip); `names.NameContext` takes the word for a person when
    its article does it twice and never writes the word in lower case."""
    token = words[i]
    if i + 1 >= len(words) or token.initials or not capitalised(token.text) \
            or not token.text.isalpha() or token.text.isupper() or is_first_name(token.text):
        return False
    following = words[i + 1]
    if _gap(text, token, following) or not singular_verb(following.text):
        return False
    word = token.text
    if not _noun_like(word) or closed_class(word) or not is_dutch_word(word):
        return False
    if following.text.lower() in COPULAS and adjective(word):
        return False
    return count_word(word)


def person_opener(text: str, words: list[Token], i: int, headline: bool = False) -> bool:
    """The capitalised word `words[i]`, opening a sentence, is a person by the grammar
    around it (see the module's docstring)."""
    token = words[i]
    if token.initials or not capitalised(token.text) or is_title(text, token):
        return False
    following = words[i + 1] if i + 1 < len(words) else None
    if following is None or headline:
        return False
    gap = _gap(text, token, following)
    first = is_first_name(token.text)
    if first and gap == "" and _surname_at(words, i + 1):
        return True
    if not (first or _noun_like(token.text)):
        return False
    if gap == ",":
        return _apposition(words, i + 1)
    if gap == "" and singular_verb(following.text):
        # A mass noun reports too (Politie meldt dat ze …): not a person.
        return first or _clause_with_pronoun(words, i + 2) and (
            not is_dutch_word(token.text) or count_word(token.text)) \
            or bare_surname_subject(token.text, following.text)
    return False


def particled(span: list[Token]) -> tuple[tuple[str, str], ...]:
    """Each run of particles of a name with the word after it (van der + Berg), where the
    particles are surely the name's: after its first name or initials, or opening it
    inside a sentence (wethouder De Vries). Not at the start of a sentence (De KNSB: the
    article) nor after a whole name or an acronym (Jos Versteeg van ING: "of")."""
    found: list[tuple[str, str]] = []
    run: list[Token] = []
    before: list[Token] = []
    for token in span:
        if fold(token.text) in PARTICLES and not token.initials:
            run.append(token)
            continue
        first_name = not before or (len(before) == 1 and not before[0].text.isupper())
        if run and not token.initials and first_name and not run[0].initial:
            found.append((" ".join(t.text for t in run), token.text))
        run = []
        if not token.initials:
            before.append(token)
    return tuple(found)


def required(words: list[tuple[str, list[frozenset[str]]]]) -> tuple[frozenset[str], ...]:
    """What a name of several words needs: every word, except a long common noun before
    its last word, which describes and is translated (Veiligheidsregio Brabant-Noord,
    Nationale Ombudsman); a surname that is a word (Eline de Boer) is last and stays."""
    kept = [needs for index, (word, needs) in enumerate(words)
            if index == len(words) - 1 or not describer(words, index)]
    return tuple(need for needs in kept for need in needs)


def describer(words: list[tuple[str, list[frozenset[str]]]], index: int) -> bool:
    """A common noun before a name's last word, which English translates: a long Dutch word
    (Veiligheidsregio, Nationale), a Dutch word before a first name (Dichter Hanna de Vries,
    Schrijfster Noor Schilder), or, first of three or more name words, a compound of Dutch
    words the dictionary does not list (Rolstoeltennisster Diede Groen)."""
    word = words[index][0]
    if is_first_name(word):
        return False
    if is_dutch_word(word):
        return len(word) >= DESCRIBER_MIN_CHARS or is_first_name(words[index + 1][0])
    return index == 0 and len(words) >= 3 and dutch_compound(word)


# A lone capitalised word after an article at most this long may be a noun (het Rijk).
NOUN_MAX_CHARS = 7


def capitalised_noun(nl: str, words: list[Token], start: int, end: int) -> bool:
    """A lone capitalised common noun after an article (het Kanaal, het Rijk, het Westen):
    an institution or region named by a word, which English translates (the Channel,
    central government, the West); a surname that is a word has a first name or a
    capitalised particle (Eline de Boer, De Boer)."""
    if end - start != 1 or start == 0 or words[start].initial:
        return False
    before = words[start - 1]
    word = words[start].text
    # Short: Dutch compounds pass the dictionary too (Suikerzijde), and are names.
    return before.text in ("de", "het", "'t", "’t") and len(word) <= NOUN_MAX_CHARS \
        and "-" not in word and not word.isupper() and is_dutch_word(word)


def first_name_before_name(nl: str, words: list[Token], i: int, lookup) -> bool:
    """`words[i]`, a first name a table translates (`lookup`), not opening the sentence, right
    before particles and a surname (Noor El Amrani, Frans van Houten): a person, not Norway."""
    if words[i].initial or not is_first_name(words[i].text) or i + 2 >= len(words):
        return False
    after = words[i + 1]
    return not nl[words[i].start + len(words[i].text):after.start].strip() \
        and fold(after.text) in PARTICLES and capitalised(words[i + 2].text) \
        and not lookup((words[i + 2].text,))


def particles_start(text: str, words: list[Token], j: int) -> int:
    """The index of the first of the (up to three) particles right before `words[j]`, nothing
    between them (`de`, `van der`, `in 't`); `j` when there is none."""
    p = j
    while p > 0 and fold(words[p - 1].text) in PARTICLES and j - p < 3 \
            and not _gap(text, words[p - 1], words[p]):
        p -= 1
    return p


def particled_surname(text: str, words: list[Token], j: int, context=None) -> bool:
    """`words[j]` is the surname after its particles (Maarten de Koning, Thijs van Dijk,
    `aldus De Koning`, `volgens Van Dam`), not the word a table translates (koning → king):
    a surname of the table, written with a capital after one to three particles, which
    follow a first name or open with a capital themselves inside the sentence (Dutch writes
    `aldus De Koning` for the person, `de koning` for the king; a sentence's first word is
    capitalised either way). A person keeps particle and surname as written."""
    word = words[j]
    if word.initial or not capitalised(word.text):
        return False
    p = particles_start(text, words, j)
    if p == j:
        return False
    written = fold(" ".join(t.text for t in words[p:j + 1]))
    if not (is_surname(word.text) or written in surnames()):
        return False
    before = words[p - 1] if p > 0 else None
    after_first = before is not None and is_first_name(before.text) \
        and capitalised(before.text) \
        and not _gap(text, before, words[p])
    # A capital particle names a person inside a sentence; at its start "De" is any
    # sentence's capital ("De Koning en zijn gezin" is the king), unless the article names
    # the person so elsewhere (Jan de Koning … De Koning verkoopt …): `context`, a NameContext.
    return after_first or words[p].text[:1].isupper() and (
        not words[p].initial or context is not None and context.particled_person(word.text))


def function_before_person(text: str, words: list[Token], i: int) -> bool:
    """`words[i]`, a sentence's first word that is no first name, right before a first name
    and the rest of a name (Praeses Thijs van Dijk, Burgervader Anouk Smit): a function
    written before the person, as Dutch writes titles; English translates it (President)."""
    if not words[i].initial or i + 2 >= len(words) or is_first_name(words[i].text):
        return False
    first, rest = words[i + 1], words[i + 2]
    return capitalised(words[i].text) and is_first_name(first.text) and capitalised(first.text) \
        and (capitalised(rest.text) or fold(rest.text) in PARTICLES) \
        and not _gap(text, words[i], first).strip() and not _gap(text, first, rest).strip()
