"""The fault-injection soak (`benchmarks/chaos.py`): six nights end to end, and its
invariants shown to catch what they are there to catch."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = REPO_ROOT / "benchmarks" / "chaos.py"


def load_chaos():
    spec = importlib.util.spec_from_file_location("chaos", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["chaos"] = module
    spec.loader.exec_module(module)
    return module


def soak(tmp_path: Path, *args: str) -> dict:
    result_file = tmp_path / "result.json"
    done = subprocess.run(
        # 24 articles and a feed of 8: about as many articles a night as before the feed.
        [sys.executable, str(SCRIPT), "--articles", "24", "--no-summary", "--quiet",
         "--work", str(tmp_path / "work"), "--json", str(result_file), *args],
        cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True, text=True, timeout=900)
    assert result_file.is_file(), done.stdout + done.stderr
    result = json.loads(result_file.read_text())
    assert result["violations"] == [], done.stdout
    assert done.returncode == 0, done.stdout + done.stderr
    return result


def test_six_nights_of_faults_break_no_invariant(tmp_path):
    # Seed 543 draws six different faults in six nights, with a tmpfs or without one (the
    # draw does not depend on the runs: sigkill, sigterm, sigint, record, db_lock, and
    # disk_full or input_change), and changes the feed in all eight ways: every kind that
    # seed 3 hit in ten nights, in six.
    result = soak(tmp_path, "--nights", "6", "--seed", "543")
    assert sum(result["faults"].values()) == 6
    assert len(result["faults"]) == 6  # a different fault each night
    # The feed was there, changed night after night in several ways.
    changes = result["feed"]["changes"]
    assert result["feed"]["articles"] >= 4 and changes["feed_edited"] >= 5
    assert len(changes) >= 4


# ---------------------------------------------------------------- the invariants can fail


@pytest.fixture
def chaos():
    return load_chaos()


def fake_soak(chaos, tmp_path: Path, feed: bool = False):
    args = chaos.argparse.Namespace(no_summary=True, no_feed=not feed, quiet=True, work=tmp_path,
                                    articles=1, seed=0, nights=0, from_night=1, json=None,
                                    keep_logs=False)
    soak = chaos.Soak(args)
    soak.inputs.mkdir(parents=True)
    soak.out.mkdir(parents=True)
    return soak


def article_with_outputs(soak, key: str, text: str) -> str:
    """An input and whole outputs for it; returns its sha256."""
    data = text.encode()
    (soak.inputs / key).write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    stem = key[: -len(".txt")]
    (soak.out / f"{stem}.en.txt").write_text("English.\n")
    (soak.out / f"{stem}.json").write_text(json.dumps(
        {"source": key, "sha256": sha, "paragraphs": [], "fingerprint": "f"}) + "\n")
    return sha


def test_invariants_catch_planted_faults(chaos, tmp_path):
    soak = fake_soak(chaos, tmp_path)
    sha = article_with_outputs(soak, "a.txt", "Een zin.\n")
    article_with_outputs(soak, "b.txt", "Nog een zin.\n")
    inputs = chaos.snapshot(soak.inputs)
    report = {"translated": ["a.txt"], "unchanged": ["b.txt"], "skipped": [], "failed": [],
              "errors": {}, "exit_code": 0, "run_id": None}
    run = chaos.Run("r", rc=0, report=report, before=inputs, after=inputs, previous=inputs)
    for check in (chaos.check_report_adds_up, chaos.check_written_not_missing,
                  chaos.check_outputs_current, chaos.check_no_temp_files,
                  chaos.check_outputs_whole, chaos.check_deleted_not_current):
        assert check(soak, run) == [], check.__name__

    # The input changed after the run: its record is for other bytes.
    (soak.inputs / "a.txt").write_text("Een andere zin.\n")
    changed = chaos.Run("r", rc=0, report=report, before=inputs,
                        after=chaos.snapshot(soak.inputs))
    assert chaos.check_outputs_current(soak, changed)
    (soak.inputs / "a.txt").write_text("Een zin.\n")

    # A torn record, a translation without its record, a temporary file.
    (soak.out / "b.json").write_text('{"source": "b.t')
    assert chaos.check_outputs_whole(soak, run)
    assert chaos.check_written_not_missing(soak, run)
    (soak.out / "b.json").unlink()
    assert any("without its record" in p for p in chaos.check_outputs_whole(soak, run))
    (soak.out / ".b.json.tmp-123").write_text("{")
    assert chaos.check_no_temp_files(soak, run)

    # Counts that do not add up, an article twice, an exit code that lies.
    short = dict(report, unchanged=[])
    assert chaos.check_report_adds_up(soak, chaos.Run("r", rc=0, report=short, before=inputs))
    twice = dict(report, unchanged=["b.txt", "a.txt"])
    assert chaos.check_report_adds_up(soak, chaos.Run("r", rc=0, report=twice, before=inputs))
    assert chaos.check_report_adds_up(soak, chaos.Run("r", rc=1, report=report, before=inputs))
    failed = dict(report, unchanged=[], failed=["b.txt"], errors={"b.txt": "x"})
    assert chaos.check_report_adds_up(soak, chaos.Run("r", rc=0, report=failed, before=inputs))

    # A deleted article reported as current.
    gone = {"a.txt": sha}
    deleted = chaos.Run("r", rc=0, report=dict(report, unchanged=["b.txt"]), before={},
                        after={}, previous=gone | {"b.txt": inputs["b.txt"]})
    assert chaos.check_deleted_not_current(soak, deleted)


def feed_with_outputs(chaos, soak) -> tuple[dict, set]:
    """A feed of two articles (one with a hostile identity) and a bad line, with its
    records and English as the tool writes them; returns its articles and bad lines."""
    articles = [{"id": "a", "title": "Kop", "text": "Een zin."}, {"id": "../../x", "text": "Twee."}]
    (soak.inputs / "feed.jsonl").write_text(
        "".join(json.dumps(a) + "\n" for a in articles) + "{kapot\n")
    view = chaos.read_feed(soak.inputs)
    lines = []
    for i, (name, fields, sha) in enumerate(view.good):
        titled = "title" in fields
        paragraphs = ([{"nl": "Kop", "en": "Head."}] if titled else []) + \
            [{"nl": fields["text"], "en": f"English {i}."}]
        record = soak.out / "feed.records" / f"{i:02d}" / f"{i}.json"
        record.parent.mkdir(parents=True)
        record.write_text(json.dumps({"source": name, "sha256": sha, "paragraphs": paragraphs,
                                      "fingerprint": "f"}))
        lines.append(json.dumps(fields | {"english": {"title": "Head." if titled else None,
                                                      "text": f"English {i}."}}))
    soak.feed_english.write_text("".join(line + "\n" for line in lines))
    return soak.inputs_now()


def test_feed_invariants_catch_planted_faults(chaos, tmp_path):
    soak = fake_soak(chaos, tmp_path, feed=True)
    soak.outside = {path: path.exists() for path in chaos.outside_targets(soak.work)}
    inputs, bad = feed_with_outputs(chaos, soak)
    assert sorted(inputs) == ["feed.jsonl#../../x", "feed.jsonl#a"] and bad == {"feed.jsonl:3"}
    report = {"translated": sorted(inputs), "unchanged": [], "skipped": [],
              "failed": ["feed.jsonl:3"], "errors": {"feed.jsonl:3": "not JSON"},
              "exit_code": 1, "run_id": None}
    run = chaos.Run("r", rc=1, report=report, before=inputs, after=inputs, previous=inputs,
                    bad_before=bad, bad_after=bad)
    checks = (chaos.check_report_adds_up, chaos.check_clean_run, chaos.check_feed_english,
              chaos.check_nothing_outside, chaos.check_outputs_current,
              chaos.check_outputs_whole, chaos.check_written_not_missing)

    def problems(check, which=run):
        soak.records_cache = None
        return check(soak, which)

    for check in checks:
        assert problems(check) == [], check.__name__

    # A name twice, a bad line not failed, the feed counted short.
    assert problems(chaos.check_report_adds_up, chaos.Run(
        "r", rc=1, report=dict(report, translated=["feed.jsonl#a"] * 2), before=inputs,
        after=inputs, bad_before=bad, bad_after=bad))
    assert problems(chaos.check_clean_run, chaos.Run(
        "r", rc=0, report=dict(report, failed=[], exit_code=0), before=inputs, after=inputs,
        bad_before=bad, bad_after=bad))
    assert problems(chaos.check_report_adds_up, chaos.Run(
        "r", rc=1, report=dict(report, translated=["feed.jsonl#a"]), before=inputs,
        after=inputs, bad_before=bad, bad_after=bad))

    # The English out of input order, torn, or no longer its record's; a stale record.
    english = soak.feed_english.read_text()
    soak.feed_english.write_text("".join(reversed(english.splitlines(keepends=True))))
    assert problems(chaos.check_feed_english)
    soak.feed_english.write_text(english[:-5])
    assert problems(chaos.check_outputs_whole)
    soak.feed_english.write_text(english.replace("English 0.", "English 9."))
    assert problems(chaos.check_feed_english)
    soak.feed_english.write_text(english)
    (soak.inputs / "feed.jsonl").write_text('{"id": "a", "title": "Kop", "text": "Een zin."}\n')
    assert any("no longer in the feed" in p for p in problems(chaos.check_feed_english))
    record = soak.out / "feed.records" / "00" / "0.json"
    record.write_text(json.dumps(json.loads(record.read_text()) | {"sha256": "0" * 64}))
    assert any("current text" in p for p in problems(chaos.check_feed_english))

    # A file where `../../x` points, or one written among the inputs or the records.
    for stray in (soak.work / "x", soak.inputs / "feed.en.jsonl",
                  soak.out / "feed.records" / "x"):
        stray.write_text("x")
        assert problems(chaos.check_nothing_outside), stray
        stray.unlink()


# ---------------------------------------------------------------- what the soak found


@pytest.fixture
def models(tiny_marian, tiny_bart):
    from helpers import model_flags

    return model_flags(tiny_marian, tiny_bart)


def small_articles(folder: Path, count: int) -> None:
    from helpers import write

    for i in range(count):
        write(folder / f"n{i}.txt", f"Bericht {i}. Het regent vandaag in Zwolle.\n")


def test_state_locked_mid_run_stops_the_run_and_says_so(tmp_path, models, monkeypatch):
    """Another process holds the state database longer than the busy timeout: the run
    used to go on, lose the article's state row without a word and end 0."""
    import sqlite3

    import translate.run.state.database as database
    from helpers import run
    from translate.run.state.store import StateStore

    folder, out = tmp_path / "in", tmp_path / "out"
    small_articles(folder, 4)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    real = StateStore.put_article
    holder: list[sqlite3.Connection] = []

    def put_then_lock(self, *args, **kwargs):
        real(self, *args, **kwargs)
        if not holder:  # after the first article, someone opens the database and writes
            conn = sqlite3.connect(self.path, isolation_level=None)
            conn.execute("BEGIN EXCLUSIVE")
            holder.append(conn)

    monkeypatch.setattr(StateStore, "put_article", put_then_lock)
    code, report, output = run(folder, out, models)
    holder[0].execute("ROLLBACK")
    assert code == 2, output
    assert "is busy" in report["fatal"] and report["failed"] == []
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "state.sqlite3" in errors[0]
    assert output.rstrip().splitlines()[-1].startswith("aborted")
    monkeypatch.setattr(StateStore, "put_article", real)
    code, again, _ = run(folder, out, models)
    assert code == 0
    assert sorted(again["translated"] + again["unchanged"]) == [f"n{i}.txt" for i in range(4)]
    assert len(again["unchanged"]) == 1  # only the article whose state row was kept


