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
    # Without it, a surname that is a word is a name as the bare subject of a singular verb
    # (name_surnames; a common noun would have a determiner: "De bakker wil …").
    assert names("Bakker wil meer agenten op straat.", NameContext()) == ["Bakker"]
    assert names("Bakkers willen meer agenten op straat.", NameContext()) == []
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
    # Without the article, the grammar says it: a surname as the bare subject of "wil".
    assert "names" in sentence_flags(nl, lost, -0.1, False, QualityConfig())
    # A mass noun stands bare as a subject: the word, translated.
    assert "names" not in sentence_flags("Honing wordt 12 procent duurder.",
                                         "Honey is becoming 12 percent more expensive.", -0.1,
                                         False, QualityConfig())


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


# ------------------------------------------------------------ issue 25: grammar, titles, institutions

BARE = NameContext()   # no article around the sentence: only the sentence's grammar tells


@pytest.mark.parametrize("nl, good, literal", [
    # A surname that is a Dutch word, opening the sentence: an apposition or a relative
    # clause after it says it is a person.
    ("Smid, die de garage in 2005 begon, verkoopt het pand.",
     "Smid, who started the garage in 2005, is selling the building.",
     "The smith, who started the garage in 2005, is selling the building."),
    ("Herder, de nieuwe voorzitter van de club, wil meer jeugdleden.",
     "Herder, the club's new chairman, wants more youth members.",
     "The shepherd, the club's new chairman, wants more youth members."),
    ("Kuiper, directeur van een transportbedrijf in Tiel, stopt ermee.",
     "Kuiper, director of a haulage firm in Tiel, is stepping down.",
     "The cooper, director of a haulage firm in Tiel, is stepping down."),
    ("Dekker, 61, werd vrijgesproken.", "Dekker, 61, was acquitted.",
     "The roofer, 61, was acquitted."),
    # A verb in the third person singular, then "dat hij": reported speech of a person.
    ("Dekker zegt dat hij de brief nooit heeft gezien.",
     "Dekker says he never saw the letter.", "The roofer says he never saw the letter."),
    # A first name opening the sentence: before a surname, or alone before an apposition.
    ("Wouter Kramer is de nieuwe trainer van de club.", "Wouter Kramer is the club's new coach.",
     "Walter Kramer is the club's new coach."),
    ("Klaas, een 52-jarige boer uit Drenthe, verloor zijn schuur.",
     "Klaas, a 52-year-old farmer from Drenthe, lost his barn.",
     "Nicholas, a 52-year-old farmer from Drenthe, lost his barn."),
])
def test_a_person_opening_a_sentence_is_told_by_the_grammar(nl, good, literal):
    assert missing_names(nl, good, BARE) == []
    assert missing_names(nl, literal, BARE) != []


@pytest.mark.parametrize("nl", [
    "Onderzoek toont aan dat zij vaker ziek zijn.",   # no person: "toont aan dat zij"
    "Geld speelt volgens hem geen rol.",
    "Dat heeft hij zelf bevestigd.",                  # closed-class words are no persons
    "Ja, dat klopt.",
    "Kortom, de zaak is rond.",
    "Dinsdag, de eerste dag van de beurs, was het druk.",
    "Bakker, slager en kruidenier: ze zijn uit het dorp verdwenen.",   # a list, no apposition
    "Politie zoekt getuigen van de overval.",
    # a one-word table name that is a Dutch word opening a sentence is the word (Namur, Comines)
    "Namen van slachtoffers worden niet genoemd.",
    "Komen er deze zomer meer controles?",
])
def test_common_words_opening_a_sentence_stay_words(nl):
    assert names(nl, BARE) == []


def test_titles_before_a_name_are_not_part_of_it():
    assert names("Prof. dr. Sanne Kuipers leidt het onderzoek.", BARE) == ["Sanne Kuipers"]
    assert names("Mr. Joost Verbeek staat de familie bij.", BARE) == ["Joost Verbeek"]
    assert names("Volgens ir. Ellen Groen is de dijk veilig.", BARE) == ["Ellen Groen"]
    assert missing_names("Drs. Ellen Groen leidt het onderzoek.",
                         "Ellen Groen leads the investigation.", BARE) == []
    assert missing_names("Drs. Ellen Groen leidt het onderzoek.",
                         "Dr Ellen Green leads the investigation.", BARE) == ["Ellen Groen"]


@pytest.mark.parametrize("nl, en", [
    ("De Raad van State oordeelt anders.", "The Council of State takes a different view."),
    ("De Autoriteit Persoonsgegevens legt een boete op.",
     "The Dutch Data Protection Authority imposes a fine."),
    ("De Autoriteit Persoonsgegevens legt een boete op.", "The AP imposes a fine."),
    ("Het Centraal Planbureau verwacht meer groei.", "The CPB expects more growth."),
    ("Het ministerie van Financiën wil niet reageren.", "The Finance Ministry declined to comment."),
    ("De Autoriteit Consument & Markt grijpt in.", "The ACM is stepping in."),
    ("De trein naar Vlissingen rijdt weer.", "The train to Vlissingen is running again."),
    ("De delegatie reisde naar Kyiv.", "The delegation travelled to Kyiv."),
    ("Reizigers stappen over in Antwerpen-Centraal.", "Passengers change at Antwerp Central."),
])
def test_institutions_and_places_by_their_english_names_are_kept(nl, en):
    assert missing_names(nl, en, BARE) == []


