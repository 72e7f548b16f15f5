"""Choosing among the engine's n best: the pure choice, then a run whose engine returns
scripted hypotheses (through `ModelSession(engine_wrapper=...)`, as the bench steers it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from translate.text.article import Translated
from translate.checks.choice import choose as choose_among
from translate.checks.quality import BULLET_FLAGS, CONTENT_FLAGS


def choose(hypotheses, checks, margin, steering=CONTENT_FLAGS):
    return choose_among(hypotheses, checks, margin, steering)


@dataclass(frozen=True)
class H:
    text: str
    score: float


def flags_from(table: dict[str, list[str]]):
    seen: list[str] = []

    def checks(hypothesis: H) -> list[str]:
        seen.append(hypothesis.text)
        return list(table[hypothesis.text])

    checks.seen = seen  # type: ignore[attr-defined]
    return checks


# ----------------------------------------------------------------- the pure choice


def test_inside_the_margin_the_one_without_the_flag_is_chosen():
    hypotheses = [H("best", -0.30), H("fixed", -0.35)]
    choice = choose(hypotheses, flags_from({"best": ["numbers"], "fixed": []}), margin=0.1)
    assert (choice.index, choice.of, choice.why, choice.flags) == (1, 2, ["numbers"], [])
    assert choice.changed


def test_outside_the_margin_the_best_is_kept():
    hypotheses = [H("best", -0.30), H("fixed", -0.41)]
    choice = choose(hypotheses, flags_from({"best": ["numbers"], "fixed": []}), margin=0.1)
    assert (choice.index, choice.why, choice.flags) == (0, [], ["numbers"])
    assert not choice.changed


def test_equal_flags_keep_the_best():
    checks = flags_from({"best": ["names"], "other": ["names"]})
    choice = choose([H("best", -0.2), H("other", -0.2)], checks, margin=1.0)
    assert choice.index == 0 and choice.flags == ["names"]


def test_a_clean_best_is_written_without_checking_the_others():
    checks = flags_from({"best": ["low_confidence"], "other": []})
    choice = choose([H("best", -0.8), H("other", -0.5)], checks, margin=1.0)
    # low_confidence does not steer: nothing another hypothesis could be written for.
    assert choice.index == 0 and checks.seen == ["best"]


def test_the_fewest_steering_flags_win_and_the_engine_order_breaks_ties():
    table = {"best": ["names", "numbers"], "a": ["numbers"], "b": [], "c": []}
    hypotheses = [H("best", -0.1), H("a", -0.12), H("b", -0.15), H("c", -0.11)]
    choice = choose(hypotheses, flags_from(table), margin=0.1)
    assert (choice.index, choice.why) == (2, ["names", "numbers"])


def test_an_alternative_that_adds_another_flag_is_not_written():
    table = {"best": ["numbers"], "loop": ["repetition"], "dutch": ["untranslated"]}
    choice = choose([H("best", -0.2), H("loop", -0.2), H("dutch", -0.25)],
                    flags_from(table), margin=0.5)
    assert choice.index == 0
    # ... but one that keeps a flag the best has too may be.
    table = {"best": ["length_ratio", "numbers"], "ok": ["length_ratio"]}
    choice = choose([H("best", -0.2), H("ok", -0.25)], flags_from(table), margin=0.1)
    assert (choice.index, choice.flags) == (1, ["length_ratio"])


def test_summary_flags_count_per_sentence():
    table = {"best": ["unsupported_number", "unsupported_number"],
             "one": ["unsupported_number"], "off": ["names"]}
    choice = choose([H("best", -0.5), H("one", -0.55)], flags_from(table), margin=0.1,
                    steering=BULLET_FLAGS)
    assert (choice.index, choice.why) == (1, ["unsupported_number"])


def test_one_hypothesis_is_the_choice():
    choice = choose([H("only", -0.3)], flags_from({"only": ["numbers"]}), margin=1.0)
    assert choice.index == 0 and choice.of == 1
    with pytest.raises(ValueError):
        choose([], flags_from({}), margin=0.1)


# ----------------------------------------------------------------- a scripted engine

# Dutch sentence -> the engine's n best (English, score), best first.
SCRIPT = {
    # The best loses the number; the second keeps it, within the margin: written.
    "De gemeenteraad keurde dinsdag 12 nieuwe woningen goed.": [
        ("The council approved new homes on Tuesday.", -0.30),
        ("The council approved 12 new homes on Tuesday.", -0.35)],
    # The second keeps the number, but is too far below the best: the best stays.
    "Het kabinet trekt 40 miljoen euro uit voor de dijken.": [
        ("The cabinet is spending money on the dikes.", -0.30),
        ("The cabinet is spending 40 million euros on the dikes.", -0.60)],
    # Both lose the number: the best stays.
    "Er kwamen 300 mensen naar de markt in de stad.": [
        ("Some people came to the market in the city.", -0.20),
        ("Many people came to the market in the city.", -0.21)],
    # Clean: the best stays, nothing is said.
    "Het regent al de hele dag in Amsterdam.": [
        ("It has been raining in Amsterdam all day.", -0.10),
        ("It has rained all day in Amsterdam.", -0.12)],
}
ARTICLE = "\n\n".join([" ".join(list(SCRIPT)[:2]), " ".join(list(SCRIPT)[2:])]) + "\n"


class ScriptedEngine:
    """Answers each scripted Dutch sentence with its scripted hypotheses (as many as asked
    for), token ids from the model's own tokenizer; counts what it is asked."""

    def __init__(self, inner, tokenizer) -> None:
        self.inner, self.tokenizer = inner, tokenizer
        self.name, self.device, self.parallel = "scripted", inner.device, 1
        self.asked: list[tuple[str, int]] = []

    def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams, num_hypotheses=1):
        from translate.models.backends.base import Hypothesis

        outputs = []
        for ids in batch:
            dutch = self.tokenizer.decode(ids, skip_special_tokens=True)
            self.asked.append((dutch, num_hypotheses))
            found = [Hypothesis(self.tokenizer(text_target=en)["input_ids"][:-1], score)
                     for en, score in SCRIPT[dutch][:num_hypotheses]]
            outputs.append(Hypothesis(found[0].ids, found[0].score,
                                      alternatives=tuple(found[1:])))
        return outputs


