"""Names English may translate or must render in its own form (checks/name_described.py and
the rules of checks/names.py, name_forms.py, name_institutions.py around them): bodies the
institutions table lacks, portfolios, compounds and adjectives of places, lone places,
acronyms spelt out. Each rule: correct translations that must not flag, planted errors
that must. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from translate.checks import bilingual
from translate.checks.names import NameContext, missing_names, source_names

needs_freedict = pytest.mark.skipif(bilingual.load() is None,
                                    reason="FreeDict nld-eng (dict-freedict-nld-eng) not installed")


def missing(nl: str, en: str) -> list[str]:
    return missing_names(nl, en, NameContext.of_texts([nl]))


# ---------------------------------------------------------------- bodies the table lacks


@needs_freedict
def test_a_body_the_table_lacks_may_be_translated_into_english_words():
    nl = "Volgens de Vlaamse Vereniging voor Fietsers is de nieuwe brug te smal."
    assert missing(nl, "According to the Flemish Cyclists' Association, the new bridge is "
                       "too narrow.") == []
    # Dropped, or described in lower case as no name: lost.
    assert missing(nl, "According to cycling campaigners, the new bridge is too narrow.")
    assert missing(nl, "According to a Flemish cyclists' group, the new bridge is too narrow.")


@needs_freedict
def test_a_compound_body_noun_is_translated_by_its_parts():
    nl = "De Zwembond wil meer badmeesters in openluchtbaden."
    assert missing(nl, "The Swimming Federation wants more lifeguards at open-air pools.") == []
    assert missing(nl, "The swimming union wants more lifeguards at open-air pools.") == [
        "Zwembond"]


@needs_freedict
def test_an_acronym_the_dutch_does_not_write_shows_the_body():
    nl = "De Landelijke Vereniging van Wijkverpleegkundigen is tevreden over het akkoord."
    assert missing(nl, "The national association of district nurses, the LVW, is pleased "
                       "with the agreement.") == []
    assert missing(nl, "The nurses are pleased with the agreement.")


def test_the_name_after_a_body_noun_stays():
    # Stichting Groene Long: "Groene Long" names the foundation; English keeps it.
    nl = "Stichting Groene Long plant dit jaar tweeduizend bomen in Tilburg."
    assert missing(nl, "The Groene Long foundation is planting two thousand trees in "
                       "Tilburg this year.") == []
    assert missing(nl, "The Green Lung Foundation is planting two thousand trees in "
                       "Tilburg this year.") == ["Stichting Groene Long"]


def test_a_table_adjective_inside_a_described_name_stays():
    nl = "Zij studeerde aan de Koninklijke Academie voor Dramatische Kunst in Antwerpen."
    assert missing(nl, "She studied at the Royal Academy of Dramatic Art in Antwerp.") == []
    # A limit: Koninklijke is a Dutch word in lower case, so it describes, and "Academy"
    # shows the body; the institutions table is what knows a body's English name.
    assert missing(nl, "She studied at the Kingly Academy of Dramatic Art in Antwerp.") == []
    nl = "De Vlaamse Raad voor Jeugdwerk vraagt meer geld."
    assert missing(nl, "The Dutch Youth Work Council is asking for more money.") == [
        "Vlaamse Raad voor Jeugdwerk"]


def test_a_person_before_a_body_is_a_person():
    nl = "Onderzoeker Femke Jansen van het Instituut voor Stadsgeschiedenis presenteerde het boek."
    found = [n.text for n in source_names(nl)]
    assert "Femke Jansen" in found
    assert missing(nl, "Researcher Femke Janssen of the Institute for Urban History presented "
                       "the book.") == ["Femke Jansen"]


# ---------------------------------------------------------------- portfolios


def test_a_portfolio_is_translated_freely_the_holder_stays():
    nl = "Schepen van Sport Anneleen Claes opent zaterdag het nieuwe zwembad."
    assert missing(nl, "Sports alderman Anneleen Claes opens the new pool on Saturday.") == []
    assert missing(nl, "Sports alderman Anneleen Class opens the new pool on Saturday.")
    nl = "Minister van Sociale Zaken Pieter Kuiper wil de regels versoepelen."
    assert missing(nl, "Social Affairs Minister Pieter Kuiper wants to relax the rules.") == []
    assert missing(nl, "Social Affairs Minister Pieter Cooper wants to relax the rules.")


def test_a_portfolio_that_is_a_place_is_a_place():
    nl = "Het college van burgemeester en schepenen van Brugge keurde het plan goed."
    assert missing(nl, "The Bruges board of mayor and aldermen approved the plan.") == []
    assert missing(nl, "The Brugge board of mayor and aldermen approved the plan.") == ["Brugge"]


# ---------------------------------------------------------------- compounds and adjectives


def test_a_compound_head_the_tables_know_counts_in_english():
    nl = "De Noordzeevissers protesteren tegen de nieuwe quota."
    assert missing(nl, "North Sea fishermen are protesting against the new quotas.") == []
    nl = "Het aantal Franstalige leerlingen in de stad stijgt."
    assert missing(nl, "The number of French-speaking pupils in the city is rising.") == []
    # A street keeps its Dutch name.
    nl = "De bus reed via de Europalaan naar het station."
    assert missing(nl, "The bus went along Europe Avenue to the station.") == ["Europalaan"]


def test_an_article_before_a_place_adjective_is_no_particle():
    nl = "Het Leuvense biotechbedrijf Ardena haalt 40 miljoen euro op."
    assert missing(nl, "Leuven biotech company Ardena is raising 40 million euros.") == []
    nl = "De Antwerpse rechtbank sprak de man vrij."
    assert missing(nl, "The Antwerp court acquitted the man.") == []
    assert missing(nl, "The Antwerpen court acquitted the man.") == ["Antwerpse"]


def test_a_country_is_kept_by_its_adjective():
    nl = "Het bedrijf koopt sinds maart geen gas meer uit Noorwegen."
    assert missing(nl, "The company has not bought Norwegian gas since March.") == []
    assert missing(nl, "The company has not bought Swedish gas since March.") == ["Noorwegen"]


# ---------------------------------------------------------------- lone places


def test_a_comma_ends_a_name_so_each_place_of_a_list_is_lone():
    nl = "De bezoekers kwamen uit Wallonië, Vlaanderen en Nederland."
    assert missing(nl, "The visitors came from Wallonia, Flanders and the Netherlands.") == []
    assert missing(nl, "The visitors came from Wallonië, Flanders and the Netherlands.") == [
        "Wallonië"]


def test_a_lone_province_needs_its_english_name():
    nl = "De brand woedde in een loods in West-Vlaanderen."
    assert missing(nl, "The fire raged in a shed in West Flanders.") == []
    assert missing(nl, "The fire raged in a shed in West-Vlaanderen.") == ["West-Vlaanderen"]


def test_brussels_municipalities_go_by_their_english_french_names():
    nl = "De politie hield twee jongeren aan in Elsene."
    assert missing(nl, "Police detained two youths in Ixelles.") == []
    assert missing(nl, "Police detained two youths in Elsene.") == ["Elsene"]


# ---------------------------------------------------------------- the institutions table


def test_an_acronym_spelt_out_word_by_word_loses_the_body():
    nl = "Het RIVM meldt meer gevallen van kinkhoest."
    assert missing(nl, "The National Institute for Public Health and the Environment (RIVM) "
                       "reports more cases of whooping cough.") == []
    assert missing(nl, "The RIVM reports more cases of whooping cough.") == []
    assert missing(nl, "The Realm Institute for Folk Health and Milieu (RIVM) reports more "
                       "cases of whooping cough.") == ["RIVM"]


def test_a_table_name_needs_its_capitals():
    # De Lijn is the Flemish transport company; "De lijn moet …" is a line.
    assert [n.text for n in source_names("De lijn moet het station met de haven verbinden.")] == []
    nl = "De Lijn schrapt twintig buslijnen."
    assert missing(nl, "The line is cutting twenty bus routes.") == ["De Lijn"]


def test_a_function_acronym_before_a_name_is_no_name():
    nl = "CEO Sanne Wouters verwacht meer banen."
    assert missing(nl, "Chief executive Sanne Wouters expects more jobs.") == []
    assert missing(nl, "Chief executive Sanne Walters expects more jobs.")


# ---------------------------------------------------------------- English word order


@needs_freedict
@pytest.mark.parametrize("nl, kept, lost", [
    # A compound head and its remit after it: English puts the remit first, in any case.
    ("Volgens de Geschillencommissie Energie moet de leverancier het geld terugbetalen.",
     "According to the energy disputes committee, the supplier must pay the money back.",
     "According to the Disputes Committee Energy, the supplier must pay the money back."),
    ("Het Klachteninstituut Zorgverzekeringen gaf de patiënt gelijk.",
     "The Health Insurance Complaints Institute found in favour of the patient.",
     "The Complaints Institute Health Insurances found in favour of the patient."),
    # A place's adjective before a compound body: shown by its place, the head last.
    ("De Zeeuwse Slagersvereniging houdt zaterdag een open dag.",
     "The Zeeland butchers' association is holding an open day on Saturday.",
     "The butchers' association is holding an open day on Saturday."),
])
def test_a_body_rendered_in_english_word_order_is_kept(nl, kept, lost):
    assert missing(nl, kept) == []
    assert missing(nl, lost) != []


@needs_freedict
def test_a_bare_body_noun_before_its_own_name_keeps_the_name():
    # Vereniging + a name of its own: translating the name word by word loses it, in any order.
    nl = "De Stichting Vrije Vogel kreeg gisteren een subsidie."
    assert missing(nl, "The Stichting Vrije Vogel received a grant yesterday.") == []
    assert missing(nl, "The Free Bird Foundation received a grant yesterday.") != []


def test_an_old_name_s_adjective_in_the_spelling_before_1947_is_the_modern_one():
    # Friesche, Zeeuwsche: the table's Friese, Zeeuwse.
    nl = "De winkel verkoopt alleen Friesche en Zeeuwsche kaas."
    assert missing(nl, "The shop sells only Frisian and Zeeland cheese.") == []
    assert missing(nl, "The shop sells only Friesche and Zeeland cheese.") != []


# ---------------------------------------------------------------- a Dutch acronym in English


@pytest.mark.parametrize("nl, kept, lost", [
    ("Volgens Stichting Veilig Fietsen zijn de nieuwe paden te smal.",
     "According to the cycling safety foundation SVF, the new paths are too narrow.",
     "According to the cycling safety foundation SFV, the new paths are too narrow."),
    ("De Bond van Oude Molenaars telt nu 900 leden.",
     "The association BvOM now has 900 members.",
     "The association now has 900 members."),
])
def test_the_acronym_of_a_dutch_name_s_words_keeps_it(nl, kept, lost):
    assert missing(nl, kept) == []
    assert missing(nl, lost) != []


@pytest.mark.parametrize("nl, english_order, dutch_order", [
    ("Het Nationaal Platform Scholen wil meer groen op het schoolplein.",
     "The National Schools Platform wants more greenery in school playgrounds.",
     "The National Platform Schools wants more greenery in school playgrounds."),
])
def test_a_bodys_own_dutch_words_after_its_body_noun_may_be_translated_in_english_order(
        nl, english_order, dutch_order):
    # Words open the name before its body noun (Nationaal Platform …): the whole is
    # descriptive. English puts the body noun last with all of the name's words before it;
    # a rendering in the Dutch order is word by word. (After a bare body noun the words are
    # a proper name English keeps: test_the_name_after_a_body_noun_stays.)
    assert missing_names(nl, english_order) == []
    assert missing_names(nl, dutch_order) != []


def test_a_place_after_a_body_noun_stays():
    nl = "Het Landelijk Platform Drenthe opent een loket in Assen."
    assert missing_names(nl, "The National Platform opens a counter in Assen.") != []


def test_a_plural_with_a_doubled_vowel_in_the_singular_and_a_verb_homograph_translate():
    from translate.checks.name_described import translations
    assert "school" in translations("scholen")       # scholen → school (and the verb)
    assert "book" in translations("boeken")          # boeken → boek (and the verb)


@pytest.mark.parametrize("nl, word_by_word, english", [
    ("Volgens de Landelijke Raad Volksgezondheid stijgen de kosten.",
     "According to the National Council Health, costs are rising.",
     "According to the National Health Council, costs are rising."),
    ("Het Nationaal Instituut Energie meldt een daling van het verbruik.",
     "The National Institute Energy reports a fall in consumption.",
     "The National Energy Institute reports a fall in consumption."),
])
def test_a_body_noun_rendered_before_its_words_in_the_dutch_order_loses_the_name(
        nl, word_by_word, english):
    # English puts a name's words before its body noun or after a preposition, never
    # bare after it: "Council Public Health" is the Dutch order, word by word.
    assert missing_names(nl, word_by_word) != []
    assert missing_names(nl, english) == []


def test_the_dutch_name_kept_as_is_is_no_word_by_word_rendering():
    nl = "De Stichting Oude Molens opent zaterdag twaalf molens voor publiek."
    assert missing_names(nl, "The Stichting Oude Molens opens twelve mills to the public on "
                             "Saturday.") == []


@pytest.mark.parametrize("nl, right, wrong", [
    # A table body, then `en` and another body: two names, the first judged by the table.
    ("De Universiteit Twente en de Saxion Hogeschool bouwen samen een fietslab in Enschede.",
     "The University of Twente and Saxion University of Applied Sciences are building a "
     "cycling lab in Enschede together.",
     "The University Twente and Saxion University of Applied Sciences are building a "
     "cycling lab in Enschede together."),
])
def test_a_table_body_joined_by_en_to_another_body_keeps_the_tables_judgement(nl, right, wrong):
    assert missing_names(nl, right) == []
    assert missing_names(nl, wrong) != []
