"""Exonyms English uses today (data/institutions.tsv, sourced per row), landmarks with an
English name of their own, and a table form that only sits inside the Dutch name left as is."""

import pytest

from translate.checks.names import missing_names


@pytest.mark.parametrize("nl, wrong, right", [
    # current English exonyms: the Dutch form left in the English loses the name
    ("De kustpolitie van Oostende zoekt een vermiste zwemmer.",
     "The Oostende coastal police are searching for a missing swimmer.",
     "The Ostend coastal police are searching for a missing swimmer."),
    ("Het stadhuis van Ieper gaat een jaar dicht voor renovatie.",
     "The town hall of Ieper is closing for a year for renovation.",
     "The town hall of Ypres is closing for a year for renovation."),
    # an outdated form is wrong, the Dutch form is the English one (De Panne)
    ("Een strandbar in De Panne moet de muziek om middernacht stilzetten.",
     "A beach bar in La Panne must turn the music off at midnight.",
     "A beach bar in De Panne must turn the music off at midnight."),
])
def test_current_exonyms_of_flemish_towns(nl, wrong, right):
    assert missing_names(nl, wrong) != []
    assert missing_names(nl, right) == []


def test_a_lone_landmark_with_an_english_name_loses_it_to_its_dutch_form():
    nl = "Toeristen legden woensdag kransen bij het Vredespaleis."
    assert missing_names(nl, "Tourists laid wreaths at the Vredespaleis on Wednesday.") != []
    assert missing_names(nl, "Tourists laid wreaths at the Peace Palace on Wednesday.") == []


def test_a_landmark_whose_dutch_form_english_keeps_is_kept():
    nl = "De gids leidde de groep langs het Binnenhof."
    assert missing_names(nl, "The guide led the group past the Binnenhof.") == []


def test_a_table_form_inside_the_dutch_name_left_as_is_does_not_keep_it():
    # "Brabant" is an English form of Noord-Brabant, but not as the tail of "Noord-Brabant".
    nl = "Boeren in Noord-Brabant krijgen subsidie voor zonnepanelen op schuren."
    assert missing_names(nl, "Farmers in Noord-Brabant get subsidies for solar panels on barns.") \
        != []
    assert missing_names(nl, "Farmers in North Brabant get subsidies for solar panels on barns.") \
        == []


@pytest.mark.parametrize("nl, wrong, right", [
    # a place's uninflected adjective in -s, its place an exonym of the institutions table
    ("Iepers burgemeester Tom Vermeersch opent de nieuwe brandweerkazerne.",
     "Ieper mayor Tom Vermeersch opens the new fire station.",
     "Ypres mayor Tom Vermeersch opens the new fire station."),
    ("De Oostendse visafslag verkoopt steeds minder tong.",
     "The Oostende fish auction is selling less and less sole.",
     "The Ostend fish auction is selling less and less sole."),
])
def test_a_place_adjective_takes_the_english_name_of_its_place(nl, wrong, right):
    assert missing_names(nl, wrong) != []
    assert missing_names(nl, right) == []


def test_a_name_word_in_ter_may_take_the_british_tre():
    nl = "Het Nationale Theater in Den Haag speelt deze winter een nieuwe Hamlet."
    assert missing_names(nl, "The National Theatre in The Hague is staging a new Hamlet this "
                             "winter.") == []


def test_a_municipalitys_name_is_kept_as_it_is_not_translated_by_its_parts():
    nl = "Het tankstation ligt in de gemeente Oost-Betuwe, vlak bij de snelweg."
    assert missing_names(nl, "The petrol station is in the municipality of East Betuwe, close "
                             "to the motorway.") != []
    assert missing_names(nl, "The petrol station is in the municipality of Oost-Betuwe, close "
                             "to the motorway.") == []
    # a region named by a compass word may be translated
    nl = "Boeren in Oost-Groningen kampen met droogte."
    assert missing_names(nl, "Farmers in eastern Groningen are struggling with drought.") == []


def test_a_municipality_with_an_english_name_keeps_either_form():
    nl = "De gemeente Brussel sluit drie tunnels voor onderhoud."
    assert missing_names(nl, "The City of Brussels is closing three tunnels for maintenance.") == []


@pytest.mark.parametrize("nl, wrong, right", [
    ("De markt van Aat trekt elke zaterdag duizenden bezoekers.",
     "The market in Aat draws thousands of visitors every Saturday.",
     "The market in Ath draws thousands of visitors every Saturday."),
    ("Grensarbeiders uit Wezel pendelen dagelijks naar Nijmegen.",
     "Cross-border workers from Wezel commute to Nijmegen every day.",
     "Cross-border workers from Wesel commute to Nijmegen every day."),
])
def test_walloon_and_german_border_towns_take_their_english_names(nl, wrong, right):
    assert missing_names(nl, wrong) != []
    assert missing_names(nl, right) == []


