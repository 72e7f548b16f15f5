"""Names kept without an English form: a quoted title copied whole, a body named by the
acronym the Dutch gives in brackets (checks/name_verbatim.py)."""

from translate.checks.names import missing_names
from translate.checks.name_verbatim import acronym_named, quoted_kept


def test_a_name_inside_a_quoted_title_the_english_copies_whole_is_kept():
    nl = "Het Nederlands Blazers Ensemble speelt 'Een Zomer aan de Waddenzee' in Leeuwarden."
    en = "The Netherlands Wind Ensemble is playing 'Een Zomer aan de Waddenzee' in Leeuwarden."
    assert "Waddenzee" not in " ".join(missing_names(nl, en))
    assert quoted_kept(nl, "Waddenzee", en)


def test_a_quoted_title_translated_is_still_judged_by_its_names():
    nl = "De roman 'Storm boven Zeeland' verschijnt in tien talen."
    assert not quoted_kept(nl, "Zeeland", "The novel 'Storm over Sealand' appears in ten languages.")
    assert missing_names(nl, "The novel 'Storm over Sealand' appears in ten languages.") != []


def test_an_apostrophe_inside_a_word_opens_no_quote():
    nl = "Zo'n honderd boeren uit 's-Hertogenbosch protesteren."
    assert not quoted_kept(nl, "Hertogenbosch", "Some hundred farmers from Den Bosch protest.")


def test_a_body_named_by_its_bracketed_acronym_in_the_english_is_kept():
    nl = "Volgens de Stichting Landelijk Onderzoek Fietsongevallen (SLOF) stijgt het aantal doden."
    assert acronym_named(nl, "Stichting Landelijk Onderzoek Fietsongevallen",
                         "According to the SLOF cycling accident research foundation, deaths are rising.")
    assert missing_names(nl, "According to SLOF, the number of deaths is rising.") == []


def test_a_word_by_word_rendering_before_the_acronym_in_brackets_is_not_rescued():
    nl = "De Stichting Landelijk Onderzoek Fietsongevallen (SLOF) waarschuwt automobilisten."
    en = "The Foundation National Research Bicycle Accidents (SLOF) warns motorists."
    assert not acronym_named(nl, "Stichting Landelijk Onderzoek Fietsongevallen", en)


def test_a_persons_party_in_brackets_does_not_keep_the_person():
    nl = "Kamerlid Femke Wolters (VVD) wil een verbod op lachgas in de auto."
    assert not acronym_named(nl, "Femke Wolters", "A VVD MP wants a ban on laughing gas in cars.")
    assert missing_names(nl, "A VVD MP wants a ban on laughing gas in cars.") != []
