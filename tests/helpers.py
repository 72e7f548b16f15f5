"""Shared helpers for the end-to-end tests: articles to write, the CLI to call, checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from translate.cli import app
from translate.text.noise import KINDS

SEED_SHAPED = (
    " date 2019-06 Nieuwe fietsbrug over het IJ gaat later open\n\n"
    "De gemeente heeft woensdag bekendgemaakt dat de brug later klaar is. Volgens wethouder "
    "mevr. De Vries lopen de kosten op tot ca. 312,5 miljoen euro. Dat is o.a. het gevolg van "
    "hogere prijzen.\n\n"
    "Bewoners reageren teleurgesteld. \"We wachten al twintig jaar\", zegt dhr. Bakker. Op een "
    "ochtend steken er ca. 3.500 fietsers per uur over!\n\n"
    "Technische tegenvallers\n\n"
    "In de bodem zijn bijv. oude scheepswrakken gevonden. Kan de planning nog worden gehaald?\n\n"
    "Bron: ANP 0 REUTERS Een pont op het IJ bij Amsterdam Centraal\n"
)

SECOND = (
    " date 2021-03 De opkomst bij de verkiezingen in de deelstaat was zondag historisch laag. "
    "Dat meldt het persbureau op basis van voorlopige cijfers.\n\n"
    "In de deelstaat kwam de opkomst uit op 49,8 procent. Veel kiezers stemden per brief.\n"
)


def invoke(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(folder: Path, out: Path, models: list[str], *extra) -> tuple[int, dict, str]:
    """`translate run FOLDER --out OUT --report ...`: exit code, report, output."""
    report = out.parent / "report.json"
    result = invoke("run", folder, "--out", out, "--report", report, *models, *extra)
    return result.exit_code, json.loads(report.read_text()), result.output


def run_reported(*args, report: Path) -> tuple[int, dict, list[str]]:
    """`translate run ARGS --report REPORT`: exit code, report, the warning/error lines."""
    result = invoke("run", *args, "--report", report)
    lines = [line for line in result.output.splitlines()
             if line.startswith(("warning:", "error:"))]
    return result.exit_code, json.loads(report.read_text()), lines


def model_flags(marian: Path, bart: Path) -> list[str]:
    return ["--translation-model", str(marian), "--summary-model", str(bart)]


def float32_model_flags(marian: Path, bart: Path, folder: Path) -> list[str]:
    """The tiny models' flags with the translation model at float32 (a config file written
    in `folder`): int8 kernels differ between CPUs, float32 answers alike everywhere."""
    config = write(folder / "float32.toml", "[translation]\ncompute_type = 'float32'\n")
    return [*model_flags(marian, bart), "--config", str(config)]


def output_or_fail(process, timeout: float) -> str:
    """The output of a `subprocess.Popen` run with stdout piped, or the test fails (the
    process killed) when it has not finished within `timeout` seconds."""
    import subprocess

    import pytest

    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        pytest.fail(f"the run did not finish:\n{output[-3000:]}")
    return output


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fewest_bullets(record: dict, min_bullets: int = 3) -> int:
    """The fewest summary bullets `record` may have, whatever the summariser says.

    The model's sentences are topped up from the article's English sentences (headings left
    out) up to `min_bullets`, but only distinct sentences count. What a tiny random model
    says, and so how many of its sentences are alike, depends on the CPU (int8 kernels
    differ by instruction set): tests assert this bound, not a fixed count."""
    from translate.models.summarizer import clean_sentence

    paragraphs = [p for p in record["paragraphs"] if p.get("kind", "body") in ("body", "heading")]
    english = [s["en"] for p in paragraphs if not p["heading"] for s in p["sentences"] if s["en"]] \
        or [s["en"] for p in paragraphs for s in p["sentences"] if s["en"]]
    keys = {re.sub(r"\W+", "", clean_sentence(text).lower()) for text in english} - {""}
    return min(min_bullets, len(keys))


def record_blocks(record: dict) -> list[list[dict]]:
    """A record's paragraph parts grouped by their source block."""
    blocks: dict[int, list[dict]] = {}
    for number, paragraph in enumerate(record["paragraphs"]):
        blocks.setdefault(paragraph.get("block", number), []).append(paragraph)
    assert list(blocks) == list(range(len(blocks)))
    return list(blocks.values())


def check_outputs(source: Path, out_folder: Path, stem: str | None = None) -> dict:
    """Every output present and complete, paragraphs aligned; returns the JSON record."""
    stem = stem or source.stem
    text = (out_folder / f"{stem}.en.txt").read_text(encoding="utf-8")
    summary = (out_folder / f"{stem}.summary.md").read_text(encoding="utf-8")
    record = json.loads((out_folder / f"{stem}.json").read_text(encoding="utf-8"))

    original = source.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    original_paragraphs = [p for p in re.split(r"\n[ \t]*\n", original) if p.strip()]
    blocks = record_blocks(record)
    assert len(blocks) == len(original_paragraphs)
    assert len([p for p in re.split(r"\n\n", text.rstrip("\n"))]) == len(original_paragraphs)
    header = re.match(r"^ date (\d{4}-\d{2}) ", original)
    source_blocks = [p for p in re.split(r"\n[^\S\n]*\n", original[header.end() if header else 0:])
                     if p.strip()]
    for block, paragraph in zip(blocks, source_blocks, strict=True):
        # Every source character kept: a block is its parts' `space + nl` joined.
        assert "".join(p["space"] + p["nl"] for p in block) == paragraph.strip("\n")
    for paragraph in record["paragraphs"]:
        assert paragraph["kind"] in KINDS and paragraph["heading"] == (paragraph["kind"] == "heading")
    if header:
        assert text.startswith(header.group(0))
        assert record["date"] == header.group(1)
    else:
        assert record["date"] is None
    for paragraph in record["paragraphs"]:
        joined = "".join(s["nl"] for s in paragraph["sentences"])
        assert squash(joined) == squash(paragraph["nl"])
        assert all(isinstance(s["en"], str) for s in paragraph["sentences"])
    joined_nl = "".join(p["nl"] for p in record["paragraphs"])
    body = original[len(header.group(0)):] if header else original
    assert squash(joined_nl) == squash(body)

    lines = summary.rstrip("\n").split("\n")
    assert lines[0].startswith("# ")
    bullets = [line for line in lines if line.startswith("- ")]
    assert bullets == [f"- {b}" for b in record["summary"]]
    assert len(set(record["summary"])) == len(record["summary"])
    for key in ("source", "sha256", "date", "paragraphs", "summary", "models", "tool_version", "seconds"):
        assert key in record
    return record
