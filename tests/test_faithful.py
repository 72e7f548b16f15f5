"""Faithful to the source, end to end: the `names` and `glossary` flags in a run's record,
one check per summary bullet, and the glossary file (its errors, the terms that applied,
which articles a changed glossary redoes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import invoke, model_flags, run, write
from translate.checks.quality import ALL_FLAGS, BULLET_FLAGS, bullet_flags
from translate.models.summarizer import pick_bullets

ARTICLE = (
    " date 2024-05 Rutte bezoekt Zwolle\n\n"
    "Premier Mark Rutte bezocht dinsdag de Sassenpoort in Zwolle. Rutte sprak daar met "
    "burgemeester Jan de Vries over het stadsbestuur.\n\n"
    "De Vries zei dat de gemeente 12 miljoen euro wil investeren.\n"
)
OTHER = " date 2024-05 Het regent\n\nHet regent al drie dagen in het noorden van het land.\n"


# ---------------------------------------------------------------- the bullets


ENGLISH = ("Prime Minister Mark Rutte visited the Sassenpoort in Zwolle on Tuesday. Mayor "
           "Jan de Vries said the council wants to invest 12 million euros.")


@pytest.mark.parametrize("bullet, flags", [
    ("Mark Rutte visited Zwolle.", []),
    ("The council wants to invest 12 million euros.", []),
    ("The council wants to invest 12,000,000 euros.", []),   # the same number
    ("The council wants to invest 15 million euros.", ["unsupported_number"]),
    ("Mark Rutte visited Deventer.", ["unsupported_name"]),
    ("Mayor Piet Jansen wants 40 million euros.", ["unsupported_number", "unsupported_name"]),
    ("Rutte met the mayor.", []),
    ("Mayor said the council wants to invest.", []),          # an English word opening it
])
def test_bullet_flags(bullet, flags):
    assert bullet_flags(bullet, ENGLISH) == flags


def test_bullets_carry_their_summary_score_or_say_they_are_the_articles():
    bullets = pick_bullets(["Rutte visited Zwolle. He met the mayor.", "It rained."],
                           ["Lead sentence one.", "Lead sentence two."], 3, 5,
                           scores=[-0.5, -1.25])
    assert [(b.text, b.score, b.source) for b in bullets] == [
        ("Rutte visited Zwolle.", -0.5, "summary"), ("It rained.", -1.25, "summary"),
        ("He met the mayor.", -0.5, "summary")]
    topped = pick_bullets(["Rutte visited Zwolle."], ["Lead sentence one."], 2, 5, [-0.5])
    assert [(b.score, b.source) for b in topped] == [(-0.5, "summary"), (None, "article")]
    assert topped[1].check() == {"bullet": "Lead sentence one.", "score": None,
                                 "source": "article", "flags": []}


# ---------------------------------------------------------------- a run's record


def test_run_record_has_names_flags_and_one_check_per_bullet(tmp_path, tiny_marian, tiny_bart):
    folder = tmp_path / "in"
    write(folder / "a.txt", ARTICLE)
    code, report, output = run(folder, tmp_path / "out", model_flags(tiny_marian, tiny_bart))
    assert code == 0, output
    record = json.loads((tmp_path / "out" / "a.json").read_text(encoding="utf-8"))
    sentences = [s for p in record["paragraphs"] for s in p["sentences"]]
    # A random model writes gibberish: every sentence with a name loses it.
    for sentence in sentences:
        if "Rutte" in sentence["nl"] and "Rutte" not in sentence["en"]:
            assert "names" in sentence["flags"]
    assert any("names" in s["flags"] for s in sentences)
    checks = record["summary_checks"]
    assert [c["bullet"] for c in checks] == record["summary"] and checks
    english = " ".join(s["en"] for s in sentences)
    for check in checks:
        assert set(check) == {"bullet", "score", "source", "flags"}
        assert check["source"] in ("summary", "article")
        assert (check["score"] is None) == (check["source"] == "article")
        assert check["flags"] == bullet_flags(check["bullet"], english)
        assert set(check["flags"]) <= set(BULLET_FLAGS)
    assert record["quality"]["flagged_bullets"] == sum(1 for c in checks if c["flags"])
    assert record["glossary"] == []
    assert set(report["flag_counts"]) <= set(ALL_FLAGS)
    for flag in BULLET_FLAGS:
        if any(flag in c["flags"] for c in checks):
            assert report["flag_counts"][flag] == 1 and "a.txt" in report["flagged"]
    assert f"flagged {len(report['flagged'])}" in output.strip().splitlines()[-1]


# ---------------------------------------------------------------- the glossary


def config_with(tmp_path: Path, terms: str | bytes) -> Path:
    glossary = tmp_path / "terms.tsv"
    if isinstance(terms, bytes):
        glossary.write_bytes(terms)
    else:
        glossary.write_text(terms, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('[glossary]\nfile = "terms.tsv"\n', encoding="utf-8")
    return config


@pytest.mark.parametrize("terms, message", [
    (None, "glossary file not found"),
    (b"Sassenpoort\t\n\xff\xfe bad\tx\n", "line 2: not UTF-8"),
    ("# our terms\nSassenpoort\t\nstadsbestuur city board\n", "line 3: expected `Dutch<TAB>English`"),
])
def test_a_bad_glossary_stops_the_run_before_any_model(tmp_path, terms, message):
    config = config_with(tmp_path, terms or "")
    if terms is None:
        (tmp_path / "terms.tsv").unlink()
    folder = tmp_path / "in"
    write(folder / "a.txt", ARTICLE)
    # Model folders that do not exist: a model load would fail with another message.
    result = invoke("run", folder, "--out", tmp_path / "out", "--config", config,
                    "--translation-model", tmp_path / "none", "--summary-model", tmp_path / "none")
    assert result.exit_code == 2, result.output
    assert message in result.output and "terms.tsv" in result.output
    assert not (tmp_path / "out").exists()


def test_glossary_flags_lists_terms_and_redoes_only_the_articles_it_changes(
        tmp_path, tiny_marian, tiny_bart):
    config = config_with(tmp_path, "Sassenpoort\t\nstadsbestuur\tcity executive\n")
    folder, out = tmp_path / "in", tmp_path / "out"
    write(folder / "a.txt", ARTICLE)
    write(folder / "b.txt", OTHER)
    models = model_flags(tiny_marian, tiny_bart) + ["--config", str(config), "--no-summary"]
    code, report, output = run(folder, out, models)
    assert code == 0, output
    record = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert record["glossary"] == [{"nl": "Sassenpoort", "en": ""},
                                  {"nl": "stadsbestuur", "en": "city executive"}]
    sentences = [s for p in record["paragraphs"] for s in p["sentences"]]
    for sentence in sentences:
        if "Sassenpoort" in sentence["nl"]:
            assert ("glossary" in sentence["flags"]) == ("Sassenpoort" not in sentence["en"])
    assert json.loads((out / "b.json").read_text(encoding="utf-8"))["glossary"] == []

    # Unchanged glossary: nothing redone.
    code, report, _ = run(folder, out, models)
    assert sorted(report["unchanged"]) == ["a.txt", "b.txt"]
    # A term that occurs in a.txt only changes its English: a.txt is redone, b.txt not.
    (tmp_path / "terms.tsv").write_text("Sassenpoort\t\nstadsbestuur\tcity council\n",
                                        encoding="utf-8")
    code, report, _ = run(folder, out, models)
    assert report["translated"] == ["a.txt"] and report["unchanged"] == ["b.txt"]
    # A term that occurs in neither redoes nothing.
    with (tmp_path / "terms.tsv").open("a", encoding="utf-8") as handle:
        handle.write("Binnenhof\t\n")
    code, report, _ = run(folder, out, models)
    assert sorted(report["unchanged"]) == ["a.txt", "b.txt"]


# ---------------------------------------------------------------- where bullet flags show


def flagged_article():
    from translate.text.article import Article, Paragraph, Sentence

    sentence = Sentence("Rutte bezocht Zwolle.", "Rutte visited Zwolle.", -0.2, flags=[])
    article = Article(source=Path("a.txt"), rel=Path("a.txt"), sha256="0" * 64, date=None,
                      header=None, paragraphs=[Paragraph("Rutte bezocht Zwolle.",
                                                         sentences=[sentence])])
    article.summary = ["Rutte visited Zwolle.", "Rutte visited Deventer."]
    article.summary_checks = [
        {"bullet": b, "score": -0.5, "source": "summary", "flags": []} for b in article.summary]
    from translate.checks.quality import check_summaries

    check_summaries([article])
    return article


def test_bullet_flags_in_file_output_quality_line_and_evidence():
    from translate.checks.quality import all_flags, evidence, summary
    from translate.run.writer import render_quality, render_text_and_summary

    article = flagged_article()
    assert [c["flags"] for c in article.summary_checks] == [[], ["unsupported_name"]]
    text = render_text_and_summary(article, marked=True)
    assert "- Rutte visited Zwolle.\n" in text
    assert "- Rutte visited Deventer. [flagged: unsupported_name]" in text
    assert "[flagged" not in render_text_and_summary(article)
    assert "1 of 2 bullet(s)" in render_quality(article)
    assert all_flags(article) == ["unsupported_name"]
    flags, worst = evidence(article)
    assert flags == ["unsupported_name"]
    assert worst["bullet"] == {"bullet": "Rutte visited Deventer.", "flags": ["unsupported_name"]}
    assert summary(article)["flagged_bullets"] == 1


def test_status_shows_a_flagged_bullet(tmp_path):
    from translate.checks.quality import evidence
    from translate.run.state import StateStore

    flags, worst = evidence(flagged_article())
    store = StateStore(tmp_path)
    run_id = store.start_run()
    store.put_article(run_id, "a.txt", "0" * 64, "f", "translated", None, 1.0, flags, worst)
    store.finish_run(run_id, {"translated": 1}, 0, 1.0)
    store.close()
    result = invoke("status", tmp_path)
    assert result.exit_code == 0, result.output
    assert "a.txt: unsupported_name" in result.output
    assert "bullet (unsupported_name): Rutte visited Deventer." in result.output


def test_review_page_shows_bullet_flags(tmp_path):
    from translate.reporting.review import article_view

    record = {"paragraphs": [], "summary": ["One.", "Two 40 percent."],
              "summary_checks": [{"bullet": "One.", "flags": []},
                                 {"bullet": "Two 40 percent.", "flags": ["unsupported_number"]}],
              "quality": {"flags": []}}
    view = article_view("a.txt", 1.0, record, [], tmp_path)
    assert view.bullet_flags == [[], ["unsupported_number"]]
    assert "unsupported_number" in view.flags and view.flagged
    # A record written before bullet checks: no bullet flags, nothing breaks.
    old = article_view("b.txt", 1.0, {"paragraphs": [], "summary": ["One."]}, [], tmp_path)
    assert old.bullet_flags == [[]] and old.flags == []


def test_a_glossary_set_in_code_is_read_before_any_model(tmp_path):
    from translate.config import Config
    from translate.errors import ConfigError
    from translate.run.context import RunRequest
    from translate.run.pipeline import run

    config = Config()
    config.glossary.file = str(tmp_path / "missing.tsv")
    write(tmp_path / "in" / "a.txt", ARTICLE)
    with pytest.raises(ConfigError, match="glossary file not found"):
        run(RunRequest([tmp_path / "in"], config, out_dir=tmp_path / "out"))
    assert not (tmp_path / "out").exists()
