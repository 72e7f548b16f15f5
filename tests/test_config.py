import dataclasses
from pathlib import Path

import pytest

from translate.config import Config, ConfigError, load_config

ROOT = Path(__file__).resolve().parents[1]


def config_error(tmp_path, text: str) -> str:
    """The message of the ConfigError that loading `text` as a config file raises."""
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return str(info.value)


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
    assert expected in config_error(tmp_path, text)


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


# ---------------------------------------------------------------- every numeric setting


def numeric_settings() -> list[tuple[str, str, type]]:
    """Every int or float field of every section, found by introspection: a setting added
    later without a range fails the tests below."""
    found = []
    for section in dataclasses.fields(Config):
        for f in dataclasses.fields(section.default_factory()):
            default = getattr(section.default_factory(), f.name)
            if isinstance(default, (int, float)) and not isinstance(default, bool):
                found.append((section.name, f.name, type(default)))
    return found


NUMERIC = numeric_settings()


def test_every_numeric_setting_has_a_range():
    from translate.config import RANGES

    assert sorted(RANGES) == sorted(f"{s}.{k}" for s, k, _ in NUMERIC)


def bad_values(kind: type) -> list[str]:
    if kind is float:
        return ["-1.0", "0.0", "nan", "inf", "1e12"]
    return ["-1", "10000000000000"]


@pytest.mark.parametrize(
    "section, key, value",
    [(s, k, v) for s, k, kind in NUMERIC for v in bad_values(kind)],
    ids=lambda x: str(x),
)
def test_each_numeric_setting_out_of_range_is_named(tmp_path, section, key, value):
    path = tmp_path / "c.toml"
    path.write_text(f"[{section}]\n{key} = {value}\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}: invalid setting: {section}.{key} = ")
    assert "expected" in message and "\n" not in message


@pytest.mark.parametrize("section, key, kind", NUMERIC, ids=lambda x: str(x))
def test_default_of_each_numeric_setting_is_in_range(tmp_path, section, key, kind):
    from translate.config import RANGES, validate

    low, high = RANGES[f"{section}.{key}"]
    assert low <= getattr(getattr(Config(), section), key) <= high
    validate(Config())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[summary]\nbatch_tokens = -1\n",
         "summary.batch_tokens = -1; expected an integer from 64 to 1000000"),
        ("[translation]\nlength_ratio = 0\n",
         "translation.length_ratio = 0.0; expected a number > 0 and <= 10"),
        ("[summary]\nmin_bullets = 4\nmax_bullets = 3\n",
         "summary.min_bullets = 4 is above summary.max_bullets = 3"),
        ("[translation]\nmax_input_tokens = 512\nbatch_tokens = 256\n",
         ("translation.batch_tokens = 256 is below translation.max_input_tokens = 512; a batch "
          "must hold the longest sentence")),
        ("[translation]\ncompute_type = 'fp16'\n",
         ("translation.compute_type = 'fp16'; expected one of: auto, int8, int8_float16, "
          "int8_float32, int8_bfloat16, int16, float16, bfloat16, float32")),
        ("[runtime]\ndevice = 'gpu'\n", "runtime.device = 'gpu'; expected one of: auto, cpu, cuda"),
        ("[output]\nglob = ''\n", "output.glob must not be empty"),
        ("[models]\ntranslation = ' '\n", "models.translation must not be empty"),
    ],
)
def test_bad_values_name_key_value_and_valid_range(tmp_path, text, expected):
    assert config_error(tmp_path, text) == f"{tmp_path / 'c.toml'}: invalid setting: {expected}"


@pytest.mark.parametrize("text", [
    "[translation]\nlength_ratio = 10\nmax_input_tokens = 8\nbatch_tokens = 8\n",
    "[summary]\nmin_bullets = 5\nmax_bullets = 5\nbatch_tokens = 64\n",
    "[runtime]\nthreads = 0\nmax_article_bytes = 0\n",
    "[translation]\ncompute_type = 'int8_float16'\n",
])
def test_edges_of_the_ranges_are_accepted(tmp_path, text):
    path = tmp_path / "c.toml"
    path.write_text(text)
    load_config(path)


def test_config_error_is_a_usage_error():
    from translate.errors import TranslateError

    assert issubclass(ConfigError, TranslateError) and ConfigError.exit_code == 2
