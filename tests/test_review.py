"""The review page (`translate report`, `translate run --html`): what it holds, that nothing
from an article runs or loads anything, and what a real browser (headless Chromium) shows."""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from helpers import SEED_SHAPED, invoke, model_flags
from translate.run.record import dumps
from translate.run.state import StateStore

SCRIPT = "<script>document.title='pwned'</script>"
BOLD = "<b id=x>bold</b>"
MARKUP_NL = f"Een artikel met {SCRIPT} en {BOLD} erin."


def sentence(nl: str, en: str, score: float | None = None, flags: list[str] | None = None) -> dict:
    pair = {"nl": nl, "en": en}
    if score is not None:            # older records have neither key
        pair |= {"score": score, "flags": flags or []}
    return pair


def write_record(out: Path, rel: str, sentences: list[dict], summary: list[str],
                 quality: dict | None = None) -> None:
    record = {
        "source": rel, "sha256": "0" * 64, "date": "2024-01", "header": " date 2024-01 ",
        "paragraphs": [{"nl": " ".join(s["nl"] for s in sentences),
                        "en": " ".join(s["en"] for s in sentences),
                        "heading": False, "sentences": sentences}],
        "summary": summary,
        "models": [{"role": "translation", "id": "Helsinki-NLP/opus-mt-nl-en", "revision": "abc123",
                    "backend": "ctranslate2", "device": "cpu", "num_beams": 4}],
        "tool_version": "0.1.0", "seconds": 0.1, "fingerprint": "f", "translation_fingerprint": "t",
    }
    if quality is not None:
        record["quality"] = quality
    stem = Path(rel).stem
    folder = out / Path(rel).parent
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.json").write_text(dumps(record), encoding="utf-8")
    (folder / f"{stem}.en.txt").write_text(" ".join(s["en"] for s in sentences) + "\n", encoding="utf-8")
    (folder / f"{stem}.summary.md").write_text("# t\n\n" + "".join(f"- {b}\n" for b in summary),
                                               encoding="utf-8")


# (key, outcome, worst score or None) of the night below, in the order the page must list
# the translated ones: flagged first, worst sentence first; unscored after the scored ones.
NIGHT = [
    ("a/slecht.txt", "translated", -3.5),        # flagged, worst
    ("niet-nl.txt", "translated", -0.4),         # flagged by its article-level flag
    ("b/gebroken.txt", "translated", None),      # record gone: flagged record_missing, unscored
    ("a/goed.txt", "translated", -0.9),
    ("b/prima.txt", "translated", -0.2),
    ("markup.txt", "translated", None),          # an older record: unscored
    ("kapot.txt", "failed", None),
    ("leeg.txt", "skipped", None),
]


@pytest.fixture
def night(tmp_path: Path) -> Path:
    """An output folder with the state and records of one run (and an earlier run), no
    models needed."""
    out = tmp_path / "out"
    with StateStore(out) as store:
        earlier = store.start_run()
        store.put_article(earlier, "oud.txt", "1" * 64, "f", "translated", None, 0.5)
        store.finish_run(earlier, {"translated": 1, "unchanged": 0, "skipped": 0, "failed": 0}, 0, 1.0)
        write_record(out, "oud.txt", [sentence("Oud.", "Old.", -0.1)], ["Old."])
        run = store.start_run()
        for number, (key, outcome, _) in enumerate(NIGHT):
            error = f'"in/{key}": not UTF-8 text <i>binary</i>' if outcome == "failed" else None
            store.put_article(run, key, "0" * 64, "f", outcome, error, 0.2 + number / 10)
        store.finish_run(run, {"translated": 6, "unchanged": 3, "skipped": 1, "failed": 1}, 1, 12.5)
    write_record(out, "a/slecht.txt", [
        sentence("Eerste zin.", "First sentence.", -0.3),
        sentence("Tweede zin met 12,5 euro.", "Second second second.", -3.5,
                 ["repetition", "numbers"])], ["Something went wrong."],
        {"language": "nl", "language_probability": 0.99, "mean_score": -1.9, "min_score": -3.5,
         "flagged_sentences": 1, "flags": []})
    write_record(out, "niet-nl.txt", [sentence("This is English.", "This is English.", -0.4)],
                 ["An English article."],
                 {"language": "en", "language_probability": 0.97, "mean_score": -0.4,
                  "min_score": -0.4, "flagged_sentences": 0, "flags": ["not_dutch"]})
    write_record(out, "a/goed.txt", [sentence("Goed.", "Good.", -0.9)], ["Good."])
    write_record(out, "b/prima.txt", [sentence("Prima.", "Fine.", -0.2)], ["Fine."])
    write_record(out, "markup.txt", [sentence(MARKUP_NL, f"An article with {SCRIPT} and {BOLD}.")],
                 [f"Bullet with {BOLD}.", f"And {SCRIPT}."])
    return out


