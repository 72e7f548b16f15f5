"""Capitalised Dutch phrases of common words that English translates (checks/name_common.py):
kept by their dictionary translation, unless their structure makes them a person's or a
place's name. Sentences of registers the benchmark sets do not have (sport, weather, music,
science, history), written for these tests."""

from __future__ import annotations

import pytest

from translate.checks import bilingual
from translate.checks.name_common import common_word, common_words
from translate.checks.names import NameContext, missing_names, source_names

BARE = NameContext()

needs_dictionary = pytest.mark.skipif(not bilingual.load(),
                                      reason="FreeDict nld-eng is not installed")


def _lookup(words):
    return None


def test_common_words_are_dictionary_words_not_names():
    assert common_word("Bevrijdingsdag", _lookup) and common_word("Oorlog", _lookup)
    # Surnames and first names of the lists stay names (Visser → Fisher must flag).
    assert not common_word("Visser", _lookup) and not common_word("Koning", _lookup)
    assert not common_word("Sanne", _lookup)
    assert not common_word("NOS", _lookup)                     # an acronym
    assert common_words(["De", "Koude", "Oorlog"], _lookup) == ("Koude", "Oorlog")
    assert common_words(["Koude", "Visser"], _lookup) == ()    # one name word: a name


@needs_dictionary
@pytest.mark.parametrize("nl, en", [
    # a day, an era, a region named by words, a title: rendered in English, capitalised or not
    ("Op Bevrijdingsdag spelen in het park drie bands.",
     "On Liberation Day three bands play in the park."),
    ("Het archief bewaart brieven uit de Gouden Eeuw.",
     "The archive keeps letters from the Golden Age."),
    ("De renners rijden morgen door het Heuvelland en over de Muur.",
     "Tomorrow the riders go through the hill country and over the Wall."),
    ("Het koor zingt zondag de Matthäus en het Slotkoor.",
     "On Sunday the choir sings the Matthäus and the final chorus."),
    ("Het museum heropent volgende week de Eregalerij.",
     "The museum reopens the Gallery of Honour next week."),
    ("De Watersnoodramp van 1953 kostte 1836 levens.", "The flood disaster of 1953 cost 1,836 lives."),
    # a place's adjective the table lacks, kept by the place's English name
    ("De Drentse boeren protesteren tegen de nieuwe regels.",
     "Farmers in Drenthe are protesting against the new rules."),
])
def test_common_names_translated_do_not_flag(nl, en):
    assert missing_names(nl, en, BARE) == []


@pytest.mark.parametrize("nl, en, missing", [
    # a surname of the lists translated as the word
    ("Trainer Visser zegt dat de ploeg klaar is.", "Coach Fisher says the team is ready.",
     "Visser"),
    # after a preposition of place: a place, never translated
    ("De kermis komt dit jaar naar Hoogezand.", "The fair comes to High Sand this year.",
     "Hoogezand"),
    # a street: the Dutch name stays
    ("Het concert is in een zaal aan de Bakkerstraat.",
     "The concert is in a hall on Baker Street.", "Bakkerstraat"),
    # one word after a preposition of place and an article: a neighbourhood
    ("De nieuwe school staat in de Suikerzijde.", "The new school is in the Sugar Side.",
     "Suikerzijde"),
    # a capitalised article inside: a name (a mill, a café, a ship)
    ("Het publiek danste tot laat in café De Zwaan.", "The audience danced late in café The Swan.",
     "De Zwaan"),
    # a place's adjective of the table left in Dutch
    ("Het Gentse orkest opent het festival.", "The Gentse orchestra opens the festival.",
     "Gentse"),
    # a place of the table left in Dutch
    ("De etappe eindigt in Luik.", "The stage ends in Luik.", "Luik"),
])
def test_planted_errors_still_flag(nl, en, missing):
    assert missing in " ".join(missing_names(nl, en, BARE))


def test_a_bare_subject_the_article_names_stays_a_name():
    """Snoek opening a sentence, before a lower-case word: a surname the article shows
    (`NameContext`), not a common noun its translation (pike) would keep."""
    context = NameContext.of_texts(["Snoek won vorig jaar ook al de sprint.",
                                    "Volgens ploegleider Snoek is de ploeg klaar."])
    assert missing_names("Snoek won vorig jaar ook al de sprint.",
                         "Pike also won the sprint last year.", context) == ["Snoek"]


