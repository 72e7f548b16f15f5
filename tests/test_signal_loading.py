"""A signal while the models load stops the run: never taken for a backend failure (no
CTranslate2 -> torch fallback), the conversion stopped with nothing of it left in the
cache, the run recorded and reported as interrupted. Real processes, real signals."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import SECOND, write

REPO_ROOT = Path(__file__).resolve().parents[1]


def model_whose_weights_never_arrive(tiny_marian: Path, folder: Path) -> Path:
    """The tiny model with its weights file a named pipe no one writes to: converting it
    blocks for good, so the signal below always lands while the conversion runs."""
    shutil.copytree(tiny_marian, folder)
    weights = folder / "model.safetensors"
    assert weights.is_file()
    weights.unlink()
    os.mkfifo(weights)
    return folder


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_during_conversion_stops_the_run_without_fallback(tmp_path, tiny_marian, signum):
    model = model_whose_weights_never_arrive(tiny_marian, tmp_path / "model")
    folder, out, report_file = tmp_path / "in", tmp_path / "out", tmp_path / "r.json"
    cache = tmp_path / "cache"
    write(folder / "a.txt", SECOND)
    child = subprocess.Popen(
        [sys.executable, "-m", "translate", "run", str(folder), "--out", str(out), "--no-summary",
         "--translation-model", str(model), "--report", str(report_file)],
        cwd=REPO_ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "TRANSLATE_CACHE": str(cache)})
    seen = []
    try:
        for line in child.stderr:           # until the conversion has begun
            seen.append(line)
            if "converting" in line:
                break
        assert seen and "converting" in seen[-1], "".join(seen)
        child.send_signal(signum)
        _, rest = child.communicate(timeout=120)
    finally:
        child.kill()
    stderr = "".join(seen) + rest
    assert child.returncode == 128 + signum, stderr
    assert "torch" not in stderr, stderr     # no fallback, no torch model loaded
    assert stderr.rstrip().splitlines()[-1].startswith("interrupted:"), stderr
    report = json.loads(report_file.read_text())
    assert report["exit_code"] == 128 + signum and report["interrupted"] == signum
    assert report["models_loaded"] == [] and report["translated"] == []
    # Nothing of the conversion is left: no entry, no temporary folder.
    assert list((cache / "ct2").iterdir()) == []
