"""`translate models check`: does the configured model work on this machine, as configured?

A built-in set of Dutch news sentences with English references of the project's own
(`data/check_nl_en.tsv`: names, numbers, quotes, a headline in capitals) and one short
article (`data/check_article.txt`) go through the configured models, backend, compute type
and device, the product's own path. What comes back is measured:

- BLEU and chrF against the references (sacrebleu, as `translate eval`), the mean score
  per token, the quality flags, the share of outputs that are English (py3langid), how
  many sentences keep their numbers (`numbers.py`, the `numbers` flag) and how many of
  the Dutch proper names the English keeps (`names.py`);
- the agreement of the chosen backend with float32 torch on the CPU on the same sentences
  (chrF of one against the other): a broken conversion or an int8 kernel that misbehaves
  on this CPU shows here, while the references cannot tell it from a weak model;
- the summary of the article: its bullets, each with its language and the flags of the
  record's bullet checks (`summary_checks`);
- the seconds each step took.

The verdict compares these with `THRESHOLDS` (docs/operations.md says why each
is where it is); every threshold missed is named. Random-weight models fail it.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.config import Config

DATA = Path(__file__).resolve().parents[1] / "data"
SENTENCES = DATA / "check_nl_en.tsv"
ARTICLE = DATA / "check_article.txt"


@dataclass(frozen=True)
class Threshold:
    name: str
    op: str          # ">=" or "<="
    limit: float
    what: str

    def passes(self, value: float) -> bool:
        return value >= self.limit if self.op == ">=" else value <= self.limit


# Where the real models land on the built-in set cannot be measured here (no weights on this
# machine): the limits sit well below what opus-mt-nl-en's published scores let one expect
# (docs/operations.md), and far above what a broken or random model gives (chrF ~10, BLEU ~0).
THRESHOLDS = (
    Threshold("chrf", ">=", 40.0, "chrF of the translations against the references"),
    Threshold("bleu", ">=", 15.0, "BLEU of the translations against the references"),
    Threshold("mean_score", ">=", -1.0, "mean log-probability per generated token"),
    Threshold("flagged_share", "<=", 0.25, "share of sentences with a quality flag"),
    Threshold("english_share", ">=", 0.8, "share of outputs identified as English"),
    Threshold("numbers_kept", ">=", 0.9, "share of sentences with numbers that keep them all"),
    Threshold("names_kept", ">=", 0.85, "share of the Dutch proper names the English keeps"),
    Threshold("agreement_chrf", ">=", 75.0,
              "chrF of the chosen backend's translations against float32 torch's"),
    Threshold("summary_english_share", ">=", 1.0, "share of summary bullets identified as English"),
    Threshold("summary_bullets_ok", ">=", 1.0,
              "the summary has min_bullets to max_bullets distinct bullets (1 = yes)"),
    Threshold("summary_flagged_share", "<=", 0.34,
              "share of summary bullets the record's bullet checks flag"),
)


@dataclass
class CheckResult:
    """Everything `models check` measured; `to_json` gives its `--json` keys."""

    translation: dict[str, Any]
    agreement: dict[str, Any]
    summary: dict[str, Any] | None
    seconds: dict[str, float]
    models: list[dict[str, Any]]
    values: dict[str, float] = field(default_factory=dict)

    def checks(self) -> list[dict[str, Any]]:
        found = []
        for threshold in THRESHOLDS:
            value = self.values.get(threshold.name)
            if value is None:
                continue  # not measured (no summary asked, the reference is the chosen one)
            found.append({"name": threshold.name, "value": value, "op": threshold.op,
                          "threshold": threshold.limit, "passed": threshold.passes(value),
                          "what": threshold.what})
        return found

    @property
    def failed(self) -> list[str]:
        return [check["name"] for check in self.checks() if not check["passed"]]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def to_json(self) -> dict[str, Any]:
        return {"verdict": "fail" if self.failed else "pass", "failed": self.failed,
                "checks": self.checks(), "models": self.models,
                "translation": self.translation, "agreement": self.agreement,
                "summary": self.summary, "seconds": self.seconds}

    def render(self) -> str:
        t, a = self.translation, self.agreement
        lines = [f"{m['role']:<11} {m['id']} ({m['backend']}"
                 f"{' ' + m['compute_type'] if m.get('compute_type') else ''} on {m['device']})"
                 for m in self.models]
        lines += [
            f"sentences   {t['sentences']} (built-in Dutch news set)",
            f"BLEU        {t['bleu']:.1f}    chrF {t['chrf']:.1f}    mean score {t['mean_score']}",
            f"flags       {t['flagged_sentences']} sentence(s) flagged: "
            + (", ".join(f"{k} {v}" for k, v in t["flags"].items() if v) or "none"),
            f"English     {t['english']['sentences']} of {t['sentences']} outputs "
            f"(all together: {t['english']['language']}, {t['english']['probability']:.2f})",
            f"numbers     kept in {t['numbers']['kept']} of {t['numbers']['sentences']} "
            "sentences with numbers",
            f"names       {t['names']['kept']} of {t['names']['names']} Dutch proper names kept",
        ]
        if "chrf" in a:
            lines.append(f"agreement   chrF {a['chrf']:.1f} against {a['reference']} "
                         f"({a['identical']} of {t['sentences']} identical)")
        else:
            lines.append(f"agreement   not measured: {a['skipped']}")
        if self.summary is not None:
            lines.append(f"summary     {len(self.summary['bullets'])} bullet(s):")
            lines += [f"  - {b['text']}  [{b['language']}"
                      f"{', ' + ', '.join(b['flags']) if b['flags'] else ''}]"
                      for b in self.summary["bullets"]]
        lines.append("seconds     " + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items()))
        lines.append("checks:")
        for check in self.checks():
            lines.append(f"  {'ok  ' if check['passed'] else 'FAIL'} {check['name']} = "
                         f"{check['value']:g} (needs {check['op']} {check['threshold']:g}: "
                         f"{check['what']})")
        verdict = ("FAIL: " + ", ".join(self.failed)) if self.failed else "pass"
        lines.append(f"verdict: {verdict}")
        return "\n".join(lines) + "\n"


def load_sentences() -> list[tuple[str, str]]:
    from translate.reporting.evaluate import read_references

    return read_references(SENTENCES)


def check_models(config: Config, device: str = "auto") -> CheckResult:
    """Run the built-in set and the article through the configured models; measure."""
    from translate.reporting.evaluate import bleu_and_chrf, translate_lines
    from translate.checks.names import names_kept
    from translate.checks.numbers import dutch_numbers
    from translate.checks.quality import FLAGS, detect_language
    from translate.run.session import ModelSession

    pairs = load_sentences()
    dutch, references = [nl for nl, _ in pairs], [en for _, en in pairs]
    seconds: dict[str, float] = {}
    started = time.monotonic()
    session = ModelSession(config, device)
    session.prepare()
    with _timed(seconds, "load_translation"):
        session.translator
    with _timed(seconds, "translate"):
        lines = translate_lines(session, dutch)
    hypotheses = [line.text for line in lines]
    bleu, chrf, signature = bleu_and_chrf(hypotheses, references)
    scores = [score for line in lines for score in line.scores]
    line_flags = [sorted({f for flags in line.flags for f in flags}) for line in lines]
    languages = [detect_language(text) for text in hypotheses]
    together = detect_language(" ".join(hypotheses))
    with_numbers = [i for i, nl in enumerate(dutch) if dutch_numbers(nl)]
    kept = [i for i in with_numbers if "numbers" not in line_flags[i]]
    names, names_total = names_kept(zip(dutch, hypotheses))
    mean_score = round(sum(scores) / len(scores), 4) if scores else None
    translation = {
        "sentences": len(pairs), "bleu": round(bleu, 2), "chrf": round(chrf, 2),
        "signature": signature, "mean_score": mean_score,
        "flags": {flag: sum(1 for flags in line_flags if flag in flags) for flag in FLAGS},
        "flagged_sentences": sum(1 for flags in line_flags if flags),
        "english": {"sentences": sum(1 for lang, _ in languages if lang == "en"),
                    "language": together[0], "probability": round(together[1], 4)},
        "numbers": {"sentences": len(with_numbers), "kept": len(kept)},
        "names": {"names": names_total, "kept": names},
        "lines": [{"nl": nl, "en": line.text, "reference": ref,
                   "score": round(sum(line.scores) / len(line.scores), 4) if line.scores else None,
                   "flags": flags, "language": lang}
                  for nl, ref, line, flags, (lang, _) in zip(dutch, references, lines,
                                                              line_flags, languages)],
    }
    values = {
        "chrf": translation["chrf"], "bleu": translation["bleu"],
        "mean_score": mean_score if mean_score is not None else float("-inf"),
        "flagged_share": round(translation["flagged_sentences"] / len(pairs), 4),
        "english_share": round(translation["english"]["sentences"] / len(pairs), 4),
        "numbers_kept": round(len(kept) / len(with_numbers), 4) if with_numbers else 1.0,
        "names_kept": round(names / names_total, 4) if names_total else 1.0,
    }
    engine = session.translator.engine
    agreement = _agreement(config, engine, hypotheses, dutch, seconds)
    if "chrf" in agreement:
        values["agreement_chrf"] = agreement["chrf"]
    summary = None
    if config.summary.enabled:
        summary = _summary(session, seconds)
        values["summary_english_share"] = summary["english_share"]
        values["summary_bullets_ok"] = 1.0 if summary["bullets_ok"] else 0.0
        if summary["checked"] and summary["bullets"]:
            values["summary_flagged_share"] = round(
                summary["flagged_bullets"] / len(summary["bullets"]), 4)
    seconds["total"] = round(time.monotonic() - started, 2)
    models = [m | {"compute_type": _compute_type(session, m["role"])} for m in session.provenance()]
    return CheckResult(translation, agreement, summary, seconds, models, values)


class _timed:
    def __init__(self, seconds: dict[str, float], name: str) -> None:
        self.seconds, self.name = seconds, name

    def __enter__(self) -> None:
        self.start = time.monotonic()

    def __exit__(self, *exc: object) -> None:
        self.seconds[self.name] = round(time.monotonic() - self.start, 2)


def _compute_type(session, role: str) -> str:
    """The number format the role's engine computes in (torch: float16 on CUDA, else float32)."""
    engine = (session.translator if role == "translation" else session.summarizer).engine
    engine = getattr(engine, "active", engine)  # backend auto: the engine in use now
    return getattr(engine, "compute_type", None) or ("float16" if engine.device == "cuda"
                                                     else "float32")


