"""Golden rules of translate.text.segment for quotes, initials and stray marks (issue 16, item 1).

Each rule a one-line paragraph and the sentences expected of it, " | " between them (the shape
of pySBD's golden rules). All sentences written for these tests, in the style of Dutch news.
"""

from __future__ import annotations

import random

import pytest

from translate.text import segment
from translate.text.segment import split_sentences

# A closing quote mark stays with the sentence it closes; a quotation followed by its speech
# tag is one sentence.
QUOTES = [
    "Wethouder Kok: 'Dit plan is onbetaalbaar.'",
    "Minister Van Rij: 'Wij grijpen in.' | De oppositie wil eerst een debat.",
    "„We gaan door.” | Daarna verliet de voorzitter de zaal.",
    "“Het is voorbij.” | De spits liep met gebogen hoofd van het veld.",
    '"Niemand wist ervan." | Dat verklaarde de directeur dinsdag.',
    "‘Dat meen je niet!’ riep de burgemeester.",
    "‘Komt er een onderzoek?’ vroeg een raadslid.",
    "‘Wie betaalt?’ vroeg een bewoner. | ‘Niet de gemeente.’",
    "'Ik twijfel', zei de rechter, 'aan de verklaring van de getuige.'",
    "„Eerst”, zei de trainer, „moeten we winnen.”",
    "'We zijn klaar', zei de aannemer. | 'De brug gaat vrijdag open.'",
    "De premier zei: ‘Het kabinet neemt dit zeer serieus.’ | Meer zei hij niet.",
    "Hij sprak van „een zwarte dag voor de sport”. | De bond onderzoekt de zaak.",
    "Hij noemde de uitspraak ‘onbegrijpelijk’. | Hoger beroep volgt.",
    "»De dijk houdt het.« | Dat zei de dijkgraaf na de storm.",
    "«De dijk houdt het.» | Dat zei de dijkgraaf na de storm.",
    "De vakbond schreef: „Wij noemen dit ‘een koude sanering’.” | Het bedrijf reageerde niet.",
    "Het rapport is hard: 'Toezicht ontbrak.' | 'Signalen werden genegeerd.'",
    "De vraag luidt: ‘Wie wist ervan?’ | Het antwoord blijft uit.",
    "Ze vroeg: 'Waarom nu?' | Niemand antwoordde.",
    "De coach was kort: \"Dit was niks!\" | Zijn spelers zwegen.",
    # Guillemets either way round; the library knows only «…» and took "« Daarna ... »" for a
    # quotation.
    "»Het water stijgt.« | Daarna sloot de burgemeester de weg. | Het bleef onrustig. | "
    "»We houden het in de gaten.« | Om zes uur zakte het water.",
    "Ze zei: 'De stemming is voorbij.' | 12 leden stemden tegen.",
    # An apostrophe that elides is no quote mark: no quotation runs from it to the next "'".
    "Er is 's nachts veel lawaai. | Wethouder Kok: 'Dit moet stoppen.'",
    "In de jaren '80 stond hier een fabriek. | Nu staan er zo'n tweehonderd huizen. | "
    "'Een wijk vol auto's', zegt een bewoner.",
    "De burgemeester: ‘Het feest gaat door.’ | ’s Avonds kwamen duizenden mensen kijken.",
    "'Alles is gesloten.' | 's-Hertogenbosch was die dag een spookstad.",
]

# Initials of one or more letters before a surname do not end a sentence.
INITIALS = [
    "Het onderzoek werd geleid door Th. Janssen. | Hij werkt in Maastricht.",
    "Bondscoach Ph. de Wit koos voor een jonge ploeg. | De selectie is bekend.",
    "Wethouder Chr. Mulder opende de school. | De kinderen zongen een lied.",
    "Ook A.J. van Dijk tekende de brief. | Hij is voorzitter van de vereniging.",
    "Oud-premier J.P. Balkenende hield een toespraak. | Het publiek applaudisseerde.",
    "Notaris Joh. Smits trad terug. | Zijn opvolger begint in mei.",
    "De prijs ging naar IJ. Bakker. | Zij schreef het beste essay.",
    "Het boek van prof. N.W. Th.Ch. de Groot verschijnt in juni. | Het telt 400 pagina's.",
    "Volgens Tj. Hoekstra en Sj. de Boer is de dijk veilig. | Het waterschap is het eens.",
    "Het bestuur bestaat uit W. Vos, Th. Peters en M.-J. Kuipers. | Zij zijn herkozen.",
]

