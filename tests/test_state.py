"""The run-state database, against real SQLite files in tmp_path."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from translate.text.article import Translated
from translate.run.state.rebuild import rebuild
from translate.run.state import (
    SCHEMA_VERSION,
    ArticleState,
    StateError,
    StateStore,
    normalise_sentence,
)

REPO_ROOT = Path(__file__).resolve().parents[1]


def scored(pairs: list[tuple[str, str]], score: float = -0.5) -> list[tuple[str, Translated]]:
    """(Dutch, English) pairs as the memory takes them: with a score."""
    return [(nl, Translated(en, score)) for nl, en in pairs]


def texts(found: dict[str, Translated]) -> dict[str, str]:
    return {nl: t.text for nl, t in found.items()}


def db_path(folder: Path) -> Path:
    return folder / ".translate" / "state.sqlite3"


def test_creates_state_folder_with_wal_schema(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with StateStore(out) as store:
        assert store.moved_aside is None
    assert db_path(out).is_file()
    conn = sqlite3.connect(db_path(out))
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"runs", "articles", "sentences"} <= tables
    finally:
        conn.close()


def test_runs_round_trip(tmp_path: Path) -> None:
    with StateStore(tmp_path) as store:
        first = store.start_run()
        store.finish_run(first, {"translated": 3, "failed": 1}, 1, 12.5)
        second = store.start_run()  # never finished: as if killed
        runs = store.recent_runs()
    assert [r.run_id for r in runs] == [second, first]
    done, running = runs[1], runs[0]
    assert done.counts == {"translated": 3, "failed": 1}
    assert done.exit_code == 1 and done.seconds == 12.5 and done.pid == os.getpid()
    assert done.started.endswith("Z") and done.finished is not None
    assert running.finished is None and running.exit_code is None and running.counts == {}
    with StateStore(tmp_path) as store:
        assert [r.run_id for r in store.recent_runs(1)] == [second]
        with pytest.raises(ValueError):
            store.finish_run(9999, {}, 0, 0.0)


def test_article_round_trip_overwrite_and_failures(tmp_path: Path) -> None:
    with StateStore(tmp_path) as store:
        run = store.start_run()
        assert store.get_article("a.txt") is None
        store.put_article(run, "a.txt", "sha-a", "fp1", "failed", "model crashed", 1.5)
        store.put_article(run, "b.txt", "sha-b", "fp1", "translated", None, 2.0)
        store.put_article(run, "c.txt", "sha-c", "fp1", "failed", "too long", 0.1)
        assert store.get_article("a.txt") == ArticleState(
            "a.txt", "sha-a", "fp1", "failed", "model crashed", 1.5, run)
        assert [a.source for a in store.failures()] == ["a.txt", "c.txt"]

        rerun = store.start_run()
        store.put_article(rerun, "a.txt", "sha-a", "fp1", "translated", None, 1.2)
        assert store.get_article("a.txt") == ArticleState(
            "a.txt", "sha-a", "fp1", "translated", None, 1.2, rerun)
        assert [a.source for a in store.failures()] == ["c.txt"]
        with pytest.raises(ValueError):
            store.put_article(rerun, "d.txt", "x", "fp1", "done", None, 0.0)
    # Committed: visible from a fresh connection.
    with StateStore(tmp_path) as store:
        assert store.get_article("b.txt").outcome == "translated"


def test_bulk_get_of_1000_articles(tmp_path: Path) -> None:
    sources = [f"in/2026/article-{i:04d}.txt" for i in range(1000)]
    with StateStore(tmp_path) as store:
        run = store.start_run()
        t0 = time.perf_counter()
        for i, source in enumerate(sources):
            store.put_article(run, source, f"sha{i}", "fp", "translated", None, 1.0)
        put_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    with StateStore(tmp_path) as store:
        found = store.get_articles(sources + ["missing.txt", sources[0]])
    get_s = time.perf_counter() - t0
    print(f"\n1,000 put_article: {put_s * 1000:.0f} ms; "
          f"open + get_articles(1,000) + close: {get_s * 1000:.1f} ms")
    assert len(found) == 1000 and "missing.txt" not in found
    assert found[sources[123]].sha256 == "sha123"


def test_normalise_sentence() -> None:
    assert normalise_sentence("  De  kat\tzit\n op\u00a0de mat. ") == "De kat zit op de mat."
    assert normalise_sentence(" \n ") == ""


def test_recall_and_remember_with_whitespace_variants(tmp_path: Path) -> None:
    with StateStore(tmp_path) as store:
        store.remember("tfp", scored([("De kat zit  op de mat.", "The cat sits on the mat."),
                                      ("Het regent.", "It is raining."),
                                      ("   ", "ignored")]))
        asked = ["De kat zit op de mat.", " De kat\nzit op de  mat. ", "Het regent.",
                 "Onbekend.", "   "]
        got = store.recall("tfp", asked)
        assert all(t.score == -0.5 and not t.capped for t in got.values())
        assert texts(got) == {"De kat zit op de mat.": "The cat sits on the mat.",
                       " De kat\nzit op de  mat. ": "The cat sits on the mat.",
                       "Het regent.": "It is raining."}
        # Memory is per translation fingerprint.
        assert store.recall("other-model", asked) == {}
        # A later translation replaces the earlier one.
        store.remember("tfp", [("Het  regent.", Translated("It's raining.", -0.25, True))])
        assert store.recall("tfp", ["Het regent."]) == {
            "Het regent.": Translated("It's raining.", -0.25, True)}


def test_recall_of_thousands_of_sentences(tmp_path: Path) -> None:
    pairs = [(f"Zin nummer {i}.", f"Sentence number {i}.") for i in range(3000)]
    with StateStore(tmp_path) as store:
        t0 = time.perf_counter()
        store.remember("tfp", scored(pairs))
        remember_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        got = store.recall("tfp", [nl for nl, _ in pairs] + ["Nieuw."])
        recall_s = time.perf_counter() - t0
    print(f"\nremember(3,000): {remember_s * 1000:.0f} ms; recall(3,001): {recall_s * 1000:.0f} ms")
    assert len(got) == 3000 and got["Zin nummer 2999."].text == "Sentence number 2999."


def test_garbage_database_is_moved_aside(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir(parents=True)
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    Path(f"{path}-wal").write_bytes(b"stale wal")

    with caplog.at_level(logging.WARNING, logger="translate"):
        store = StateStore(tmp_path)
    with store:
        assert store.moved_aside is not None
        assert store.moved_aside.name.startswith("state.sqlite3.damaged-")
        assert store.moved_aside.read_bytes() == garbage  # kept, not deleted
        assert Path(f"{store.moved_aside}-wal").read_bytes() == b"stale wal"
        assert any(r.levelno == logging.WARNING and str(store.moved_aside) in r.getMessage()
                   for r in caplog.records)
        run = store.start_run()
        store.put_article(run, "a.txt", "s", "f", "translated", None, 1.0)
        assert store.get_article("a.txt").outcome == "translated"
    with StateStore(tmp_path) as again:
        assert again.moved_aside is None


def test_newer_schema_is_moved_aside(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()

    with caplog.at_level(logging.WARNING, logger="translate"):
        store = StateStore(tmp_path)
    with store:
        assert store.moved_aside is not None
        assert store.moved_aside.name.startswith("state.sqlite3.newer-")
        assert "newer version" in caplog.text and str(store.moved_aside) in caplog.text
        assert store.recent_runs() == []
    moved = sqlite3.connect(store.moved_aside)
    try:  # still a readable database for whoever wants it
        assert moved.execute("PRAGMA user_version").fetchone()[0] == 99
    finally:
        moved.close()


def test_damage_found_mid_run_moves_database_aside_next_time(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pairs = [(f"Zin nummer {i} met wat extra woorden.", f"Sentence {i} with extra words.")
             for i in range(3000)]
    with StateStore(tmp_path) as store:
        store.remember("tfp", scored(pairs))
    # Scribble over the last page: a leaf the cheap checks at open do not read.
    path = db_path(tmp_path)
    data = bytearray(path.read_bytes())
    last_page = len(data) - 4096
    data[last_page + 100:last_page + 4000] = os.urandom(3900)
    path.write_bytes(bytes(data))

    store = StateStore(tmp_path)
    try:
        assert store.moved_aside is None
        with pytest.raises(StateError, match="is damaged .*next run will move it aside"):
            store.recall("tfp", [nl for nl, _ in pairs])
    finally:
        store.close()
    with caplog.at_level(logging.WARNING, logger="translate"):
        with StateStore(tmp_path) as store:
            assert store.moved_aside is not None and store.moved_aside.exists()
            assert store.recall("tfp", ["Zin nummer 1 met wat extra woorden."]) == {}
    # Either quick_check reports the damage or the full read it does fails outright.
    assert "is damaged" in caplog.text
    assert not (tmp_path / ".translate" / "state.sqlite3.check").exists()


def test_folder_under_a_regular_file_is_not_writable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StateError, match="output folder .* is not writable"):
        StateStore(blocker / "out")


def test_read_only_folder_is_not_writable(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        if os.access(out, os.W_OK):
            pytest.skip("running as root: chmod does not stop writes")
        with pytest.raises(StateError, match="is not writable"):
            StateStore(out)
    finally:
        out.chmod(0o755)


def test_closed_store_raises_state_error(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StateError, match="closed"):
        store.get_article("a.txt")


def test_rebuild_from_records(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    records = [
        {"source": "in/a.txt", "sha256": "sha-a", "fingerprint": "fp", "translation_fingerprint": "tfp",
         "seconds": 3.5, "paragraphs": [
             {"nl": "Het regent. De kat slaapt.", "en": "It is raining. The cat sleeps.",
              "sentences": [{"nl": "Het regent.", "en": "It is raining.", "score": -0.5,
                             "flags": []},
                            {"nl": "De  kat slaapt.", "en": "The cat sleeps.", "score": -0.25,
                             "flags": ["repetition"]},
                            # Written before scores existed: not recalled.
                            {"nl": "Oud.", "en": "Old."}]}]},
        {"source": "in/b.txt", "sha256": "sha-b", "fingerprint": "fp", "translation_fingerprint": "tfp",
         "seconds": 1.0, "paragraphs": [{"nl": "Dag.", "en": "Bye.",
                                         "sentences": [{"nl": "Dag.", "en": "Bye.",
                                                        "score": -1.0, "flags": []}]}]},
        {"source": "in/broken.txt", "sha256": "x"},  # truncated record: skipped, not fatal
    ]
    with StateStore(tmp_path) as store:
        with caplog.at_level(logging.WARNING, logger="translate"):
            assert rebuild(store, iter(records)) == 2
        assert "in/broken.txt" in caplog.text
        a = store.get_article("in/a.txt")
        assert (a.sha256, a.fingerprint, a.outcome, a.seconds) == ("sha-a", "fp", "translated", 3.5)
        assert store.get_article("in/broken.txt") is None
        run = store.recent_runs(1)[0]
        assert run.run_id == a.run_id and run.exit_code == 0
        assert run.counts == {"restored": 2, "skipped": 1}
        assert store.recall("tfp", ["De kat slaapt.", "Dag.", "Het regent.", "Oud."]) == {
            "De kat slaapt.": Translated("The cat sleeps.", -0.25, True),
            "Dag.": Translated("Bye.", -1.0), "Het regent.": Translated("It is raining.", -0.5)}
        assert store.recall("fp", ["Dag."]) == {}


WRITER = """
import sys
from pathlib import Path
from translate.text.article import Translated
from translate.run.state import StateStore
store = StateStore(Path(sys.argv[1]))
run = store.start_run()
i = 0
while True:
    store.put_article(run, f"a{i % 50}.txt", f"sha{i}", "fp", "translated", None, 0.1)
    store.remember("tfp", [(f"zin {i} {j}", Translated(f"sentence {i} {j}", -0.5)) for j in range(20)])
    if i == 0:
        # After the first article, not before: the test's "some article was written" then
        # holds however slowly this process gets going on a busy machine.
        print("ready", flush=True)
    i += 1
"""


def test_sigkill_mid_write_leaves_a_consistent_database(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], cwd=REPO_ROOT,
                             env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.3)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
    with StateStore(tmp_path) as store:
        assert store.moved_aside is None
        assert store.recent_runs(1)[0].finished is None
        assert len(store.get_articles([f"a{i}.txt" for i in range(50)])) > 0
    conn = sqlite3.connect(db_path(tmp_path))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # remember() is one transaction: no partial batch of 20 survives.
        assert conn.execute("SELECT count(*) FROM sentences").fetchone()[0] % 20 == 0
    finally:
        conn.close()
