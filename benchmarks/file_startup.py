"""Benchmark: `translate file` on a short article against a bare CTranslate2 script.

    python benchmarks/file_startup.py [--rounds 5] [--summary] [--json]

`translate file` is the one-off path: for one short article, what counts is the time
before the first word. This times the whole command, process start included, on a
short Dutch article as real ones are (` date YYYY-MM ` header and title, a subheading,
names opening sentences, five paragraphs: every path an article takes, the names check's
dictionaries included) with the real-shape random models of `translate bench`
(opus-mt-nl-en's shape; with `--summary` also distilbart-cnn-12-6's), on the tool's
default backend (CTranslate2, int8 on a CPU), against a bare script that imports only
ctranslate2 and sentencepiece (and tokenizers for the summary model), loads the same
converted model(s), splits the article into sentences at end marks, translates them (and
summarises the English) with the same beam, decoding options and threads, and prints the
result.

Random weights never emit an end token: left alone, every output runs to its length cap
(72-122 tokens for 31-56-token sentences), and its random words are split finely by BART's
tokenizer, so the English came to ~1,900 summary tokens: the tool summarised it in 3 chunks
while the bare script (one input, cut at 1,024 tokens) summarised once. So, as `translate
bench --end-to-end` does ("speed is measured on shape-equivalent random models with forced
output lengths"), lengths are forced on both paths, to what real models would produce:

- translation: `ENGLISH` is the article's English counterpart, sentence for sentence (the
  benchmark's own, as `translate/data/articles/*.en.txt` are). Every batch is decoded to the
  length of its longest counterpart (`seams.to_counterpart`), and the English both paths go
  on with is the counterparts (the random words replaced): one summary chunk of ~527 tokens
  on both paths, the checks reading English. The bare script translates its sentences (the
  same 15 as the tool's segmentation; checked) in the batches the tool makes of them (worked
  out before timing with the tool's `plan_batches`), all submitted at once, as the tool
  runs them: the same decoding work;
- summary: every summary as long as the product allows for its input (`seams.to_cap`:
  min(142, half the input + 20) tokens), the bare script's likewise (min = max length).

The tool is `translate file` run by its CLI entry point in a fresh process
(`python -c TOOL`): the runner only passes an engine wrapper (`seams.BenchEngine`; for the
translation model a subclass that also puts the counterparts' ids in the outputs, marked
not capped, as a real output of that length ends with its end token) to
`ModelSession(engine_wrapper=...)`, the seam `translate bench` uses, which `translate file`
leaves unset; everything else is the command's own (imports, model loads, reading, checks,
writing to stdout). The scores stay the random model's, so every sentence is flagged
low-confidence and the choice among the n best runs on each: a little more than real.

- `bare` / `tool`: translation only (`translate file --no-summary`);
- `bare_two` / `tool_two` (`--summary`): both models, the summary fed the English.

Each path runs in a fresh process, interleaved over `--rounds` after one warm-up round
(A B C D, A B C D, ...), so load elsewhere on the machine falls on every path alike. It
prints each path's median seconds (wall clock, and CPU: user + system) and the median of
the per-round ratios tool / bare (with their range), and the machine's load average before
and after: on a machine shared with other work the wall clock is noisy, the CPU time less.
It also prints what the names check costs on the article in a fresh process (its
dictionaries' cache built): resident memory before and after, and seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = """\
 date 2023-05 Zwolle bouwt nieuwe fietsbrug over de IJssel

De gemeenteraad van Zwolle heeft dinsdagavond ingestemd met de bouw van een fietsbrug over \
de IJssel. Wethouder Marieke van der Linden sprak van "een historische dag voor de stad". \
De brug moet in 2026 klaar zijn en kost ongeveer 18,5 miljoen euro.

Volgens Rijkswaterstaat mag de scheepvaart tijdens de bouw niet worden gehinderd. Daarom \
worden de onderdelen in Kampen gemaakt en per schip aangevoerd. Aannemer Bakker Infra uit \
Deventer verwacht de eerste pijlers na de zomer te plaatsen.

