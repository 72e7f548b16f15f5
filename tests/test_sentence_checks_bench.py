"""The labelled sentences written apart from the checks (`benchmarks/data/sentences_unseen.tsv`)
and their benchmark (`benchmarks/sentence_checks.py`): the file parses and holds what the
figures rest on, and the benchmark reports the figures in the right shape."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = REPO_ROOT / "benchmarks" / "data"
SCRIPT = REPO_ROOT / "benchmarks" / "sentence_checks.py"
KINDS = ("names_err", "numbers_err", "dropped_err", "untranslated_err")
NAMES_KINDS = {"surname_as_word", "exonym", "word_by_word", "first_name", "swapped_name",
               "swapped_place", "dropped_name"}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("sentence_checks", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows(bench) -> list[dict[str, str]]:
    return bench.read_rows(DATA / "sentences_unseen.tsv")


def _data_lines(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def test_every_line_has_the_header_s_columns():
    header, *lines = _data_lines(DATA / "sentences_unseen.tsv")
    assert header == ["article", "split", "register", "nl", "en", "names_err", "names_kind",
                      "numbers_err", "dropped_err", "untranslated_err"]
    bad = [i for i, cells in enumerate(lines, 2) if len(cells) != len(header)
           or any(not cell.strip() for cell in cells)]
    assert not bad, f"data lines with a wrong number of cells or an empty cell: {bad}"


def test_enough_sentences_and_planted_errors_of_each_kind(rows):
    assert len(rows) >= 400
    for kind in KINDS:
        assert sum(row[kind] != "-" for row in rows) >= 100, kind
    assert {row["split"] for row in rows} == {"unseen"}
    assert {row["register"] for row in rows} == {"sport", "crime", "culture", "regional",
                                                 "economy", "belgium"}


def test_each_planted_error_differs_from_the_correct_english(rows):
    same = [(kind, row["en"]) for row in rows for kind in KINDS if row[kind] == row["en"]]
    assert not same


def test_names_errors_are_labelled_with_their_sub_kind(rows):
    for row in rows:
        assert (row["names_kind"] in NAMES_KINDS) == (row["names_err"] != "-"), row["nl"]


def test_articles_are_small_and_contiguous(rows):
    sizes = Counter(row["article"] for row in rows)
    assert all(2 <= size <= 6 for size in sizes.values()), sizes
    runs = [row["article"] for i, row in enumerate(rows)
            if i == 0 or rows[i - 1]["article"] != row["article"]]
    assert len(runs) == len(set(runs)), "an article's sentences are not together"


def test_no_duplicate_and_nothing_from_the_older_sets(rows):
    dutch = [row["nl"] for row in rows]
    assert [nl for nl, n in Counter(dutch).items() if n > 1] == []
    older = {cells[2] for cells in _data_lines(DATA / "names.tsv")[1:]}
    for name in ("flags.tsv", "flags_heldout.tsv"):
        older |= {cells[0] for cells in _data_lines(DATA / name)}
    assert older, "the older sets were not read"
    assert set(dutch) & older == set()


def _sample(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    """A small data file with the first two articles and an article of a second split."""
    keep = [row for row in rows if row["article"] in {rows[0]["article"], "cr01"}]
    keep = [row | {"split": "final"} if row["article"] == "cr01" else row for row in keep]
    header = list(rows[0])
    path = tmp_path / "sample.tsv"
    path.write_text("# a comment line\n" + "\t".join(header) + "\n"
                    + "".join("\t".join(row[c] for c in header) + "\n" for row in keep),
                    encoding="utf-8")
    return path


def test_the_benchmark_reports_each_split_and_check(bench, rows, tmp_path, capsys):
    path = _sample(tmp_path, rows)
    sample = bench.read_rows(path)
    assert bench.main(["--data", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert list(report) == ["unseen", "final", "all"]
    for split, checks in report.items():
        assert list(checks) == ["names", "numbers", "length_ratio", "dropped", "untranslated",
                                "length_or_dropped", "any"]
        in_split = [r for r in sample if split == "all" or r["split"] == split]
        for check, figures in checks.items():
            assert figures["correct"] == len(in_split)
            assert 0 <= figures["false_alarms"] <= figures["correct"]
            assert figures["false_alarm_rate"] == round(
                100 * figures["false_alarms"] / figures["correct"], 1)
            if check == "any":
                assert "planted" not in figures
                continue
            column = bench.CHECKS[check]
            assert figures["planted"] == sum(r[column] != "-" for r in in_split)
            assert 0 <= figures["caught"] <= figures["caught_by_any"] <= figures["planted"]
            if check == "length_or_dropped":    # caught by either flag
                assert figures["caught"] >= max(checks["length_ratio"]["caught"],
                                                checks["dropped"]["caught"])
            assert figures["catch_rate"] == round(100 * figures["caught"] / figures["planted"], 1)
        by_kind = checks["names"]["by_kind"]
        assert sum(k["planted"] for k in by_kind.values()) == checks["names"]["planted"]
        assert set(by_kind) <= NAMES_KINDS
        assert set(checks["untranslated"]["by_kind"]) <= {"whole", "clause"}
    assert all(report["all"][c]["correct"] == len(sample) for c in report["all"])


def test_the_benchmark_counts_a_missed_error_and_a_false_alarm(bench, tmp_path, capsys):
    """A planted 'error' that is the correct English unchanged is never caught; a Dutch
    sentence given as the correct English is an `untranslated` false alarm."""
    nl = "Het Nederlands elftal won gisteren met 3-0 van Schotland in Glasgow."
    en = "The Dutch national team beat Scotland 3-0 in Glasgow yesterday."
    path = tmp_path / "two.tsv"
    path.write_text("article\tsplit\tregister\tnl\ten\tnames_err\tnames_kind\tnumbers_err\t"
                    "dropped_err\tuntranslated_err\n"
                    f"x1\tunseen\tsport\t{nl}\t{en}\t-\t-\t{en.replace('3-0', '3-0 ')}\t-\t{nl}\n"
                    f"x1\tunseen\tsport\t{nl} Toch.\t{nl} Toch.\t-\t-\t-\t-\t-\n",
                    encoding="utf-8")
    assert bench.main(["--data", str(path), "--json", "--split", "unseen"]) == 0
    report = json.loads(capsys.readouterr().out)["unseen"]
    assert report["numbers"]["planted"] == 1 and report["numbers"]["caught"] == 0
    assert report["untranslated"]["caught"] == 1
    assert report["untranslated"]["by_kind"] == {"whole": {"planted": 1, "caught": 1,
                                                           "catch_rate": 100.0}}
    assert report["untranslated"]["false_alarms"] == 1


def test_the_benchmark_names_a_bad_file(bench, tmp_path, capsys):
    path = tmp_path / "bad.tsv"
    path.write_text("article\tsplit\tnl\nx\tunseen\tZin.\n", encoding="utf-8")
    assert bench.main(["--data", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {path}")
    assert bench.main(["--data", str(tmp_path / "none.tsv")]) == 2
    assert "none.tsv" in capsys.readouterr().err
