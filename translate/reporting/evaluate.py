"""`translate eval REFS.tsv`: the configured model and backend scored against references.

Each line of REFS.tsv is `nl<TAB>en` (a first row `nl<TAB>en`, a spreadsheet export's
header, is skipped). The Dutch goes through the product's own path
(segmented like an article paragraph, capitals handled, no sentence memory), and the
English hypotheses are scored with sacrebleu's BLEU and chrF, each with its signature
(sacrebleu's settings and version), next to the mean score per sentence, the quality
flag counts and the share of the Dutch proper names the translation keeps (`names.py`:
the whole file is the context that tells which capitalised words are names). So a user
can compare backends, compute types and beam sizes on their own data: `translate eval refs.tsv --backend torch` against `--backend ctranslate2`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.text.article import Translated
from translate.checks.choice import pick
from translate.config import Config
from translate.errors import UsageError, quote
from translate.checks.names import names_kept
from translate.checks.quality import CONTENT_FLAGS, FLAGS, ArticleContext, sentence_flags
from translate.text.segment import segment_paragraph
from translate.run.state.store import normalise_sentence
from translate.run.translation import RememberingTranslator


@dataclass
class Evaluation:
    """The scores of one evaluation; `to_json` gives the `--json` keys."""

    sentences: int
    bleu: float
    chrf: float
    signature: dict[str, str]
    mean_score: float | None
    flags: dict[str, int]
    names_kept: int = 0          # proper names of the Dutch the translation keeps ...
    names_total: int = 0         # ... of all the Dutch has
    hypotheses: list[str] = field(default_factory=list)
    model: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"sentences": self.sentences, "bleu": self.bleu, "chrf": self.chrf,
                "signature": self.signature, "mean_score": self.mean_score,
                "names_kept": self.names_share, "names": {"kept": self.names_kept,
                                                          "total": self.names_total},
                "flags": self.flags, "model": self.model}

    @property
    def names_share(self) -> float | None:
        """Share of the Dutch names kept (None when the Dutch has none)."""
        return round(self.names_kept / self.names_total, 4) if self.names_total else None

    def render(self) -> str:
        mean = "-" if self.mean_score is None else f"{self.mean_score:.4f}"
        flagged = ", ".join(f"{name} {count}" for name, count in self.flags.items())
        share = self.names_share
        names = "-" if share is None else f"{100 * share:.1f} %"
        return "\n".join([
            f"sentences  {self.sentences}",
            f"BLEU       {self.bleu:.2f}  {self.signature['bleu']}",
            f"chrF       {self.chrf:.2f}  {self.signature['chrf']}",
            f"names kept {names} ({self.names_kept} of {self.names_total} proper names of "
            f"the Dutch)",
            f"mean score {mean} (mean log-probability per token)",
            f"flags      {flagged}",
        ]) + "\n"


def read_references(path: Path) -> list[tuple[str, str]]:
    """The (Dutch, English) pairs of a tab-separated file; blank lines are skipped."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"no such file: {quote(path)}") from None
    except OSError as exc:
        raise UsageError(f"cannot read {quote(path)}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{quote(path)} is not UTF-8 text") from None
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if not pairs and [p.strip().lower() for p in line.split("\t")] == ["nl", "en"]:
            continue   # a spreadsheet export's header row
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise UsageError(f"{quote(path)} line {number}: expected `Dutch<TAB>English`, "
                             f"got {len(parts) - 1} tab(s)")
        pairs.append((parts[0].strip(), parts[1].strip()))
    if not pairs:
        raise UsageError(f"{quote(path)} holds no `Dutch<TAB>English` lines")
    return pairs


def bleu_and_chrf(hypotheses: list[str], references: list[str]) -> tuple[float, float, dict[str, str]]:
    """sacrebleu's corpus BLEU and chrF of `hypotheses`, with their signatures."""
    from sacrebleu.metrics import BLEU, CHRF

    bleu, chrf = BLEU(), CHRF()
    bleu_score = bleu.corpus_score(hypotheses, [references]).score
    chrf_score = chrf.corpus_score(hypotheses, [references]).score
    return bleu_score, chrf_score, {"bleu": str(bleu.get_signature()),
                                    "chrf": str(chrf.get_signature())}


