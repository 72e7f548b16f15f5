"""Nothing of the user's is ever written over, and the report always matches the disk.

The tool replaces only files it wrote (its record `<stem>.json` says so): a file of anyone
else's where an output goes fails that article alone, with one line naming the file and
the way out (move it away, or `--overwrite`), and is left as it was. An article whose
state row cannot be written is not done: its outputs go again, as a set. A refused name
collision is listed by `translate status` with its message.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import SECOND, SEED_SHAPED, invoke, model_flags, write, run_reported as run

THIRD = " date 2022-05 De haven van Rotterdam meldt een recordjaar. Dat zei de directie.\n"
MINE = "My own English of the port article, by hand.\n"


@pytest.fixture
def models(tiny_marian, tiny_bart):
    return model_flags(tiny_marian, tiny_bart)




def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("error:")]


# ---------------------------------------------------------------- a user's file in the way


def test_alongside_never_writes_over_the_users_english(tmp_path, models):
    news, report = tmp_path / "news", tmp_path / "r.json"
    write(news / "haven.txt", THIRD)
    mine = write(news / "haven.en.txt", MINE)         # the user's, no record beside it
    write(news / "brug.txt", SEED_SHAPED)
    for night in range(2):                            # the article stays failed
        code, data, lines = run(news, "--alongside", *models, report=report)
        assert code == 1, lines
        assert data["failed"] == ["haven.txt"]
        assert data["translated" if night == 0 else "unchanged"] == ["brug.txt"]
        (error,) = errors(lines)
        assert str(mine) in error and "--overwrite" in error and "move" in error
        assert data["errors"]["haven.txt"] in error
        assert mine.read_text() == MINE               # untouched
        assert not (news / "haven.json").exists() and not (news / "haven.summary.md").exists()
    mine.rename(tmp_path / "haven.en.txt")            # the operator moves it away
    code, data, lines = run(news, "--alongside", *models, report=report)
    assert (code, errors(lines), data["translated"]) == (0, [], ["haven.txt"])
    assert json.loads((news / "haven.json").read_text())["source"] == "haven.txt"
    code, data, lines = run(news, "--alongside", *models, report=report)
    assert (code, lines, data["translated"], data["models_loaded"]) == (0, [], [], [])


def test_out_never_writes_over_files_it_did_not_write(tmp_path, models):
    news, out, report = tmp_path / "news", tmp_path / "out", tmp_path / "r.json"
    for name in ("haven", "brug", "trein", "regen"):
        write(news / f"{name}.txt", THIRD.replace("haven", name))
    theirs = {
        out / "haven.json": '{"mine": true}\n',                        # not a record of ours
        out / "brug.en.txt": MINE,                                     # no record beside it
        out / "trein.summary.md": "# my summary\n",
    }
    for path, text in theirs.items():
        write(path, text)
    code, data, lines = run(news, "--out", out, *models, report=report)
    assert code == 1, lines
    assert sorted(data["failed"]) == ["brug.txt", "haven.txt", "trein.txt"]
    assert data["translated"] == ["regen.txt"]
    assert len(errors(lines)) == 3
    for path, text in theirs.items():
        assert path.read_text() == text
        assert any(str(path) in line for line in errors(lines))
    assert not (out / "haven.en.txt").exists() and not (out / "brug.json").exists()
    # The way out named in the line: --overwrite replaces them, and they are ours from then on.
    code, data, lines = run(news, "--out", out, "--overwrite", *models, report=report)
    assert (code, errors(lines)) == (0, [])
    assert sorted(data["translated"]) == ["brug.txt", "haven.txt", "trein.txt"]
    assert json.loads((out / "haven.json").read_text())["source"] == "haven.txt"
    code, data, _ = run(news, "--out", out, *models, report=report)
    assert code == 0 and len(data["unchanged"]) == 4


def test_force_redoes_the_tools_own_outputs_but_not_a_users_file(tmp_path, models):
    """--force redoes what the tool wrote (its state says so, even where a record of its
    own was damaged since), never a file of anyone else's: that takes --overwrite."""
    news, out, report = tmp_path / "news", tmp_path / "out", tmp_path / "r.json"
    write(news / "haven.txt", THIRD)
    write(news / "brug.txt", SEED_SHAPED)
    assert run(news, "--out", out, *models, report=report)[0] == 0
    (out / "brug.json").write_text("{broken")           # the tool's own record, damaged
    write(news / "trein.txt", THIRD.replace("haven", "trein"))
    mine = write(out / "trein.json", '{"notes": "mine"}\n')
    code, data, lines = run(news, "--out", out, "--force", *models, report=report)
    assert code == 1 and data["failed"] == ["trein.txt"]
    assert sorted(data["translated"]) == ["brug.txt", "haven.txt"]
    assert json.loads((out / "brug.json").read_text())["source"] == "brug.txt"
    assert mine.read_text() == '{"notes": "mine"}\n'
    (error,) = errors(lines)
    assert str(mine) in error and "--overwrite" in error