# `dr.` after a slash, `..` and an abbreviation before `...`: no empty or punctuation-only
# sentence, and no split after the abbreviation.
MARKS = [
    "Het spreekuur is bij de huisarts/dr. Verbeek in Zwolle. | Afspraken gaan telefonisch.",
    "Zij is apotheker/drs. Hendriks geworden. | Haar zaak opent maandag.",
    "Ze riep: 'Nou.. dat hadden we niet verwacht.' | Daarna bleef het stil.",
    "Het wachten duurt nog even.. | Morgen volgt de uitslag.",
    "Er lagen boeken, kranten etc... op tafel. | Niemand had ze gelezen.",
    "De markt verkoopt kaas, vis, bloemen enz... | Ook op zondag.",
    "Er kwamen ca... honderd mensen. | Het was rustig.",
    "De doelpunten vielen laat. | ...en toen brak het feest los.",
    "Het scoreverloop was raak . | Daarna volgde de rust.",
    "Hij installeerde een .Net programma op de server. | Het werkte direct.",
    "Bekijk de lijst op de site ( zie boven ) . | Daar staat alles.",
]


@pytest.mark.parametrize("case", QUOTES + INITIALS + MARKS)
def test_golden_rule(case: str) -> None:
    expected = case.split(" | ")
    assert split_sentences(" ".join(expected)) == expected


@pytest.mark.parametrize("text", [
    "Minister De Jonge: 'Dit is onacceptabel.'",
    "De woordvoerder: “Wij zeggen niets.”",
    "Wat nu? !",
    "Zo gaat het ... .",
    "‘Ja.’ ’",
    "Het is klaar. .",
    "Het is klaar. ' \" ”",
    ". Het begint hier.",
])
def test_no_sentence_is_only_punctuation(text: str) -> None:
    parts = split_sentences(text)
    assert all(any(ch.isalnum() for ch in part) for part in parts), parts
    assert "".join("".join(parts).split()) == "".join(text.split())


def test_a_paragraph_of_marks_alone_is_one_part() -> None:
    assert split_sentences("... ' ! ”") == ["... ' ! ”"]


def test_known_sentences_come_back_in_any_order() -> None:
    # Each golden sentence is a sentence wherever it stands in a paragraph: shuffled into
    # paragraphs of two to eight, they come back exactly.
    sentences = [sentence for case in QUOTES + INITIALS + MARKS
                 for sentence in case.split(" | ")
                 if not sentence.startswith("...")]  # it only starts a sentence after a stop
    rng = random.Random(16)
    for _ in range(200):
        chosen = rng.sample(sentences, rng.randint(2, 8))
        assert split_sentences(" ".join(chosen)) == chosen


def test_the_rules_hold_across_library_pieces(monkeypatch) -> None:
    # A long paragraph goes to the library in pieces: a piece may end at a closing quote or
    # at initials; the sentences must not change.
    sentences = [sentence for case in QUOTES + INITIALS + MARKS
                 for sentence in case.split(" | ") if not sentence.startswith("...")]
    monkeypatch.setattr(segment, "LIBRARY_CHARS", 150)
    assert split_sentences(" ".join(sentences * 2)) == sentences * 2


def test_no_sentence_only_punctuation_hypothesis() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    pieces = st.sampled_from([
        "Het", "kabinet", "zei", "Th.", "J.P.", "dr.", "arts/dr.", "etc.", "enz.", "o.a.", "VS.",
        "Jansen", "de", "12", "14.30", "'", '"', "“", "”", "‘", "’", "„", "»", "«", ".", "..",
        "...", "…", "!", "?", ":", ";", ",", "(", ")", "-", "/", ":-)", ".Net", "'s",
    ])
    glue = st.sampled_from(["", " ", " ", " ", "\n"])

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.lists(st.tuples(pieces, glue), max_size=40)
                      | st.lists(st.tuples(st.text(max_size=3), glue), max_size=20))
    def check(tokens: list[tuple[str, str]]) -> None:
        text = "".join(piece + space for piece, space in tokens)
        parts = split_sentences(text)
        assert "".join("".join(parts).split()) == "".join(text.split())  # nothing lost
        if any(ch.isalnum() for ch in text):
            assert all(any(ch.isalnum() for ch in part) for part in parts), parts
        else:
            assert len(parts) <= 1

    check()