@pytest.mark.parametrize("nl, english, dutch_kept", [
    # A preposition ends the name before a place: the place stands alone and needs English.
    ("De brouwerij in Vorst krijgt een nieuwe eigenaar.",
     "The brewery in Forest is getting a new owner.",
     "The brewery in Vorst is getting a new owner."),
    ("Wethouder Anke de Graaf van Kleef opende de nieuwe brug.",
     "Anke de Graaf of Kleve opened the new bridge.",
     "Anke de Graaf of Kleef opened the new bridge."),
    # A place's adjective before a place is no part of its name.
    ("Het Belgische Bergen en het Duitse Kleef werken samen aan een fietsroute.",
     "Mons in Belgium and Kleve in Germany are working together on a cycle route.",
     "Mons in Belgium and Kleef in Germany are working together on a cycle route."),
    ("De veerboot naar Manilla vertrok met twee uur vertraging.",
     "The ferry to Manila left two hours late.",
     "The ferry to Manilla left two hours late."),
])
def test_place_after_preposition_or_adjective_needs_english(nl, english, dutch_kept):
    assert missing_names(nl, english) == []
    assert missing_names(nl, dutch_kept) != []


def test_surname_van_after_first_name_alone_stays_a_surname():
    # Jan van Dam: one name word before `van`, so Dam is a surname, not the square.
    nl = "Voorzitter Jan van Dam wil dat de gemeente sneller beslist."
    assert missing_names(nl, "Chairman Jan van Dam wants the municipality to decide faster.") == []
    assert missing_names(nl, "Chairman Jan of Dam wants the municipality to decide faster.") != []


@pytest.mark.parametrize("nl, right, wrong", [
    # Bodies whose official English name follows the Dutch order, from the sourced table.
    ("De Algemene Administratie van de Douane en Accijnzen controleert elke dag 300 vrachtwagens.",
     "The General Administration of Customs and Excise checks 300 lorries every day.",
     "The General Administration of Toll and Excises checks 300 lorries every day."),
    ("Volgens de Woordenlijst Nederlandse Taal schrijf je het woord met een koppelteken.",
     "According to the Word List of the Dutch Language, the word is written with a hyphen.",
     "According to the Dictionary Dutch Language, the word is written with a hyphen."),
    ("De Kansspelcommissie legde de website een boete op.",
     "The Gaming Commission fined the website.",
     "The Chance Games Commission fined the website."),
    # A landmark or region English keeps in Dutch: a word-by-word rendering loses it.
    ("Boeren trokken met hun trekkers naar het Malieveld.",
     "Farmers drove their tractors to the Malieveld.",
     "Farmers drove their tractors to the Mall Field."),
    ("De Jaarbeurs verwacht dit weekend 40.000 bezoekers voor de hondenshow.",
     "The Jaarbeurs expects 40,000 visitors for the dog show this weekend.",
     "The Year Exchange expects 40,000 visitors for the dog show this weekend."),
])
def test_table_bodies_and_landmarks(nl, right, wrong):
    assert missing_names(nl, right) == []
    assert missing_names(nl, wrong) != []


def test_customs_in_lower_case_keeps_the_douane():
    nl = "De Douane vond in Vlissingen 400 kilo cocaïne tussen de bananen."
    assert missing_names(nl, "Customs found 400 kilos of cocaine among the bananas in Vlissingen.") == []
    assert missing_names(nl, "In Vlissingen, customs found 400 kilos of cocaine among the bananas.") == []


@pytest.mark.parametrize("nl, right, wrong", [
    # Zoos and waterways with an English name of their own (English Wikipedia titles).
    ("De giraffen van Diergaarde Blijdorp krijgen een groter verblijf.",
     "The giraffes at Rotterdam Zoo are getting a bigger enclosure.",
     "The giraffes at the Zoo Garden are getting a bigger enclosure."),
    ("Een duwbak liep vast op het Zeekanaal Brussel-Schelde bij Willebroek.",
     "A push barge ran aground on the Brussels-Scheldt Maritime Canal near Willebroek.",
     "A push barge ran aground on the Sea Canal Brussels-Scheldt near Willebroek."),
])
def test_zoos_and_waterways(nl, right, wrong):
    assert missing_names(nl, right) == []
    assert missing_names(nl, wrong) != []


def test_province_opening_the_sentence_needs_its_english_name():
    nl = "Provincie Noord-Brabant geeft 12 miljoen euro uit aan nieuwe fietsroutes."
    assert missing_names(nl, "The province of North Brabant is spending 12 million euros on new cycle routes.") == []
    assert missing_names(nl, "The province of Noord-Brabant is spending 12 million euros on new cycle routes.") != []