def test_a_folder_in_the_way_fails_the_article_even_with_overwrite(tmp_path, models):
    news, out, report = tmp_path / "news", tmp_path / "out", tmp_path / "r.json"
    write(news / "haven.txt", THIRD)
    write(out / "haven.en.txt" / "keep.txt", MINE)
    code, data, lines = run(news, "--out", out, "--overwrite", *models, report=report)
    assert code == 1 and data["failed"] == ["haven.txt"]
    (error,) = errors(lines)
    assert str(out / "haven.en.txt") in error and "folder" in error
    assert (out / "haven.en.txt" / "keep.txt").read_text() == MINE


def test_a_set_cut_short_by_a_kill_is_the_tools_own_the_next_night(tmp_path, models):
    """A run killed between renaming an article's English and its record leaves the
    record's temporary file: the next run knows the English as its own and finishes."""
    news, report = tmp_path / "news", tmp_path / "r.json"
    source = write(news / "haven.txt", THIRD)
    write(news / "haven.en.txt", "half of a night's work\n")
    temp = news / ".haven.json.tmp-999999"
    temp.write_text(json.dumps({"source": "haven.txt", "sha256": "0" * 64}))
    later = os.stat(news / "haven.en.txt").st_mtime_ns + 1_000_000
    os.utime(temp, ns=(later, later))
    code, data, lines = run(news, "--alongside", *models, report=report)
    assert (code, errors(lines), data["translated"]) == (0, [], ["haven.txt"]), lines
    assert not temp.exists()
    assert json.loads((news / "haven.json").read_text())["source"] == source.name


# ---------------------------------------------------------------- feeds


def test_a_users_file_where_a_feeds_english_goes_fails_the_feed(tmp_path, models):
    news, report = tmp_path / "news", tmp_path / "r.json"
    write(news / "x.jsonl", json.dumps({"id": "1", "text": SECOND}) + "\n")
    mine = write(news / "x.en.jsonl", '{"mine": 1}\n')
    write(news / "brug.txt", SEED_SHAPED)
    code, data, lines = run(news, "--alongside", *models, report=report)
    assert code == 1, lines
    assert data["failed"] == ["x.jsonl"] and data["translated"] == ["brug.txt"]
    (error,) = errors(lines)
    assert str(mine) in error and "--overwrite" in error
    assert mine.read_text() == '{"mine": 1}\n' and not (news / "x.records").exists()


def test_a_users_file_named_like_a_feeds_records_fails_the_feed(tmp_path, models):
    news, out, report = tmp_path / "news", tmp_path / "out", tmp_path / "r.json"
    write(news / "x.jsonl", json.dumps({"id": "1", "text": SECOND}) + "\n")
    mine = write(out / "x.records" / "notes.txt", MINE)
    code, data, lines = run(news, "--out", out, *models, report=report)
    assert code == 1 and data["failed"] == ["x.jsonl"], lines
    (error,) = errors(lines)
    assert str(out / "x.records") in error
    assert mine.read_text() == MINE and not (out / "x.en.jsonl").exists()


def test_a_json_feed_beside_an_article_of_its_stem_is_never_written_over(tmp_path, models):
    """`x.json` (a feed given as a PATH) is where `x.txt`'s record would go with
    --alongside: the feed is translated, `x.txt` is refused in one line naming both."""
    news, report = tmp_path / "news", tmp_path / "r.json"
    feed = write(news / "x.json", json.dumps([{"id": "1", "text": SECOND}]) + "\n")
    before = feed.read_text()
    write(news / "x.txt", THIRD)
    write(news / "brug.txt", SEED_SHAPED)
    for _ in range(2):
        code, data, lines = run(news, feed, "--alongside", *models, report=report)
        assert code == 1, lines
        assert data["failed"] == ["x.txt"]
        assert sorted(data["translated"] + data["unchanged"]) == ["brug.txt", "x.json#1"]
        (error,) = errors(lines)
        assert str(news / "x.txt") in error and str(feed) in error
        assert feed.read_text() == before
        assert [line["id"] for line in map(json.loads, (news / "x.en.jsonl").read_text()
                                           .splitlines())] == ["1"]
        assert not (news / "x.en.txt").exists()


# ---------------------------------------------------------------- the state row


