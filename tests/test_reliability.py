"""A run always ends and tells the truth: signals, run-wide errors, damaged outputs, moved
trees, giant articles, old state databases. Real processes where signals are involved."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import SECOND, SEED_SHAPED, invoke, model_flags, run, write

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def models(tiny_marian, tiny_bart):
    return model_flags(tiny_marian, tiny_bart)


def spawn(*args: str | Path, env: dict | None = None) -> subprocess.Popen:
    """`translate ...` as a real process (one thread, as the test models like it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "translate", *map(str, args)], cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "OMP_NUM_THREADS": "1", **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(predicate, seconds: float = 120.0) -> None:
    """Poll until `predicate()` holds; the bound only guards against a hang."""
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def records(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.json") if ".translate" not in p.parts)


def temp_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.is_file() and ".tmp-" in p.name]


# ---------------------------------------------------------------- run-wide errors


def test_missing_model_aborts_before_creating_anything(tmp_path, tiny_bart):
    write(tmp_path / "in" / "a.txt", SECOND)
    out, report_file = tmp_path / "out", tmp_path / "r.json"
    result = invoke("run", tmp_path / "in", "--out", out, "--report", report_file,
                    "--translation-model", tmp_path / "no-such-model", "--summary-model", tiny_bart)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "no-such-model" in errors[0]
    assert "aborted" in result.output.splitlines()[-1] and "failed 0" in result.output
    report = json.loads(report_file.read_text())
    assert report["failed"] == [] and report["exit_code"] == 2 and report["pending"] == 1
    assert "no-such-model" in report["fatal"] and report["models_loaded"] == []
    assert not out.exists()


def test_a_state_busy_before_the_start_does_not_say_nothing_is_pending(tmp_path, models,
                                                                       monkeypatch):
    """Soak seed 11, nights 8, 12, 25: the state locked by another process (or the disk full)
    as the run opened it: the report said 0 pending of 56 inputs. Not counted: null."""
    import sqlite3

    import translate.run.state.database as database

    folder, out = tmp_path / "in", tmp_path / "out"
    write(folder / "a.txt", SECOND)
    assert run(folder, out, models)[0] == 0
    write(folder / "b.txt", SEED_SHAPED)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(out / ".translate" / "state.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, report, output = run(folder, out, models)
    finally:
        holder.execute("ROLLBACK")
    assert code == 2 and "is busy" in report["fatal"], output
    assert report["pending"] is None and report["failed"] == []


def test_missing_summary_model_on_a_later_night_leaves_articles_pending(tmp_path, models, tiny_marian):
    folder, out = tmp_path / "in", tmp_path / "out"
    write(folder / "a.txt", SECOND)
    assert run(folder, out, models)[0] == 0
    write(folder / "b.txt", SEED_SHAPED)
    code, report, output = run(folder, out, ["--translation-model", str(tiny_marian),
                                             "--summary-model", str(tmp_path / "gone")])
    assert code == 2
    assert report["failed"] == [] and "gone" in report["fatal"]
    assert report["models_loaded"] == []  # resolved both before loading either
    status = invoke("status", out)
    assert "aborted" in status.output and "failed last time: 0" in status.output
    code, report, _ = run(folder, out, models)
    assert code == 0 and [Path(p).name for p in report["translated"]] == ["b.txt"]


# ---------------------------------------------------------------- damaged outputs, moved trees


@pytest.mark.parametrize("content", ["[]", "null", "{}", "{\"sha256\": 5}", "not json"])
def test_damaged_record_means_redo_that_article(tmp_path, models, content):
    folder, out = tmp_path / "in", tmp_path / "out"
    write(folder / "a.txt", SECOND)
    write(folder / "b.txt", SEED_SHAPED)
    assert run(folder, out, models)[0] == 0
    (out / "a.json").write_text(content)
    code, report, output = run(folder, out, models)
    assert code == 0, output
    assert [Path(p).name for p in report["translated"]] == ["a.txt"]
    assert [Path(p).name for p in report["unchanged"]] == ["b.txt"]
    assert json.loads((out / "a.json").read_text())["source"] == "a.txt"


def translated_tree(tmp_path, models) -> tuple[Path, Path]:
    """An input tree of two articles (one in a subfolder), translated once."""
    folder, out = tmp_path / "in", tmp_path / "out"
    write(folder / "x" / "a.txt", SECOND)
    write(folder / "b.txt", SEED_SHAPED)
    assert run(folder, out, models)[0] == 0
    return folder, out


def test_moved_input_tree_is_not_redone(tmp_path, models):
    folder, out = translated_tree(tmp_path, models)
    moved = tmp_path / "elsewhere" / "mounted"
    moved.parent.mkdir()
    folder.rename(moved)
    code, report, _ = run(moved, out, models)
    assert code == 0
    assert sorted(report["unchanged"]) == ["b.txt", "x/a.txt"]
    assert report["models_loaded"] == []


def test_version_1_state_is_migrated_to_relative_keys(tmp_path, models):
    from translate.run.state import SCHEMA_VERSION, StateStore
    from translate.run.state.migrations import v1_initial

    folder, out = translated_tree(tmp_path, models)
    # Rewrite the database as version 1 wrote it: absolute keys, no `fatal` column.
    db = out / ".translate" / "state.sqlite3"
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT source, sha256, fingerprint, outcome, error, seconds, run_id, "
                            "updated FROM articles").fetchall()
        sentences = conn.execute("SELECT fingerprint, source, translation FROM sentences").fetchall()
    db.unlink()
    for side in db.parent.glob("state.sqlite3-*"):
        side.unlink()
    with sqlite3.connect(db) as conn:
        v1_initial(conn, out)
        conn.execute("INSERT INTO runs (run_id, started, pid) VALUES (1, 'x', 1)")
        for row in rows:
            absolute = str((folder / row[0]).resolve())
            conn.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                         (absolute, *row[1:6], row[7]))
        conn.execute("INSERT INTO articles VALUES ('/gone/failed.txt', 's', 'f', 'failed', 'x', 0, 1, 'x')")
        conn.executemany("INSERT INTO sentences VALUES (?, ?, ?)", sentences)
        conn.execute("PRAGMA user_version = 1")
    with StateStore(out) as store:
        assert store.get_article("x/a.txt").outcome == "translated"
        assert store.get_article("b.txt").outcome == "translated"
        assert store.failures() == []
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    code, report, _ = run(folder, out, models)
    assert code == 0 and sorted(report["unchanged"]) == ["b.txt", "x/a.txt"]


