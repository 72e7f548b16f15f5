"""`translate eval REFS.tsv`: keys, sacrebleu's own numbers on the hypotheses it wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import invoke
from translate.checks.quality import FLAGS

REFS = (
    "De gemeenteraad heeft dinsdag ingestemd met de bouw van nieuwe woningen.\t"
    "The council approved the construction of new homes on Tuesday.\n"
    "Het regent in Amsterdam.\tIt is raining in Amsterdam.\n"
    "\n"
    "De opkomst was 12,5 procent. Veel kiezers stemden per brief.\t"
    "Turnout was 12.5 percent. Many voters voted by post.\n"
)


@pytest.fixture
def refs(tmp_path: Path) -> Path:
    path = tmp_path / "refs.tsv"
    path.write_text(REFS, encoding="utf-8")
    return path


def test_eval_json_keys_and_sacrebleu_numbers(tmp_path, refs, tiny_marian):
    import sacrebleu

    hyps = tmp_path / "hyps.txt"
    result = invoke("eval", refs, "--json", "--hyps", hyps, "--translation-model", tiny_marian)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"sentences", "bleu", "chrf", "signature", "mean_score", "flags"} <= set(data)
    assert data["sentences"] == 3
    written = hyps.read_text(encoding="utf-8").split("\n")[:-1]
    references = [line.split("\t")[1] for line in REFS.splitlines() if line]
    assert len(written) == 3
    assert data["bleu"] == pytest.approx(sacrebleu.corpus_bleu(written, [references]).score)
    assert data["chrf"] == pytest.approx(sacrebleu.corpus_chrf(written, [references]).score)
    assert "nrefs:1" in data["signature"]["bleu"] and "version:" in data["signature"]["chrf"]
    assert isinstance(data["mean_score"], float) and data["mean_score"] <= 0.0
    assert set(data["flags"]) == set(FLAGS)
    # The third line is two sentences: each is flagged (random weights score low).
    assert data["flags"]["low_confidence"] == 4
    assert data["model"]["backend"] in ("ctranslate2", "torch")


def test_eval_prints_a_table_without_json(refs, tiny_marian):
    result = invoke("eval", refs, "--translation-model", tiny_marian, "--backend", "torch")
    assert result.exit_code == 0, result.output
    assert "BLEU" in result.stdout and "chrF" in result.stdout and "mean score" in result.stdout


def test_eval_rejects_a_line_without_a_tab(tmp_path, tiny_marian):
    bad = tmp_path / "bad.tsv"
    bad.write_text("Het regent.\tIt rains.\nGeen tab hier\n", encoding="utf-8")
    result = invoke("eval", bad, "--translation-model", tiny_marian)
    assert result.exit_code == 2
    assert "line 2" in result.output
    assert invoke("eval", tmp_path / "missing.tsv", "--translation-model", tiny_marian).exit_code == 2


def test_eval_skips_a_header_row_and_reports_names_kept(tmp_path, tiny_marian):
    from translate.checks.names import names_kept

    refs = tmp_path / "refs.tsv"
    refs.write_text("nl\ten\n" + REFS, encoding="utf-8")
    hyps = tmp_path / "hyps.txt"
    result = invoke("eval", refs, "--json", "--hyps", hyps, "--translation-model", tiny_marian)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sentences"] == 3           # the header row is no sentence pair
    written = hyps.read_text(encoding="utf-8").split("\n")[:-1]
    dutch = [line.split("\t")[0] for line in REFS.splitlines() if line]
    kept, total = names_kept(zip(dutch, written))
    assert data["names"] == {"kept": kept, "total": total} and total >= 1   # Amsterdam
    assert data["names_kept"] == pytest.approx(kept / total, abs=1e-4)
    table = invoke("eval", refs, "--translation-model", tiny_marian)
    assert "names kept" in table.stdout and f"of {total} proper names" in table.stdout
