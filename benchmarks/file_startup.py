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
converted model(s), splits the article into sentences at end marks, translates them in one
batch (and summarises the English) with the same beam, length cap, decoding options and
threads, and prints the result. (One batch has one length cap, from its longest sentence;
the tool caps each sentence by its own length, so with random models, which decode to the
cap, the bare script decodes more: compare the start-up part, CPU time, across versions.)

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
sentences = [s for paragraph in re.split(r"\n\s*\n", text)
             for s in re.split(r'(?<=[.!?"])\s+(?=[A-Z"])', paragraph.strip()) if s]
sources = [sp.encode(s, out_type=str) + ["</s>"] for s in sentences]
result = model.translate_batch(sources, beam_size=a["beams"], return_scores=True,
                               max_decoding_length=min(a["cap"], int(max(map(len, sources)) * a["ratio"]) + a["extra"]))
english = " ".join("".join(r.hypotheses[0]).replace("\u2581", " ").strip() for r in result)
print(english)
if a.get("summary"):
    from tokenizers import ByteLevelBPETokenizer
    s = a["summary"]
    bpe = ByteLevelBPETokenizer(s["vocab"], s["merges"])
    summariser = ctranslate2.Translator(s["model"], device="cpu", compute_type=a["compute_type"],
                                        inter_threads=a["inter"], intra_threads=a["intra"])
    source = ["<s>"] + bpe.encode(english).tokens + ["</s>"]
    longest = min(s["cap"], int(len(source) * s["ratio"]) + s["extra"])
    result = summariser.translate_batch([source], target_prefix=[["<s>"]], beam_size=s["beams"],
                                        max_decoding_length=longest,
                                        min_decoding_length=min(s["floor"], longest),
                                        return_scores=True, **s["options"])
    print(bpe.decode([bpe.token_to_id(t) for t in result[0].hypotheses[0][1:]]))
'''


def setup(summary: bool, work: Path) -> dict:
    """Models built and converted (cached), the article written, the bare script's inputs."""
    from translate.models.backends import split_threads
    from translate.models.backends.ct2_cache import ensure_converted, resolve_compute_type
    from translate.models.backends.ct2_engine import decoding_options
    from translate.bench.runner import MODEL_SHAPES, bench_model
    from translate.config import load_config
    from translate.models.hf import default_num_beams, model_max_positions
    from translate.models.summarizer import MIN_SUMMARY_TOKENS

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
        "ratio": config.translation.length_ratio, "extra": config.translation.length_extra,
        "cap": model_max_positions(translation),
    }
    tool = [sys.executable, "-m", "translate", "file", str(article),
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
            "floor": MIN_SUMMARY_TOKENS, "options": decoding_options(folder),
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
                    "cpus": os.cpu_count(), "article": ARTICLE, "names_check": names}
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
    names = report["names_check"]
    print(f"  names check on the article: {names['seconds']:.3f} s, resident memory "
          f"{names['rss_before_mb']:.1f} -> {names['rss_after_mb']:.1f} MB")


if __name__ == "__main__":
    main()
