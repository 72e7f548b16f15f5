"""The table of institutions and places with an English name (translate/data/institutions.tsv)
and its loader (translate/checks/institutions.py)."""

from __future__ import annotations

import unicodedata

import pytest

from translate.checks.institutions import (KINDS, TABLE, institutions, is_acronym, load, lookup,
                                           normalise)


def _raw_rows() -> list[tuple[int, list[str]]]:
    """The table's rows read apart from the loader: (line number, columns)."""
    rows = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            rows.append((number, line.split("\t")))
    return rows


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c))
                    .replace("-", " ").casefold().split())


def test_the_table_has_at_least_300_entries_with_five_columns():
    rows = _raw_rows()
    assert len(rows) >= 300
    bad = [number for number, columns in rows if len(columns) != 5]
    assert bad == []
    assert len({id(row) for row in institutions().values()}) == len(rows)


def test_every_row_has_a_source_and_a_known_kind():
    for number, (dutch, english, kind, outdated, source) in _raw_rows():
        assert source.strip() not in ("", "-"), f"line {number}: no source"
        assert kind in KINDS, f"line {number}: kind {kind!r}"
        assert dutch.strip() and english.strip(), f"line {number}"
        assert outdated.strip(), f"line {number}: outdated is `-` when there is none"


def test_no_dutch_form_is_listed_twice_with_different_english():
    seen: dict[str, tuple[int, frozenset[str]]] = {}
    clashes = []
    for number, (dutch, english, *_rest) in _raw_rows():
        forms = frozenset(_fold(e) for e in english.split("|"))
        for variant in dutch.split("|"):
            key = _fold(variant)
            if key in seen and seen[key][1] != forms:
                clashes.append((variant, seen[key][0], number))
            seen.setdefault(key, (number, forms))
    assert clashes == []


def test_no_english_form_is_both_accepted_and_outdated():
    for row in {id(r): r for r in institutions().values()}.values():
        accepted = {_fold(f) for f in row.accepted}
        assert not accepted & {_fold(f) for f in row.outdated}, row.dutch[0]


def test_lookups_of_official_english_names_and_acronyms():
    council = lookup("Raad van State")
    assert "Council of State" in council.english and council.kind == "court"
    privacy = lookup("AP")
    assert privacy is lookup("Autoriteit Persoonsgegevens")
    assert "Dutch Data Protection Authority" in privacy.english and privacy.acronyms == ("AP",)
    railways = lookup("NS")
    assert {"Dutch Railways", "Netherlands Railways"} <= set(railways.english)
    assert "NS" in railways.acronyms
    assert lookup("OM") is lookup("Openbaar Ministerie") and "OM" in lookup("OM").acronyms
    assert lookup("om") is None and lookup("Om") is None   # a preposition, not the OM
    assert lookup("KVK") is lookup("KvK") is lookup("Kamer van Koophandel")
    assert lookup("Kvk") is None and lookup("ns") is None
    assert lookup("Maas") is None          # countries, rivers of names.tsv stay there
    assert lookup("Ministerie van Financiën") is lookup("ministerie van financien")
    assert "Ministry of Finance" in lookup("MINISTERIE VAN FINANCIËN").english


def test_lookups_of_places_and_their_outdated_english():
    bosch = lookup("'s-Hertogenbosch")
    assert bosch is lookup("’s-Hertogenbosch") is lookup("Den Bosch")
    assert "Bois-le-Duc" in bosch.outdated and "'s-Hertogenbosch" in bosch.accepted
    assert lookup("Vlissingen").outdated == ("Flushing",)
    assert "Louvain" in lookup("Leuven").outdated
    assert "Kiev" in lookup("Kiev").outdated and lookup("Kiev").english == ("Kyiv",)
    assert lookup("Zeeuws Vlaanderen") is lookup("Zeeuws-Vlaanderen")
    assert "Zeelandic Flanders" in lookup("Zeeuws-Vlaanderen").english
    assert lookup("Kempen").english[0] == "Campine"
    assert lookup("Stille Oceaan").english[0] == "Pacific Ocean"


def test_normalise_folds_case_accents_apostrophes_and_hyphens():
    assert normalise("  ’s-Hertogenbosch ") == "'s hertogenbosch"
    assert normalise("Christen-Democratisch Appèl") == "christen democratisch appel"
    assert normalise("Amsterdam–Rijnkanaal") == normalise("Amsterdam-Rijnkanaal")


@pytest.mark.parametrize("form, acronym", [
    ("AP", True), ("N-VA", True), ("CD&V", True), ("D66", True), ("NZa", True),
    ("50PLUS", True), ("TU/e", True), ("GroenLinks", False), ("IJssel", False),
    ("Eurojust", False), ("Dutch Railways", False), ("Rijkswaterstaat", False), ("A", False),
])
def test_acronyms_are_told_from_names(form, acronym):
    assert is_acronym(form) is acronym


