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

from translate.errors import ConfigError, quote

__all__ = ["BACKENDS", "COMPUTE_TYPES", "DEVICES", "RANGES", "Config", "ConfigError",
           "load_config", "validate"]

BACKENDS = ("auto", "torch", "ctranslate2")
DEVICES = ("auto", "cpu", "cuda")
EXECUTORS = ("local", "ray")
NON_DUTCH = ("translate", "skip")     # an article in another language: translated (and flagged) or skipped
ENGLISH = ("copy", "translate")       # an English article: copied through (flagged) or translated
# CTranslate2's compute types; auto: int8 on CPU, float16 on CUDA.
COMPUTE_TYPES = ("auto", "int8", "int8_float16", "int8_float32", "int8_bfloat16", "int16",
                 "float16", "bfloat16", "float32")


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
    batch_tokens: int = 768
    max_batch_size: int = 32
    compute_type: str = "auto"
    # The engine's n best per sentence (0: the beam size, on torch 1; 1: the best only, no
    # choice; `backends.base.hypotheses_for`), and
    # how far below the best's score (mean log-probability per token) another may be and
    # still be written when the best loses a name, number or glossary term (`choice.py`).
    num_hypotheses: int = 0
    hypothesis_margin: float = 0.1


@dataclass
class SummaryConfig:
    enabled: bool = True
    backend: str = "auto"
    compute_type: str = "auto"
    min_bullets: int = 3
    max_bullets: int = 5
    num_beams: int = 0
    max_summary_tokens: int = 142
    batch_tokens: int = 4096
    # Model inputs (chunks of <= 1,024 tokens) one article's summary reads at most: the lead
    # chunk plus evenly spread ones, so a giant article costs a bounded number of model calls.
    max_chunks: int = 3
    # As in [translation]: a chunk's summary from its n best, the best one without a number
    # or name the article does not have, within the margin.
    num_hypotheses: int = 0
    hypothesis_margin: float = 0.1


@dataclass
class QualityConfig:
    """Thresholds of the per-sentence flags and what happens to articles not in Dutch
    (`quality.py` says what each flag means)."""

    # low_confidence: score < ln(min_token_probability), i.e. a geometric-mean token
    # probability below 0.5 (ln 0.5 = -0.69 per token, Bergamot's threshold).
    min_token_probability: float = 0.5
    repetition_repeats: int = 3          # an n-gram repeated this many times in a row
    length_ratio_min: float = 0.65       # English/Dutch characters outside this band ...
    length_ratio_max: float = 2.0
    length_min_chars: int = 20           # ... for Dutch sentences at least this long
    # dropped (checks/coverage.py): a stretch of the Dutch the English shows nothing of,
    # with this many Dutch content words the dictionary knows (or lost names, numbers) ...
    dropped_min_evidence: int = 2
    dropped_min_words: int = 2           # ... this many words, this share of the sentence ...
    dropped_min_share: float = 0.25
    dropped_max_rest_ratio: float = 1.6  # ... the English no longer than this x the rest ...
    dropped_max_ratio: float = 0.85      # ... and than this x the whole Dutch
    dropped_part_max_rest_ratio: float = 1.12  # a clause part: English <= this x the rest
    dropped_part_max_ratio: float = 1.0  # ... and <= this x the whole Dutch
    untranslated_min_words: int = 4      # the untranslated check needs this many words
    untranslated_min_run: int = 3        # Dutch words in a row left in an English sentence
    language_min_probability: float = 0.8  # another language at least this sure: not_dutch
    non_dutch: str = "translate"         # translate | skip
    english: str = "copy"                # copy | translate: an article detected as English


@dataclass
class GlossaryConfig:
    """`file`: a `Dutch<TAB>English` file (`glossary.py`); "" = no glossary. A relative
    path in a config file is taken from that file's folder."""

    file: str = ""


@dataclass
class OutputConfig:
    dir: str = "outputs"
    # Article files found under a PATH: patterns separated by commas (`globs`). Text, Markdown
    # and pages (HTML, read with the `pages` extra: pip install 'translate[pages]').
    glob: str = "*.txt, *.md, *.html, *.htm"
    feed_glob: str = "*.jsonl"   # feeds found under a PATH ("" none); a feed given as a PATH is read whatever its name
    metrics: str = ""         # `run --metrics FILE.prom` by default ("" = none)

    def globs(self) -> tuple[str, ...]:
        """The article patterns of `glob`, then `feed_glob` (empty ones left out)."""
        return tuple(g.strip() for g in (*self.glob.split(","), self.feed_glob) if g.strip())