def scripted_run(tiny_marian: Path, folder: Path, out: Path, *, num_hypotheses: int = 0,
                 margin: float = 0.1):
    from transformers import AutoTokenizer

    from translate.config import Config
    from translate.run.context import RunRequest
    from translate.run.pipeline import run
    from translate.run.session import ModelSession

    config = Config()
    config.models.translation = str(tiny_marian)
    config.summary.enabled = False
    config.translation.backend = "torch"
    config.translation.num_beams = 2
    config.translation.num_hypotheses = num_hypotheses
    config.translation.hypothesis_margin = margin
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_marian))
    engines: list[ScriptedEngine] = []

    def wrap(engine):
        engines.append(ScriptedEngine(engine, tokenizer))
        return engines[-1]

    session = ModelSession(config, "cpu", engine_wrapper=wrap)
    report = run(RunRequest(paths=[folder], config=config, out_dir=out), session=session)
    asked = engines[0].asked if engines else []
    return report, asked


def sentences_of(record: dict) -> dict[str, dict]:
    return {s["nl"]: s for p in record["paragraphs"] for s in p["sentences"]}


def test_a_run_writes_the_hypothesis_that_keeps_the_number(tiny_marian, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    report, asked = scripted_run(tiny_marian, folder, tmp_path / "out")
    assert report.exit_code == 0 and report.translated == ["a.txt"]
    assert sorted(asked) == sorted((nl, 2) for nl in SCRIPT)  # every sentence, n = the beam
    record = json.loads((tmp_path / "out" / "a.json").read_text(encoding="utf-8"))
    by_nl = sentences_of(record)
    chosen, far, equal, clean = (by_nl[nl] for nl in SCRIPT)
    assert chosen["en"] == "The council approved 12 new homes on Tuesday."
    assert chosen["score"] == -0.35 and chosen["flags"] == []
    assert chosen["hypothesis"] == {"index": 1, "of": 2, "why": ["numbers"], "best_score": -0.3}
    assert far["en"] == "The cabinet is spending money on the dikes." and "numbers" in far["flags"]
    assert equal["en"] == "Some people came to the market in the city."
    assert "numbers" in equal["flags"]
    assert clean["en"] == "It has been raining in Amsterdam all day." and clean["flags"] == []
    assert all("hypothesis" not in s for s in (far, equal, clean))
    assert "The council approved 12 new homes" in (tmp_path / "out" / "a.en.txt").read_text()
    options = record["models"][0]
    assert options["num_hypotheses"] == 2 and options["hypothesis_margin"] == 0.1

    # A recalled sentence is chosen for again, from the alternatives the memory kept.
    (folder / "b.txt").write_text(list(SCRIPT)[0] + " " + list(SCRIPT)[3] + "\n", encoding="utf-8")
    report, asked = scripted_run(tiny_marian, folder, tmp_path / "out")
    assert report.translated == ["b.txt"] and report.unchanged == ["a.txt"]
    assert asked == []  # both sentences from the memory
    again = sentences_of(json.loads((tmp_path / "out" / "b.json").read_text(encoding="utf-8")))
    assert again[list(SCRIPT)[0]] == chosen


def test_a_wider_margin_takes_the_farther_hypothesis(tiny_marian, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    scripted_run(tiny_marian, folder, tmp_path / "out", margin=0.5)
    far = sentences_of(json.loads((tmp_path / "out" / "a.json").read_text()))[list(SCRIPT)[1]]
    assert far["en"] == "The cabinet is spending 40 million euros on the dikes."
    assert far["hypothesis"]["index"] == 1 and far["hypothesis"]["why"] == ["numbers"]


def test_one_hypothesis_writes_the_best_and_the_memory_asks_again_for_more(tiny_marian,
                                                                          tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    _, asked = scripted_run(tiny_marian, folder, tmp_path / "out", num_hypotheses=1)
    assert {n for _, n in asked} == {1}
    first = sentences_of(json.loads((tmp_path / "out" / "a.json").read_text()))[list(SCRIPT)[0]]
    assert first["en"] == "The council approved new homes on Tuesday."
    assert "numbers" in first["flags"] and "hypothesis" not in first
    # The margin and n are part of the article fingerprint: the article is redone, and the
    # memory, which kept one hypothesis per sentence, cannot answer for two.
    report, asked = scripted_run(tiny_marian, folder, tmp_path / "out")
    assert report.translated == ["a.txt"]
    assert sorted(asked) == sorted((nl, 2) for nl in SCRIPT)
    # Fewer than remembered: the memory answers.
    report, asked = scripted_run(tiny_marian, folder, tmp_path / "out", num_hypotheses=1)
    assert report.translated == ["a.txt"] and asked == []


def test_the_memory_keeps_the_alternatives(tmp_path):
    from translate.run.state import StateStore

    with StateStore(tmp_path) as store:
        best = Translated("A.", -0.1, False, (Translated("B.", -0.2), Translated("C.", -0.3, True)), 4)
        store.remember("fp", [("Een.", best), ("Twee.", Translated("Two.", -0.5))])
        found = store.recall("fp", ["Een.", "Twee."])
    assert found["Een."] == best
    assert found["Twee."] == Translated("Two.", -0.5, False, (), 1)


def test_a_shouted_sentence_gets_its_capitals_back_in_every_hypothesis():
    from translate.run.translation import RememberingTranslator

    class Fake:
        num_hypotheses = 2

        def translate(self, texts, on_batch=None):
            return [Translated("The house burns.", -0.1, False,
                               (Translated("The house is on fire.", -0.2),), 2) for _ in texts]

    english, done = RememberingTranslator(Fake(), None, "fp").translate(["HET HUIS BRANDT."])
    found = english["HET HUIS BRANDT."]
    assert found.text == "THE HOUSE BURNS." and found.alternatives[0].text == "THE HOUSE IS ON FIRE."


# ----------------------------------------------------------------- the summariser


def test_the_summariser_prefers_a_summary_without_an_unsupported_number(tiny_bart):
    from transformers import AutoTokenizer

    from translate.models.backends.base import Hypothesis
    from translate.models.backends.torch_engine import TorchEngine
    from translate.config import SummaryConfig
    from translate.checks.quality import bullet_flags
    from translate.models.summarizer import Summarizer

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_bart))
    summaries = [("The council approved 15 new homes.", -0.40),
                 ("The council approved 12 new homes.", -0.45),
                 ("The council approved new homes.", -0.60)]

    class Scripted:
        name, device, parallel = "scripted", "cpu", 1

        def __init__(self) -> None:
            self.asked: list[int] = []

        def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams,
                     num_hypotheses=1):
            self.asked.append(num_hypotheses)
            found = [Hypothesis(tokenizer(text, add_special_tokens=False)["input_ids"], score)
                     for text, score in summaries[:num_hypotheses]]
            return [Hypothesis(found[0].ids, found[0].score, alternatives=tuple(found[1:]))
                    for _ in batch]

    english = ["The council approved 12 new homes on Tuesday.", "Building starts in May."]
    assert TorchEngine  # the real engine is not needed: the script answers
    engine = Scripted()
    summarizer = Summarizer(tiny_bart, engine, SummaryConfig(num_beams=3, min_bullets=1))
    assert summarizer.num_hypotheses == 3
    bullets = summarizer.summarize([english], check=bullet_flags)[0]
    assert bullets[0] == "The council approved 12 new homes."
    assert engine.asked == [3]
    # Outside the margin, or without a check, the best stays.
    summarizer.settings.hypothesis_margin = 0.01
    assert summarizer.summarize([english], check=bullet_flags)[0][0] == summaries[0][0]
    assert summarizer.summarize([english])[0][0] == summaries[0][0]
    assert engine.asked[-1] == 1  # no check: only the best is asked for


