"""Peoples, faiths and historical groups, and benefits and taxes by their Dutch initials:
English names them in English (data/names.tsv)."""

import pytest

from translate.checks.names import missing_names


@pytest.mark.parametrize("nl, right, wrong", [
    ("In de synagoge herdachten Joden uit heel Limburg de slachtoffers.",
     "In the synagogue, Jews from all over Limburg commemorated the victims.",
     "In the synagogue, Joden from all over Limburg commemorated the victims."),
    ("Veel Hindoestanen vieren het lichtfeest met kaarsjes in de vensterbank.",
     "Many Hindustanis celebrate the festival of light with candles on the windowsill.",
     "Many Hindoestanen celebrate the festival of light with candles on the windowsill."),
    ("Zwolle en Hasselt promoten zich samen als Hanzesteden aan de IJssel.",
     "Zwolle and Hasselt are jointly promoting themselves as Hanseatic towns on the IJssel.",
     "Zwolle and Hasselt are jointly promoting themselves as Hanzesteden on the IJssel."),
])
def test_peoples_faiths_and_groups_are_named_in_english(nl, right, wrong):
    assert missing_names(nl, right) == []
    assert missing_names(nl, wrong) != []


@pytest.mark.parametrize("nl, en", [
    ("Wie in 1961 is geboren, krijgt de AOW pas een paar maanden later.",
     "People born in 1961 will only receive their state pension a few months later."),
    ("Een garage in Venlo gaf auto's zonder controle een APK-keuring.",
     "A garage in Venlo passed cars for their roadworthiness test without checking them."),
    ("Vrijwilligers in de jeugdzorg moeten voortaan een VOG overleggen.",
     "Volunteers in youth care must now produce a certificate of conduct."),
    ("De gemeente betaalt de traplift uit de Wmo.",
     "The municipality pays for the stairlift under the Social Support Act."),
])
def test_initials_of_benefits_and_documents_english_writes_out(nl, en):
    assert missing_names(nl, en) == []


def test_initials_written_out_wrongly_are_still_missing():
    nl = "Wie in 1961 is geboren, krijgt de AOW pas een paar maanden later."
    assert missing_names(nl, "People born in 1961 will only receive their child benefit a few "
                             "months later.") != []


@pytest.mark.parametrize("nl, en", [
    ("Volgens de Taalunie spreken 24 miljoen mensen Nederlands als moedertaal.",
     "According to the Dutch Language Union, 24 million people speak Dutch as their mother "
     "tongue."),
    ("Steeds meer ZZP'ers in de thuiszorg stoppen ermee.",
     "More and more self-employed carers in home care are giving up."),
    ("Het MKB klaagt over de hoge energieprijzen.",
     "Small businesses are complaining about the high energy prices."),
])
def test_bodies_and_initials_of_the_coming_registers_are_kept_in_english(nl, en):
    assert missing_names(nl, en) == []


def test_a_body_rendered_word_by_word_instead_of_its_english_name_is_missing():
    nl = "Luchtverkeersleiding Nederland heeft een storing in het radarsysteem gemeld."
    assert missing_names(nl, "Air Traffic Leadership Netherlands has reported a fault in the "
                             "radar system.") != []
    assert missing_names(nl, "Air Traffic Control the Netherlands has reported a fault in the "
                             "radar system.") == []
