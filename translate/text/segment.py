"""Split Dutch paragraphs into sentences, and over-long sentences into clauses, losing nothing.

Sentence splitting uses pysbd (language "nl") behind a small correction layer. Compared on our own
Dutch sentence pairs in tests/test_segment.py (abbreviations, initials, numbers, times, dates,
quotes, "?", "!", ellipses, URLs, e-mail, no final stop): 70 that the corrections were written
against, and 32 written afterwards (held out):

                              70 pairs                       32 held out
    pysbd 0.3.4 alone         46 right (21 false splits,     24 right (9 false splits)
                              3 missed)
    sentencex 1.0.32 alone    51 right (15 false, 5 missed)  24 right (6 false, 2 missed)
    pysbd + corrections       70 right                       32 right
    sentencex + corrections   69 right                       30 right (missed after "u.", "min.")

pysbd's false splits are after titles and abbreviations before a name, a number or a lower-case
word ("dhr. | Jansen", "prof. | Van Dam", "3 jan. | 2018", "2 mld. | euro", "1. | Ajax");
sentencex's are of the same kind ("o.a. | in", "d.w.z. | voor", "A. | de Boer") plus
"weg. ' | s Avonds", and it misses ends after "enz.", "etc.", "u.", "min." and an e-mail address.
pysbd is also already a dependency and pure Python. Its cost: ~250-500 paragraphs/s for a
typical 5-sentence paragraph on one core (sentencex, in Rust: ~200,000/s, ~13,000/s with the
layer), still far more than translation gets through. Its regexes are the risk: time quadratic
in the input (a 800-sentence paragraph took 28 s), so long paragraphs go to it in pieces of
at most 2,000 characters (cut inside a word longer than that, a cut then undone): linear in the
paragraph, ~50 s per MB on one core; and a catastrophic backtracking (pysbd issue #79:
".[111 111 ...]" takes minutes), so it sees brackets as parentheses.

The corrections (`_fix_boundaries`): re-merge a split after a known abbreviation that never ends
a sentence ("dhr.", "o.a.", "bijv.", "nr.", also after a slash: "arts/dr."), after initials of
one or more letters ("J.P.", "Th.", "Chr.", "Th.Ch."), after a month or day abbreviation before a
digit ("3 jan. 2018"), after a bare list number ("1."), and whenever the next part starts with a
lower-case letter (so a quotation and its speech tag are one sentence: "‘Nee!’ riep hij.") or
with what continues a sentence ("," ":" "/" ...); add a split after "…", after a quote closing a
sentence, after "enz."/"etc."/"e.a.", after an end mark standing alone ("raak . Daarna") and
after a URL or e-mail address ending a sentence, each only before a capital or an opening quote.
An acronym in capitals without inner dots ("VS.", "EU.", "NAVO.", "KNMI.") is a name, not an
abbreviation: a split after it stands (or is added) before a capital, where "vs." (versus) and
initials ("J.P.", "A.") are merged.

Quotes: a split the library puts before the closing marks of a sentence ("zei: 'Ja.|'",
"„Nee.|” Daarna", "etc..|. maar", "nu.|. daden") is moved past them (`_after_closing`): a
closing quote mark (' ’ " ” » «) stays with the sentence it closes. A sentence ends only at a
word's end ("een .|Net" is no end), and no part without a letter or digit is ever a sentence of
its own (`_without_wordless`: a stray "'" or "." joins the sentence before it). pysbd keeps
what it takes for a quotation whole, and took an eliding apostrophe ("'s avonds", "zo'n",
"'80") for a quote mark and "«" after "»Ja.«" for an opening one: it is shown neither (a "_"
for the apostrophe, »…« turned into «…»), and a sentence may open with "'s Avonds".

Against other projects' own Dutch segmentation tests (ucto, LanguageTool, pySBD,
pragmatic_segmenter, mediacloud: 234 cases read at run time by benchmarks/segment_peers.py,
never copied here), exact matches: 219/234, 217/220 without the 14 whose reference splits
inside an open quotation (before these quote rules: 191/234 and 190/220; pysbd alone 187).

Nothing is ever lost: the library's sentences are mapped back onto character offsets of the
original text (ignoring whitespace), and every part is a stripped slice between two offsets, so the
parts joined give the text again, whitespace aside. Where the mapping fails (a library changing a
character), the sentences mapped before that point are kept and the rest is one part.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from translate.text.clauses import split_long

__all__ = ["segment_article", "segment_paragraph", "split_long", "split_sentences"]

# ---------------------------------------------------------------- sentence splitting

# Abbreviations that (practically) never end a sentence: a split after them is always undone.
NEVER_FINAL = frozenset("""
    dhr. hr. mevr. mw. mej. dr. drs. prof. mr. ir. ing. ds. st. jhr. mgr. kol. gen.
    o.a. o.m. m.n. bijv. bv. vb. zgn. z.g. i.p.v. t.a.v. m.b.t. d.w.z. a.d.h.v. n.a.v. i.v.m. m.u.v.
    t.o.v. t.b.v. i.s.m. o.l.v. m.m.v. vs. ca. nr. nrs. art. blz. pag. hfst. incl. excl. max. vnl.
    tel. afd. ong.
