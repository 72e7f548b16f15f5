"""Proper names of the Dutch and whether the English keeps them (translate/checks/names.py), and
the `names` flag they give."""

from __future__ import annotations

import pytest

from translate.config import QualityConfig
from translate.checks.names import NameContext, english_names, missing_names, names_kept, source_names
from translate.checks.quality import ArticleContext, content_flags, sentence_flags

ARTICLE = [
    "Premier Mark Rutte sprak dinsdag met Jan de Vries en Annemarie van der Berg.",
    "Volgens burgemeester Bakker is de zaak nog niet rond.",
]
CONTEXT = NameContext.of_texts(ARTICLE)


def names(nl: str, context: NameContext | None = CONTEXT) -> list[str]:
    return [name.text for name in source_names(nl, context)]


def test_names_inside_a_sentence_with_particles_and_initials():
    assert names("Dat zei Jan de Vries gisteren tegen J.P. Balkenende.") == [
        "Jan de Vries", "J.P. Balkenende"]
    assert names("Het rapport van Annemarie van der Berg en Th. ter Horst.") == [
        "Annemarie van der Berg", "Th. ter Horst"]


def test_first_word_is_a_name_when_the_article_says_so():
    # "bakker" is a Dutch word, but the article writes "burgemeester Bakker" mid-sentence.
    assert names("Bakker wil meer agenten op straat.") == ["Bakker"]
    assert names("Bakker wil meer agenten op straat.", NameContext()) == []
    # Not a Dutch word in lower case: a name even without context.
    assert names("Rutte reist vandaag af.", NameContext()) == ["Rutte"]
    # Ordinary opening words are not names.
    assert names("Volgens de politie was het druk.", NameContext()) == []
    assert names("Onderzoekers vonden niets.", NameContext()) == []


def test_a_headline_in_title_case_is_not_a_row_of_names():
    assert names("Kabinet Wil Meer Geld Voor Onderwijs En Zorg") == []
    # ... but a name it holds that the article knows is still one.
    assert names("Bakker Wil Meer Agenten Op Straat") == ["Bakker"]


def test_literal_swapped_and_dropped_names_are_missing():
    nl = "De Jong zei dat Visser naar Rotterdam ging."
    context = NameContext.of_texts(["Wethouder De Jong en Kees Visser waren er.", nl])
    assert missing_names(nl, "De Jong said that Visser went to Rotterdam.", context) == []
    assert missing_names(nl, "The Young said that Fisher went to Rotterdam.", context) == [
        "De Jong", "Visser"]
    assert missing_names("Bernd Kuipers won.", "Bernard Kuipers won.") == ["Bernd Kuipers"]
    assert missing_names("Bernd Kuipers won.", "Kuipers won.") == ["Bernd Kuipers"]


def test_hyphenated_surname_needs_both_parts():
    nl = "Dat meldt wethouder Ellen Smit-Jansen."
    assert missing_names(nl, "That is what alderman Ellen Smit-Jansen reports.") == []
    assert missing_names(nl, "That is what alderman Ellen Smit reports.") == ["Ellen Smit-Jansen"]


@pytest.mark.parametrize("nl, en", [
    ("Het kabinet vergadert in Den Haag.", "The cabinet meets in The Hague."),
    ("De Tweede Kamer stemde in.", "The House of Representatives agreed."),
    ("Duitsland en Frankrijk zijn het eens.", "Germany and France agree."),
    ("De Duitse kanselier kwam naar Brussel.", "The German chancellor came to Brussels."),
    ("Hij vloog naar de Verenigde Staten.", "He flew to the United States."),
    ("Hij vloog naar de Verenigde Staten.", "He flew to the US."),
    ("De Amsterdamse politie greep in.", "Amsterdam police intervened."),
    ("Ruttes kabinet viel.", "Rutte's cabinet fell."),
    ("Saoedi-Arabië en Oekraïne tekenden.", "Saudi Arabia and Ukraine signed."),
    ("De NAVO-top begint maandag in Noord-Holland.", "The NATO summit starts on Monday in North Holland."),
    ("Minister van Buitenlandse Zaken Hoekstra reisde af.", "Foreign Minister Hoekstra travelled."),
    ("Dat zei Ph. Cocu.", "That's what Ph. Cocu said."),
    ("Dat zei Ph. Cocu.", "That's what Phillip Cocu said."),
])
def test_english_forms_keep_names(nl, en):
    assert missing_names(nl, en) == []


