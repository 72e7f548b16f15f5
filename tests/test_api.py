"""The Python API, as a notebook or an Airflow task would use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import SECOND, SEED_SHAPED, check_outputs, record_blocks

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_translate_file_and_text(tmp_path, tiny_marian, tiny_bart):
    from translate import NewsTranslator, Translation

    news = NewsTranslator(tiny_marian, tiny_bart)
    source = tmp_path / "brug.txt"
    source.write_text(SEED_SHAPED, encoding="utf-8")
    result = news.translate_file(source)
    assert isinstance(result, Translation)
    assert result.english.startswith(" date 2019-06 ")
    # Six source blocks; a block with scraper noise glued to it is several parts of one block.
    assert len(result.english.rstrip("\n").split("\n\n")) == len(record_blocks(result.record)) == 6
    assert result.summary == result.record["summary"] and 1 <= len(result.summary) <= 5
    assert result.record["source"] == "brug.txt"
    again = news.translate_text(SEED_SHAPED, name="brug.txt")
    assert again.record["paragraphs"] == result.record["paragraphs"]
    assert news.session.loaded == [str(tiny_marian.resolve()), str(tiny_bart.resolve())]


def test_run_reuses_the_loaded_models(tmp_path, tiny_marian, tiny_bart):
    from translate import NewsTranslator

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SECOND, encoding="utf-8")
    news = NewsTranslator(tiny_marian, tiny_bart)
    report = news.run([folder], tmp_path / "out")
    assert report.translated == ["a.txt"] and report.exit_code == 0
    check_outputs(folder / "a.txt", tmp_path / "out")
    assert news.run([folder], tmp_path / "out").unchanged == ["a.txt"]


def test_a_missing_model_is_said_at_construction(tmp_path):
    import pytest

    from translate import NewsTranslator, TranslateError

    with pytest.raises(TranslateError, match="model folder not found") as info:
        NewsTranslator(tmp_path / "nope", tmp_path / "nope2", summary=False)
    assert info.value.exit_code == 2


def test_fresh_session_imports_lazily_and_translates(tmp_path, tiny_marian, tiny_bart):
    source = tmp_path / "a.txt"
    source.write_text(SECOND, encoding="utf-8")
    code = (
        "import sys, json\n"
        "import translate\n"
        "assert 'torch' not in sys.modules and 'translate.api' not in sys.modules\n"
        "news = translate.NewsTranslator(sys.argv[1], sys.argv[2])\n"
        "print(json.dumps(news.translate_file(sys.argv[3]).record['source']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tiny_marian), str(tiny_bart), str(source)],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "OMP_NUM_THREADS": "1"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == "a.txt"
