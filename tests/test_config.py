import dataclasses
from pathlib import Path

import pytest

from translate.config import Config, ConfigError, load_config

ROOT = Path(__file__).resolve().parents[1]


def test_default_toml_matches_the_code_defaults():
    assert load_config(ROOT / "configs" / "default.toml") == Config()


def test_partial_file_overrides_only_its_keys(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[translation]\nnum_beams = 2\n[output]\nglob = "*.nl"\n')
    config = load_config(path)
    assert config.translation.num_beams == 2
    assert config.output.glob == "*.nl"
    assert config.models == Config().models


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[translaton]\nnum_beams = 2\n", "unknown section [translaton], expected one of: models"),
        ("[translation]\nbeams = 2\n", "unknown key 'beams' in [translation], expected one of: backend"),
        ("[translation]\nnum_beams = 'x'\n", "must be an integer"),
        ("[translation]\nbackend = 'onnx'\n", "expected one of: auto, torch, ctranslate2"),
        ("[summary]\nenabled = 1\n", "must be true or false"),
        ("not toml [", "not valid TOML"),
    ],
)
def test_bad_files_name_the_problem(tmp_path, text, expected):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=expected.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_fingerprints_follow_what_shapes_the_output():
    base = Config()
    other = Config()
    other.summary.max_bullets = 4
    assert base.fingerprint() != other.fingerprint()
    assert base.translation_fingerprint() == other.translation_fingerprint()
    backend = dataclasses.replace(base.translation, backend="torch")
    assert dataclasses.replace(base, translation=backend).translation_fingerprint() == base.translation_fingerprint()
    model = Config()
    model.models.translation = "some/other-model"
    assert model.translation_fingerprint() != base.translation_fingerprint()