@pytest.mark.parametrize("nl, en, lost", [
    # word by word: no accepted English form
    ("Het Centraal Planbureau verwacht meer groei.", "The Central Plan Office expects more growth.",
     ["Centraal Planbureau"]),
    ("De Autoriteit Persoonsgegevens legt een boete op.",
     "The Personal Data Authority imposes a fine.", ["Autoriteit Persoonsgegevens"]),
    # an acronym holds to its case; a name to its capitals (a description is lower case)
    ("Het OM eist twee jaar cel.", "The prosecution service demands two years.", []),
    ("De RVD bevestigde het bezoek.", "The government information service confirmed it.",
     ["RVD"]),
    # outdated English forms
    ("De trein naar Vlissingen rijdt weer.", "The train to Flushing is running again.",
     ["Vlissingen"]),
    ("De delegatie reisde naar Kyiv.", "The delegation travelled to Kiev.", ["Kyiv"]),
    ("De delegatie reisde naar Kiev.", "The delegation travelled to Kiev.", ["Kiev"]),
    ("Het congres is in 's-Hertogenbosch.", "The congress is in Bois-le-Duc.", ["'s-Hertogenbosch"]),
])
def test_institutions_word_by_word_or_by_an_outdated_name_are_lost(nl, en, lost):
    assert missing_names(nl, en, BARE) == lost


def test_an_outdated_form_inside_a_longer_english_name_is_a_fixed_term():
    from translate.checks.institutions import lookup
    from translate.checks.name_institutions import outdated_used

    beijing = lookup("Peking")
    assert outdated_used(beijing, " She studied at Peking University. ") is None
    assert outdated_used(beijing, " She studied in Peking. ") == "Peking"


def test_a_table_phrase_after_a_name_is_part_of_the_name():
    # "van Dam" is a surname, not Dam Square; "Groen" after a first name is no party.
    assert names("Daar sprak Jan van Dam met de pers.", BARE) == ["Jan van Dam"]
    assert names("Zij woont vlak bij de Dam.", BARE) == ["Dam"]
    assert names("Volgens Ellen Groen is het veilig.", BARE) == ["Ellen Groen"]
    assert missing_names("Zij woont vlak bij de Dam.", "She lives near Dam Square.", BARE) == []


@pytest.mark.parametrize("nl, en", [
    # a common noun or nationality before a name describes it and is translated
    ("De prijs ging naar dichter Ruth Langeveld.", "The prize went to poet Ruth Langeveld."),
    ("Beeldhouwer Ruth Langeveld exposeert in Gent.", "Sculptor Ruth Langeveld is exhibiting in Ghent."),
    ("Hij verloor van de Keniaan Peter Otieno.", "He lost to Kenyan Peter Otieno."),
    ("Zij won de Ronde van Vlaanderen.", "She won the Tour of Flanders."),
])
def test_describers_and_english_forms_of_common_words(nl, en):
    assert missing_names(nl, en, BARE) == []


def test_first_names_table_is_fakers():
    faker = pytest.importorskip("faker")
    from faker.providers.person.nl_BE import Provider as Belgian
    from faker.providers.person.nl_NL import Provider as Dutch

    from translate.checks.name_grammar import FIRST_NAMES, first_names
    from translate.checks.words import fold

    expected = {name for provider in (Dutch, Belgian)
                for key in ("first_names_male", "first_names_female")
                for name in getattr(provider, key)}
    assert first_names() == frozenset(fold(name) for name in expected), \
        f"regenerate {FIRST_NAMES} from Faker {faker.VERSION}"


@pytest.mark.parametrize("nl, kept, lost", [
    # Planets whose English name differs (IAU): the Dutch form left in loses it.
    ("Deze week staan Mercurius en Neptunus laag aan de hemel.",
     "This week Mercury and Neptune are low in the sky.",
     "This week Mercurius and Neptune are low in the sky."),
    # Members and elections named after the body they belong to or elect.
    ("Twee Europarlementsleden stemden tegen de begroting.",
     "Two MEPs voted against the budget.",
     "Two members voted against the budget."),
    ("Haar partij doet mee aan de Provinciale Statenverkiezingen in maart.",
     "Her party is standing in the provincial elections in March.",
     "Her party is standing in the elections in March."),
    # A party's acronym as the Dutch writes it.
    ("Alleen de PvdD stemde tegen het voorstel.",
     "Only the Party for the Animals voted against the proposal.",
     "Only the animal party voted against the proposal."),
])
def test_table_rows_for_planets_members_elections_and_parties(nl, kept, lost):
    assert missing_names(nl, kept, NameContext.of_texts([nl])) == []
    assert missing_names(nl, lost, NameContext.of_texts([nl])) != []


