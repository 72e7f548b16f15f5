"""`ModelSession.load_ahead` (the `file` command): models load in the background, once."""

from __future__ import annotations

from translate.config import load_config
from translate.run.session import ModelSession


def session_for(marian, bart) -> ModelSession:
    config = load_config(None)
    config.models.translation, config.models.summary = str(marian), str(bart)
    config.runtime.threads = 1
    return ModelSession(config, "cpu")


def test_converted_models_load_ahead_once(tiny_marian, tiny_bart):
    from translate.models.backends.ct2_cache import ensure_converted

    ensure_converted(tiny_marian, "int8", f"{tiny_marian}@main")
    ensure_converted(tiny_bart, "int8", f"{tiny_bart}@{load_config(None).models.summary_revision}")
    session = session_for(tiny_marian, tiny_bart)
    session.load_ahead()
    translator = session.translator  # waits for the background load, loads nothing itself
    session._ahead.join(timeout=120)
    assert not session._ahead.is_alive()
    assert session.summarizer is not None and translator is session.translator
    assert session.loaded == [str(tiny_marian.resolve()), str(tiny_bart.resolve())]
    assert session.current_backends() == {"translation": "ctranslate2", "summary": "ctranslate2"}


def test_a_model_to_convert_is_left_to_the_caller(tmp_path, tiny_marian, tiny_bart, monkeypatch):
    """A first conversion is never started in the background (a signal must reach it)."""
    monkeypatch.setenv("TRANSLATE_CACHE", str(tmp_path / "empty-cache"))
    session = session_for(tiny_marian, tiny_bart)
    session.load_ahead()
    session._ahead.join(timeout=120)
    assert session.loaded == [] and not (tmp_path / "empty-cache" / "ct2").exists()
