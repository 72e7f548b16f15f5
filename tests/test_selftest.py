"""`translate models check`: the self-test fails the random demo models, naming why, and its
verdict follows the documented thresholds."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import invoke, model_flags
from translate.reporting.selftest import ARTICLE, THRESHOLDS, CheckResult, load_sentences

JSON_KEYS = {"verdict", "failed", "checks", "models", "translation", "agreement", "summary",
             "seconds"}


def test_the_built_in_set_is_news_with_names_numbers_quotes_and_a_headline() -> None:
    pairs = load_sentences()
    assert len(pairs) >= 40
    dutch = [nl for nl, _ in pairs]
    assert any(nl.isupper() for nl in dutch), "a headline in capitals"
    assert sum('"' in nl for nl in dutch) >= 4, "quotes"
    assert sum(bool(re.search(r"\d", nl)) for nl in dutch) >= 15, "numbers"
    assert len({nl for nl in dutch}) == len(dutch) and all(en for _, en in pairs)
    text = ARTICLE.read_text(encoding="utf-8")
    assert text.startswith(" date ") and text.count("\n\n") >= 3


def test_demo_models_fail_and_say_why(tiny_marian: Path, tiny_bart: Path) -> None:
    result = invoke("models", "check", "--json", *model_flags(tiny_marian, tiny_bart))
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert set(data) == JSON_KEYS
    assert data["verdict"] == "fail"
    # Random weights: gibberish, neither close to the references nor English.
    assert {"chrf", "bleu", "english_share"} <= set(data["failed"])
    checks = {check["name"]: check for check in data["checks"]}
    assert set(data["failed"]) == {name for name, check in checks.items() if not check["passed"]}
    measured = {"chrf", "bleu", "mean_score", "flagged_share", "english_share", "numbers_kept",
                "names_kept", "agreement_chrf", "summary_english_share", "summary_bullets_ok"}
    # summary_flagged_share: only where the record carries bullet checks
    assert measured <= set(checks) <= measured | {"summary_flagged_share"}
    assert data["translation"]["names"]["names"] >= 20
    translation = data["translation"]
    assert translation["sentences"] == len(load_sentences()) == len(translation["lines"])
    assert translation["numbers"]["sentences"] >= 15
    assert 0 <= data["agreement"]["chrf"] <= 100
    assert data["agreement"]["reference"] == "torch float32 on cpu"
    assert 1 <= len(data["summary"]["bullets"]) <= 5
    assert {"load_translation", "translate", "reference", "load_summary", "article",
            "total"} <= set(data["seconds"])
    assert [m["role"] for m in data["models"]] == ["translation", "summary"]


def test_text_output_names_each_failed_threshold(tiny_marian: Path) -> None:
    result = invoke("models", "check", "--no-summary", "--backend", "torch",
                    "--translation-model", tiny_marian)
    assert result.exit_code == 1
    verdict = result.output.strip().splitlines()[-1]
    assert verdict.startswith("verdict: FAIL: ") and "chrf" in verdict and "bleu" in verdict
    assert "FAIL chrf = " in result.output
    # torch on the CPU is the reference itself; no summary was asked for.
    assert "agreement   not measured" in result.output
    assert "agreement_chrf" not in result.output and "summary_" not in result.output


def test_missing_model_is_exit_2(tmp_path: Path) -> None:
    result = invoke("models", "check", "--translation-model", tmp_path / "gone", "--no-summary")
    assert result.exit_code == 2 and "gone" in result.output


def _result(**values: float) -> CheckResult:
    good = {t.name: t.limit for t in THRESHOLDS}   # every value exactly at its limit
    return CheckResult(translation={}, agreement={}, summary=None, seconds={}, models=[],
                       values=good | values)


def test_verdict_passes_at_the_limits_and_names_what_fails() -> None:
    assert _result().failed == [] and _result().exit_code == 0
    failing = _result(chrf=39.9, flagged_share=0.3, agreement_chrf=50.0)
    assert failing.failed == ["chrf", "flagged_share", "agreement_chrf"]
    assert failing.exit_code == 1
    assert failing.to_json()["verdict"] == "fail"
