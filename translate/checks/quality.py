"""Quality: the evidence for trusting a translation, sentence by sentence and per article.

Every check here is cheap and deterministic (no model call), so a newsroom can tell from
the record which few of thousands of translations to read.

Per sentence (`sentence_flags`), in this order:
- `low_confidence`: the sentence's score (mean log-probability per generated token, see
  `backends.base.Hypothesis`) is below ln(`quality.min_token_probability`) = ln 0.5 =
  -0.69 per token by default (the threshold Bergamot's quality estimator uses).
- `repetition`: the output ran into its length cap, or a word n-gram (1 to 4 words) is
  repeated `quality.repetition_repeats` times in a row in the English, more than in the
  Dutch (a decoder loop).
- `length_ratio`: English characters / Dutch characters outside
  [`length_ratio_min`, `length_ratio_max`], for Dutch sentences of at least
  `length_min_chars` characters (short ones vary too much to judge).
- `dropped`: a stretch of the Dutch that the English shows nothing of, long enough and
  holding enough Dutch content words the dictionary knows, while the English is no longer
  than the rest of the Dutch explains (`coverage.py`: FreeDict's Dutch–English dictionary;
  off, said once in the log, where it is not installed).
- `numbers`: a number of the Dutch is missing from the English once both notations are
  normalised ("12,5" = "12.5", "3.500" = "3,500" = "3500", "1,2 miljoen" = "1.2 million",
  "14.30 uur" = "2.30 pm"; "3" = "three"). Dutch ordinals ("2e", "21ste") are left out.
- `names`: a proper name of the Dutch (`names.py` says which words are names, from the
  whole article) that the English lacks in any of its English forms.
- `glossary`: a `[glossary]` term of the Dutch whose English the output lacks
  (`glossary.py`).
- `untranslated`: an output of at least `untranslated_min_words` words that equals its
  source (case and spacing aside), that the language identifier, choosing between
  Dutch and English only, calls Dutch, or that holds a run of `untranslated_min_run`
  Dutch words with no English word among them (a clause left in Dutch, `leftover.py`).

Per summary bullet (`bullet_flags`, against the article's English): `unsupported_number`
and `unsupported_name`, a number or a proper name the bullet states that the English does
not (Nan et al., EACL 2021: entity-level precision against the source).

Per article (`check_language`): the body text (headings such as the title left out: a
lone headline is too short to judge) goes to py3langid. Another language detected with at
least `quality.language_min_probability` is flagged `not_dutch`, or, with
`quality.non_dutch = "skip"`, the article is skipped (`NotDutch`). An English article is
copied through as its own translation (flagged `not_dutch` and `copied`): the model would
turn English into garbage, and the English original is what a reader of the translation
wants; `quality.english = "translate"` sends it to the model like any other article.

py3langid ships its model inside its wheel (numpy only, works offline) and is right on
one or two sentences; its model loads once per process, on first use, for both uses
(`translate.checks.language`).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from translate.text.article import Article, Sentence, Translated
from translate.text.casing import is_shouting
from translate.config import QualityConfig
from translate.errors import NotDutch, quote
from translate.checks.glossary import EMPTY, Glossary
from translate.checks.names import (
    NameContext, contains_name, english_name_positions, missing_names, strip_accents,
)
from translate.checks.numbers import english_mentions, english_numbers, missing_numbers

FLAGS = ("low_confidence", "repetition", "length_ratio", "dropped", "numbers", "names",
         "glossary", "untranslated")
# The flags a choice among hypotheses weighs: what the English says, not how sure it is.
CONTENT_FLAGS = ("dropped", "numbers", "names", "glossary")
ARTICLE_FLAGS = ("not_dutch", "copied")
# A summary bullet's flags (`bullet_flags`): what it states that the article's English does not.
BULLET_FLAGS = ("unsupported_number", "unsupported_name")
ALL_FLAGS = (*ARTICLE_FLAGS, *FLAGS, *BULLET_FLAGS)
# Characters of body text the language identifier reads (plenty for a confident answer).
LANGUAGE_SAMPLE_CHARS = 3000
# Below this many letters of body text, the headings are judged too.
LANGUAGE_MIN_LETTERS = 40
# The Dutch-or-English decision on one output must be at least this sure.
STILL_DUTCH_PROBABILITY = 0.9
LONGEST_NGRAM = 4
# The length a spelled-out abbreviation is counted at ("OM": "Public Prosecution Service").
ABBREVIATION_CHARS = 24


# ---------------------------------------------------------------- language


def _identifier():
    from translate.checks.language import identifier

    return identifier()


def _dutch_or_english():
    from translate.checks.language import dutch_or_english

    return dutch_or_english()


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) of `text`; (None, 0.0) when it has no letters."""
    if not any(ch.isalpha() for ch in text):
        return None, 0.0
    language, probability = _identifier().classify(text[:LANGUAGE_SAMPLE_CHARS])
    return str(language), float(probability)