def test_state_full_in_the_sentence_memory_is_the_full_disk_said_once(tmp_path, models,
                                                                        monkeypatch):
    """SQLite's own full disk (the sentence memory) used to fail each article in turn,
    with one line each; it is the full disk: said once, the rest not processed, exit 1."""
    from helpers import run
    from translate.errors import StateDiskFull
    from translate.run.state.store import StateStore

    folder, out = tmp_path / "in", tmp_path / "out"
    small_articles(folder, 3)

    def full(self, *args, **kwargs):
        raise StateDiskFull(f"state database {self.path}: the disk is full")

    monkeypatch.setattr(StateStore, "remember", full)
    code, report, output = run(folder, out, models)
    assert code == 1, output
    assert sorted(report["failed"]) == ["n0.txt", "n1.txt", "n2.txt"]
    assert all("disk is full" in report["errors"][key] for key in report["failed"])
    assert output.count("disk is full") == 1, output
    assert not [p for p in out.iterdir() if p.suffix == ".json"]


@pytest.mark.parametrize("signum", [2, 15])
def test_a_signal_as_the_work_ends_leaves_report_state_and_exit_code_agreeing(
        tmp_path, tiny_marian, signum):
    """Soak seed 1, nights 19, 55 and 157: a SIGINT just after the last article was
    written struck while the run closed its state or wrote its report: no report, or an
    empty one, and exit 130 against the state's 0. Now either the run is interrupted
    (130/143, its report and the state say so) or the signal came when nothing was left,
    and all three say what the run did."""
    import sqlite3
    import time

    from helpers import write

    folder, out, report_file = tmp_path / "in", tmp_path / "out", tmp_path / "r.json"
    for i in range(3):
        write(folder / f"n{i}.txt", f"Bericht {i}. Het regent vandaag in Zwolle.\n")
    command = [sys.executable, "-m", "translate", "run", str(folder), "--out", str(out),
               "--report", str(report_file), "--no-summary", "--translation-model",
               str(tiny_marian)]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "OMP_NUM_THREADS": "1"}
    child = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        while child.poll() is None and time.monotonic() < deadline:
            if len(list(out.glob("*.json"))) == 3:  # the last article is written
                child.send_signal(signum)
                break
            time.sleep(0.002)
        _, stderr = child.communicate(timeout=120)
    finally:
        child.kill()
    assert "Traceback" not in stderr, stderr
    if child.returncode == -signum:
        return  # died of the signal after its report, as Python was exiting
    report = json.loads(report_file.read_text())
    assert report["exit_code"] == child.returncode, stderr
    with sqlite3.connect(out / ".translate" / "state.sqlite3") as conn:
        exit_code, counts = conn.execute(
            "SELECT exit_code, counts FROM runs ORDER BY run_id DESC LIMIT 1").fetchone()
    assert exit_code == child.returncode
    assert json.loads(counts)["translated"] == len(report["translated"]) == 3


