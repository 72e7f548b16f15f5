"""Surnames that are Dutch words opening a sentence (translate/checks/name_surnames.py, the
article-wide persons of names.NameContext) and places left in their Dutch form where English
has its own name (names.py, name_forms.exonym_needs)."""

from __future__ import annotations

import pytest

from translate.config import QualityConfig
from translate.checks.name_grammar import singular_verb
from translate.checks.name_surnames import adjective, bare_surname_subject, count_word, is_surname
from translate.checks.names import NameContext, missing_names, source_names
from translate.checks.quality import sentence_flags

BARE = NameContext()


def names(nl: str, context: NameContext = BARE) -> list[str]:
    return [name.text for name in source_names(nl, context)]


def test_surnames_table_is_fakers():
    faker = pytest.importorskip("faker")
    from faker.providers.person.nl_BE import Provider as Belgian
    from faker.providers.person.nl_NL import Provider as Dutch

    from translate.checks.name_surnames import SURNAMES

    lines = [line for line in SURNAMES.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert set(lines) == set(Dutch.last_names) | set(Belgian.last_names), \
        f"regenerate {SURNAMES} from Faker {faker.VERSION}"


def test_surname_lookup_takes_the_word_after_de():
    assert is_surname("Bakker") and is_surname("mulder") and is_surname("Koning")
    assert is_surname("Wit")          # de Wit, De Wit
    assert not is_surname("Verkeer") and not is_surname("Onderzoek")


@pytest.mark.parametrize("nl, name", [
    ("Bakker is de nieuwe hoofdtrainer van de club.", "Bakker"),
    ("Mulder opende zaterdag de vernieuwde bibliotheek.", "Mulder"),
    ("Koning zat sinds 2019 in de gemeenteraad.", "Koning"),
    ("Wit heeft zich verkiesbaar gesteld.", "Wit"),
    ("Visser vreest dat de fabriek sluit.", "Visser"),
])
def test_a_surname_as_the_bare_subject_of_a_singular_verb_is_a_person(nl, name):
    assert names(nl) == [name]


@pytest.mark.parametrize("nl", [
    "De bakker opende zaterdag een tweede winkel.",      # a determiner: the noun
    "Bakkers willen minder regels.",                     # plural
    "Bakker of slager, iedereen klaagt.",                # no verb after it
    "Groot is de kans dat het morgen regent.",           # an adjective before a copula
])
def test_a_surname_word_without_the_pattern_stays_a_word(nl):
    assert names(nl) == []


@pytest.mark.parametrize("nl, en", [
    ("Verkeer liep vast op de ringweg.", "Traffic came to a standstill on the ring road."),
    ("Water stroomde de kelders in.", "Water poured into the cellars."),
    ("Honing is dit jaar duurder.", "Honey is more expensive this year."),
    ("Winter begint officieel op 21 december.", "Winter officially begins on 21 December."),
    ("Room wordt duurder door de droogte.", "Cream is getting dearer because of the drought."),
    ("Onderzoek toont aan dat zij gelijk had.", "Research shows she was right."),
])
def test_mass_nouns_stand_bare_and_are_no_names(nl, en):
    """The false-alarm trap: a mass noun opens a sentence without a determiner."""
    assert names(nl) == []
    assert "names" not in sentence_flags(nl, en, None, False, QualityConfig())


def test_count_and_mass_and_adjectives():
    assert count_word("bakker") and count_word("koning") and count_word("vos")
    assert not count_word("honing") and not count_word("politie")
    # verkeren and gelden are verbs with entries of their own, not plurals
    assert not count_word("verkeer") and not count_word("geld")
    assert count_word("haas") and count_word("koster")            # hazen, kosters
    assert adjective("wit") and adjective("groot") and not adjective("bakker")
    assert not bare_surname_subject("Honing", "is")
    assert not bare_surname_subject("Groot", "is") and bare_surname_subject("Groot", "won")
    assert singular_verb("vreest") and singular_verb("opende") and not singular_verb("openden")


def test_a_surname_translated_as_a_word_loses_the_name():
    nl = "Bakker tekende vrijdag een contract voor twee seizoenen."
    assert missing_names(nl, "Baker signed a two-season contract on Friday.") == ["Bakker"]
    assert missing_names(nl, "Bakker signed a two-season contract on Friday.") == []


def test_a_person_named_by_a_word_the_table_translates():
    # names.tsv: Koning → King (the monarch); as a person, only "Koning" keeps it.
    nl = "Koning is de nieuwe fractievoorzitter."
    assert missing_names(nl, "King is the new group leader.") == ["Koning"]
    assert missing_names(nl, "Koning is the new group leader.") == []
    assert missing_names("Koning Filip opende de tentoonstelling.",
                         "King Philippe opened the exhibition.") == []


def test_a_person_by_grammar_once_is_the_person_in_the_whole_article():
    # "Schilder" is not in Faker's lists: the apposition in the first sentence says it.
    article = ["Schilder, de hoofdverdachte, zweeg tijdens de zitting.",
               "Schilder ontkent alle beschuldigingen."]
    assert names(article[1]) == []
    context = NameContext.of_texts(article)
    assert names(article[1], context) == ["Schilder"]
    assert missing_names(article[1], "The painter denies all charges.", context) == ["Schilder"]


def test_reported_speech_with_ze():
    assert names("Schilder zegt dat ze twee jaar heeft nagedacht.") == ["Schilder"]
    # a mass noun reports too: not a person
    assert names("Politie meldt dat ze twee mannen heeft aangehouden.") == []


@pytest.mark.parametrize("nl, wrong, right", [
    ("In Luik kwamen duizenden mensen op straat.", "In Luik thousands took to the streets.",
     "In Liège thousands took to the streets."),
    ("De renners starten in Brugge.", "The riders start in Brugge.",
     "The riders start in Bruges."),
    ("De brief werd geveild in Parijs.", "The letter was auctioned in Parijs.",
     "The letter was auctioned in Paris."),
    ("Het kabinet zetelt in Den Haag.", "The cabinet sits in Den Haag.",
     "The cabinet sits in The Hague."),
    ("Het proces tegen een Gentse arts is ongeldig.", "The trial of a Gent doctor is invalid.",
     "The trial of a Ghent doctor is invalid."),
    # institutions.tsv, kind city-exonym
    ("Scholen in Doornik blijven dicht.", "Schools in Doornik stay closed.",
     "Schools in Tournai stay closed."),
    ("Scholen in Aarlen en Bastenaken blijven dicht.", "Schools in Arlon and Bastenaken stay closed.",
     "Schools in Arlon and Bastogne stay closed."),
])
def test_a_lone_place_left_in_dutch_where_english_has_its_own_name(nl, wrong, right):
    assert missing_names(nl, wrong) != []
    assert missing_names(nl, right) == []


@pytest.mark.parametrize("nl, en", [
    # part of a longer name: the club keeps its Dutch name
    ("Club Brugge won zondag van Anderlecht.", "Club Brugge beat Anderlecht on Sunday."),
    ("Visser debuteert tegen Standard Luik.", "Visser makes his debut against Standard Liège."),
    ("De trainer van KAA Gent stapt op.", "The KAA Gent coach is stepping down."),
    # a city-exonym row whose Dutch form English uses too
    ("De veerboot vertrekt uit Hoek van Holland.", "The ferry leaves from Hoek van Holland."),
    # a Dutch form English uses too (the table lists it)
    ("Het water van de Maas stijgt.", "The water of the Maas is rising."),
    # a place whose name is not a table word's stem
    ("Max Verstappen is in Spa als derde gefinisht.", "Max Verstappen finished third at Spa."),
])
def test_dutch_forms_english_uses_keep_the_name(nl, en):
    assert missing_names(nl, en) == []


def test_a_count_noun_twice_a_bare_subject_is_a_person_in_its_article():
    # "Schilder" is not in Faker's lists; a singular count noun stands bare only as a name.
    article = ["Schilder opende zaterdag de nieuwe sporthal.",
               "Schilder noemde de hal een aanwinst voor de wijk."]
    assert names(article[0], NameContext.of_texts(article[:1])) == []     # once: no proof
    context = NameContext.of_texts(article)
    assert names(article[1], context) == ["Schilder"]
    assert missing_names(article[1], "Painter called the hall an asset.", context) == ["Schilder"]
    # The article writes the word in lower case too: the painter, a common noun.
    painter = [*article, "De schilder werkte er drie maanden aan."]
    assert names(article[1], NameContext.of_texts(painter)) == []


def test_a_mass_noun_twice_a_bare_subject_stays_a_word():
    article = ["Verkeer liep vast op de ringweg.", "Verkeer wordt omgeleid via de brug."]
    context = NameContext.of_texts(article)
    assert names(article[0], context) == [] and names(article[1], context) == []


@pytest.mark.parametrize("nl, kept, lost", [
    # A title, then a first name and a surname that the names table translates as a word.
    ("Volgens prof. Lotte Koning is de dijk veilig.",
     "According to Professor Lotte Koning, the dyke is safe.",
     "According to Professor Lotte King, the dyke is safe."),
    ("Gedeputeerde Bram Koning opende zaterdag de nieuwe brug.",
     "Provincial executive Bram Koning opened the new bridge on Saturday.",
     "Provincial executive Bram King opened the new bridge on Saturday."),
])
def test_a_word_the_table_translates_after_a_first_name_is_a_surname(nl, kept, lost):
    assert missing_names(nl, kept, NameContext.of_texts([nl])) == []
    assert missing_names(nl, lost, NameContext.of_texts([nl])) != []


def test_a_body_named_after_a_first_name_is_no_person():
    nl = "Ze werkt sinds maart in het Elisabeth Ziekenhuis in Tilburg."
    assert missing_names(nl, "She has worked at the Elisabeth Hospital in Tilburg since March.",
                         NameContext.of_texts([nl])) == []


@pytest.mark.parametrize("nl, right, wrong", [
    ('"We sluiten de kantine na de zomer", zegt Visser.',
     '"We are closing the canteen after the summer," says Visser.',
     '"We are closing the canteen after the summer," says the fisherman.'),
    ("De bouw loopt een jaar vertraging op, aldus Bakker.",
     "Construction is running a year behind, according to Bakker.",
     "Construction is running a year behind, according to the baker."),
])
def test_a_surname_word_named_as_the_speaker_after_a_speech_verb_is_a_person(nl, right, wrong):
    assert missing_names(nl, right) == []
    assert missing_names(nl, wrong) != []


def test_a_country_after_a_speech_verb_keeps_its_english_name():
    nl = '"Wij erkennen de uitslag niet", zegt Rusland.'
    assert missing_names(nl, '"We do not recognise the result," says Russia.') == []


@pytest.mark.parametrize("nl, kept, translated", [
    # After `volgens` or a speech verb a bare singular count noun cannot stand: a person.
    ("Volgens Koning moet de sluis in Terneuzen eerder open.",
     "According to Koning, the lock in Terneuzen must open sooner.",
     "According to the king, the lock in Terneuzen must open sooner."),
    ("Dat schrijft Visser dinsdag in een brief aan de raad.",
     "Visser wrote this in a letter to the council on Tuesday.",
     "The fisherman wrote this in a letter to the council on Tuesday."),
    ("Dat meldt Bakker na afloop van de vergadering.",
     "Bakker reported this after the meeting.",
     "The baker reported this after the meeting."),
])
def test_speaker_after_volgens_or_speech_verb_is_a_person(nl, kept, translated):
    assert missing_names(nl, kept) == []
    assert missing_names(nl, translated) != []


def test_title_after_volgens_stays_a_title():
    # `volgens Koning Filip`: a name follows, so Koning is the title there.
    nl = "Volgens Koning Filip is de haven van Zeebrugge van groot belang."
    assert missing_names(nl, "According to King Philippe, the port of Zeebrugge is very important.") == []


def test_first_name_the_table_translates_before_a_particled_surname_is_a_person():
    # Noor (Norway in the table) right before `El Amrani`: a first name, not the country.
    nl = "Het atelier van Sanne de Wit en Noor El Idrissi opent zaterdag in Zwolle."
    assert missing_names(nl, "The studio of Sanne de Wit and Noor El Idrissi opens in Zwolle on Saturday.") == []
    # The country alone still needs its English name.
    assert missing_names("De veerboot vaart van Noorwegen naar Denemarken.",
                         "The ferry sails from Noorwegen to Denmark.") != []


@pytest.mark.parametrize("nl, kept, translated", [
    # A first name, then a particle and a surname that is a Dutch word (de Koning, de Wit).
    ("Directeur Femke de Koning opent maandag de nieuwe veerterminal in Harlingen.",
     "Director Femke de Koning opens the new ferry terminal in Harlingen on Monday.",
     "Director Femke the King opens the new ferry terminal in Harlingen on Monday."),
    ("Wethouder Joris de Wit wil de markt naar het plein verhuizen.",
     "Alderman Joris de Wit wants to move the market to the square.",
     "Alderman Joris the White wants to move the market to the square."),
    # The particle with a capital, no first name: the person (`aldus De Koning`).
    ('"De kramen blijven staan tot zes uur", aldus De Koning.',
     '"The stalls will stay until six o\'clock," says De Koning.',
     '"The stalls will stay until six o\'clock," says the king.'),
    ("Volgens De Koning komen er dit jaar meer bezoekers naar de kermis.",
     "According to De Koning, more visitors are coming to the fair this year.",
     "According to the king, more visitors are coming to the fair this year."),
])
def test_a_particled_surname_that_is_a_dutch_word_keeps_particle_and_surname(nl, kept, translated):
    context = NameContext.of_texts([nl])
    assert missing_names(nl, kept, context) == []
    assert missing_names(nl, translated, context) != []


def test_a_capital_particle_opening_a_sentence_is_the_sentence_s_capital():
    # "De" opening a sentence is capitalised whoever follows: "De Koning" there is the king,
    # unless the article names a person so (a fishmonger Jan de Koning, then "De Koning ...").
    nl = "De Koning en zijn gezin bezochten zaterdag de bloemenveiling in Aalsmeer."
    en = "The King and his family visited the flower auction in Aalsmeer on Saturday."
    assert missing_names(nl, en, NameContext.of_texts([nl])) == []
    article = ["Visboer Jan de Koning staat al dertig jaar op de weekmarkt.",
               "De Koning verkoopt er vooral haring en makreel."]
    context = NameContext.of_texts(article)
    assert missing_names(article[1], "De Koning mainly sells herring and mackerel there.",
                         context) == []
    assert missing_names(article[1], "The King mainly sells herring and mackerel there.",
                         context) != []



@pytest.mark.parametrize("nl, kept, lost", [
    # A function Hunspell does not know, written before a first name: no part of the name.
    ("Dijkgraaf Sietske van Dam waarschuwt dat het water in de polder stijgt.",
     "Dike-reeve Sietske van Dam warns that the water in the polder is rising.",
     "Dike-reeve Sietske of Dam warns that the water in the polder is rising."),
    ("Praeses Wouter ter Horst belooft een rustig lustrumfeest.",
     "President Wouter ter Horst promises a quiet anniversary party.",
     "President Wouter promises a quiet anniversary party."),
])
def test_a_function_before_a_first_name_is_no_part_of_the_name(nl, kept, lost):
    assert missing_names(nl, kept) == []
    assert missing_names(nl, lost) != []


def test_two_first_names_open_one_name():
    nl = "Anna Sophie Kuipers opent het dansfestival in Eindhoven."
    assert names(nl) == ["Anna Sophie Kuipers", "Eindhoven"]
