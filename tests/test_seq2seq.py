"""The base the translator and the summariser share (`translate.models.seq2seq.Seq2SeqModel`)."""

from __future__ import annotations

from translate.models.backends.base import Hypothesis
from translate.config import SummaryConfig, TranslationConfig
from translate.models.seq2seq import Seq2SeqModel
from translate.models.summarizer import Summarizer
from translate.models.translator import Translator


class EchoEngine:
    """Returns each input's ids, and records the limits it was asked for."""

    name, device, parallel = "echo", "cpu", 1

    def __init__(self) -> None:
        self.calls: list[tuple[int, int, int, int]] = []

    def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams):
        self.calls.append((len(batch), max_new_tokens, min_new_tokens, num_beams))
        return [Hypothesis(list(ids), -0.5) for ids in batch]


def test_translator_and_summarizer_share_the_base(tiny_marian, tiny_bart):
    translator = Translator(tiny_marian, EchoEngine(), TranslationConfig())
    summarizer = Summarizer(tiny_bart, EchoEngine(), SummaryConfig())
    for model in (translator, summarizer):
        assert isinstance(model, Seq2SeqModel)
        assert list(model.options)[:3] == ["backend", "device", "num_beams"]
        assert model.num_beams == 4  # the models' own generation config
        assert model.encode([]) == []
    # Each model's own length policy and beam reach the engine through the shared generate.
    ids = translator.encode(["Het regent."])[0]
    translator.generate([ids])
    assert translator.engine.calls == [(1, *reversed(translator.lengths.limits(len(ids))), 4)]


def test_decode_is_one_clean_line(tiny_marian):
    translator = Translator(tiny_marian, EchoEngine(), TranslationConfig())
    text = "Het regent\nin Amsterdam."
    decoded = translator.decode(translator.encode([text], special_tokens=False)[0])
    assert "\n" not in decoded and "Amsterdam" in decoded
    assert translator.count_tokens(text) == len(translator.encode([text])[0])
