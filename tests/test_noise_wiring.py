"""Scraper noise through the real CLI: split into parts of its own, never glued to a sentence,
never summarised nor checked, on its own line in the English, every source character kept;
an article an older reader wrote is redone once when its parts change, never otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import SECOND, check_outputs, float32_model_flags, record_blocks, run, write
from translate.checks.quality import ArticleContext
from translate.inputs.textfile import is_heading, read_article


# Our own Dutch in the shape of a scraped article: initials ending the title, a source
# credit, a photo number with an agency and a caption glued before the first sentence, a
# share bar, a "Lees ook" link, tags and the author's name ending the article.
NOISY = (
    " date 2020-03 Invoering nieuw fietsplan Utrecht vertraagd MvdL\n\n"
    "Bron: Het Parool 0 REUTERS Wethouder Lotte de Graaf tijdens de raadsvergadering "
    "Wethouder Lotte de Graaf heeft dinsdag gezegd dat het nieuwe fietsplan pas in 2021 "
    "wordt ingevoerd. Volgens haar kost het plan 14,5 miljoen euro.\n\n"
    "Deel dit artikel: Facebook Twitter WhatsApp\n\n"
    "De gemeenteraad reageerde verdeeld. \"We wachten hier al jaren op\", zei raadslid Kees "
    "Bos. Volgens persbureau ANP zijn er 3.200 nieuwe plekken nodig.\n\n"
    "Lees ook: Nieuwe fietsenstalling bij station geopend\n\n"
    "Door de hevige regen liep de vergadering tot na middernacht uit.\n\n"
    "Tags: Utrecht, fietsen, gemeenteraad\n\n"
    "Pieter van Dam\n"
)
NOISE = {
    "MvdL": "byline", "Bron: Het Parool": "credit", "0 REUTERS": "credit",
    "Wethouder Lotte de Graaf tijdens de raadsvergadering": "caption",
    "Deel dit artikel: Facebook Twitter WhatsApp": "share",
    "Lees ook: Nieuwe fietsenstalling bij station geopend": "related",
    "Tags: Utrecht, fietsen, gemeenteraad": "tags", "Pieter van Dam": "byline",
}
KEPT = [nl for nl, kind in NOISE.items() if kind != "caption"]
# Look-alikes: article text that starts like noise.
LOOKALIKES = (
    " date 2020-04 Bronnen melden nieuwe plannen voor het station\n\n"
    "Bronnen binnen de politie zeggen dat de aanhouding vrijdag plaatsvond.\n\n"
    "Volgens persbureau ANP gaat het om twee verdachten uit Amersfoort.\n\n"
    "Foto's die de krant in handen kreeg, tonen een leeg perron.\n\n"
    "Door de hevige regen kwam de trein pas om elf uur aan.\n\n"
    "AFP-correspondent Anna Smit meldt dat de reizigers rustig bleven.\n"
)


@pytest.fixture
def models(tiny_marian, tiny_bart, tmp_path):
    return float32_model_flags(tiny_marian, tiny_bart, tmp_path)


@pytest.fixture
def summary_inputs(monkeypatch):
    """What the summariser is given, article by article (English sentences)."""
    from translate.models.summarizer import Summarizer

    seen: list[list[str]] = []
    original = Summarizer.summarize_scored

    def spy(self, articles, *args, **kwargs):
        seen.extend(list(a) for a in articles)
        return original(self, articles, *args, **kwargs)

    monkeypatch.setattr(Summarizer, "summarize_scored", spy)
    return seen


def _record(out: Path, stem: str) -> dict:
    return json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))


def test_noise_becomes_parts_of_its_own_kind(tmp_path, models, summary_inputs):
    folder = tmp_path / "in"
    write(folder / "noisy.txt", NOISY)
    write(folder / "alike.txt", LOOKALIKES)
    out = tmp_path / "out"
    code, report, output = run(folder, out, models)
    assert code == 0, output
    record = check_outputs(folder / "noisy.txt", out)   # every source character kept
    assert record["reader"] == 2

    kinds = {p["nl"].strip(): p["kind"] for p in record["paragraphs"]}
    for nl, kind in NOISE.items():
        assert kinds[nl] == kind
    parts = record["paragraphs"]
    assert parts[0]["kind"] == "heading" and parts[0]["heading"] is True
    assert parts[0]["nl"] == "Invoering nieuw fietsplan Utrecht vertraagd"
    assert [p["kind"] for p in record_blocks(record)[1]] == ["credit", "credit", "caption", "body"]
    # The look-alike inside an article paragraph stays in its sentence.
    assert any("Volgens persbureau ANP" in s["nl"] for p in parts if p["kind"] == "body"
               for s in p["sentences"])

    # No sentence of the text holds noise; a noise part is one unit of its own.
    for part in parts:
        if part["kind"] in ("body", "heading"):
            for sentence in part["sentences"]:
                assert not any(noise in sentence["nl"] for noise in NOISE if noise != "MvdL")
                assert "Bron:" not in sentence["nl"] and "REUTERS" not in sentence["nl"]
        else:
            assert [s["nl"] for s in part["sentences"]] == [part["nl"].strip()]
            assert all(s["flags"] == [] for s in part["sentences"])   # never flagged
    body = [p for p in parts if p["kind"] == "body"]
    assert body[0]["sentences"][0]["nl"].startswith("Wethouder Lotte de Graaf heeft dinsdag")
    # Kept as it is, never sent to the model; the caption translated.
    for part in parts:
        if part["nl"].strip() in KEPT:
            assert part["en"] == part["nl"].strip()
            assert part["sentences"][0]["score"] is None
    caption = next(p for p in parts if p["kind"] == "caption")
    assert caption["sentences"][0]["score"] is not None

    # The summariser reads the body's sentences, nothing else.
    english_body = [s["en"] for p in body for s in p["sentences"] if s["en"]]
    assert english_body in summary_inputs
    assert not any(noise in sentence for text in summary_inputs for sentence in text
                   for noise in KEPT)

    # The English: each noise part on its own line, in source order, credits verbatim.
    english = (out / "noisy.en.txt").read_text(encoding="utf-8")
    blocks = english.rstrip("\n").split("\n\n")
    assert len(blocks) == 8
    assert blocks[0].startswith(" date 2020-03 ") and blocks[0].endswith("\nMvdL")
    lines = blocks[1].split("\n")
    assert lines[:2] == ["Bron: Het Parool", "0 REUTERS"]
    assert lines[2:] == [caption["en"], body[0]["en"]]
    assert [blocks[i] for i in (2, 4, 6, 7)] == [
        "Deel dit artikel: Facebook Twitter WhatsApp",
        "Lees ook: Nieuwe fietsenstalling bij station geopend",
        "Tags: Utrecht, fietsen, gemeenteraad", "Pieter van Dam"]

    # Look-alikes stay article text.
    alike = check_outputs(folder / "alike.txt", out)
    assert {p["kind"] for p in alike["paragraphs"]} == {"heading", "body"}
    assert len(alike["paragraphs"]) == 6


def test_the_checks_never_count_noise_as_the_articles_names(tmp_path):
    path = write(tmp_path / "noisy.txt", NOISY.replace("Het Parool", "The Guardian"))
    article = read_article(path)
    context = ArticleContext.of(article)
    assert not context.names.knows("Guardian") and not context.names.knows("REUTERS")
    assert context.names.knows("Graaf")   # the article's own text still counts
    whole = ArticleContext.of_texts([p.nl for p in article.paragraphs])
    assert whole.names.knows("Guardian")  # what gluing it to the text would have counted


def _as_older_reader_wrote_it(record: dict) -> dict:
    """The record the reader before parts wrote: one paragraph per block, no kinds."""
    paragraphs = []
    for block in record_blocks(record):
        nl = "".join(p["space"] + p["nl"] for p in block)
        sentences = [s for p in block for s in p["sentences"]]
        paragraphs.append({"nl": nl, "en": " ".join(p["en"] for p in block),
                           "heading": is_heading(nl), "sentences": sentences})
    old = {key: value for key, value in record.items() if key != "reader"}
    return old | {"paragraphs": paragraphs}


def test_reruns_redo_only_articles_whose_parts_changed(tmp_path, models):
    folder = tmp_path / "in"
    write(folder / "noisy.txt", NOISY)
    write(folder / "clean.txt", SECOND)
    out = tmp_path / "out"
    code, report, output = run(folder, out, models)
    assert code == 0 and len(report["translated"]) == 2, output

    code, report, _ = run(folder, out, models)           # a rerun is a no-op
    assert code == 0 and report["translated"] == [] and len(report["unchanged"]) == 2
    assert report["models_loaded"] == []

    # Both records as the previous reader wrote them: only the noisy article is redone.
    for stem in ("noisy", "clean"):
        path = out / f"{stem}.json"
        path.write_text(json.dumps(_as_older_reader_wrote_it(_record(out, stem)),
                                   ensure_ascii=False), encoding="utf-8")
    assert "kind" not in _record(out, "noisy")["paragraphs"][0]
    code, report, _ = run(folder, out, models)
    assert code == 0
    assert [Path(p).name for p in report["translated"]] == ["noisy.txt"]
    assert [Path(p).name for p in report["unchanged"]] == ["clean.txt"]
    assert _record(out, "noisy")["paragraphs"][1]["kind"] == "byline"
    check_outputs(folder / "noisy.txt", out)

    code, report, _ = run(folder, out, models)            # then a no-op again
    assert code == 0 and report["translated"] == [] and len(report["unchanged"]) == 2


def test_a_feed_entrys_title_and_text_are_split_too(tmp_path, models):
    title, _, text = NOISY.partition("\n\n")
    entry = {"id": "a1", "title": title[len(" date 2020-03 "):], "text": text}
    clean = {"id": "b2", "title": "Opkomst historisch laag", "text": SECOND.partition(" ")[2]}
    feed = write(tmp_path / "in" / "feed.jsonl",
                 "\n".join(json.dumps(e, ensure_ascii=False) for e in (entry, clean)) + "\n")
    out = tmp_path / "out"
    code, report, output = run(feed.parent, out, models)
    assert code == 0 and len(report["translated"]) == 2, output
    lines = [json.loads(line) for line in
             (out / "feed.en.jsonl").read_text(encoding="utf-8").splitlines()]
    english = lines[0]["english"]
    records = sorted((out / "feed.records").rglob("*.json"))
    by_source = {json.loads(p.read_text(encoding="utf-8"))["source"]: p for p in records}
    record = json.loads(by_source["feed.jsonl#a1"].read_text(encoding="utf-8"))
    assert [p["kind"] for p in record["paragraphs"][:2]] == ["heading", "byline"]
    assert english["title"] == record["paragraphs"][0]["en"]     # the initials stay apart
    assert english["text"].split("\n\n")[0].split("\n")[:2] == ["Bron: Het Parool", "0 REUTERS"]

    code, report, _ = run(feed.parent, out, models)
    assert code == 0 and report["translated"] == [] and len(report["unchanged"]) == 2