def translated_order() -> list[str]:
    return [key for key, outcome, _ in NIGHT if outcome == "translated"]


def article_names(html: str) -> list[str]:
    return re.findall(r'<a class="name mono" href="#a\d+">([^<]*)</a>', html)


def test_report_lists_every_article_flagged_and_worst_first(night, tmp_path):
    page = tmp_path / "pages" / "night.html"
    result = invoke("report", night, "--out", page)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(page)
    html = page.read_text(encoding="utf-8")
    assert article_names(html) == translated_order()
    assert "oud.txt" not in html                       # an earlier run's article
    # Failures with their one-line error (escaped), the skipped one, counts as badges.
    assert "kapot.txt" in html and "&lt;i&gt;binary&lt;/i&gt;" in html and "<i>binary" not in html
    assert "leeg.txt" in html
    badges = {name: num for num, name in re.findall(
        r'<span class="num">([^<]*)</span> (\w+)</li>', html)}
    assert badges == {"translated": "6", "unchanged": "3", "skipped": "1", "failed": "1",
                      "flagged": "3"}
    # Run facts: the models with revision, backend and device from the records.
    assert "Helsinki-NLP/opus-mt-nl-en" in html and "abc123" in html and "ctranslate2" in html
    assert '<span class="code warn">1</span>' in html
    # Flags labelled, scores shown, older records shown as unscored.
    for label in ("repetition", "numbers", "not dutch", "record missing"):
        assert label in html
    assert "-3.50" in html and "unscored" in html