Niet iedereen is blij. Bewoners van de wijk Stadshagen vrezen meer verkeer in hun straat. \
Jan Smit, voorzitter van de bewonersvereniging, zegt dat de gemeente te weinig heeft \
geluisterd. "We zijn niet tegen de brug, maar wel tegen de route die nu is gekozen."

Provincie

De provincie Overijssel betaalt een derde van de kosten. Gedeputeerde Tijs de Boer noemt \
de brug belangrijk voor forenzen uit Hattem en Heerde. Het ministerie van Infrastructuur en \
Waterstaat draagt nog eens vier miljoen euro bij.
"""

# What a real model would make of it, laid out like the article, sentence for sentence
# (`translate.bench.e2e.BenchArticle`): the English both paths go on with.
ENGLISH = """\
 date 2023-05 Zwolle builds a new cycle bridge over the IJssel

The Zwolle city council agreed on Tuesday evening to the construction of a cycle bridge over \
the IJssel. Alderman Marieke van der Linden spoke of "a historic day for the city". \
The bridge is to be finished in 2026 and will cost about 18.5 million euros.

According to Rijkswaterstaat, shipping must not be hindered during construction. That is why \
the parts are being made in Kampen and brought in by ship. Contractor Bakker Infra from \
Deventer expects to place the first piers after the summer.

Not everyone is happy. Residents of the Stadshagen district fear more traffic in their street. \
Jan Smit, chairman of the residents' association, says that the municipality has listened too \
little. "We are not against the bridge, but we are against the route that has now been chosen."

Province