def body_text(article: Article) -> str:
    """The text the language is judged on: the body parts (not the headings, the title
    being one, nor scraper noise), unless they are too short to say anything."""
    body = " ".join(p.nl for p in article.paragraphs if p.kind == "body")
    if sum(ch.isalpha() for ch in body) < LANGUAGE_MIN_LETTERS:
        body = " ".join(p.nl for p in article.paragraphs if not p.noise) or \
            " ".join(p.nl for p in article.paragraphs)
    return body


def own_texts(article: Article) -> list[str]:
    """The Dutch of the article's own text (body and headings), without scraper noise."""
    return [p.nl for p in article.paragraphs if not p.noise]


def check_language(article: Article, settings: QualityConfig) -> None:
    """Fill `article.quality`'s language, flags and `copied`; raises NotDutch when the
    article is in another language and the settings say to skip it."""
    quality = article.quality
    language, probability = detect_language(body_text(article))
    quality.language, quality.language_probability = language, round(probability, 4)
    quality.flags, quality.copied = [], False
    if language is None or language == "nl" or probability < settings.language_min_probability:
        return
    if settings.non_dutch == "skip":
        raise NotDutch(f"{quote(article.source)}: written in '{language}' (probability "
                       f"{probability:.2f}), not Dutch; skipped (quality.non_dutch = \"skip\")")
    quality.flags.append("not_dutch")
    if language == "en" and settings.english == "copy":
        quality.copied = True
        quality.flags.append("copied")


# ---------------------------------------------------------------- the other checks


def longest_repeat(text: str) -> int:
    """How many times in a row the most repeated word n-gram (n <= 4) of `text` occurs;
    n-grams of numbers alone do not count (a tennis score "6-4, 6-4, 6-4" is no loop)."""
    words = re.findall(r"\w+", text.casefold())
    best = 1 if words else 0
    for n in range(1, LONGEST_NGRAM + 1):
        for start in range(len(words) - 2 * n + 1):
            gram = words[start:start + n]
            if all(word.isdigit() for word in gram):
                continue
            run, at = 1, start + n
            while words[at:at + n] == gram and at + n <= len(words):
                run, at = run + 1, at + n
            best = max(best, run)
    return best


def length_ratio(nl: str, en: str) -> float:
    """English characters per Dutch character, an abbreviation of the Dutch that the English
    spells out ("OM" → "Public Prosecution Service") counted at the length of its usual
    spelled-out form."""
    source = len(nl.strip())
    # In a sentence in capitals (a headline) a short word in capitals is no abbreviation.
    abbreviations = [] if is_shouting(nl) else re.findall(r"\b[A-Z]{2,6}\b", nl)
    for abbreviation in abbreviations:
        if not re.search(rf"\b{abbreviation}\b", en):
            source += ABBREVIATION_CHARS - len(abbreviation)
    return len(en.strip()) / max(1, source)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def untranslated(nl: str, en: str, settings: QualityConfig) -> bool:
    """The output equals its source, is still Dutch, or holds a run of Dutch words (a clause
    left in: `leftover.py`); long enough outputs only."""
    if len(_words(en)) < settings.untranslated_min_words:
        return False
    if " ".join(en.casefold().split()) == " ".join(nl.casefold().split()):
        return True
    language, probability = _dutch_or_english().classify(en)
    if language == "nl" and probability >= STILL_DUTCH_PROBABILITY:
        return True
    from translate.checks.leftover import dutch_run, dutch_tail

    return dutch_run(en, settings.untranslated_min_run) is not None or dutch_tail(en) is not None


