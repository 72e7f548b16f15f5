import pytest

from translate.models.summarizer import clean_sentence, make_bullets


def test_bullets_deduplicated_complete_and_capped():
    summaries = ["The bridge opens later. The bridge opens later! Costs rose to 312.5 million euros.",
                 "Residents are disappointed. Work starts in May. Costs rose to 312.5 million euros."]
    bullets = make_bullets(summaries, ["Lead sentence one."], min_bullets=3, max_bullets=5)
    assert bullets == [
        "The bridge opens later.", "Residents are disappointed.",
        "Work starts in May.", "Costs rose to 312.5 million euros.",
    ]


def test_round_robin_keeps_every_chunk_represented():
    summaries = [" ".join(f"Chunk {c} sentence {i}." for i in range(4)) for c in range(3)]
    bullets = make_bullets(summaries, [], min_bullets=3, max_bullets=5)
    assert bullets[:3] == ["Chunk 0 sentence 0.", "Chunk 1 sentence 0.", "Chunk 2 sentence 0."]
    assert len(bullets) == 5


def test_topped_up_from_the_lead_but_never_beyond_the_article():
    bullets = make_bullets(["word word word"], ["First.", "Second one.", "Third one."], 3, 5)
    assert bullets == ["Word word word.", "First.", "Second one."]
    assert make_bullets([""], ["Only one sentence."], 3, 5) == ["Only one sentence."]


def test_clean_sentence():
    assert clean_sentence("  - the  vote was\nclose ") == "The vote was close."
    assert clean_sentence('he said "yes."') == 'He said "yes."'
    assert clean_sentence(" ... ") == ""


def test_chunks_fit_the_summariser_input(tiny_bart):
    from translate.config import SummaryConfig
    from translate.models.backends.torch_engine import TorchEngine
    from translate.models.summarizer import Summarizer

    summarizer = Summarizer(tiny_bart, TorchEngine(tiny_bart, "cpu", 1), SummaryConfig())
    sentences = [f"Sentence number {i} says the council met on Tuesday." for i in range(40)]
    chunks = summarizer.chunks(sentences)
    assert len(chunks) > 1
    assert " ".join(chunks) == " ".join(sentences)
    assert all(summarizer.count_tokens(c) <= summarizer.max_input_tokens for c in chunks)
    bullets = summarizer.summarize([sentences])[0]
    assert 3 <= len(bullets) <= 5 and len(set(bullets)) == len(bullets)


def test_spread_keeps_the_lead_the_end_and_evenly_spaced_chunks():
    from translate.models.summarizer import spread

    chunks = [f"c{i}" for i in range(10)]
    assert spread(chunks, 3) == ["c0", "c4", "c9"]  # round(4.5) == 4
    assert spread(chunks, 4) == ["c0", "c3", "c6", "c9"]
    assert spread(chunks, 1) == ["c0"]
    assert spread(chunks, 10) == chunks and spread(chunks[:2], 3) == chunks[:2]
    assert len(set(spread(chunks, 9))) == 9


class CountingEngine:
    """The tiny model's torch engine, counting the inputs and tokens it is given."""

    def __init__(self, inner):
        self.inner = inner
        self.name, self.device, self.parallel = inner.name, inner.device, inner.parallel
        self.inputs: list[list[int]] = []

    def generate(self, batch, **kwargs):
        self.inputs.extend(batch)
        return self.inner.generate(batch, **kwargs)


def test_a_huge_article_costs_a_bounded_number_of_model_inputs(tiny_bart):
    from translate.models.backends.torch_engine import TorchEngine
    from translate.config import SummaryConfig
    from translate.models.summarizer import Summarizer

    engine = CountingEngine(TorchEngine(tiny_bart, "cpu", 1))
    summarizer = Summarizer(tiny_bart, engine, SummaryConfig(max_chunks=3))
    assert summarizer.options["max_chunks"] == 3  # said in the record's provenance
    seen = {}
    for count in (2, 300, 3000):
        sentences = [f"Sentence {i} says the council met on day {i}." for i in range(count)]
        engine.inputs.clear()
        bullets = summarizer.summarize([sentences])[0]
        assert bullets
        seen[count] = (len(engine.inputs), sum(len(ids) for ids in engine.inputs))
        assert all(len(ids) <= summarizer.max_input_tokens for ids in engine.inputs)
        if count > 2:
            assert len(summarizer.chunks(sentences)) > 3
            lead = summarizer.tokenizer.decode(engine.inputs[0], skip_special_tokens=True)
            assert lead.startswith("Sentence 0 ")
    assert seen[2][0] == 1
    # Ten times the article, the same number of model inputs and about the same tokens.
    assert seen[300][0] == seen[3000][0] == 3
    assert seen[3000][1] <= 3 * summarizer.max_input_tokens


def test_max_chunks_is_a_setting(tmp_path):
    from translate.config import ConfigError, load_config

    path = tmp_path / "c.toml"
    path.write_text("[summary]\nmax_chunks = 5\n")
    assert load_config(path).summary.max_chunks == 5
    path.write_text("[summary]\nmax_chunks = 0\n")
    with pytest.raises(ConfigError, match="summary.max_chunks"):
        load_config(path)