def test_a_common_name_needs_its_translation():
    """The English drops the day: nothing shows it, the name is missing."""
    nl = "Op Bevrijdingsdag spelen in het park drie bands."
    assert missing_names(nl, "Three bands play in the park.", BARE)


def test_person_grammar_wins_over_common_words():
    nl = "Schilder, die de prijs won, zegt dat hij blij is."
    assert [n.common for n in source_names(nl, BARE) if n.text == "Schilder"] == [()]


@needs_dictionary
@pytest.mark.parametrize("nl, kept, lost", [
    # A place's adjective naming a thing of common words: the place in its English form.
    ("Zaterdag worden de Antwerpse Zeven in hun stad gehuldigd.",
     "On Saturday the Antwerp Seven are being honoured in their city.",
     "On Saturday the Antwerpen Seven are being honoured in their city."),
    ("Zaterdag worden de Antwerpse Zeven in hun stad gehuldigd.",
     "On Saturday the Antwerp Seven are being honoured in their city.",
     "On Saturday the Antwerp Eight are being honoured in their city."),
])
def test_a_place_adjective_before_common_words_needs_the_english_place(nl, kept, lost):
    assert missing_names(nl, kept, NameContext.of_texts([nl])) == []
    assert missing_names(nl, lost, NameContext.of_texts([nl])) != []


def test_a_hyphenated_country_in_ie_is_kept_by_its_english_ia():
    nl = "De tanker voer van Saudi-Arabië naar Rotterdam."
    assert missing_names(nl, "The tanker sailed from Saudi Arabia to Rotterdam.",
                         NameContext.of_texts([nl])) == []
    assert missing_names(nl, "The tanker sailed from Saudi to Rotterdam.",
                         NameContext.of_texts([nl])) != []


@needs_dictionary
@pytest.mark.parametrize("nl, kept, lost", [
    # A work's title after the noun for the work, opened by an article: English translates it.
    ("Haar roman De Brief verscheen vorig jaar.",
     "Her novel The Letter came out last year.",
     "Her novel came out last year."),
    ("De documentaire Het Geheim draait vanaf donderdag.",
     "The documentary The Secret is showing from Thursday.",
     "The documentary The Beach is showing from Thursday."),
])
def test_a_work_s_title_opened_by_an_article_may_be_translated(nl, kept, lost):
    assert missing_names(nl, kept, NameContext.of_texts([nl])) == []
    assert missing_names(nl, lost, NameContext.of_texts([nl])) != []


def test_an_article_opening_a_place_s_name_is_still_the_place_s():
    nl = "Het bedrijf uit De Bilt verhuist."
    assert missing_names(nl, "The company from The Bilt is moving.", NameContext.of_texts([nl])) != []


def test_a_compound_with_a_linking_er_is_translated_by_its_parts():
    from translate.checks.name_described import _compound_parts
    assert ("kind", "burgemeester") in _compound_parts("kinderburgemeester")
    nl = "De Kinderburgemeester opent zaterdag het nieuwe zwembad in Emmen."
    assert missing_names(nl, "The Children's Mayor opens the new swimming pool in Emmen on "
                             "Saturday.") == []


def test_a_body_named_by_a_place_and_a_common_word_is_translated():
    nl = "Volgens Brussel Energie staan er zesduizend woningen leeg."
    assert missing_names(nl, "According to Brussels Energy, six thousand homes are empty.") == []
    # the place must still be there
    assert missing_names(nl, "According to the energy agency, six thousand homes are empty.") \
        != []


def test_a_word_after_a_first_name_or_a_peoples_adjective_stays_a_name():
    nl = "Schrijfster Noor Schilder leest voor in de bibliotheek van Emmen."
    assert missing_names(nl, "Writer Noor Painter reads aloud in the library of Emmen.") != []


def test_a_dutch_k_before_a_back_vowel_is_an_english_c_in_a_cognate():
    from translate.checks.name_common import _cognate
    assert _cognate("kamp", "camp") and _cognate("klimaat", "climate")
    assert not _cognate("kamp", "campaign")
    nl = "Bezoekerscentrum Kamp Amersfoort krijgt een nieuwe expositie."
    assert missing_names(nl, "Camp Amersfoort Visitor Centre is getting a new exhibition.") == []


def test_an_open_english_compound_shows_a_closed_dictionary_gloss():
    # FreeDict glosses stadhuis as "townhall": English writes "town hall".
    from translate.checks.name_common import common_kept
    assert common_kept(("Stadhuis",), "The fair is held in front of the town hall.")
    assert not common_kept(("Stadhuis",), "The fair is held in front of the town.")
