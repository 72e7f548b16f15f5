"""The nightly batch: incremental reruns, sentence memory, lock, bad state, bad disks."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import (
    SECOND, SEED_SHAPED, check_outputs, float32_model_flags, invoke, record_blocks, run, write,
)


# The default backend at float32, not the CPU default int8: which tokens int8 picks on random
# weights depends on the CPU's instruction set, and a sentence the model says nothing for
# stays out of the sentence memory, which would change the sentence counts asserted here.
FLOAT32 = "[translation]\ncompute_type = 'float32'\n"


@pytest.fixture
def models(tiny_marian, tiny_bart, tmp_path):
    return float32_model_flags(tiny_marian, tiny_bart, tmp_path)


@pytest.fixture
def batch(tmp_path, models):
    folder = tmp_path / "in"
    write(folder / "a.txt", SEED_SHAPED)
    write(folder / "b" / "b.txt", SECOND)
    out = tmp_path / "out"
    code, report, output = run(folder, out, models)
    assert code == 0, output
    assert len(report["translated"]) == 2
    return folder, out


def test_unchanged_rerun_loads_no_model(batch, models):
    folder, out = batch
    code, report, _ = run(folder, out, models)
    assert code == 0
    assert len(report["unchanged"]) == 2 and report["translated"] == []
    assert report["models_loaded"] == []
    assert report["sentences_translated"] == 0


def test_changed_article_is_redone_alone(batch, models):
    folder, out = batch
    write(folder / "b" / "b.txt", SECOND + "\nEen nieuwe alinea met nieuws.\n")
    code, report, _ = run(folder, out, models)
    assert code == 0
    assert [Path(p).name for p in report["translated"]] == ["b.txt"]
    assert [Path(p).name for p in report["unchanged"]] == ["a.txt"]
    check_outputs(folder / "b" / "b.txt", out / "b")


def test_deleted_or_damaged_output_is_redone(batch, models):
    folder, out = batch
    (out / "a.summary.md").unlink()
    (out / "b" / "b.json").write_text("{broken")
    code, report, _ = run(folder, out, models)
    assert code == 0 and len(report["translated"]) == 2
    check_outputs(folder / "a.txt", out)
    check_outputs(folder / "b" / "b.txt", out / "b")


def test_changed_settings_redo_everything_and_force_too(batch, models, tmp_path):
    folder, out = batch
    config = write(tmp_path / "c.toml", FLOAT32 + "[summary]\nmax_bullets = 4\n")
    code, report, _ = run(folder, out, models, "--config", config)
    assert code == 0 and len(report["translated"]) == 2
    # Only the summary settings changed: every sentence comes from the memory.
    assert report["sentences_translated"] == 0 and report["sentences_reused"] > 0
    code, report, _ = run(folder, out, models, "--config", config, "--force")
    assert code == 0 and len(report["translated"]) == 2


def test_editing_one_paragraph_translates_only_its_sentences(batch, models):
    folder, out = batch
    source = folder / "a.txt"
    edited = SEED_SHAPED.replace(
        "In de bodem zijn bijv. oude scheepswrakken gevonden. Kan de planning nog worden gehaald?",
        "In de bodem is munitie gevonden. De opruiming duurt weken. Niemand raakte gewond.",
    )
    assert edited != SEED_SHAPED
    write(source, edited)
    code, report, _ = run(folder, out, models)
    assert code == 0
    assert report["sentences_translated"] == 3
    record = check_outputs(source, out)
    assert record["paragraphs"][4]["nl"].startswith("In de bodem is munitie")


def test_boilerplate_across_articles_is_translated_once(tmp_path, models):
    folder = tmp_path / "in"
    byline = "Bron: ANP en eigen redactie."
    for i in range(4):
        write(folder / f"n{i}.txt", f"Bericht nummer {i} over het weer.\n\n{byline}\n")
    code, report, _ = run(folder, tmp_path / "out", models, "--no-summary")
    assert code == 0
    assert report["sentences_translated"] == 5   # four distinct first lines + one byline
    assert report["sentences_reused"] == 3


def test_second_run_gets_exit_3_naming_the_holder(batch, tmp_path):
    folder, out = batch
    from translate.run.state.lock import RunLock

    with RunLock(out):
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "translate", "run", str(folder), "--out", str(out)],
            capture_output=True, text=True, timeout=60,
        )
    assert result.returncode == 3
    assert time.monotonic() - started < 5
    assert f"pid {os.getpid()}" in result.stderr and "Traceback" not in result.stderr


def test_damaged_state_is_moved_aside_and_rebuilt_from_outputs(batch, models):
    folder, out = batch
    db = out / ".translate" / "state.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    for extra in ("-wal", "-shm"):
        Path(f"{db}{extra}").unlink(missing_ok=True)
    code, report, output = run(folder, out, models)
    assert code == 0, output
    assert "damaged" in output and "rebuilt" in output
    assert len(report["unchanged"]) == 2 and report["models_loaded"] == []
    assert list((out / ".translate").glob("state.sqlite3.damaged-*"))


def test_state_from_a_newer_version(batch, models):
    folder, out = batch
    with sqlite3.connect(out / ".translate" / "state.sqlite3") as conn:
        conn.execute("PRAGMA user_version = 99")
    code, report, output = run(folder, out, models)
    assert code == 0 and "newer version" in output
    assert len(report["unchanged"]) == 2


def test_unwritable_output_folder_exits_2_before_loading_models(tmp_path):
    folder = tmp_path / "in"
    write(folder / "a.txt", SECOND)
    blocker = write(tmp_path / "file", "x")
    report = tmp_path / "r.json"
    result = invoke("run", folder, "--out", blocker / "out", "--report", report,
                    "--translation-model", "Helsinki-NLP/opus-mt-nl-en")
    assert result.exit_code == 2
    assert "not writable" in result.output and "opus-mt" not in result.output
    assert json.loads(report.read_text())["models_loaded"] == []


def test_failed_article_is_retried_next_run(tmp_path, models):
    folder = tmp_path / "in"
    bad = folder / "bad.txt"
    bad.parent.mkdir(parents=True)
    bad.write_bytes("Het café is dicht.".encode("latin-1"))
    out = tmp_path / "out"
    code, report, _ = run(folder, out, models)
    assert code == 1 and len(report["failed"]) == 1
    status = invoke("status", out)
    assert status.exit_code == 0 and "bad.txt" in status.output and "UTF-8" in status.output
    bad.write_text("Het café is dicht.", encoding="utf-8")
    code, report, _ = run(folder, out, models)
    assert code == 0 and len(report["translated"]) == 1


def test_leftover_temp_files_are_removed(batch, models):
    folder, out = batch
    stray = out / "b" / ".b.en.txt.tmp-99999"
    stray.write_text("half")
    code, _, _ = run(folder, out, models)
    assert code == 0 and not stray.exists()


def test_disk_full_stops_cleanly(tmp_path, models, monkeypatch):
    import translate.run.writer as writer

    folder = tmp_path / "in"
    for i in range(3):
        write(folder / f"n{i}.txt", f"Bericht {i}. Het regent vandaag.\n")
    real = writer.write_temp
    calls = {"n": 0}
    out = tmp_path / "out"

    def full_disk(path, content):
        calls["n"] += out in path.parents
        if calls["n"] > 2 and out in path.parents:   # the first article's text and record, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, content)

    monkeypatch.setattr(writer, "write_temp", full_disk)
    code, report, output = run(folder, out, models, "--no-summary")
    assert code == 1
    assert len(report["translated"]) == 1 and len(report["failed"]) == 2
    assert any("disk is full" in m for m in report["errors"].values())
    assert not [p for p in out.rglob("*") if p.is_file() and ".tmp-" in p.name]


def test_input_deleted_during_the_run_fails_alone(tmp_path, models, monkeypatch):
    import translate.run.steps as steps

    folder = tmp_path / "in"
    doomed = write(folder / "doomed.txt", "Dit bericht verdwijnt. Echt waar.\n")
    write(folder / "kept.txt", "Dit bericht blijft. Zeker weten.\n")
    real = steps.model_steps

    def process_then_delete(*args, **kwargs):
        counts = real(*args, **kwargs)
        doomed.unlink(missing_ok=True)
        return counts

    monkeypatch.setattr(steps, "model_steps", process_then_delete)
    code, report, _ = run(folder, tmp_path / "out", models, "--no-summary")
    assert code == 1
    assert [Path(p).name for p in report["failed"]] == ["doomed.txt"]
    assert [Path(p).name for p in report["translated"]] == ["kept.txt"]
    assert "deleted during the run" in report["errors"][report["failed"][0]]


def test_sentence_the_model_drops_is_kept_in_dutch(tmp_path, models, monkeypatch):
    from translate.text.article import Translated
    from translate.models.translator import Translator

    monkeypatch.setattr(Translator, "translate",
                        lambda self, texts, on_batch=None: [Translated("", -1.0)] * len(texts))
    source = write(tmp_path / "in" / "a.txt", SEED_SHAPED)
    code, report, output = run(source, tmp_path / "out", models, "--no-summary")
    assert code == 0 and "kept in Dutch" in output
    record = json.loads((tmp_path / "out" / "a.json").read_text())
    assert all(s["en"] == s["nl"] for p in record["paragraphs"] for s in p["sentences"])
    text = (tmp_path / "out" / "a.en.txt").read_text()
    assert len(text.rstrip("\n").split("\n\n")) == len(record_blocks(record))


def test_an_unexpected_error_fails_its_articles_in_one_line_each(tmp_path, models, monkeypatch):
    import translate.run.steps as steps

    def broken(*args, **kwargs):
        raise ValueError("something odd\nwith a second line")

    monkeypatch.setattr(steps, "translate_articles", broken)
    source = write(tmp_path / "in" / "a.txt", SECOND)
    code, report, output = run(source, tmp_path / "out", models)
    assert code == 1
    quoted = json.dumps(str(source.resolve()))
    assert report["errors"][report["failed"][0]] == f"{quoted}: something odd"
    assert "Traceback" not in output
