"""Settings: dataclasses loaded from TOML (`configs/default.toml` mirrors the defaults here).

A config file only needs the keys it changes; an unknown section or key is an error that
lists the valid ones, so a typo never silently does nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BACKENDS = ("auto", "torch", "ctranslate2")
DEVICES = ("auto", "cpu", "cuda")


class ConfigError(Exception):
    """A bad config file or value; the message is one line for the user."""


@dataclass
class ModelsConfig:
    translation: str = "Helsinki-NLP/opus-mt-nl-en"
    translation_revision: str = "main"
    summary: str = "sshleifer/distilbart-cnn-12-6"
    summary_revision: str = "a4f8f3e"


@dataclass
class TranslationConfig:
    backend: str = "auto"
    num_beams: int = 0
    max_input_tokens: int = 256
    length_ratio: float = 2.0
    length_extra: int = 10
    batch_tokens: int = 1024
    max_batch_size: int = 32
    compute_type: str = "auto"


@dataclass
class SummaryConfig:
    enabled: bool = True
    min_bullets: int = 3
    max_bullets: int = 5
    num_beams: int = 0
    max_summary_tokens: int = 142
    batch_tokens: int = 4096


@dataclass
class OutputConfig:
    dir: str = "outputs"
    glob: str = "*.txt"


@dataclass
class RuntimeConfig:
    device: str = "auto"
    threads: int = 0


@dataclass
class Config:
    models: ModelsConfig = field(default_factory=ModelsConfig)
    translation: TranslationConfig = field(default_factory=TranslationConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    runtime: RuntimeConfig = field(default_factory=RuntimeConfig)

    def translation_fingerprint(self) -> str:
        """What shapes a sentence's translation: the key of the sentence memory."""
        return _digest(
            {
                "model": self.models.translation,
                "revision": self.models.translation_revision,
                # Backend and batching change speed, not what the model says (int8 and
                # batch shape move a float by a hair): they must not void the memory.
                "translation": {
                    k: v for k, v in dataclasses.asdict(self.translation).items()
                    if k not in ("backend", "compute_type", "batch_tokens", "max_batch_size")
                },
            }
        )

    def fingerprint(self) -> str:
        """What shapes an article's outputs: change any of it and the article is redone."""
        from translate import __version__

        return _digest(
            {
                "translation": self.translation_fingerprint(),
                "summary_model": self.models.summary if self.summary.enabled else None,
                "summary_revision": self.models.summary_revision if self.summary.enabled else None,
                "summary": dataclasses.asdict(self.summary),
                "tool_version": __version__,
            }
        )


def _digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def load_config(path: Path | None = None) -> Config:
    """The defaults, overridden by the TOML file at `path` when given."""
    config = Config()
    if path is None:
        return config
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    _apply(config, data, str(path))
    validate(config)
    return config


def _apply(config: Config, data: dict[str, Any], where: str) -> None:
    sections = {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}
    for name, values in data.items():
        if name not in sections:
            raise ConfigError(
                f"{where}: unknown section [{name}], expected one of: {', '.join(sections)}"
            )
        if not isinstance(values, dict):
            raise ConfigError(f"{where}: [{name}] must be a table of keys")
        section = sections[name]
        known = {f.name: f for f in dataclasses.fields(section)}
        for key, value in values.items():
            if key not in known:
                raise ConfigError(
                    f"{where}: unknown key '{key}' in [{name}], expected one of: {', '.join(known)}"
                )
            default = getattr(section, key)
            setattr(section, key, _coerce(value, default, f"{where}: [{name}] {key}"))


def _coerce(value: Any, default: Any, what: str) -> Any:
    # bool is an int subclass in Python: check it first so `true` is not taken for 1.
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{what} must be true or false, got {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{what} must be an integer, got {value!r}")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{what} must be a number, got {value!r}")
        return float(value)
    if not isinstance(value, str):
        raise ConfigError(f"{what} must be a string, got {value!r}")
    return value


def validate(config: Config) -> None:
    """Reject values no run could use, naming the valid choices."""
    checks = [
        (config.translation.backend in BACKENDS,
         f"translation.backend '{config.translation.backend}', expected one of: {', '.join(BACKENDS)}"),
        (config.runtime.device in DEVICES,
         f"runtime.device '{config.runtime.device}', expected one of: {', '.join(DEVICES)}"),
        (config.translation.num_beams >= 0, "translation.num_beams must be >= 0"),
        (config.summary.num_beams >= 0, "summary.num_beams must be >= 0"),
        (config.translation.max_input_tokens >= 8, "translation.max_input_tokens must be >= 8"),
        (config.translation.batch_tokens >= config.translation.max_input_tokens,
         "translation.batch_tokens must be >= translation.max_input_tokens"),
        (config.translation.max_batch_size >= 1, "translation.max_batch_size must be >= 1"),
        (config.translation.length_ratio > 0, "translation.length_ratio must be > 0"),
        (config.translation.length_extra >= 1, "translation.length_extra must be >= 1"),
        (1 <= config.summary.min_bullets <= config.summary.max_bullets,
         "summary bullets need 1 <= min_bullets <= max_bullets"),
        (config.summary.max_summary_tokens >= 8, "summary.max_summary_tokens must be >= 8"),
        (config.runtime.threads >= 0, "runtime.threads must be >= 0"),
        (bool(config.output.glob), "output.glob must not be empty"),
    ]
    for ok, message in checks:
        if not ok:
            raise ConfigError(f"invalid setting: {message}")
