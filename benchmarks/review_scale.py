"""Benchmark: the review page of a 2,000-article night (page size, time to first render).

    python benchmarks/review_scale.py [--articles 2000] [--work DIR] [--rounds 3]

No model is needed: it writes the state of one run and a JSON record per article directly
(seed-shaped Dutch sentences, scores and flags as the quality checks write them, about one
article in eight flagged, a few failed and skipped), then times `translate report`, and
opens the page in headless Chromium: wall time of `--dump-dom` and of `--screenshot`
against the same for an empty page (Chromium's own start-up), and the page's own
`performance` timings (DOMContentLoaded, load, first contentful paint) read from the DOM.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


class Text:
    """Sentences with the statistics of news text, so the page compresses as a real one does:
    words drawn Zipf-wise from the Dutch and English sample corpora plus 20,000 made-up
    words (a real night repeats far less than a handful of fixed sentences would)."""

    def __init__(self, rng: random.Random) -> None:
        data = Path(__file__).resolve().parents[1] / "translate" / "data"
        self.rng = rng
        self.vocab = {}
        for lang, name in (("nl", "corpus_nl.txt"), ("en", "corpus_en.txt")):
            words = list(dict.fromkeys((data / name).read_text(encoding="utf-8").split()))
            made_up = ["".join(rng.choice("aeioubcdfghjklmnprstvwz") for _ in range(rng.randint(2, 11)))
                       for _ in range(20_000)]
            self.vocab[lang] = words + made_up
        n = len(self.vocab["nl"])
        self.weights = [1 / (rank + 1) for rank in range(max(n, len(self.vocab["en"])))]

    def sentence(self, lang: str, words: int) -> str:
        vocab = self.vocab[lang]
        picked = self.rng.choices(vocab, weights=self.weights[:len(vocab)], k=words)
        return (" ".join(picked).capitalize().rstrip(".") + ".").replace("..", ".")


FLAGS = ["low_confidence", "repetition", "length_ratio", "numbers", "untranslated"]


def write_night(out: Path, count: int, seed: int = 7) -> None:
    """The state and records of one run over `count` articles under `out`."""
    from translate.run.record import dumps
    from translate.run.state import StateStore

    rng = random.Random(seed)
    text = Text(rng)
    models = [{"role": "translation", "id": "Helsinki-NLP/opus-mt-nl-en",
               "revision": "cf109095479db38d6df799875e34039d4938aaa6",
               "backend": "ctranslate2", "device": "cpu"},
              {"role": "summary", "id": "sshleifer/distilbart-cnn-12-6",
               "revision": "a4f8f3ea906ed274767e9906dbaede7531d660ff",
               "backend": "ctranslate2", "device": "cpu"}]
    counts = {"translated": 0, "unchanged": 412, "skipped": 0, "failed": 0}
    with StateStore(out) as store:
        run_id = store.start_run()
        for i in range(count):
            rel = f"{i % 24:02d}/artikel-{i:04d}.txt"
            if i % 400 == 17:
                store.put_article(run_id, rel, "0" * 64, "f", "failed",
                                  f"\"in/{rel}\": not UTF-8 text (binary?); not translated", 0.0)
                counts["failed"] += 1
                continue
            if i % 700 == 5:
                store.put_article(run_id, rel, "0" * 64, "f", "skipped", None, 0.0)
                counts["skipped"] += 1
                continue
            bad = rng.random() < 0.12
            paragraphs = []
            for _ in range(rng.randint(4, 9)):       # about 20 sentences, like the seeds
                sentences = []
                for _ in range(rng.randint(1, 5)):
                    length = rng.randint(6, 24)
                    nl, en = text.sentence("nl", length), text.sentence("en", length + 1)
                    score = -abs(rng.gauss(0.35, 0.2))
                    flags = []
                    if bad and rng.random() < 0.3:
                        score = -abs(rng.gauss(2.2, 0.8))
                        flags = rng.sample(FLAGS, rng.randint(1, 2))
                    sentences.append({"nl": nl, "en": en, "score": round(score, 3), "flags": flags})
                paragraphs.append({"nl": " ".join(s["nl"] for s in sentences),
                                   "en": " ".join(s["en"] for s in sentences),
                                   "heading": False, "sentences": sentences})
            scores = [s["score"] for p in paragraphs for s in p["sentences"]]
            record = {
                "source": rel, "sha256": f"{i:064x}", "date": "2021-03", "header": " date 2021-03 ",
                "paragraphs": paragraphs, "summary": [p["sentences"][0]["en"] for p in paragraphs[:rng.randint(3, 5)]],
                "models": models, "tool_version": "0.1.0", "seconds": 0.0,
                "fingerprint": "f", "translation_fingerprint": "t",
                "quality": {"language": "nl", "language_probability": 0.99,
                            "mean_score": sum(scores) / len(scores), "min_score": min(scores),
                            "flagged_sentences": sum(1 for p in paragraphs for s in p["sentences"]
                                                     if s["flags"]),
                            "flags": ["not_dutch"] if bad and rng.random() < 0.1 else []},
            }
            folder = out / rel.rsplit("/", 1)[0]
            folder.mkdir(parents=True, exist_ok=True)
            stem = Path(rel).stem
            (folder / f"{stem}.json").write_text(dumps(record), encoding="utf-8")
            (folder / f"{stem}.en.txt").write_text("\n\n".join(p["en"] for p in paragraphs) + "\n")
            (folder / f"{stem}.summary.md").write_text("# x\n\n- y\n")
            store.put_article(run_id, rel, f"{i:064x}", "f", "translated", None,
                              round(rng.lognormvariate(-0.5, 0.6), 3))
            counts["translated"] += 1
        store.finish_run(run_id, counts, 1 if counts["failed"] else 0, 1234.5)


def chromium(*args: str, profile: Path) -> tuple[float, str]:
    command = [shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", f"--user-data-dir={profile}", *args]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    return time.perf_counter() - started, result.stdout


def timed_copy(page: Path, target: Path) -> None:
    """The page plus a probe (allowed by the page's own nonce) that writes its timings."""
    html = page.read_text(encoding="utf-8")
    nonce = re.search(r"nonce-([A-Za-z0-9_-]+)", html).group(1)
    probe = (f'<script nonce="{nonce}">addEventListener("load", function () {{'
             'var t = performance.timing, p = performance.getEntriesByType("paint");'
             'document.body.setAttribute("data-probe", JSON.stringify({'
             'dcl: t.domContentLoadedEventEnd - t.navigationStart,'
             'load: t.loadEventStart - t.navigationStart,'
             'paint: p.map(function (e) { return [e.name, Math.round(e.startTime)]; })}));'
             '});</script>')
    target.write_text(html.replace("</body>", probe + "</body>"), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="review-scale-"))
    out, page = work / "out", work / "run.html"
    if not out.exists():
        write_night(out, args.articles)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "translate", "report", str(out), "--out", str(page)],
                   check=True, capture_output=True)
    report_seconds = time.perf_counter() - started
    empty, probed = work / "empty.html", work / "probed.html"
    empty.write_text("<!DOCTYPE html><title>empty</title><p>x</p>\n", encoding="utf-8")
    timed_copy(page, probed)
    results: dict[str, list[float]] = {}
    probes = []
    for round_ in range(args.rounds):
        for name, target, mode in [("empty dump-dom", empty, "--dump-dom"),
                                   ("page dump-dom", probed, "--dump-dom"),
                                   ("empty screenshot", empty, "--screenshot"),
                                   ("page screenshot", page, "--screenshot")]:
            flag = mode if mode == "--dump-dom" else f"--screenshot={work / 'shot.png'}"
            seconds, stdout = chromium(flag, "--window-size=1280,2000", target.as_uri(),
                                       profile=work / f"profile-{round_}")
            results.setdefault(name, []).append(seconds)
            if name == "page dump-dom":
                found = re.search(r'data-probe="([^"]*)"', stdout)
                probes.append(found.group(1).replace("&quot;", '"') if found else None)
                articles = stdout.count('<article class="art')
    size = page.stat().st_size
    print(json.dumps({
        "articles": args.articles, "page_bytes": size, "page_mb": round(size / 1e6, 2),
        "articles_in_dom": articles, "translate_report_s": round(report_seconds, 2),
        "chromium_best_s": {name: round(min(v), 3) for name, v in results.items()},
        "page_timings_ms": probes, "work": str(work),
    }, indent=2))


if __name__ == "__main__":
    main()