def _agreement(config: Config, engine, hypotheses: list[str], dutch: list[str],
               seconds: dict[str, float]) -> dict[str, Any]:
    """chrF of the chosen backend's outputs against float32 torch's on the CPU."""
    from translate.reporting.evaluate import bleu_and_chrf, translate_lines
    from translate.run.session import ModelSession

    if engine.name == "torch" and engine.device == "cpu":
        return {"skipped": "the chosen backend is float32 torch on the CPU, the reference itself"}
    reference = copy.deepcopy(config)
    reference.translation.backend = "torch"
    reference.summary.enabled = False
    session = ModelSession(reference, "cpu")
    session.prepare()
    with _timed(seconds, "reference"):
        torch_lines = translate_lines(session, dutch)
    theirs = [line.text for line in torch_lines]
    _, chrf, _ = bleu_and_chrf(hypotheses, theirs)
    return {"reference": "torch float32 on cpu", "chrf": round(chrf, 2),
            "identical": sum(1 for a, b in zip(hypotheses, theirs) if a == b)}


def _summary(session, seconds: dict[str, float]) -> dict[str, Any]:
    """The article through the whole path (`translate file`); its bullets and their checks."""
    import re

    from translate.run.one_article import make_record, process
    from translate.checks.quality import detect_language
    from translate.inputs.textfile import read_article

    settings = session.config.summary
    article = read_article(ARTICLE, Path(ARTICLE.name))
    with _timed(seconds, "load_summary"):
        session.summarizer
    with _timed(seconds, "article"):
        process([article], session)
    record = make_record(article, session, seconds["article"])
    checks = _bullet_checks(record)
    bullets = []
    for index, text in enumerate(article.summary):
        language, probability = detect_language(text)
        bullets.append({"text": text, "language": language, "probability": round(probability, 4),
                        "flags": checks[index] if index < len(checks) else []})
    keys = {re.sub(r"\W+", "", b["text"].lower()) for b in bullets}
    english = sum(1 for b in bullets if b["language"] == "en")
    return {
        "bullets": bullets,
        "bullets_ok": settings.min_bullets <= len(bullets) <= settings.max_bullets
        and len(keys) == len(bullets),
        "english_share": round(english / len(bullets), 4) if bullets else 0.0,
        "flagged_bullets": sum(1 for b in bullets if b["flags"]),
        "checked": bool(checks),   # the record carried bullet checks
    }


def _bullet_checks(record: dict[str, Any]) -> list[list[str]]:
    """Each bullet's flags, where the record carries bullet checks (else none)."""
    checks = record.get("summary_checks") or []
    return [list(item.get("flags", [])) if isinstance(item, dict) else [] for item in checks]