The province of Overijssel is paying a third of the costs. Provincial executive Tijs de Boer calls \
the bridge important for commuters from Hattem and Heerde. The Ministry of Infrastructure and \
Water Management is contributing another four million euros.
"""

# How the bare script splits the article: paragraphs at blank lines, sentences at end marks.
PARAGRAPHS = r"\n\s*\n"
SENTENCES = r'(?<=[.!?"])\s+(?=[A-Z"])'

# The bare scripts: nothing of the tool, only the libraries a hand-written script needs.
BARE = r'''
import json, re, sys
import ctranslate2, sentencepiece
a = json.loads(sys.argv[1])
sp = sentencepiece.SentencePieceProcessor(model_file=a["spm"])
model = ctranslate2.Translator(a["model"], device="cpu", compute_type=a["compute_type"],
                               inter_threads=a["inter"], intra_threads=a["intra"])
with open(a["article"], encoding="utf-8") as handle:
    text = re.sub(r"^ date \d{4}-\d{2} ", "", handle.read())
sentences = [s for paragraph in re.split(a["paragraphs"], text)
             for s in re.split(a["sentences"], paragraph.strip()) if s]
sources = [sp.encode(s, out_type=str) + ["</s>"] for s in sentences]
assert len(sources) == len(a["lengths"]), "the article splits as the tool splits it"
# Random weights never stop by themselves: every batch is forced to the length of its
# longest real English counterpart (as on the tool's path); the batches are the ones the
# tool makes of these sentences (worked out beforehand), all submitted at once, as the
# tool runs them.
pending = [model.translate_batch([sources[i] for i in group], beam_size=a["beams"],
                                 max_decoding_length=max(a["lengths"][i] for i in group),
                                 min_decoding_length=max(a["lengths"][i] for i in group),
                                 return_scores=True, asynchronous=True)
           for group in a["groups"]]
for results in pending:
    for one in results:
        one.result()
# What a real model would have written: the counterparts (the random words would be ~3
# times as many BPE tokens for the summariser).
print("\n".join(a["english"]))
english = " ".join(a["english"][i] for i in a["body"])
if a.get("summary"):
    from tokenizers import ByteLevelBPETokenizer
    s = a["summary"]
    bpe = ByteLevelBPETokenizer(s["vocab"], s["merges"])
    summariser = ctranslate2.Translator(s["model"], device="cpu", compute_type=a["compute_type"],
                                        inter_threads=a["inter"], intra_threads=a["intra"])
    source = ["<s>"] + bpe.encode(english).tokens + ["</s>"]
    # The summary forced to the tool's length cap for this input (142 on a long one).
    longest = min(s["cap"], int(len(source) * s["ratio"]) + s["extra"])
    result = summariser.translate_batch([source], target_prefix=[["<s>"]], beam_size=s["beams"],
                                        max_decoding_length=longest,
                                        min_decoding_length=longest,
                                        return_scores=True, **s["options"])
    print(bpe.decode([bpe.token_to_id(t) for t in result[0].hypotheses[0][1:]]))
'''


# The tool: `translate file ...` (the CLI's own entry point, in a fresh process), its engines
# wrapped from outside the product as `translate bench` wraps them (`seams.BenchEngine`
# through `ModelSession(engine_wrapper=...)`, which `translate file` leaves unset): every
# translation batch decoded to its longest counterpart's length (`seams.to_counterpart`)
# and its outputs replaced by the counterparts' ids; every summary as long as the product
# allows (`seams.to_cap`). argv: the counterparts (JSON: [Dutch ids, English ids] per
# sentence), the translation model folder, then the CLI's arguments.
TOOL = r'''
import dataclasses, json, sys
from pathlib import Path
import translate.bench.seams as seams
from translate.run.session import ModelSession
table, translation = sys.argv[1], Path(sys.argv[2]).resolve()
sys.argv = ["translate", *sys.argv[3:]]
with open(table, encoding="utf-8") as handle:
    english = {tuple(nl): en for nl, en in json.load(handle)}
lengths = {nl: len(en) + 1 for nl, en in english.items()}  # + </s>
class Counterparts(seams.BenchEngine):
    """Outputs forced to their counterparts' lengths, and their ids replaced by them."""
    def generate(self, batch, **options):
        def real(ids, out):
            if tuple(ids) not in english:
                return out
            # A real output of that length ends with its end token, not at the cap.
            return dataclasses.replace(out, ids=list(english[tuple(ids)]), capped=False)
        return [dataclasses.replace(real(ids, out), alternatives=tuple(
                    real(ids, other) for other in out.alternatives))
                for ids, out in zip(batch, super().generate(batch, **options))]
def wrap(engine):
    if Path(engine.folder).resolve() == translation:
        return Counterparts(engine, seams.to_counterpart(lengths))
    return seams.BenchEngine(engine, seams.to_cap)
plain = ModelSession.__init__
def init(self, config, device="auto", on_status=None, engine_wrapper=None):
    plain(self, config, device, on_status, engine_wrapper or wrap)