""".split())
# Month and day abbreviations: not final before a number ("3 jan. 2018", "za. 12 mei").
BEFORE_NUMBER = frozenset("""
    jan. feb. febr. mrt. apr. jun. jul. aug. sep. sept. okt. nov. dec.
    ma. di. wo. do. vr. za. zo.
""".split())
# Abbreviations that often end a sentence: split after them before a capital.
OFTEN_FINAL = frozenset("enz. etc. e.a. e.d. e.v. jl.".split())
# An acronym in capitals without inner dots ("VS.", "EU.", "NAVO.", "KNMI.") is a name: it ends a
# sentence before a capital like any word. Only its lower-case namesake is an abbreviation
# ("vs.", versus); initials carry a dot per letter ("J.P.", "A.") and stay `INITIALS`.
ACRONYM = re.compile(r"[^\W\d_]{2,}\.")

OPENING = "\"'“‘„‚«»([{"
# "»" and "«" both open and close (»Zo.« and «Zo.»): each closes when attached to the end of
# a sentence, like "'" and '"'.
CLOSING = "\"'”’»«)]}"
END_MARKS = ".!?…"
# Initials: one capital and a dot each ("J.P.", "A.", "IJ."), or a given name's usual
# abbreviation of a few letters ("Th.", "Ph.", "Chr.", "Joh."); several may be written together
# ("Th.Ch.", "J.-P.").
INITIAL = r"(?:[A-Z]|IJ|Th|Ph|Ch|Chr|Sj|Tj|Joh|Jac|Corn|Wm|Fr)\."
INITIALS = re.compile(r"%s(?:-?%s)*" % (INITIAL, INITIAL))
INITIALS_LENGTH = 16  # a longer word is no run of initials
LIST_NUMBER = re.compile(r"\d{1,3}\.")
# A whitespace run after a possible sentence end: candidates for added splits.
AFTER_END = re.compile(r"(?<=[.!?…\"'”’»«)\]])\s+(?=\S)")
WEB_ADDRESS = re.compile(r"(?:\S+@\S+\.\w+|(?:https?://|www\.)\S+)\.")
NON_SPACE = re.compile(r"\S")
NUMBER_END = re.compile(r"\d[\d.,]*\.")
SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»«)\]]*\s*$")
# What a sentence may not start with: it belongs to the sentence before ("etc.|..", "toch?|: /").
CONTINUES = frozenset(".,:;!?/)]}")
# ... unless it is an ellipsis opening the next sentence ("raak. ...en toen").
OPENING_ELLIPSIS = re.compile(r"(?:\.\.+|…)\w")
END_RUN = 12  # at most this many end marks and closing quotes after a split are moved over
WORD_WINDOW = 200  # characters looked back for the last word before a split

# What pysbd is given: every whitespace character a space (line breaks inside a paragraph are
# wraps), its own placeholder characters (an input holding them comes back altered) a "_", and
# brackets parentheses (pysbd #79). One character for one, so offsets carry over to the original.
_FOR_PYSBD = str.maketrans({
    **{ch: " " for ch in map(chr, range(0x3001)) if ch.isspace()},
    **{ch: "_" for ch in "∯♟♝ǃ♨☝ƪᓴᓷ✂☏ȸȹ☉☈☇☄∮ᓰᓱᓳᓸ⎋⌬♬♭"},
    "[": "(", "]": ")",
})
# pysbd takes time quadratic in its input (28 s for 800 sentences at once): long paragraphs go
# to it in pieces of at most this many characters, cut after a likely sentence end.
LIBRARY_CHARS = 2000
LIKELY_END = re.compile(r"[.!?…][\"'”’»«)]*(?= +[\"'“‘„«»(]?[A-Z])")
# An apostrophe that elides ("'s avonds", "'t", "zo'n", "auto's", "de jaren '80") is no quote
# mark: pysbd, taking it for one, keeps everything up to the next "'" as a quotation and does
# not split inside it. It is given a "_" instead.
ELISION = re.compile(r"(?<=[^\W_])['’](?=[^\W_])"  # inside a word
                     r"|(?<![^\W_]|['’])['’](?=(?:[stnkmr]|\d\d)(?![^\W_]))")  # "'s", "'80"
# A sentence may open with an elided word before a capital: "'s Avonds", "’t Is",
# "'s-Hertogenbosch".
ELIDED_START = re.compile(r"['’][stnk](?:\s+|-)[A-Z]")
_SWAP_GUILLEMETS = str.maketrans("»«", "«»")
_local = threading.local()  # pysbd.Segmenter keeps state while segmenting: one per thread


def split_sentences(text: str) -> list[str]:
    """Split one paragraph of Dutch text into sentences (stripped, non-empty, nothing lost).

    Whitespace-only text gives []; a paragraph without final punctuation ends in a sentence too.
    """
    if not text.strip():
        return []
    plain = ELISION.sub("_", text.translate(_FOR_PYSBD))
    if plain.find("»") != -1 and (plain.find("«") == -1 or plain.find("»") < plain.find("«")):
        plain = plain.translate(_SWAP_GUILLEMETS)  # »…«: pysbd only knows «…»
    sentences: list[str] = []
    inside_words: set[int] = set()  # piece ends inside a word: never a sentence end
    start = 0
    while start < len(plain):
        end = _piece_end(plain, start)
        sentences += _library_sentences(plain[start:end])
        if end < len(plain) and plain[end] != " ":
            inside_words.add(end)
        start = end
    cuts = [_after_closing(text, cut) for cut in _map_offsets(plain, sentences)
            if cut not in inside_words]
    cuts = _without_wordless(text, _fix_boundaries(text, cuts))
    bounds = [0, *cuts, len(text)]
    parts = (text[a:b].strip() for a, b in zip(bounds, bounds[1:]))
    return [part for part in parts if part]


def _after_closing(text: str, cut: int) -> int:
    """A split moved past the end marks and closing quotes attached to it.

    The library splits "zei: 'Ja.|'", "„Nee.|” Daarna", "etc..|. maar" and "nu.|. daden": a quote
    mark or a dot that touches the end of a sentence closes it. Moved only when what follows the
    run is whitespace or the end of the text (a quote then touching a word opens the next one).
    """
    end = cut
    while end < len(text) and end - cut < END_RUN and text[end] in END_MARKS + CLOSING:
        end += 1
    if end > cut and (end == len(text) or text[end].isspace()):
        return end
    return cut


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _without_wordless(text: str, cuts: list[int]) -> list[int]:
    """The splits left when a part without a letter or digit (a stray "'", "." or ":-)") joins
    the sentence before it, or at the start of the paragraph the one after it: never a
    sentence of its own (unless the whole paragraph has no word)."""
    kept: list[int] = []
    words_before = False
    for start, end in zip([0, *cuts], [*cuts, len(text)]):
        words = _has_words(text[start:end])
        if start and words and words_before:
            kept.append(start)
        words_before = words_before or words
    return kept


def _piece_end(text: str, start: int) -> int:
    """Where the piece of `text` from `start` that goes to the library in one call ends."""
    limit = start + LIBRARY_CHARS
    if limit >= len(text):
        return len(text)
    for end in reversed([m.end() for m in LIKELY_END.finditer(text, start, limit)]):
        word = _last_word(text, start, end)
        if not _never_final(word) and not _is_initials(word) and not _is_initials(word.upper()):
            return end
    space = text.rfind(" ", start + 1, limit)  # no likely end: a word boundary
    return space if space > 0 else limit  # none: inside a word (that cut is undone afterwards)


def _library_sentences(text: str) -> list[str]:
    segmenter = getattr(_local, "segmenter", None)
    if segmenter is None:
        import pysbd

        segmenter = _local.segmenter = pysbd.Segmenter(language="nl", clean=False)
    try:
        return segmenter.segment(text)
    except Exception:  # a library bug must not lose the text: keep it whole
        return [text]


def _map_offsets(text: str, sentences: list[str]) -> list[int]:
    """End offsets in `text` of the sentences, matching non-space characters one by one.

    Stops at the first character the library altered, dropped or added: the offsets found up to
    there are exact, the rest of the text becomes one sentence.
    """
    cuts: list[int] = []
    pos, end = 0, len(text.rstrip())
    for sentence in sentences:
        for ch in sentence:
            if ch.isspace():
                continue
            while pos < end and text[pos].isspace():
                pos += 1
            if pos == end or text[pos] != ch:
                return cuts
            pos += 1
        if 0 < pos < end and (not cuts or pos > cuts[-1]):
            cuts.append(pos)
    return cuts


def _fix_boundaries(text: str, cuts: list[int]) -> list[int]:
    """Add the splits the library missed, then undo the ones it should not have made."""
    added = set(cuts)
    for match in AFTER_END.finditer(text):
        if _ends_sentence(text, match.start(), match.end()):
            added.add(match.start())
    ordered = sorted(added)
    kept: list[int] = []
    start = 0
    for i, cut in enumerate(ordered):
        stop = ordered[i + 1] if i + 1 < len(ordered) else len(text)
        if not _wrong_split(text, start, cut, stop):
            kept.append(cut)
            start = cut
    return kept


def _is_acronym(word: str) -> bool:
    return ACRONYM.fullmatch(word) is not None and word.isupper()


def _never_final(word: str) -> bool:
    """An abbreviation after which a sentence never ends ("dhr.", "o.a."; not "VS."), also
    as the last of words written with a slash ("arts/dr.")."""
    word = word.rsplit("/", 1)[-1]
    return word.lower() in NEVER_FINAL and not _is_acronym(word)


def _is_initials(word: str) -> bool:
    """Initials before a surname: "J.P.", "A.", "Th.", "Chr.", "N.A.W.", "Th.Ch."."""
    return len(word) <= INITIALS_LENGTH and INITIALS.fullmatch(word) is not None


def _last_word(text: str, start: int, end: int) -> str:
    """The last word of text[start:end], without opening quotes or brackets."""
    words = text[max(start, end - WORD_WINDOW):end].split()
    return words[-1].lstrip(OPENING) if words else ""


def _ends_sentence(text: str, end: int, next_start: int) -> bool:
    """A split the library may have missed: only before a capital, an opening quote or an
    elided word and a capital ("'s Avonds")."""
    first, second = text[next_start:next_start + 1], text[next_start + 1:next_start + 2]
    elided = ELIDED_START.match(text, next_start) is not None
    word = _last_word(text, 0, end)
    closed = len(word) > 1 and word[-1] in CLOSING and word[-2] in END_MARKS  # "ja.'", "nee!”"
    if first.isdigit() and closed:  # "'Het is klaar.' 12 mensen stemden tegen."
        return True
    if not (first.isupper() or (first in OPENING and second.isupper()) or elided):
        return False
    return bool(word) and (
        word.endswith(("…", "..."))
        or word.strip(END_MARKS) == ""  # standing alone: "Het was raak . Daarna"
        or (word[-1] in "!?." and elided)  # "'s Avonds", which the library took for a quote
        or closed
        or word.lower() in OFTEN_FINAL
        or _is_acronym(word)  # "... en de VS. In december"
        or NUMBER_END.fullmatch(word) is not None  # "... in 2019. Daarna", "sentence 0. Next"
        or WEB_ADDRESS.fullmatch(word) is not None
    )


def _wrong_split(text: str, start: int, cut: int, stop: int) -> bool:
    """A split inside a sentence: after an abbreviation that does not end it, and the like."""
    word = _last_word(text, start, cut)
    following = NON_SPACE.search(text, cut, stop)
    if not word or following is None:  # an empty side (only whitespace)
        return True
    first = following.group()
    return (
        # pysbd takes "sentence 0. Next" for a list item "0." and cuts before the number:
        # a sentence never ends without end punctuation.
        # (Only the last characters are looked at: the span since `start` can be the whole
        # paragraph when every split so far was undone.)
        SENTENCE_END.search(text, max(start, cut - WORD_WINDOW), cut) is None
        # A sentence ends at a word's end: not in "een .|Net" (nor inside "etc.|..", a split
        # there being moved past the marks it left out, by `_after_closing`).
        or not text[cut].isspace()
        # Nor before what continues it ("toch?|: /", "Een foutje ?|-: .").
        or (first in CONTINUES and OPENING_ELLIPSIS.match(text, following.start()) is None)
        or first.islower()
        or _never_final(word)
        or (word.lower() in BEFORE_NUMBER and first.isdigit())
        or _is_initials(word)
        or (cut - start <= 8 and LIST_NUMBER.fullmatch(text[start:cut].strip()) is not None)
    )


# ---------------------------------------------------------------- clause splitting


# ---------------------------------------------------------------- both


def segment_paragraph(text: str, count_tokens: Callable[[str], int], max_tokens: int) -> list[str]:
    """Sentences of a paragraph, each over-long one split into clauses that fit `max_tokens`."""
    return [piece for sentence in split_sentences(text)
            for piece in split_long(sentence, count_tokens, max_tokens)]


# ---------------------------------------------------------------- the segment step


def segment_article(article, count_tokens: Callable[[str], int], max_tokens: int) -> None:
    """Fill each paragraph part's `sentences` of an `Article` in place: a body part its
    sentences; a subheading or a caption one unit (split only when over the limit); any
    other noise part (a credit, a byline, a share bar ...) one pair whose English is its
    Dutch as it is, never sent to the model. Noise is never glued to a sentence."""
    from translate.text.article import Sentence

    for paragraph in article.paragraphs:
        text = " ".join(paragraph.nl.split())
        if paragraph.kept:
            paragraph.sentences = [Sentence(nl=paragraph.nl.strip(), en=paragraph.nl.strip())]
            continue
        parts = (segment_paragraph(text, count_tokens, max_tokens) if paragraph.kind == "body"
                 else split_long(text, count_tokens, max_tokens))
        paragraph.sentences = [Sentence(nl=part) for part in parts]
