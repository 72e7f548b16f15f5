"""Odd nights an input tree brings, through the real CLI: two PATHs holding the same
relative name, a night that finds nothing, inputs whose names look like outputs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from helpers import SECOND, SEED_SHAPED, model_flags, write, run_reported as run

THIRD = " date 2022-05 De haven van Rotterdam meldt een recordjaar. Dat zei de directie.\n"


@pytest.fixture
def models(tiny_marian, tiny_bart):
    return model_flags(tiny_marian, tiny_bart)




def source_of(record: Path) -> str:
    return json.loads(record.read_text())["sha256"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- one name under two PATHs


def test_same_name_under_two_paths_is_refused_night_after_night(tmp_path, models):
    r1, r2, out, report = tmp_path / "r1", tmp_path / "r2", tmp_path / "out", tmp_path / "r.json"
    write(r1 / "x" / "a.txt", SECOND)
    write(r2 / "x" / "a.txt", SEED_SHAPED)
    write(r1 / "b.txt", THIRD)
    for night in range(2):
        code, data, lines = run(r1, r2, "--out", out, *models, report=report)
        assert code == 1
        assert data["failed"] == ["x/a.txt"]                 # once, not once per PATH
        assert data["translated" if night == 0 else "unchanged"] == ["b.txt"]
        errors = [line for line in lines if line.startswith("error:")]
        assert len(errors) == 1
        assert str(r1 / "x" / "a.txt") in errors[0] and str(r2 / "x" / "a.txt") in errors[0]
        assert "--out" in errors[0]
        assert data["errors"]["x/a.txt"] in errors[0]
        assert not (out / "x").exists()                      # neither written over the other
    assert data["models_loaded"] == []                       # the second night: a no-op


def test_a_second_path_added_later_redoes_nothing_of_the_first(tmp_path, models):
    r1, r2, out, report = tmp_path / "r1", tmp_path / "r2", tmp_path / "out", tmp_path / "r.json"
    a1 = write(r1 / "a.txt", SECOND)
    write(r1 / "b.txt", THIRD)
    assert run(r1, "--out", out, *models, report=report)[0] == 0
    write(r2 / "a.txt", SEED_SHAPED)
    write(r2 / "c.txt", SEED_SHAPED)
    code, data, _ = run(r1, r2, "--out", out, *models, report=report)
    assert code == 1
    assert (data["failed"], data["unchanged"], data["translated"]) == (["a.txt"], ["b.txt"],
                                                                      ["c.txt"])
    assert source_of(out / "a.json") == sha(a1)              # r1's outputs left as they were
    (r2 / "a.txt").unlink()                                  # the operator resolves it
    code, data, lines = run(r1, r2, "--out", out, *models, report=report)
    assert (code, lines) == (0, [])
    assert sorted(data["unchanged"]) == ["a.txt", "b.txt", "c.txt"]
    assert data["models_loaded"] == []


def test_same_name_under_two_paths_alongside_is_kept_apart(tmp_path, models):
    r1, r2, report = tmp_path / "r1", tmp_path / "r2", tmp_path / "r.json"
    write(r1 / "a.txt", SECOND)
    write(r2 / "a.txt", SEED_SHAPED)
    code, data, _ = run(r1, r2, "--alongside", *models, report=report)
    assert code == 0
    assert sorted(data["translated"]) == [str(r1 / "a.txt"), str(r2 / "a.txt")]
    assert source_of(r1 / "a.json") == sha(r1 / "a.txt")
    assert source_of(r2 / "a.json") == sha(r2 / "a.txt")
    code, data, _ = run(r1, r2, "--alongside", *models, report=report)
    assert code == 0 and data["translated"] == [] and len(set(data["unchanged"])) == 2
    code, data, _ = run(r1, "--alongside", *models, report=report)   # alone: its key again
    assert code == 0 and data["unchanged"] == ["a.txt"]


# ---------------------------------------------------------------- a night that finds nothing


def test_a_path_that_yields_nothing_is_said_with_what_it_holds(tmp_path, models):
    scraped, good, out, report = tmp_path / "scraped", tmp_path / "good", tmp_path / "out", \
        tmp_path / "r.json"
    for i in range(3):
        write(scraped / "2026" / f"bericht-{i}.TXT", SECOND)
    write(scraped / "index.rtf", "{\\rtf1 index}\n")
    write(good / "a.txt", SECOND)
    code, data, lines = run(scraped, good, "--out", out, *models, report=report)
    assert code == 0 and data["translated"] == ["a.txt"]
    (warning,) = [line for line in lines if line.startswith("warning:")]
    assert str(scraped) in warning and "'*.txt'" in warning
    assert "4 other file(s), most of them '.TXT'" in warning
    assert "case-sensitive" in warning


def test_an_empty_night_with_only_rich_text_names_the_glob(tmp_path, models):
    folder, out, report = tmp_path / "in", tmp_path / "out", tmp_path / "r.json"
    write(folder / "a.rtf", SECOND)
    write(folder / "b.rtf", SECOND)
    code, data, lines = run(folder, "--out", out, *models, report=report)
    assert code == 0 and data["translated"] == []
    assert len(lines) == 1
    assert "no file matches '*.txt'" in lines[0] and "2 other file(s), most of them '.rtf'" \
        in lines[0] and "case" not in lines[0]


# ---------------------------------------------------------------- names that look like outputs


def test_inputs_named_like_outputs_are_translated_with_out_elsewhere(tmp_path, models):
    folder, out, report = tmp_path / "in", tmp_path / "out", tmp_path / "r.json"
    write(folder / "verslag.en.txt", SECOND)
    write(folder / "verslag.txt", THIRD)
    write(folder / "x.summary.md", SEED_SHAPED)
    write(folder / "z.en.jsonl", json.dumps({"id": "1", "text": SECOND}) + "\n")
    config = write(tmp_path / "c.toml", '[output]\nglob = "*.*"\n')
    code, data, lines = run(folder, "--out", out, "--config", config, *models, report=report)
    assert code == 0, lines
    assert sorted(data["translated"]) == ["verslag.en.txt", "verslag.txt", "x.summary.md",
                                          "z.en.jsonl#1"]
    assert source_of(out / "verslag.en.json") == sha(folder / "verslag.en.txt")
    assert lines == []


def test_alongside_leaves_out_only_its_own_outputs(tmp_path, models):
    folder, report = tmp_path / "in", tmp_path / "r.json"
    write(folder / "brug.txt", SEED_SHAPED)
    write(folder / "nieuws.en.txt", SECOND)           # no nieuws.txt: an article
    assert run(folder, "--alongside", *models, report=report)[0] == 0
    write(folder / "haven.txt", THIRD)
    write(folder / "haven.en.txt", SECOND)            # where haven.txt's English goes
    code, data, lines = run(folder, "--alongside", *models, report=report)
    assert code == 1
    assert sorted(data["unchanged"]) == ["brug.txt", "nieuws.en.txt"]
    assert data["failed"] == ["haven.txt"]           # the user's file is never written over
    warning, error = lines
    assert str(folder / "haven.en.txt") in warning and "haven.txt" in warning
    assert "rename" in warning
    assert error.startswith("error:") and str(folder / "haven.en.txt") in error
    assert (folder / "haven.en.txt").read_text() == SECOND
    # Once it is renamed, both are articles, translated, and the next night a no-op.
    (folder / "haven.en.txt").rename(folder / "haven-mine.en.txt")
    code, data, lines = run(folder, "--alongside", *models, report=report)
    assert (code, lines) == (0, [])
    assert sorted(data["translated"]) == ["haven-mine.en.txt", "haven.txt"]
    code, data, lines = run(folder, "--alongside", *models, report=report)
    assert (code, lines, data["translated"]) == (0, [], [])
    assert len(data["unchanged"]) == 4


def test_outputs_of_an_earlier_alongside_run_are_never_inputs(tmp_path, models):
    folder, out, report = tmp_path / "in", tmp_path / "out", tmp_path / "r.json"
    write(folder / "brug.txt", SEED_SHAPED)
    assert run(folder, "--alongside", *models, report=report)[0] == 0
    (folder / "brug.txt").unlink()                    # its outputs stay behind
    code, data, lines = run(folder, "--out", out, *models, report=report)
    assert code == 0 and data["translated"] == []
    (warning,) = lines
    # brug.en.txt and brug.summary.md (*.md is an article glob): both the tool's own.
    assert "no article found" in warning and "2 file(s) there are this tool's own" in warning


def test_hidden_files_matching_the_glob_are_said(tmp_path, models):
    folder, out, report = tmp_path / "in", tmp_path / "out", tmp_path / "r.json"
    write(folder / "a.txt", SECOND)
    write(folder / "._a.txt", "\x00\x05")             # macOS AppleDouble
    write(folder / ".oud" / "b.txt", SECOND)
    code, data, lines = run(folder, "--out", out, *models, report=report)
    assert code == 0 and data["translated"] == ["a.txt"]
    (warning,) = lines
    assert "1 hidden article file(s) and 1 hidden folder(s)" in warning
    assert "._a.txt" in warning
