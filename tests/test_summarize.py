from translate.summarize import clean_sentence, make_bullets


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
    from translate.backends.torch_engine import TorchEngine
    from translate.summarize import Summarizer

    summarizer = Summarizer(tiny_bart, TorchEngine(tiny_bart, "cpu", 1), SummaryConfig())
    sentences = [f"Sentence number {i} says the council met on Tuesday." for i in range(40)]
    chunks = summarizer.chunks(sentences)
    assert len(chunks) > 1
    assert " ".join(chunks) == " ".join(sentences)
    assert all(summarizer.count_tokens(c) <= summarizer.max_input_tokens for c in chunks)
    bullets = summarizer.summarize([sentences])[0]
    assert 3 <= len(bullets) <= 5 and len(set(bullets)) == len(bullets)