@dataclass
class RuntimeConfig:
    device: str = "auto"
    threads: int = 0
    max_article_bytes: int = 0
    # A page (HTML) larger than this fails with one line before it is parsed (0: no limit
    # beyond max_article_bytes): a page's size is mostly markup, scripts and inline images.
    max_page_bytes: int = 10_000_000
    executor: str = "local"
    ray_address: str = ""
    ray_cpus: int = 0


@dataclass
class Config:
    models: ModelsConfig = field(default_factory=ModelsConfig)
    translation: TranslationConfig = field(default_factory=TranslationConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    runtime: RuntimeConfig = field(default_factory=RuntimeConfig)
    quality: QualityConfig = field(default_factory=QualityConfig)
    # Not in `fingerprint`: a changed glossary redoes only the articles whose terms
    # changed (`planning.plan` compares each record's `glossary` list).
    glossary: GlossaryConfig = field(default_factory=GlossaryConfig)

    def translation_fingerprint(self) -> str:
        """What shapes a sentence's translation: the key of the sentence memory."""
        return _digest(
            {
                "model": self.models.translation,
                "revision": self.models.translation_revision,
                # Backend and batching change speed, not what the model says (int8 and
                # batch shape move a float by a hair): they must not void the memory.
                # The best hypothesis is the same however many are asked for; the memory
                # keeps how many it asked for (`RememberingTranslator`), the margin only
                # steers the choice (article fingerprint).
                "translation": {
                    k: v for k, v in dataclasses.asdict(self.translation).items()
                    if k not in ("backend", "compute_type", "batch_tokens", "max_batch_size",
                                 *HYPOTHESIS_KEYS)
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
                # As for translation, the backend changes speed, not the summary.
                "summary": {k: v for k, v in dataclasses.asdict(self.summary).items()
                            if k not in ("backend", "compute_type")},
                "tool_version": __version__,
                # Flags and the handling of non-Dutch articles are in the record; the
                # sentence memory (translation fingerprint) does not depend on them.
                "quality": dataclasses.asdict(self.quality),
                # Which of the n best is written (the record's `hypothesis`).
                "choice": {k: getattr(self.translation, k) for k in HYPOTHESIS_KEYS},
            }
        )


HYPOTHESIS_KEYS = ("num_hypotheses", "hypothesis_margin")


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
    validate(config, where=str(path))
    if config.glossary.file:
        # Relative to the config file; read now, so a bad glossary stops the run (exit 2,
        # with its line) before any model loads.
        config.glossary.file = str(Path(path).parent / Path(config.glossary.file).expanduser())
        read_glossary_terms(Path(config.glossary.file))
    return config


def config_from_dict(data: dict[str, Any]) -> Config:
    """The settings `dataclasses.asdict(config)` gave (how a Ray worker gets the driver's)."""
    config = Config()
    _apply(config, data, "settings")
    validate(config, where="settings")
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


# The valid range of every numeric setting: (lowest, highest); a float range's lowest is
# excluded (a ratio of 0 means nothing). Every int or float field of the sections must be
# here (tests/test_config.py checks it), so a new setting cannot go unchecked.
RANGES: dict[str, tuple[float, float]] = {
    "translation.num_beams": (0, 64),                 # 0: the model's own setting
    "translation.max_input_tokens": (8, 8192),        # clamped to the model's limit
    "translation.length_ratio": (0.0, 10.0),
    "translation.length_extra": (1, 1024),
    "translation.batch_tokens": (8, 1_000_000),       # and >= translation.max_input_tokens
    "translation.max_batch_size": (1, 4096),
    "translation.num_hypotheses": (0, 64),            # 0: the beam size (torch: 1); at most the beam
    "translation.hypothesis_margin": (0.0, 100.0),    # per-token log-probability
    "summary.min_bullets": (1, 20),                   # and <= summary.max_bullets
    "summary.max_bullets": (1, 20),
    "summary.num_beams": (0, 64),
    "summary.max_summary_tokens": (8, 1024),
    "summary.batch_tokens": (64, 1_000_000),
    "summary.max_chunks": (1, 64),
    "summary.num_hypotheses": (0, 64),
    "summary.hypothesis_margin": (0.0, 100.0),
    "runtime.threads": (0, 1024),                     # 0: all cores
    "runtime.max_article_bytes": (0, 1 << 40),        # 0: no limit
    "runtime.max_page_bytes": (0, 1 << 40),           # 0: no limit of its own
    "runtime.ray_cpus": (0, 1 << 20),                 # 0: runtime.threads, else all cores
    "quality.min_token_probability": (0.0, 1.0),      # low_confidence below ln(this)
    "quality.repetition_repeats": (2, 100),
    "quality.length_ratio_min": (0.0, 100.0),         # and < quality.length_ratio_max
    "quality.length_ratio_max": (0.0, 100.0),
    "quality.length_min_chars": (0, 100_000),
    "quality.dropped_min_evidence": (1, 1000),
    "quality.dropped_min_words": (1, 1000),
    "quality.dropped_min_share": (0.0, 1.0),
    "quality.dropped_max_rest_ratio": (0.0, 100.0),
    "quality.dropped_max_ratio": (0.0, 100.0),
    "quality.dropped_part_max_rest_ratio": (0.0, 100.0),
    "quality.dropped_part_max_ratio": (0.0, 100.0),
    "quality.untranslated_min_words": (1, 1000),
    "quality.untranslated_min_run": (1, 1000),
    "quality.language_min_probability": (0.0, 1.0),
}

CHOICES: dict[str, tuple[str, ...]] = {
    "translation.backend": BACKENDS,
    "translation.compute_type": COMPUTE_TYPES,
    "summary.backend": BACKENDS,
    "summary.compute_type": COMPUTE_TYPES,
    "runtime.device": DEVICES,
    "runtime.executor": EXECUTORS,
    "quality.non_dutch": NON_DUTCH,
    "quality.english": ENGLISH,
}

NON_EMPTY = ("models.translation", "models.translation_revision", "models.summary",
             "models.summary_revision", "output.dir", "output.glob")


def _check_range(name: str, value: float) -> str | None:
    low, high = RANGES[name]
    if isinstance(low, float):
        if not low < value <= high:  # also false for NaN
            return f"{name} = {value!r}; expected a number > {low:g} and <= {high:g}"
    elif not low <= value <= high:
        return f"{name} = {value!r}; expected an integer from {low} to {high}"
    return None


def validate(config: Config, where: str | None = None) -> None:
    """Reject values no run could use, naming the key, the value and what is valid."""
    values = {
        f"{section.name}.{f.name}": getattr(getattr(config, section.name), f.name)
        for section in dataclasses.fields(config)
        for f in dataclasses.fields(getattr(config, section.name))
    }
    problems = [p for p in (_check_range(name, values[name]) for name in RANGES) if p]
    problems += [
        f"{name} = {values[name]!r}; expected one of: {', '.join(choices)}"
        for name, choices in CHOICES.items() if values[name] not in choices
    ]
    problems += [f"{name} must not be empty" for name in NON_EMPTY if not values[name].strip()]
    t, s = config.translation, config.summary
    if not problems and t.batch_tokens < t.max_input_tokens:
        problems.append(f"translation.batch_tokens = {t.batch_tokens} is below "
                        f"translation.max_input_tokens = {t.max_input_tokens}; a batch must "
                        f"hold the longest sentence")
    q = config.quality
    if not problems and q.length_ratio_min >= q.length_ratio_max:
        problems.append(f"quality.length_ratio_min = {q.length_ratio_min} is not below "
                        f"quality.length_ratio_max = {q.length_ratio_max}")
    if not problems and s.min_bullets > s.max_bullets:
        problems.append(f"summary.min_bullets = {s.min_bullets} is above "
                        f"summary.max_bullets = {s.max_bullets}")
    if problems:
        prefix = f"{where}: " if where else ""
        raise ConfigError(f"{prefix}invalid setting: {problems[0]}")


def read_glossary_terms(path: Path) -> list[tuple[str, str]]:
    """The `(Dutch, English)` terms of the glossary file at `path` (`checks/glossary.py` makes
    them a `Glossary`); ConfigError (exit 2) naming the file and line otherwise."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"glossary file not found: {quote(path)}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read glossary file {quote(path)}: "
                          f"{exc.strerror or exc}") from None
    terms: list[tuple[str, str]] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8").removeprefix("\ufeff").rstrip("\r")
        except UnicodeDecodeError:
            raise ConfigError(f"glossary file {quote(path)} line {number}: not UTF-8 "
                              "text") from None
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "\t" not in line:
            raise ConfigError(f"glossary file {quote(path)} line {number}: expected "
                              "`Dutch<TAB>English` (an empty English keeps the term as is), "
                              "found no tab")
        nl, en = line.split("\t", 1)
        if not nl.strip() or "\t" in en:
            raise ConfigError(f"glossary file {quote(path)} line {number}: expected "
                              "`Dutch<TAB>English`, one tab and a Dutch term")
        terms.append((" ".join(nl.split()), " ".join(en.split())))
    return terms