# ---------------------------------------------------------------- signals


def make_articles(folder: Path, count: int) -> None:
    for i in range(count):
        write(folder / f"d{i % 3}" / f"bericht-{i:03d}.txt",
              f" date 2020-01 Bericht {i}\n\nDe gemeente meldde dinsdag dat er {i} klachten waren. "
              f"Volgens dhr. Jansen gaat het om {i * 7} gevallen.\n")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_after_the_current_write(tmp_path, tiny_marian, tiny_bart, signum):
    # 40 articles: the signal comes after the third record, with 37 left to stop before (the
    # rerun below translates what is left, so more articles only made the test longer).
    folder, out, count = tmp_path / "in", tmp_path / "out", 40
    make_articles(folder, count)
    report_file = tmp_path / "r.json"
    child = spawn("run", folder, "--out", out, "--report", report_file,
                  "--translation-model", tiny_marian, "--summary-model", tiny_bart)
    try:
        wait_for(lambda: len(records(out)) >= 3)
        child.send_signal(signum)
        _, stderr = child.communicate(timeout=120)
    finally:
        child.kill()
    assert child.returncode == 128 + signum, stderr
    assert stderr.rstrip().splitlines()[-1].startswith("interrupted:"), stderr
    assert temp_files(out) == []
    report = json.loads(report_file.read_text())
    assert report["exit_code"] == 128 + signum and report["failed"] == []
    written = records(out)
    assert len(report["translated"]) == len(written) < count
    for record in written:  # each article's outputs as a set
        stem = record.name[: -len(".json")]
        assert (record.parent / f"{stem}.en.txt").is_file()
        assert (record.parent / f"{stem}.summary.md").is_file()
    status = invoke("status", out, "--json")
    last = json.loads(status.output)["runs"][0]
    assert last["finished"] is not None and last["exit_code"] == 128 + signum
    code, report, _ = run(folder, out, model_flags(tiny_marian, tiny_bart))
    assert code == 0
    assert len(report["translated"]) + len(report["unchanged"]) == count
    assert len(report["unchanged"]) == len(written)


# ---------------------------------------------------------------- giant articles


def test_small_articles_never_wait_for_a_giant_one(tmp_path, tiny_marian):
    folder, out = tmp_path / "in", tmp_path / "out"
    paragraph = " ".join(f"Zin nummer {i} gaat over de haven van Rotterdam." for i in range(40))
    giant = write(folder / "a-giant.txt", "\n\n".join([paragraph] * 1100) + "\n")
    assert giant.stat().st_size > 2_000_000
    for i in range(6):
        write(folder / f"b-small-{i}.txt", f"Klein bericht {i}. Het regent vandaag.\n")
    child = spawn("run", folder, "--out", out, "--no-summary", "--translation-model", tiny_marian)
    try:
        # Sorted by name, the giant comes first; all small ones are still written first.
        wait_for(lambda: len(records(out)) >= 6, seconds=300)
        assert not (out / "a-giant.json").exists()
        child.send_signal(signal.SIGTERM)
        child.communicate(timeout=120)
    finally:
        child.kill()
    assert child.returncode == 143
    assert temp_files(out) == []


def test_size_limit_fails_one_file_with_a_clear_error(tmp_path, models):
    folder, out = tmp_path / "in", tmp_path / "out"
    write(folder / "big.txt", "Een zin. " * 300)
    write(folder / "ok.txt", SECOND)
    config = write(tmp_path / "c.toml", "[runtime]\nmax_article_bytes = 1000\n")
    code, report, output = run(folder, out, models, "--config", config)
    assert code == 1
    assert [Path(p).name for p in report["failed"]] == ["big.txt"]
    assert "max_article_bytes" in report["errors"][report["failed"][0]]
    assert [Path(p).name for p in report["translated"]] == ["ok.txt"]


# ---------------------------------------------------------------- disk full


def test_disk_full_is_said_once_and_leaves_no_orphans(tmp_path, models, monkeypatch):
    import errno

    import translate.run.writer as writer

    folder, out = tmp_path / "in", tmp_path / "out"
    for i in range(5):
        write(folder / f"n{i}.txt", f"Bericht {i}. Het regent vandaag.\n")
    real = writer.write_temp
    calls = {"n": 0}

    def full_disk(path, content):
        if out in path.parents:
            calls["n"] += 1
            if calls["n"] > 4:  # the first article's three files, then one more
                raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, content)

    monkeypatch.setattr(writer, "write_temp", full_disk)
    code, report, output = run(folder, out, models)
    assert code == 1
    assert [Path(p).name for p in report["translated"]] == ["n0.txt"]
    assert len(report["failed"]) == 4 and all(report["errors"][p] for p in report["failed"])
    assert all("n0" not in p for p in report["failed"])
    assert output.count("disk is full") == 1, output
    assert sorted(p.name for p in out.glob("n*")) == ["n0.en.txt", "n0.json", "n0.summary.md"]
    assert output.rstrip().splitlines()[-1].startswith("translated 1,")
