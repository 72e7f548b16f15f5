"""`translate file -`: the article from standard input, read as bytes like a file."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from helpers import SECOND, SEED_SHAPED, model_flags
from translate.cli import app


def file_command(data: bytes, *args: str):
    return CliRunner().invoke(app, ["file", "-", *args], input=data)


def test_stdin_reads_like_a_file(tmp_path, tiny_marian, tiny_bart):
    models = model_flags(tiny_marian, tiny_bart)
    data = SEED_SHAPED.encode("utf-8")
    piped = file_command(data, *models)
    assert piped.exit_code == 0, piped.output
    source = tmp_path / "brug.txt"
    source.write_bytes(data)
    from_file = CliRunner().invoke(app, ["file", str(source), *models])
    assert piped.stdout == from_file.stdout
    assert piped.stdout.startswith(" date 2019-06 ")


def test_stdin_json_record_names_stdin(tiny_marian):
    data = b"\xef\xbb\xbf" + SECOND.replace("\n", "\r\n").encode("utf-8")  # BOM and CRLF
    result = file_command(data, "--translation-model", str(tiny_marian), "--no-summary", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["source"] == "<stdin>"
    assert record["sha256"] == hashlib.sha256(data).hexdigest()
    assert record["date"] == "2021-03" and len(record["paragraphs"]) == 2


def test_stdin_not_utf8_is_one_line_naming_stdin(tiny_marian):
    result = file_command("Het café is dicht.".encode("latin-1"),
                          "--translation-model", str(tiny_marian), "--no-summary")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "<stdin>" in lines[0]
    assert "not UTF-8" in lines[0] and "Traceback" not in result.output


def test_stdin_empty_is_skipped_with_a_warning(tiny_marian):
    result = file_command(b"", "--translation-model", str(tiny_marian), "--no-summary")
    assert result.exit_code == 0
    assert "<stdin>" in result.output and "empty" in result.output


def test_a_real_pipe(tiny_marian):
    """Through a real process's binary standard input, not the test runner's."""
    result = subprocess.run(
        [sys.executable, "-m", "translate", "file", "-", "--translation-model", str(tiny_marian),
         "--no-summary", "--json"],
        input=SECOND.encode("utf-8"), capture_output=True, timeout=300, env=dict(os.environ))
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert record["source"] == "<stdin>" and len(record["paragraphs"]) == 2