ModelSession.__init__ = init
from translate.cli import main
main()
'''


def counterparts(translation: Path, config, work: Path) -> tuple[Path, dict]:
    """The English counterpart of each sentence as the tool segments the article: written
    for the tool's runner (`[Dutch ids, English ids]` per sentence, in a JSON file), and
    for the bare script (its forced length, text and batch: the batches the tool makes of
    these sentences, so that both decode the same lengths in the same batches)."""
    import re

    import sentencepiece

    from translate.bench.e2e import BenchArticle, counterparts as pairs_of, segmented
    from translate.models.backends import split_threads
    from translate.models.generation import plan_batches
    from translate.models.translator import Translator
    from translate.run.state import normalise_sentence
    import translate.bench.seams as seams

    parallel, _ = split_threads(config.runtime.threads, "cpu")
    translator = Translator(translation, seams.PlanEngine("cpu", parallel, seams.to_cap),
                            config.translation)
    bench_article = BenchArticle("article", ARTICLE, ENGLISH)
    article = segmented([bench_article], translator)[0]
    pairs = pairs_of(article, bench_article.english())
    if len(pairs) != len(article.sentences()):
        raise SystemExit("ENGLISH does not pair sentence for sentence with ARTICLE")
    source = [translator.encode([normalise_sentence(s.nl)])[0] for s, _ in pairs]
    target = [translator.tokenizer(text_target=en)["input_ids"][:-1] for _, en in pairs]  # no </s>
    table = work / "counterparts.json"
    table.write_text(json.dumps(list(zip(source, target))), encoding="utf-8")
    # The bare script's own split must give the same sentences, in the same order.
    text = re.sub(r"^ date \d{4}-\d{2} ", "", ARTICLE)
    sentences = [s for paragraph in re.split(PARAGRAPHS, text)
                 for s in re.split(SENTENCES, paragraph.strip()) if s]
    sp = sentencepiece.SentencePieceProcessor(model_file=str(translation / "source.spm"))
    if [len(sp.encode(s, out_type=str)) + 1 for s in sentences] != list(map(len, source)):
        raise SystemExit("the bare script splits the article otherwise than the tool")
    headings = {id(s) for p in article.paragraphs if p.heading for s in p.sentences}
    return table, {
        "lengths": [len(ids) + 1 for ids in target],  # + </s>, as `seams.to_counterpart`
        "english": [en for _, en in pairs],
        # What the summariser reads: the body (neither the title nor a subheading).
        "body": [i for i, (s, _) in enumerate(pairs) if id(s) not in headings],
        "groups": plan_batches(list(map(len, source)), config.translation.batch_tokens,
                               config.translation.max_batch_size, parallel),
    }


def setup(summary: bool, work: Path) -> dict:
    """Models built and converted (cached), the article written, the bare script's inputs."""
    from translate.models.backends import split_threads
    from translate.models.backends.ct2_cache import ensure_converted, resolve_compute_type
    from translate.models.backends.ct2_engine import decoding_options
    from translate.bench.runner import MODEL_SHAPES, bench_model
    from translate.config import load_config
    from translate.models.hf import default_num_beams

    config = load_config(None)
    compute_type = resolve_compute_type("auto", "cpu")
    inter, intra = split_threads(config.runtime.threads, "cpu")
    translation = bench_model(MODEL_SHAPES["translation"])
    article = work / "artikel.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    # The cache entries the tool itself uses (its model key is "<name>@<revision>").
    bare = {
        "model": str(ensure_converted(translation, compute_type,
                                      f"{translation}@{config.models.translation_revision}")),
        "spm": str(translation / "source.spm"), "article": str(article),
        "compute_type": compute_type, "inter": inter, "intra": intra,
        "beams": config.translation.num_beams or default_num_beams(translation),
        "paragraphs": PARAGRAPHS, "sentences": SENTENCES,
    }
    table, forced = counterparts(translation, config, work)
    bare.update(forced)
    tool = [sys.executable, "-c", TOOL, str(table), str(translation), "file", str(article),
            "--translation-model", str(translation)]
    result = {"article": str(article), "bare": bare, "tool": tool + ["--no-summary"],
              "translation": str(translation)}
    if summary:
        folder = bench_model(MODEL_SHAPES["summary"])
        result["bare_two"] = dict(bare, summary={
            "model": str(ensure_converted(folder, compute_type,
                                          f"{folder}@{config.models.summary_revision}")),
            "vocab": str(folder / "vocab.json"), "merges": str(folder / "merges.txt"),
            "beams": config.summary.num_beams or default_num_beams(folder),
            "ratio": 0.5, "extra": 20, "cap": config.summary.max_summary_tokens,
            "options": decoding_options(folder),
        })
        result["tool_two"] = tool + ["--summary-model", str(folder)]
        result["summary"] = str(folder)
    return result


# The names check alone in a fresh process: its dictionaries (cache built by the warm-up)
# and the article's Dutch names and English-name questions.
NAMES = r'''
import json, sys, time
import psutil
from translate.checks import names
article = open(sys.argv[1], encoding="utf-8").read()
paragraphs = [p for p in article.split("\n\n") if p.strip()]
rss = psutil.Process().memory_info().rss
started = time.perf_counter()
context = names.NameContext.of_texts(paragraphs)
for paragraph in paragraphs:
    names.source_names(paragraph, context)
    names.english_names(paragraph)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": round(seconds, 3), "rss_before_mb": round(rss / 2**20, 1),
                  "rss_after_mb": round(psutil.Process().memory_info().rss / 2**20, 1)}))
