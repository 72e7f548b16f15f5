"""Tests of translate.text.noise: scraper noise split off article text, nothing lost.

Golden rules in the pySBD style: one paragraph per shape, its expected parts marked inline as
"{kind}text". Written for these tests (the benchmark's labelled set is separate:
benchmarks/data/noise.jsonl, measured by benchmarks/noise_check.py).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.text.noise import KINDS, NOISE_KINDS, POSITIONS, Part, position_of, split_noise

MARK = re.compile(r"\{(" + "|".join(KINDS) + r")\}")


def marked(source: str) -> tuple[str, list[tuple[str, str]]]:
    """"{credit}Foto: ANP {body}De ..." -> the paragraph and its expected (kind, text) parts."""
    pieces = MARK.split(source)
    assert pieces[0] == ""
    parts = [(kind, chunk.strip()) for kind, chunk in zip(pieces[1::2], pieces[2::2])]
    return "".join(pieces[2::2]), parts


def found(text: str, position: str) -> list[tuple[str, str]]:
    return [(part.kind, part.text) for part in split_noise(text, position)]


# One rule per line: (position, the paragraph with its parts marked).
GOLDEN = {
    "source credit, photo number, caption repeated by the sentence": (
        "first", "{credit}Bron: De Morgen {credit}2 BELGA {caption}Vlaams minister-president Jan "
                 "Jambon {body}De Vlaamse minister-president Jan Jambon heeft maandag een nieuwe "
                 "begroting voorgesteld."),
    "source credit alone before the sentence": (
        "first", "{credit}Bron: NOS {body}In Zeeland is de Oosterscheldekering gesloten."),
    "web address as a source": (
        "first", "{credit}Bron: nos.nl {body}De inflatie is in mei verder gedaald."),
    "photo credit with a photographer after a slash": (
        "first", "{credit}Foto: ANP / Sem van der Wal {body}De Tweede Kamer debatteert vandaag "
                 "over de stikstofplannen."),
    "picture library alone": (
        "first", "{credit}Hollandse Hoogte {body}Het aantal faillissementen is opnieuw gestegen."),
    "copyright credit with a year": (
        "body", "{credit}© 2019 AFP"),
    "credit without its colon": (
        "first", "{credit}Beeld Reuters {body}De olieprijs is de hoogste in vier jaar."),
    "dateline agency": (
        "first", "{credit}ROTTERDAM (ANP) - {body}Havenbedrijf Rotterdam verwacht een recordjaar."),
    "gallery counter before a caption and its credit": (
        "body", "{credit}3 / 14 {caption}Schaatsers op de Loosdrechtse Plassen "
                "{credit}Foto: Hollandse Hoogte"),
    "caption before a credit, then the sentence": (
        "first", "{caption}Een leeg perron op station Utrecht Centraal {credit}Beeld: ANP "
                 "{body}Door een staking rijden er vandaag geen treinen."),
    "caption before a sentence starting with an article": (
        "first", "{caption}Een brandweerman bij de uitgebrande boerderij {body}De brand "
                 "ontstond in de nacht van zaterdag op zondag."),
    "credit ending a paragraph": (
        "body", "{body}Honderden mensen stonden langs de kant. {credit}Foto: Pro Shots"),
    "agency ending the last paragraph": (
        "last", "{body}De rechter doet over twee weken uitspraak. {credit}(ANP)"),
    "byline with a role": (
        "first", "{byline}Door onze verslaggever Anouk Smit {body}Het stadsbestuur wil minder "
                 "auto's in de binnenstad."),
    "byline with a role and a place": (
        "first", "{byline}Van onze correspondent in Parijs {body}De Franse regering wil de "
                 "pensioenleeftijd verhogen."),
    "byline with two names": (
        "first", "{byline}Door Lotte Verbeek en Ahmed el Idrissi {body}Het aantal meldingen van "
                 "woningoverlast verdubbelde."),
    "author line at the end": ("last", "{byline}Sanne de Graaf, Brussel"),
    "byline after the last sentence": (
        "last", "{body}Een besluit volgt na de zomer. {byline}Door Tim Vermeulen"),
    "share bar": ("body", "{share}Delen: Facebook Twitter WhatsApp E-mail"),
    "related link": ("body", "{related}Lees ook: Waarom de dijken in Friesland hoger moeten"),
    "two related links": (
        "body", "{related}Lees ook: Meer geld voor de politie {related}Lees ook: Minder agenten "
                "op straat"),
    "a link's label alone": ("body", "{related}Lees ook"),
    "related link after a sentence": (
        "body", "{body}De zaak is nog niet afgerond. {related}Lees meer: De tijdlijn van de "
                "affaire"),
    "tag list": ("last", "{tags}Tags: klimaat, Rijkswaterstaat, dijken"),
    "topics list": ("last", "{tags}Onderwerpen: Economie Inflatie Lonen"),
    "ad marker before the text": (
        "body", "{ad}ADVERTENTIE {body}Volgens het CBS groeide de economie met een half procent."),
    "ad marker alone": ("body", "{ad}Gesponsord"),
    "social prompt": ("last", "{social}Volg ons op Instagram en TikTok"),
    "comment prompt": ("last", "{social}Reageer op dit artikel"),
    "noise glued together at the end": (
        "last", "{byline}Ilse Bakker {share}Deel dit artikel {tags}Tags: zorg, ouderen"),
    "caption note": ("body", "{caption}Foto ter illustratie {credit}Beeld: ANP"),
    "ad marker between two sentences": (
        "body", "{body}De bouw begint in maart. {ad}Advertentie {body}De buurt krijgt een "
                "informatieavond."),
    "caption with its full stop before a credit": (
        "first", "{caption}Een tractor op de A28 bij Zwolle. {credit}Foto: ANP {body}Boeren "
                 "blokkeerden gisteren opnieuw snelwegen."),
    "a sentence and its photo's credit": (
        "body", "{body}Agenten doorzochten het pand tot diep in de nacht. {credit}Foto: ANP"),
}

TITLES = {
    "author initials": "{body}Parlement stemt in met nieuwe klimaatwet {byline}KVDB",
    "initials with particles": "{body}Onderzoek naar bouwfraude in Zuid-Holland {byline}HvdW",
    "initials after a quotation": '{body}Minister: "Niemand wist hiervan" {byline}JDK',
    "agency ending a title": "{body}Vrachtwagen kantelt op de A2 {credit}(ANP)",
    "site after a pipe": "{body}Hittegolf houdt nog dagen aan {credit}| NOS",
    "acronym after a preposition": "{body}Nieuwe directeur voor het RIVM",
    "organisation acronym": "{body}Ledenraad stemt in met fusie van FNV",
    "plain title": "{body}Droogte bedreigt oogst in Oost-Nederland",
    "agency after a preposition": "{body}Nieuwe hoofdredacteur bij ANP",
    "regnal number": "{body}Standbeeld voor koning Willem II",
}

# Article text that resembles noise: it stays one body part, whatever the position.
LOOK_ALIKES = [
    "Bronnen binnen het ministerie zeggen dat het rapport al maanden klaarlag.",
    "Bron van de onrust is een uitgelekte brief van de directie.",
    "Bron: een interne notitie die deze krant heeft ingezien. Daarin staat dat de bouw stopt.",
    "Foto's die de politie vrijgaf, tonen de verdachte bij een geldautomaat.",
    "Beelden van een dashcam laten zien hoe de bestuurder door rood rijdt.",
    "AFP-correspondent Claire Martin meldt dat de grens weer open is.",
    "Volgens persbureau ANP raakte niemand gewond.",
    "Reuters meldt dat de fusie niet doorgaat.",
    "ANP, AFP en Reuters melden dat het vliegveld dicht is.",
    "Getty Images heeft het archief van de fotograaf gekocht.",
    "Door de hevige regen liep de kelder van het gemeentehuis onder.",
    "Door Jan Smit als voorzitter te kiezen, koos het bestuur voor rust.",
    "Door onze verslaggever ter plaatse werd bevestigd dat de brug dicht is.",
    "Lees ook de brief van de inspectie, zei de wethouder tegen de raad.",
    "Delen van Limburg stonden dinsdag onder water.",
    "Advertenties voor snoep gericht op kinderen worden verboden.",
    "Volg de ontwikkelingen op de voet, adviseert de gemeente.",
    "Praat mee over het nieuwe plein, schrijft de gemeente aan de bewoners.",
    "Onderwerpen als wonen en zorg kwamen nauwelijks aan bod.",
    "Het aantal werklozen steeg naar 3,8 procent (bron: CBS).",
    "Op elke foto staat het teken © met de naam van de maker.",
    "In het seizoen 2022/2023 kwamen 1 / 3 meer bezoekers dan verwacht.",
    "3 ANP-fotografen werden genomineerd voor de prijs.",
    "12 mensen raakten gewond bij de botsing.",
    "De Belgische premier Alexander De Croo heeft zijn ontslag aangeboden.",
    "Hij speelde jaren in de film In de ban van de ring, zegt zijn agent.",
    '"Lees ook de kleine lettertjes", waarschuwt de Consumentenbond.',
]


@pytest.mark.parametrize("name", list(GOLDEN))
def test_golden_rule(name):
    position, source = GOLDEN[name]
    text, expected = marked(source)
    assert found(text, position) == expected


@pytest.mark.parametrize("name", list(TITLES))
def test_title(name):
    text, expected = marked(TITLES[name])
    assert found(text, "title") == expected


@pytest.mark.parametrize("text", LOOK_ALIKES)
@pytest.mark.parametrize("position", ["first", "body", "last"])
def test_look_alike_stays_body(text, position):
    assert found(text, position) == [("body", text)]


def test_the_second_sample_shape():
    """A credit, a photo number, a caption and the sentence repeating it: four parts."""
    text = ("Bron: The Observer 1 REUTERS Japans premier Fumio Kishida De Japanse premier Fumio "
            "Kishida heeft dinsdag nieuwe sancties aangekondigd.")
    assert [kind for kind, _ in found(text, "first")] == ["credit", "credit", "caption", "body"]


def test_parts_are_slices_of_the_input():
    text = "  Foto: ANP\nDe minister  is gisteren afgetreden.   Delen: Facebook X  "
    parts = split_noise(text, "first")
    assert [p.kind for p in parts] == ["credit", "body", "share"]
    for part in parts:
        assert text[part.start:part.end] == part.text
        assert part.noise == (part.kind in NOISE_KINDS)
    assert parts[1].text == "De minister  is gisteren afgetreden."


def test_blank_text_has_no_parts():
    assert split_noise("", "body") == []
    assert split_noise(" \n\t ", "first") == []


def test_unknown_position_names_the_valid_ones():
    with pytest.raises(ValueError, match="title, first, body, last"):
        split_noise("Tekst.", "middle")


def test_positions_of_an_article():
    assert [position_of(i, 4, titled=True) for i in range(4)] == ["title", "first", "body", "last"]
    assert [position_of(i, 3) for i in range(3)] == ["first", "body", "last"]
    assert position_of(0, 1) == "first" and position_of(1, 2, titled=True) == "first"
    with pytest.raises(IndexError):
        position_of(3, 3)


def test_noise_kinds_exclude_article_text():
    assert "body" not in NOISE_KINDS and "heading" not in NOISE_KINDS
    assert {"credit", "caption", "byline", "related", "share", "tags", "ad", "social"} <= NOISE_KINDS
    assert Part("credit", "ANP", 0, 3).noise and not Part("body", "Ja.", 0, 3).noise


# Words that the rules look at, mixed with ordinary ones, so that generated text meets them.
WORDS = ["Bron:", "Foto:", "Beeld", "©", "ANP", "/", "1", "12", "Door", "onze", "verslaggever",
         "Lees", "ook:", "Delen:", "Facebook", "Tags:", "Advertentie", "Volg", "ons", "op",
         "Reageer", "De", "Het", "minister", "Jan", "de", "Vries", "zegt", "dat", ".", ",", "\n",
         "  ", "Premier", "Rutte", "heeft", "(ANP)", "LVA", "|", "NOS", "in", "Den", "Haag"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=40),
       st.sampled_from(POSITIONS))
def test_nothing_is_lost(words, position):
    """The parts joined with the whitespace between them give the input again, in order."""
    text = " ".join(words)
    parts = split_noise(text, position)
    rebuilt, cursor = [], 0
    for part in parts:
        assert part.start >= cursor and part.text == text[part.start:part.end] and part.text
        gap = text[cursor:part.start]
        assert not gap.strip()
        rebuilt.append(gap + part.text)
        cursor = part.end
    assert not text[cursor:].strip()
    assert "".join(rebuilt) + text[cursor:] == text
    assert all(part.kind in KINDS for part in parts)


def test_time_is_linear():
    """A long paragraph full of markers is split in about the time of its length."""
    import time

    unit = "Lees ook: De minister zegt dat. Foto: ANP 1 / 2 Door Jan de Vries Delen: Facebook "

    def seconds(n: int) -> float:
        text = unit * n
        started = time.perf_counter()
        split_noise(text, "first")
        split_noise(text, "last")
        return time.perf_counter() - started

    small, large = seconds(200), seconds(2000)
    assert large < max(small, 0.005) * 30


def _noise_check():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "noise_check.py"
    spec = importlib.util.spec_from_file_location("noise_check", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_counts_exact_splits_and_lost_look_alikes(tmp_path, capsys):
    import json

    rows = [
        {"id": "f1", "split": "final", "shape": "agency", "position": "first",
         "text": "ANP De brug is dicht.",
         "parts": [{"kind": "credit", "text": "ANP"}, {"kind": "body", "text": "De brug is dicht."}]},
        {"id": "f2", "split": "final", "shape": "agency", "position": "first",
         "text": "ANP De brug is dicht.",   # labelled wrong on purpose: a miss
         "parts": [{"kind": "body", "text": "ANP De brug is dicht."}]},
        {"id": "f3", "split": "final", "shape": "like-agency", "position": "body",
         "text": "Volgens het ANP is de brug dicht.",
         "parts": [{"kind": "body", "text": "Volgens het ANP is de brug dicht."}]},
    ]
    data = tmp_path / "noise.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert _noise_check().main(["--data", str(data), "--json", "--split", "final"]) == 0
    final = json.loads(capsys.readouterr().out)["final"]
    assert (final["paragraphs"], final["exact"], final["lookalikes"], final["lost"]) == (3, 2, 2, 1)


def test_benchmark_rejects_parts_that_do_not_give_the_text(tmp_path, capsys):
    data = tmp_path / "noise.jsonl"
    data.write_text('{"id": "x", "split": "final", "shape": "s", "position": "body", '
                    '"text": "Foto: ANP", "parts": [{"kind": "credit", "text": "Foto"}]}\n',
                    encoding="utf-8")
    assert _noise_check().main(["--data", str(data)]) == 2
    assert "do not give the text again" in capsys.readouterr().err