def test_article_markup_is_text_and_nothing_outside_is_referenced(night, tmp_path):
    page = tmp_path / "night.html"
    assert invoke("report", night, "--out", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert "&lt;b id=x&gt;bold&lt;/b&gt;" in html
    assert "document.title='pwned'" not in html and "<b id=x>" not in html
    assert html.count("<script") == 2                  # the packed rows and the page's own
    assert re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|\bsrc\s*=|@import|url\(", html, re.IGNORECASE) is None
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_links_are_relative_to_the_page_and_lead_to_the_outputs(night, tmp_path):
    page = tmp_path / "deep" / "er" / "night.html"
    assert invoke("report", night, "--out", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    hrefs = [h for h in re.findall(r'href="([^"]*)"', html) if not h.startswith("#")]
    assert len(hrefs) == 3 * 5                         # 3 files of every article with a record
    for href in hrefs:
        assert not href.startswith(("/", "file:")) and ":" not in href
        assert (page.parent / unquote(href)).resolve().is_file(), href
    assert "../../out/a/slecht.json" in hrefs


def test_default_page_and_earlier_runs(night):
    result = invoke("report", night)
    assert result.exit_code == 0, result.output
    assert (night / "run-2.html").is_file()
    result = invoke("report", night, "--run", "1")
    assert result.exit_code == 0, result.output
    html = (night / "run-1.html").read_text(encoding="utf-8")
    assert article_names(html) == ["oud.txt"]
    result = invoke("report", night, "--run", "9")
    assert result.exit_code == 2 and "no run 9" in result.output


def test_no_state_is_one_error_line(tmp_path):
    result = invoke("report", tmp_path)
    assert result.exit_code == 2
    assert "no translate state" in result.output


def test_big_night_keeps_tables_out_of_the_html(night, tmp_path, monkeypatch):
    """Past `EAGER_ARTICLES` the rows travel packed (gzipped JSON in base64) and are built
    by the page when opened; what is packed is still every sentence, markup included."""
    import translate.reporting.review

    monkeypatch.setattr(translate.reporting.review, "EAGER_ARTICLES", 2)
    page = tmp_path / "night.html"
    assert invoke("report", night, "--out", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert html.count("<table class=\"pairs\">") == 2
    assert html.count("data-lazy=") == 3
    packed = re.search(r'<script type="application/octet-stream" id="rows">([^<]*)</script>', html)
    rows = json.loads(gzip.decompress(base64.b64decode(packed.group(1))))
    index = article_names(html).index("markup.txt")
    assert rows[str(index)][0][0] == MARKUP_NL


# ---------------------------------------------------------------- in a real browser


def chromium_path() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (CI installs Debian's chromium package)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")
    return found


def chromium(profile: Path, *args: str) -> str:
    result = subprocess.run(
        [chromium_path(), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_run_html_in_chromium(tmp_path, tiny_marian, tiny_bart):
    """`translate run --html`, opened in headless Chromium: every article listed, the
    article's markup shown as text, its script never run; and a screenshot to look at."""
    source = tmp_path / "in"
    (source / "binnenland").mkdir(parents=True)
    (source / "binnenland" / "brug.txt").write_text(SEED_SHAPED, encoding="utf-8")
    (source / "markup.txt").write_text(f" date 2024-01 {MARKUP_NL}\n\nTweede alinea.\n",
                                       encoding="utf-8")
    (source / "kapot.txt").write_bytes(b"\xff\xfe\x00\x01binary")
    page = tmp_path / "review" / "page.html"
    result = invoke("run", source, "--out", tmp_path / "out", "--html", page,
                    *model_flags(tiny_marian, tiny_bart))
    assert result.exit_code == 1, result.output          # kapot.txt failed
    dom = chromium(tmp_path / "profile", "--dump-dom", page.as_uri())
    assert re.search(r"<title>translate · run #1 · [^<]*</title>", dom)
    assert "pwned" not in re.search(r"<title>[^<]*</title>", dom).group(0)
    assert sorted(article_names(dom)) == ["binnenland/brug.txt", "markup.txt"]
    assert "kapot.txt" in dom
    # The markup is a text node: serialised back escaped, never as an element.
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert "&lt;b id=x&gt;bold&lt;/b&gt;" in dom
    assert '<b id="x">' not in dom and "<script>document.title" not in dom
    # Links relative to the page lead to the outputs.
    assert 'href="../out/markup.en.txt"' in dom
    shot = tmp_path / "review" / "page.png"
    chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_table_built_on_demand_in_chromium(night, tmp_path, monkeypatch):
    """A packed table opened in the browser (by a link to its article) is built, with the
    article's markup as text, and the filter box counts what it shows."""
    import translate.reporting.review

    monkeypatch.setattr(translate.reporting.review, "EAGER_ARTICLES", 0)
    page = tmp_path / "night.html"
    assert invoke("report", night, "--out", page).exit_code == 0
    index = article_names(page.read_text(encoding="utf-8")).index("markup.txt")
    dom = chromium(tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom",
                   f"{page.as_uri()}#a{index}")
    built = re.search(rf'<article[^>]* id="a{index}".*?</article>', dom, re.DOTALL).group(0)
    assert '<table class="pairs">' in built
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in built
    assert '<b id="x">' not in dom
    assert "pwned" not in re.search(r"<title>[^<]*</title>", dom).group(0)
    assert "6 of 6 shown" in dom


LONG_URL = "https://www.example.nl/" + "abcdefghij" * 30   # no place to break it
LONG_WORD = "Zeer" + "lang" * 75

# Lays the review page out in an iframe at a given width and says which elements stick
# out of the card (or failures table) they are in, opening every table first.
MEASURE = """<!doctype html><html><body>
<iframe id=f src="{page}" style="width:{width}px;height:4000px;border:0"></iframe>
<script>
document.getElementById('f').onload = function () {{
  var doc = this.contentDocument, out = [];
  doc.querySelectorAll('details').forEach(function (d) {{ d.open = true; }});
  doc.querySelectorAll('article.art, table.failures').forEach(function (box) {{
    var edge = box.getBoundingClientRect().right + 1;
    box.querySelectorAll('*').forEach(function (e) {{
      if (e.getBoundingClientRect().right > edge) out.push(e.tagName + '.' + e.className);
    }});
  }});
  if (doc.documentElement.scrollWidth > {width}) out.push('page');
  document.body.setAttribute('data-overflow', out.join(' ') || 'none');
}};
</script></body></html>"""


def test_long_unbroken_tokens_wrap_inside_their_card_in_chromium(tmp_path):
    out = tmp_path / "out"
    rel = "artikel-" + "x" * 150 + ".txt"
    with StateStore(out) as store:
        run = store.start_run()
        store.put_article(run, rel, "0" * 64, "f", "translated", None, 0.5)
        store.put_article(run, "kapot-" + "y" * 150 + ".txt", "0" * 64, "f", "failed",
                          f'"in/kapot-{"y" * 150}.txt": not UTF-8 text', 0.1)
        store.finish_run(run, {"translated": 1, "unchanged": 0, "skipped": 0, "failed": 1}, 1, 1.0)
    write_record(out, rel, [sentence(f"Zie {LONG_URL} nu.", LONG_URL, -0.3),
                            sentence(f"{LONG_WORD} is een woord.", LONG_WORD, -0.5)],
                 [f"See {LONG_URL} now.", f"{LONG_WORD} is a word."])
    page = tmp_path / "night.html"
    assert invoke("report", out, "--out", page).exit_code == 0
    for width in (1280, 700):
        wrapper = tmp_path / f"measure-{width}.html"
        wrapper.write_text(MEASURE.format(page=page.name, width=width), encoding="utf-8")
        dom = chromium(tmp_path / "profile", "--allow-file-access-from-files",
                       "--virtual-time-budget=5000", "--dump-dom", wrapper.as_uri())
        assert 'data-overflow="none"' in dom, (width, re.search(r'data-overflow="[^"]*"', dom))