def test_english_says_british_for_a_dutch_engelse():
    nl = "Bij Arnhem is een Engelse tank uit 1944 opgegraven."
    assert missing_names(nl, "A British tank from 1944 has been dug up near Arnhem.") == []
    assert missing_names(nl, "A German tank from 1944 has been dug up near Arnhem.") != []


@pytest.mark.parametrize("nl, en", [
    # Places whose names join capitalised words by Dutch ones: English writes them as they
    # are, their last word too where the table has an English name for it alone (Rijn).
    ("De fabriek in Rijnsburg verhuist naar Koudekerk aan den Rijn.",
     "The factory in Rijnsburg is moving to Koudekerk aan den Rijn."),
    ("Ze woont sinds maart in Katwijk aan den Rijn en werkt in Leiden.",
     "She has lived in Katwijk aan den Rijn since March and works in Leiden."),
    ("Het bedrijf uit Berchem aan de Schelde sluit.",
     "The company from Berchem aan de Schelde is closing."),
])
def test_a_place_name_joined_by_dutch_words_kept_as_written(nl, en):
    assert missing_names(nl, en, NameContext.of_texts([nl])) == []


def test_a_joined_place_name_must_still_be_there():
    nl = "De fabriek verhuist naar Koudekerk aan den Rijn."
    assert missing_names(nl, "The factory is moving to Koudekerk.", NameContext.of_texts([nl])) != []
    # A name beside another, joined by a word English has too, is two names (in, over).
    nl = "Minister Bakker sprak in Schiedam over de Schelde."
    assert missing_names(nl, "Minister Bakker spoke in Schiedam about the Schelde.",
                         NameContext.of_texts([nl])) != []


def test_a_compound_on_the_ij_is_split_in_english():
    nl = "De nieuwe IJbrug gaat in 2028 open."
    assert missing_names(nl, "The new IJ bridge opens in 2028.", NameContext.of_texts([nl])) == []
    assert missing_names(nl, "The new ice bridge opens in 2028.", NameContext.of_texts([nl])) != []


@pytest.mark.parametrize("nl, kept, lost", [
    # A saint's name and a church named after the saint: the saint's English name.
    ("De Sint-Jorisbasiliek krijgt een nieuw dak.",
     "St George's Basilica is getting a new roof.",
     "The Saint Joris Basilica is getting a new roof."),
    ("Het koor zingt zondag in de Sint-Michielskerk.",
     "The choir sings in St Michael's Church on Sunday.",
     "The choir sings in the church on Sunday."),
])
def test_a_saint_and_what_is_named_after_the_saint(nl, kept, lost):
    assert missing_names(nl, kept, NameContext.of_texts([nl])) == []
    assert missing_names(nl, lost, NameContext.of_texts([nl])) != []


def test_a_street_named_after_a_saint_keeps_its_dutch_name():
    nl = "Het café aan de Sint-Jorisstraat sluit."
    assert missing_names(nl, "The café on St George Street is closing.",
                         NameContext.of_texts([nl])) != []


@pytest.mark.parametrize("nl, kept, lost", [
    # A hyphenated name with a part English names in its own way: that part's English name.
    ("In Brussel-Noord is een kantoortoren ontruimd.",
     "An office tower in northern Brussels has been evacuated.",
     "An office tower in Brussel-Noord has been evacuated."),
    ("De trein Luik-Brussel rijdt weer.",
     "The Liège-Brussels train is running again.",
     "The Luik-Brussels train is running again."),
])
def test_a_hyphenated_name_needs_the_english_name_of_its_parts(nl, kept, lost):
    assert missing_names(nl, kept, NameContext.of_texts([nl])) == []
    assert missing_names(nl, lost, NameContext.of_texts([nl])) != []


def test_a_compound_on_a_place_english_names_its_own_way_needs_that_name():
    nl = "Het water in het Scheldegebied bij Temse stijgt."
    for en in ("The water in the Scheldt area near Temse is rising.",
               "The water in the Scheldegebied near Temse is rising."):
        assert missing_names(nl, en, NameContext.of_texts([nl])) == []
    assert missing_names(nl, "The water in the Schelde area near Temse is rising.",
                         NameContext.of_texts([nl])) != []


def test_a_particle_after_a_comma_opens_a_new_name_not_a_surname():
    # `, de Leiebrug`: an apposition after a place, not a surname `de` of that place.
    nl = "Het verkeer tussen Kortrijk en Menen, de Leiebrug, staat elke ochtend vast."
    found = [name.text for name in source_names(nl)]
    assert "Menen" in found and "Leiebrug" in found
    assert missing_names(nl, "Traffic between Kortrijk and Menen, the Leiebrug, is jammed "
                             "every morning.") == []