def test_the_loader_is_cached_and_read_only():
    assert institutions() is institutions()
    with pytest.raises(TypeError):
        institutions()["x"] = None


def _table(tmp_path, *rows: str):
    path = tmp_path / "t.tsv"
    path.write_text("# header\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_dutch_form_in_two_rows_is_an_error_naming_the_line(tmp_path):
    path = _table(tmp_path, "Raad van State\tCouncil of State\tcourt\t-\twp:x",
                  "Raad  van state\tState Council\tcourt\t-\twp:y")
    with pytest.raises(ValueError, match=r"t\.tsv:3: 'Raad  van state' is already in line 2"):
        load(path)


@pytest.mark.parametrize("row, message", [
    ("Raad van State\tCouncil of State\tcourt\t-\t-", "no source"),
    ("Raad van State\tCouncil of State\tcourt\t-\t", "no source"),
    ("Raad van State\tCouncil of State\tpalace\t-\twp:x", "unknown kind 'palace'"),
    ("Raad van State\tCouncil of State\tcourt\twp:x", "4 columns"),
    ("Vlissingen\tVlissingen|Flushing\tcity-exonym\tFlushing\twp:x", "accepted and outdated"),
])
def test_a_malformed_row_is_an_error_naming_the_line(tmp_path, row, message):
    with pytest.raises(ValueError, match=message):
        load(_table(tmp_path, row))


def test_a_body_after_a_persons_particles_is_the_body_not_a_surname():
    from translate.checks.names import missing_names
    nl = "Onderzoeker Pieter Janssens van de Universiteit Gent presenteert de cijfers."
    assert missing_names(nl, "Researcher Pieter Janssens of Ghent University presents the figures.") \
        == []
    assert missing_names(nl, "Researcher Pieter Janssens of the University of Gent presents the "
                             "figures.") != []


@pytest.mark.parametrize("nl, kept, lost", [
    # A ministry's portfolio after `minister van`: English keeps it in the same order.
    ("De minister van Volksgezondheid, Welzijn en Sport bezoekt morgen het dierenasiel.",
     "The Minister of Health, Welfare and Sport visits the animal shelter tomorrow.",
     "The Minister of Public Health, Wellbeing and Sports visits the animal shelter tomorrow."),
    ("Een woordvoerder van de minister van Onderwijs, Cultuur en Wetenschap bevestigt het bericht.",
     "A spokesperson for the Minister of Education, Culture and Science confirms the report.",
     "A spokesperson for the Minister of Teaching, Culture and Knowledge confirms the report."),
])
def test_a_ministrys_portfolio_in_english_order_keeps_it(nl, kept, lost):
    from translate.checks.names import missing_names
    assert missing_names(nl, kept) == []
    assert missing_names(nl, lost) != []


@pytest.mark.parametrize("nl, kept, lost", [
    ("Het Rode Kruis-Vlaanderen zet extra vrijwilligers in tijdens de Gentse Feesten.",
     "Red Cross Flanders is deploying extra volunteers during the Ghent Festivities.",
     "The Red Crucifix Flanders is deploying extra volunteers during the Ghent Parties."),
    ("Veteranen uit Amerika herdenken in december de Slag om de Ardennen.",
     "Veterans from America commemorate the Battle of the Bulge in December.",
     "Veterans from America commemorate the Fight for the Ardennes in December."),
    ("De Koninklijke Maatschappij voor Dierkunde opent een nieuw okapiverblijf.",
     "The Royal Zoological Society of Antwerp is opening a new okapi enclosure.",
     "The Royal Company for Animal Science is opening a new okapi enclosure."),
    ("Het paneel van de Rechtvaardige Rechters blijft onvindbaar.",
     "The panel of the Just Judges remains missing.",
     "The panel of the Righteous Judges remains missing."),
    ("De Samenwerkende Hulporganisaties openen vanavond een giro voor de slachtoffers.",
     "The Cooperating Aid Organisations are opening an appeal for the victims tonight.",
     "The Collaborating Relief Groups are opening an appeal for the victims tonight."),
    ("Bij het Klein Kasteeltje staan weer tientallen mensen in de rij.",
     "Dozens of people are queuing again at the Petit-Château.",
     "Dozens of people are queuing again at the Small Castle."),
])
def test_bodies_events_and_works_with_an_english_name(nl, kept, lost):
    from translate.checks.names import missing_names
    assert missing_names(nl, kept) == []
    assert missing_names(nl, lost) != []


def test_gelderland_keeps_its_name_and_guelders_is_outdated():
    from translate.checks.names import missing_names
    nl = "De bloembollenvelden in Gelderland trekken elk voorjaar toeristen."
    assert missing_names(nl, "The bulb fields in Gelderland draw tourists every spring.") == []
    assert missing_names(nl, "The bulb fields in Guelders draw tourists every spring.") != []