def test_an_article_whose_state_row_fails_leaves_nothing_on_disk(tmp_path, models, monkeypatch):
    """The disk fills up right after the first article's outputs, at its state row: the
    report, the error line and the disk agree (nothing of it is left), and the next run
    does every article."""
    from translate.errors import StateDiskFull
    from translate.run.state.store import StateStore

    news, out, report = tmp_path / "news", tmp_path / "out", tmp_path / "r.json"
    for i in range(6):
        write(news / f"n{i}.txt", f"Bericht {i}. Het regent vandaag in Zwolle.\n")
    real = StateStore.put_article

    def full(self, *args, **kwargs):
        raise StateDiskFull(f"state database {self.path}: the disk is full")

    monkeypatch.setattr(StateStore, "put_article", full)
    result = invoke("run", news, "--out", out, "--report", report, *models)
    data = json.loads(report.read_text())
    assert result.exit_code == 1
    assert len(data["failed"]) == 6 and data["translated"] == []
    assert "error: the disk is full: 6 article(s) not written" in result.output
    assert [p for p in out.iterdir() if p.name != ".translate"] == []
    monkeypatch.setattr(StateStore, "put_article", real)
    code, data, _ = run(news, "--out", out, *models, report=report)
    assert code == 0 and len(data["translated"]) == 6


# ---------------------------------------------------------------- status


def test_status_lists_a_refused_collision_with_its_message(tmp_path, models):
    r1, r2, out, report = tmp_path / "r1", tmp_path / "r2", tmp_path / "out", tmp_path / "r.json"
    write(r1 / "a.txt", SECOND)
    write(r1 / "b.txt", THIRD)
    assert run(r1, "--out", out, *models, report=report)[0] == 0
    write(r2 / "a.txt", SEED_SHAPED)                  # the same name under a second PATH
    code, data, lines = run(r1, r2, "--out", out, *models, report=report)
    assert code == 1 and data["failed"] == ["a.txt"]
    message = data["errors"]["a.txt"]
    result = invoke("status", out)
    assert result.exit_code == 0
    assert "failed last time: 1" in result.output
    assert f"  a.txt: {message}" in result.output
    listed = json.loads(invoke("status", out, "--json").output)["failed"]
    assert [(f["source"], f["error"]) for f in listed] == [("a.txt", message)]
    (r2 / "a.txt").unlink()                           # resolved: the next run lists nothing
    code, data, _ = run(r1, r2, "--out", out, *models, report=report)
    assert code == 0 and sorted(data["unchanged"]) == ["a.txt", "b.txt"]
    assert "failed last time: 0" in invoke("status", out).output


def test_a_real_full_disk_leaves_the_report_the_error_line_and_the_disk_agreeing(
        tmp_path, tiny_marian, tiny_bart):
    """60 articles into a 260 KB tmpfs (a private mount namespace): whatever article the
    disk fills at (its outputs, or its state row), the articles on disk are the articles
    the report counts translated, and the error line counts the rest."""
    import shutil
    import subprocess
    import sys

    unshare = shutil.which("unshare")
    flags = ["--user", "--map-root-user", "--mount", "--propagation", "private"]
    if unshare is None or subprocess.run([unshare, *flags, "true"],
                                         capture_output=True).returncode != 0:
        pytest.skip("no private mount namespace here (unshare)")
    news, disk, report = tmp_path / "news", tmp_path / "disk", tmp_path / "r.json"
    for i in range(60):
        write(news / f"n{i:02d}.txt", f" date 2024-05 Bericht {i} over de haven van Rotterdam. "
              "De directie meldt een recordjaar met veel schepen.\n\nHet weer was goed. "
              "Er waren geen stakingen.\n")
    disk.mkdir()
    command = [sys.executable, "-m", "translate", "run", str(news), "--out", str(disk / "out"),
               "--report", str(report), *model_flags(tiny_marian, tiny_bart)]
    # The tmpfs goes with the namespace: what it holds is listed beside it before then.
    script = ('mount -t tmpfs -o size=260k tmpfs "$0" || exit 99; "$@"; code=$?; '
              'ls -A "$0/out" > "$0.listing"; exit $code')
    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(repo), "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([unshare, *flags, "sh", "-c", script, str(disk), *command], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=600)
    if done.returncode == 99:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    data = json.loads(report.read_text())
    assert done.returncode == 1, done.stderr
    failed, translated = len(data["failed"]), len(data["translated"])
    assert failed and failed + translated == 60
    assert f"error: the disk is full: {failed} article(s) not written" in done.stderr
    on_disk = sorted(name for name in Path(f"{disk}.listing").read_text().split()
                     if not name.startswith("."))
    assert on_disk == sorted(f"{Path(p).stem}{suffix}" for p in data["translated"]
                             for suffix in (".en.txt", ".json", ".summary.md"))