@dataclass
class Line:
    """What the product made of one line of Dutch: its English, and per unit (sentence or
    clause) the Dutch, the score and the quality flags."""

    text: str
    units: list[str]
    scores: list[float]
    flags: list[list[str]]


def translate_lines(session, lines: list[str],
                    context: ArticleContext | None = None) -> list[Line]:
    """Translate each Dutch line through the product's own path with `session`'s
    translation model: segmented like a paragraph, capitals handled, no sentence memory;
    flagged with `context` (default: all the lines read together, as one article)."""
    config = session.config
    context = context or ArticleContext.of_texts(lines)
    translator = session.translator
    units = [segment_paragraph(nl, translator.count_tokens, translator.max_input_tokens) or [nl]
             for nl in lines]
    found, _ = RememberingTranslator(translator, None, config.translation_fingerprint()).translate(
        [unit for line in units for unit in line])
    result = []
    for line in units:
        # What a run writes: among the engine's n best, as the quality step chooses.
        chosen = [_written(unit, found[normalise_sentence(unit)], config, context)
                  for unit in line]
        result.append(Line(
            text=" ".join(part.text for part, _ in chosen), units=line,
            scores=[part.score for part, _ in chosen],
            flags=[flags for _, flags in chosen]))
    return result


def _written(nl: str, translated: Translated, config: Config,
             context: ArticleContext) -> tuple[Translated, list[str]]:
    """The hypothesis the quality step writes for `nl`, and its flags."""

    def checks(candidate: Translated) -> list[str]:
        return sentence_flags(nl, candidate.text, candidate.score, candidate.capped,
                              config.quality, context)

    written, choice = pick(translated, checks, config.translation.hypothesis_margin,
                           CONTENT_FLAGS)
    return written, choice.flags


def evaluate(pairs: list[tuple[str, str]], config: Config, device: str = "auto") -> Evaluation:
    """Translate the Dutch of `pairs` with the configured model and score it."""
    from translate.run.session import ModelSession

    session = ModelSession(config, device)
    session.prepare()
    # The whole file is the context that tells which capitalised words are names.
    context = ArticleContext.of_texts([nl for nl, _ in pairs])
    lines = translate_lines(session, [nl for nl, _ in pairs], context)
    hypotheses = [line.text for line in lines]
    scores = [score for line in lines for score in line.scores]
    flag_lists = [flags for line in lines for flags in line.flags]
    bleu, chrf, signature = bleu_and_chrf(hypotheses, [en for _, en in pairs])
    kept, total = names_kept(zip([nl for nl, _ in pairs], hypotheses), context.names)
    provenance = session.provenance()
    return Evaluation(
        sentences=len(pairs), bleu=bleu, chrf=chrf, signature=signature,
        mean_score=round(sum(scores) / len(scores), 4) if scores else None,
        flags={flag: sum(1 for flags in flag_lists if flag in flags) for flag in FLAGS},
        names_kept=kept, names_total=total,
        hypotheses=hypotheses, model=provenance[0] if provenance else {},
    )


def evaluate_file(refs: Path, config: Config, hyps: Path | None = None) -> Evaluation:
    """`translate eval`: read REFS.tsv, evaluate, write the hypotheses to `hyps` if asked."""
    from translate.run.writer import write_atomic

    pairs = read_references(refs)
    config.summary.enabled = False  # only the translation model is needed
    result = evaluate(pairs, config, config.runtime.device)
    if hyps is not None:
        try:
            write_atomic(hyps, "".join(f"{line}\n" for line in result.hypotheses))
        except OSError as exc:
            raise UsageError(f"cannot write {quote(hyps)}: {exc.strerror or exc}") from None
    return result