@pytest.mark.parametrize("nl, en, lost", [
    ("Duitsland en Frankrijk zijn het eens.", "Denmark and France agree.", ["Duitsland"]),
    ("Het kabinet vergadert in Den Haag.", "The cabinet meets in Amsterdam.", ["Den Haag"]),
    ("De Duitse kanselier kwam.", "The Dutch chancellor came.", ["Duitse"]),
])
def test_english_forms_are_checked(nl, en, lost):
    assert missing_names(nl, en) == lost


def test_names_flag_and_content_flags():
    context = ArticleContext.of_texts(ARTICLE)
    nl = "Bakker wil 12 agenten erbij."
    good, lost = "Bakker wants 12 more officers.", "The baker wants 12 more officers."
    assert content_flags(nl, good, context) == []
    assert content_flags(nl, lost, context) == ["names"]
    assert content_flags(nl, "The baker wants more officers.", context) == ["numbers", "names"]
    flags = sentence_flags(nl, lost, -0.1, False, QualityConfig(), context)
    assert "names" in flags
    # Without the article, "Bakker" opening a sentence is the Dutch word for baker.
    assert "names" not in sentence_flags(nl, lost, -0.1, False, QualityConfig())


def test_names_kept_counts_names():
    pairs = [("Rutte sprak met Kaag.", "Rutte spoke with Kaag."),
             ("Rutte sprak met Kaag.", "Rutte spoke with the barge.")]
    assert names_kept(pairs, NameContext.of_texts([p[0] for p in pairs])) == (3, 4)


def test_english_names():
    assert english_names("Police said Smith met Johnson in London. According to "
                         "the BBC, he left.") == ["Smith", "Johnson", "London", "BBC"]
    assert english_names("The minister said I would go.") == []


def test_a_glossary_term_gives_a_name_its_english_form():
    from translate.checks.glossary import Glossary, Term

    nl, en = "Schoof sprak in het Torentje.", "Schoof spoke in the Little Tower."
    assert content_flags(nl, en, ArticleContext.of_texts([nl])) == ["names"]
    glossary = Glossary((Term("Torentje", "Little Tower"),))
    context = ArticleContext.of_texts([nl], glossary)
    assert content_flags(nl, en, context) == []
    assert content_flags(nl, "Schoof spoke in the tower.", context) == ["names", "glossary"]


@pytest.mark.parametrize("nl, en", [
    ("De Brusselse politie greep in.", "Brussels police intervened."),
    ("Veel Londenaren gingen de straat op.", "Many Londoners, London residents, took to the streets."),
    ("De Parijse burgemeester reageerde.", "The Paris mayor responded."),
])
def test_a_places_adjective_keeps_the_places_english_name(nl, en):
    assert missing_names(nl, en) == []


@pytest.mark.parametrize("nl, en, lost", [
    ("Dat zei Marieke van Dam.", "Said Marieke of Dam.", ["Marieke van Dam"]),
    ("Dat zei Marieke van Dam.", "Said Marieke van Dam.", []),
    ("Dat zei Erik van der Berg.", "Said Erik of the Berg.", ["Erik van der Berg"]),
    ("Wethouder De Vries zei dat.", "Alderman the Vries said that.", ["De Vries"]),
    ("Wethouder De Vries zei dat.", "Alderman De Vries said that.", []),
    # "van" after a whole name is a preposition; "De" opening a sentence an article.
    ("Dat zei Jos Versteeg van ING.", "Said Jos Versteeg of ING.", []),
    ("De KNVB hoopt het.", "The KNVB hopes so.", []),
])
def test_particles_translated_as_words_lose_the_name(nl, en, lost):
    assert missing_names(nl, en) == lost