def test_full_disk_at_the_state_row_fails_the_article_and_the_run(tmp_path, models, monkeypatch):
    """Soak seed 1, night 123: the disk filled up between an article's outputs and its
    state row. The run said "1 article(s) not written", yet reported it translated and
    ended 0 while the state did not know it. Now that article is failed (not recorded),
    the rest not processed, the full disk said once, exit 1; the next run does them."""
    from helpers import run
    from translate.errors import StateDiskFull
    from translate.run.state.store import StateStore

    folder, out = tmp_path / "in", tmp_path / "out"
    small_articles(folder, 3)
    real = StateStore.put_article
    calls = {"n": 0}

    def full_on_second(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise StateDiskFull(f"state database {self.path}: the disk is full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(StateStore, "put_article", full_on_second)
    code, report, output = run(folder, out, models)
    assert code == 1, output
    assert report["translated"] == ["n0.txt"]
    assert sorted(report["failed"]) == ["n1.txt", "n2.txt"]
    assert "not recorded: the disk is full" in report["errors"]["n1.txt"]
    assert output.count("disk is full") == 1, output
    # The disk agrees: the article not recorded has no outputs left.
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == \
        ["n0.en.txt", "n0.json", "n0.summary.md"]
    monkeypatch.setattr(StateStore, "put_article", real)
    code, again, _ = run(folder, out, models)
    assert code == 0
    assert again["unchanged"] == ["n0.txt"] and sorted(again["translated"]) == ["n1.txt", "n2.txt"]
