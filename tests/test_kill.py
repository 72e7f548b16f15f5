"""Real processes, real signals: SIGKILL a run at several points, then finish the job."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

# Enough for three kills well inside the run (after the first record, a third of the way,
# two thirds) with articles left to finish; twice as many only made each leg longer.
ARTICLES = 120
SUBJECTS = ["De gemeente", "Het kabinet", "De politie", "Een woordvoerder", "De burgemeester",
            "Het ministerie", "De rechter", "Een onderzoeker"]
VERBS = ["meldde", "zei", "bevestigde", "ontkende", "onderzocht", "besprak"]


def make_articles(folder: Path) -> None:
    for i in range(ARTICLES):
        subject, verb = SUBJECTS[i % len(SUBJECTS)], VERBS[i % len(VERBS)]
        text = (
            f" date 2020-{1 + i % 12:02d} Bericht {i} over de stad\n\n"
            f"{subject} {verb} dinsdag dat er {i} klachten waren. Dat is o.a. {i + 3},5 procent meer.\n\n"
            f"Achtergrond\n\n"
            f"Volgens dhr. Jansen gaat het om {i * 7} gevallen. \"Het is ernstig\", zei hij.\n"
        )
        path = folder / f"d{i % 5}" / f"bericht-{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def visible_outputs(out: Path) -> list[Path]:
    # os.walk, not Path.rglob: this is polled while a run writes hundreds of files, and
    # rglob's cost there slowed the run it watched.
    found = []
    for folder, subfolders, files in os.walk(out):
        subfolders[:] = [name for name in subfolders if name != ".translate"]
        found += [Path(folder, name) for name in files if not name.startswith(".")]
    return found


def assert_all_whole(out: Path, whole: dict | None = None) -> int:
    """Every visible output is complete; returns how many records there are.

    `whole` (path -> inode, size, mtime of the file found whole there) spares re-reading a
    file not replaced since (an output is written aside, then renamed into place: a new
    version is a new inode), when this is polled while a run writes hundreds of files."""
    records = 0
    found = visible_outputs(out)
    names = {str(path) for path in found}
    for path in found:
        stat = path.stat()
        key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        known = whole is not None and whole.get(path) == key
        if not known:
            text = path.read_text(encoding="utf-8")
            assert text.endswith("\n"), f"half-written file {path}"
        if path.suffix == ".json":
            if not known:
                assert json.loads(text)["paragraphs"]
            records += 1
            # The record is written last: the other outputs of its article are there.
            stem = str(path)[: -len(".json")]
            assert f"{stem}.en.txt" in names
            assert f"{stem}.summary.md" in names
        if whole is not None:
            whole[path] = key
    return records


def test_sigkill_at_several_points_then_finish(tmp_path, tiny_marian, tiny_bart):
    folder, out = tmp_path / "in", tmp_path / "out"
    make_articles(folder)
    config = tmp_path / "fast.toml"
    config.write_text("[translation]\nnum_beams = 1\nlength_ratio = 1.0\n[summary]\nnum_beams = 1\n"
                      "[runtime]\nthreads = 1\n")
    command = [sys.executable, "-m", "translate", "run", str(folder), "--out", str(out),
               "--config", str(config), "--translation-model", str(tiny_marian),
               "--summary-model", str(tiny_bart), "--backend", "torch", "--quiet"]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    kill_after_records = [1, ARTICLES // 3, 2 * ARTICLES // 3]
    for target in kill_after_records:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        deadline = time.monotonic() + 240
        whole: dict = {}
        while time.monotonic() < deadline and process.poll() is None:
            if assert_all_whole(out, whole) >= target:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be killed: " + \
            process.stderr.read().decode()
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert_all_whole(out)

    report = tmp_path / "report.json"
    final = subprocess.run(command + ["--report", str(report)], env=env,
                           capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr
    data = json.loads(report.read_text())
    assert len(data["translated"]) + len(data["unchanged"]) == ARTICLES
    assert len(data["unchanged"]) >= kill_after_records[-1]
    assert assert_all_whole(out) == ARTICLES
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]
    again = subprocess.run(command + ["--report", str(report)], env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0
    assert len(json.loads(report.read_text())["unchanged"]) == ARTICLES