def _dropped(nl: str, en: str, settings: QualityConfig, context: "ArticleContext | None") -> bool:
    from translate.checks.coverage import dropped_clause

    return dropped_clause(nl, en, settings, context.names if context else None) is not None


@dataclass(frozen=True)
class ArticleContext:
    """What the checks of one sentence need to know beyond it: which capitalised words
    the article shows to be names, and the glossary."""

    names: NameContext = field(default_factory=NameContext)
    glossary: Glossary = EMPTY

    @classmethod
    def of(cls, article: Article, glossary: Glossary = EMPTY) -> "ArticleContext":
        """The context of an article's own text: scraper noise ("Bron: The Guardian", a
        caption) never tells which words are the article's names."""
        return cls.of_texts(own_texts(article), glossary)

    @classmethod
    def of_texts(cls, texts: Iterable[str], glossary: Glossary = EMPTY) -> "ArticleContext":
        """The context of Dutch texts read together (an article's paragraphs)."""
        return cls(NameContext.of_texts(texts), glossary)


def content_flags(nl: str, en: str, context: ArticleContext | None = None) -> list[str]:
    """The flags of `CONTENT_FLAGS` but `dropped` an English text for the Dutch sentence
    `nl` earns (in `FLAGS` order): a number, a name or a glossary term of the Dutch it
    lacks. Pure and cheap: what a choice among a sentence's hypotheses compares, with
    `dropped` (`sentence_flags`)."""
    context = context or ArticleContext()
    flags = []
    if missing_numbers(nl, en):
        flags.append("numbers")
    if any(not _glossary_keeps(name, en, context.glossary)
           for name in missing_names(nl, en, context.names)):
        flags.append("names")
    if context.glossary and context.glossary.missing(nl, en):
        flags.append("glossary")
    return flags


def _glossary_keeps(name: str, en: str, glossary: Glossary) -> bool:
    """A name the glossary gives an English for (Witte Huis → White House) is kept by it."""
    terms = glossary.found(name) if glossary else []
    return bool(terms) and not glossary.missing(name, en)


def sentence_flags(nl: str, en: str, score: float | None, capped: bool,
                   settings: QualityConfig, context: ArticleContext | None = None) -> list[str]:
    """The flags of one translated sentence (empty when clean), in `FLAGS` order;
    `context` is its article's (without it, only the sentence itself tells names)."""
    flags = []
    if score is not None and score < math.log(settings.min_token_probability):
        flags.append("low_confidence")
    if capped or (longest_repeat(en) >= settings.repetition_repeats
                  and longest_repeat(en) > longest_repeat(nl)):
        flags.append("repetition")
    if len(nl.strip()) >= settings.length_min_chars and not \
            settings.length_ratio_min <= length_ratio(nl, en) <= settings.length_ratio_max:
        flags.append("length_ratio")
    if len(nl.strip()) >= settings.length_min_chars and _dropped(nl, en, settings, context):
        flags.append("dropped")
    flags.extend(content_flags(nl, en, context))
    if untranslated(nl, en, settings):
        flags.append("untranslated")
    return flags


# ---------------------------------------------------------------- per article


def assess(articles: Iterable[Article], settings: QualityConfig,
           glossary: Glossary = EMPTY, margin: float = 0.0) -> None:
    """Flag every sentence of translated `articles` in place (copied ones have none), and
    note the glossary terms that applied to each. Where the engine gave several
    hypotheses, the one `choice.choose` picks within `margin` (`hypothesis_margin`),
    steered by `CONTENT_FLAGS`, is written. Scraper noise is never flagged (a caption
    keeps the engine's best)."""
    from translate.checks.choice import write_choice

    for article in articles:
        context = ArticleContext.of(article, glossary)
        article.glossary = glossary.applied(own_texts(article))
        checked = {id(s) for s in article.text_sentences()}
        for sentence in article.sentences():
            if article.quality.copied or id(sentence) not in checked:
                sentence.flags, sentence.hypothesis = [], None
            elif sentence.translated is None:
                sentence.flags = sentence_flags(sentence.nl, sentence.en or "", sentence.score,
                                                sentence.capped, settings, context)
            else:
                def checks(candidate: Translated, nl: str = sentence.nl) -> list[str]:
                    return sentence_flags(nl, candidate.text, candidate.score, candidate.capped,
                                          settings, context)

                write_choice(sentence, checks, margin, CONTENT_FLAGS)