def test_last_nights_memory_migrates_and_counts_as_one_hypothesis(tmp_path):
    import sqlite3

    from translate.run.state import StateStore
    from translate.run.state.migrations import MIGRATIONS

    folder = tmp_path / "out"
    (folder / ".translate").mkdir(parents=True)
    conn = sqlite3.connect(folder / ".translate" / "state.sqlite3")
    for number, step in enumerate(MIGRATIONS[:3], start=1):  # the schema before this one
        step(conn, folder)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("INSERT INTO sentences (fingerprint, source, translation, score, capped) "
                 "VALUES ('fp', 'Het regent.', 'It rains.', -0.2, 0)")
    conn.commit()
    conn.close()
    with StateStore(folder) as store:
        assert store.recall("fp", ["Het regent."]) == {
            "Het regent.": Translated("It rains.", -0.2, False, (), 1)}


def test_a_rebuilt_memory_leaves_out_a_sentence_written_from_another_hypothesis():
    from translate.run.record import memory_pairs

    record = {"paragraphs": [{"sentences": [
        {"nl": "Een.", "en": "One.", "score": -0.1, "flags": []},
        {"nl": "Twee.", "en": "Two 2.", "score": -0.3, "flags": [],
         "hypothesis": {"index": 1, "of": 4, "why": ["numbers"], "best_score": -0.2}}]}]}
    assert memory_pairs(record) == [("Een.", Translated("One.", -0.1, False))]


def test_n_defaults_to_the_beam_on_ctranslate2_and_to_one_on_torch():
    from translate.models.backends.base import hypotheses_for

    class On:
        def __init__(self, name: str) -> None:
            self.name = name

    assert hypotheses_for(On("ctranslate2"), 0, 4) == 4
    assert hypotheses_for(On("torch"), 0, 4) == 1       # opt-in there: costs a scoring pass
    assert hypotheses_for(On("torch"), 3, 4) == 3
    assert hypotheses_for(On("ctranslate2"), 9, 4) == 4  # never more than the beam holds
    assert hypotheses_for(On("ctranslate2"), 0, 1) == 1