'''


def names_check(work: Path) -> dict:
    """Seconds and resident memory (before, after) of the names check on the article."""
    done = subprocess.run([sys.executable, "-c", NAMES, str(work / "artikel.txt")],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def timed(command: list[str]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds: user + system) of one run of `command`."""
    # Byte-code caching as an installed tool has it (the warm-up round writes the tool's).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env=env)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} ... failed:\n{done.stderr}")
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--summary", action="store_true", help="also both models")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="file-startup-"))
    plan = setup(args.summary, work)
    commands = {"bare": [sys.executable, "-c", BARE, json.dumps(plan["bare"])], "tool": plan["tool"]}
    if args.summary:
        commands["bare_two"] = [sys.executable, "-c", BARE, json.dumps(plan["bare_two"])]
        commands["tool_two"] = plan["tool_two"]
    # The first `translate file` converts nothing (setup did) but fills the tool's other
    # caches (the language model's arrays): one round for caches, not counted.
    for command in commands.values():
        timed(command)
    names = names_check(work)
    load_before = os.getloadavg()[0]
    rounds: list[dict[str, tuple[float, float]]] = []
    for _ in range(args.rounds):
        rounds.append({name: timed(command) for name, command in commands.items()})
    load_after = os.getloadavg()[0]
    report: dict = {"rounds": args.rounds, "load_average": [round(load_before, 2), round(load_after, 2)],
                    "cpus": os.cpu_count(), "article": ARTICLE, "names_check": names,
                    # The same on both paths: (sentences, forced length) of each batch.
                    "translation_batches": [
                        (len(group), max(plan["bare"]["lengths"][i] for i in group))
                        for group in plan["bare"]["groups"]]}
    for index, kind in ((0, "seconds"), (1, "cpu_seconds")):
        report[kind] = {name: round(statistics.median(r[name][index] for r in rounds), 3)
                        for name in commands}
        ratios = report[f"{kind}_ratios"] = {}
        for tool, bare in (("tool", "bare"), ("tool_two", "bare_two")):
            if tool in commands:
                values = [r[tool][index] / r[bare][index] for r in rounds]
                ratios[f"{tool}_over_{bare}"] = {"median": round(statistics.median(values), 3),
                                                "min": round(min(values), 3),
                                                "max": round(max(values), 3)}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"short article ({len(ARTICLE.split())} words), {args.rounds} interleaved rounds (medians), "
          f"load average {load_before:.2f} -> {load_after:.2f} on {os.cpu_count()} CPUs")
    for name in commands:
        print(f"  {name:9} {report['seconds'][name]:6.2f} s   (CPU {report['cpu_seconds'][name]:.2f} s)")
    for kind, label in (("seconds", "wall clock"), ("cpu_seconds", "CPU time")):
        for name, ratio in report[f"{kind}_ratios"].items():
            print(f"  {name} ({label}): {ratio['median']:.2f} ({ratio['min']:.2f}-{ratio['max']:.2f})")
    print("  translation batches on both paths (sentences, forced length): "
          + ", ".join(f"({n}, {length})" for n, length in report["translation_batches"]))
    names = report["names_check"]
    print(f"  names check on the article: {names['seconds']:.3f} s, resident memory "
          f"{names['rss_before_mb']:.1f} -> {names['rss_after_mb']:.1f} MB")


if __name__ == "__main__":
    main()