# ---------------------------------------------------------------- summary bullets


@functools.lru_cache(maxsize=16)
def _english_support(english: str) -> tuple[frozenset, str]:
    """What an article's English supports: its number values, and the text names are
    looked up in (accents off)."""
    return frozenset(english_numbers(english)), " " + strip_accents(english) + " "


def bullet_flags(bullet: str, english: str) -> list[str]:
    """The flags of one summary bullet against its article's English (in `BULLET_FLAGS`
    order): `unsupported_number`, a number the English does not state (read as `numbers`
    reads English: "1.2 million" = "1,200,000", "forty-five" = "45"); `unsupported_name`,
    a proper name (`names.english_names`) the English does not contain (with its capital;
    a word opening the bullet in any case). Pure; the
    article's side is read once per article however many bullets ask."""
    numbers, text = _english_support(english)
    flags = []
    if any(values and not values & numbers for values in english_mentions(bullet)):
        flags.append("unsupported_number")
    if any(not contains_name(text, name, exact_case=not initial)
           for name, initial in english_name_positions(bullet)):
        flags.append("unsupported_name")
    return flags


def check_summaries(articles: Iterable[Article]) -> None:
    """Give each summary check of `articles` (one per bullet, made by the summariser) its
    flags against the article's English body."""
    for article in articles:
        english = " ".join(s.en or "" for s in article.text_sentences())
        for check in article.summary_checks:
            check["flags"] = bullet_flags(check["bullet"], english)


def flagged_bullets(article: Article) -> list[dict[str, Any]]:
    return [check for check in article.summary_checks if check.get("flags")]


def all_flags(article: Article) -> list[str]:
    """Every flag the article carries, its own, its sentences' and its bullets', each once."""
    found = set(article.quality.flags) | {f for s in article.sentences() for f in s.flags}
    found |= {f for check in article.summary_checks for f in check.get("flags") or []}
    return [f for f in ALL_FLAGS if f in found]


def worst_sentence(article: Article) -> Sentence | None:
    """The lowest-scored flagged sentence (any sentence when only the article is flagged)."""
    sentences = [s for s in article.sentences() if s.flags] or article.text_sentences()
    scored = [s for s in sentences if s.score is not None]
    return min(scored, key=lambda s: s.score) if scored else None


def evidence(article: Article) -> tuple[list[str], dict[str, Any] | None]:
    """What the state keeps of a translated article: its flags, and its worst sentence
    ({nl, en, score, flags}) when it has any flag."""
    flags = all_flags(article)
    worst = worst_sentence(article) if flags else None
    if worst is None:
        return flags, None
    found = {"nl": worst.nl, "en": worst.en, "score": round(worst.score or 0.0, 4),
             "flags": list(worst.flags)}
    bullets = flagged_bullets(article)
    if bullets:
        # The first bullet that states what the article does not (`translate status`).
        found["bullet"] = {"bullet": bullets[0]["bullet"], "flags": list(bullets[0]["flags"])}
    return flags, found


def summary(article: Article) -> dict[str, Any]:
    """The record's `quality` object."""
    scores = [s.score for s in article.text_sentences() if s.score is not None]
    return {
        "language": article.quality.language,
        "language_probability": article.quality.language_probability,
        "mean_score": round(sum(scores) / len(scores), 4) if scores else None,
        "min_score": round(min(scores), 4) if scores else None,
        "flagged_sentences": sum(1 for s in article.sentences() if s.flags),
        "flagged_bullets": len(flagged_bullets(article)),
        "flags": list(article.quality.flags),
    }


def count_flags(flag_lists: Sequence[Sequence[str]]) -> dict[str, int]:
    """How many of the lists carry each flag (every flag listed, zero included)."""
    return {flag: sum(1 for flags in flag_lists if flag in flags) for flag in ALL_FLAGS}
