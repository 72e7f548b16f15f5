"""HTML pages through the real CLI: the article translated, the page's boilerplate never.

Pages of our own, in the shapes news sites save: navigation, a cookie banner, a share bar,
an ad, related links, tags and a footer around the article; a figure with a caption; the
date and author in the page's metadata; a page in windows-1252; pages with no article, a
20 MB page and one nested thousands deep. Tiny random models: structure is asserted (which
Dutch went to the model, the parts' kinds, outputs, exit codes), never English.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("trafilatura", reason="the pages extra: pip install 'translate[pages]'")

from helpers import SECOND, invoke, model_flags, write  # noqa: E402

TITLE = "Gemeente bouwt nieuwe brug over de IJssel"
ARTICLE = [
    "De gemeente Deventer begint volgend jaar met de bouw van een nieuwe brug over de IJssel. "
    "Dat heeft wethouder Jansen dinsdag bekendgemaakt tijdens een persconferentie in het "
    "stadhuis.",
    "De brug moet de binnenstad beter bereikbaar maken voor fietsers en voetgangers. De "
    "kosten worden geschat op 45 miljoen euro, waarvan de provincie een derde betaalt.",
    "Niet iedereen is blij met de plannen. Omwonenden vrezen voor meer verkeer in hun straat "
    "en willen dat de gemeente eerst een verkeersonderzoek laat doen.",
    "Volgens de wethouder worden de bewoners de komende maanden uitgebreid betrokken bij de "
    "uitwerking van het ontwerp.",
]
SUBHEADING = "Bezwaren van omwonenden"
CAPTION = "Een ontwerp van de nieuwe brug bij de binnenstad van Deventer."
BOILERPLATE = [
    "cookies", "Binnenland", "Deel op Facebook", "Mail dit artikel", "Advertentie",
    "korting", "Lees ook", "fietsenstalling", "Provincie investeert", "Tags", "Verkeer",
    "Alle rechten voorbehouden", "Privacyverklaring", "Door Sanne", "Meest gelezen",
    "Schrijf je in voor de nieuwsbrief",
]

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<title>{TITLE} | Dagblad Oost</title>
<meta property="og:title" content="{TITLE}">
<meta name="author" content="Sanne de Vries">
<meta property="article:published_time" content="2024-03-12T08:15:00+01:00">
</head><body>
<div id="cookie-banner" class="cookie-consent">Wij gebruiken cookies om uw ervaring te
verbeteren. Accepteer alle cookies of pas uw voorkeuren aan.</div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/binnenland">Binnenland</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>{TITLE}</h1>
<p class="byline">Door Sanne de Vries</p>
<div class="share-bar"><a href="#">Deel op Facebook</a> <a href="#">Deel op X</a>
<a href="#">Mail dit artikel</a></div>
<p>{ARTICLE[0]}</p>
<figure><img src="brug.jpg" alt="brug"><figcaption>{CAPTION}</figcaption></figure>
<p>{ARTICLE[1]}</p>
<div class="advertisement">Advertentie: Koop nu uw nieuwe fiets met 20 procent korting!</div>
<h2>{SUBHEADING}</h2>
<p>{ARTICLE[2]}</p>
<p>{ARTICLE[3]}</p>
<div class="tags">Tags: <a href="/t/deventer">Deventer</a> <a href="/t/verkeer">Verkeer</a></div>
</article>
<aside class="related"><h3>Lees ook</h3><ul>
<li><a href="/a">Nieuwe fietsenstalling bij station geopend</a></li>
<li><a href="/b">Provincie investeert in wegen</a></li></ul>
<figure><img src="x.jpg"><figcaption>Meest gelezen vandaag</figcaption></figure></aside>
<div class="newsletter"><p>Schrijf je in voor de nieuwsbrief en mis niets.</p></div>
</main>
<footer><p>© 2024 Dagblad Oost. Alle rechten voorbehouden.</p>
<a href="/privacy">Privacyverklaring</a></footer>
</body></html>
"""

CAFE = ("Het café aan de haven is na de brand heropend. De eigenaar zegt dat de gasten "
        "massaal zijn teruggekomen.")
EVACUATED = ("Vorige maand werden twintig bewoners geëvacueerd. Niemand raakte gewond bij "
             "de brand, meldt de brandweer.")
CP1252_PAGE = f"""<html><head><meta charset=windows-1252><title>Café heropend na brand</title>
</head><body><article><h1>Café heropend na brand</h1><p>{CAFE}</p><p>{EVACUATED}</p>
</article></body></html>"""

NO_ARTICLE = """<html><head><title>Dagblad Oost</title></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<div class="cookie-consent">Wij gebruiken cookies.</div>
<footer>© 2024 Dagblad Oost</footer></body></html>"""


@pytest.fixture
def models(tiny_marian, tiny_bart):
    return model_flags(tiny_marian, tiny_bart)


def run(folder: Path, out: Path, models, *extra) -> tuple[int, dict, list[str]]:
    report = out.parent / "report.json"
    result = invoke("run", folder, "--out", out, "--report", report, *models, *extra)
    lines = [line for line in result.output.splitlines()
             if line.startswith(("warning:", "error:"))]
    return result.exit_code, json.loads(report.read_text()), lines


def dutch(record: dict) -> str:
    return " ".join(s["nl"] for p in record["paragraphs"] for s in p["sentences"])


def test_a_news_page_translates_the_article_and_none_of_the_boilerplate(tmp_path, models):
    folder, out = tmp_path / "in", tmp_path / "out"
    write(folder / "brug.html", NEWS_PAGE)
    code, report, lines = run(folder, out, models)
    assert (code, report["translated"], lines) == (0, ["brug.html"], [])
    record = json.loads((out / "brug.json").read_text())
    assert record["format"] == "html" and record["source"] == "brug.html"
    assert record["date"] == "2024-03-12"
    assert record["metadata"]["author"] == "Sanne de Vries"
    kinds = [(p["kind"], p["nl"]) for p in record["paragraphs"]]
    assert kinds == [("heading", TITLE), ("body", ARTICLE[0]), ("caption", CAPTION),
                     ("body", ARTICLE[1]), ("heading", SUBHEADING), ("body", ARTICLE[2]),
                     ("body", ARTICLE[3])]
    said = dutch(record)
    for paragraph in ARTICLE:
        for sentence in paragraph.split(". "):
            assert sentence.rstrip(".") in said
    for noise in BOILERPLATE:
        assert noise not in said, noise
    # Outputs as for a text article: the English laid out part by part, a summary, a record.
    english = (out / "brug.en.txt").read_text()
    assert english.count("\n\n") == len(record["paragraphs"]) - 1
    assert (out / "brug.summary.md").read_text().startswith("# ")
    assert not (out / "brug.en.md").exists()
    # Unchanged the next night, without loading a model.
    code, report, _ = run(folder, out, models)
    assert (code, report["unchanged"], report["models_loaded"]) == (0, ["brug.html"], [])


def test_the_declared_charset_is_honoured(tmp_path, models):
    folder, out = tmp_path / "in", tmp_path / "out"
    (folder).mkdir()
    (folder / "cafe.htm").write_bytes(CP1252_PAGE.encode("cp1252"))
    equiv = CP1252_PAGE.replace("<meta charset=windows-1252>", '<meta http-equiv="Content-Type" '
                                'content="text/html; charset=iso-8859-1">')
    (folder / "haven.html").write_bytes(equiv.encode("latin-1"))
    (folder / "bom.html").write_bytes(b"\xef\xbb\xbf" + CP1252_PAGE.replace(
        "windows-1252", "utf-8").encode("utf-8"))
    code, report, lines = run(folder, out, models)
    assert (code, lines) == (0, [])
    for stem in ("cafe", "haven", "bom"):
        record = json.loads((out / f"{stem}.json").read_text())
        assert CAFE.split(". ")[0] in dutch(record) and "geëvacueerd" in dutch(record)


def test_a_page_that_is_not_its_declared_charset_nor_utf8_fails_alone(tmp_path, models):
    folder, out = tmp_path / "in", tmp_path / "out"
    write(folder / "goed.html", NEWS_PAGE)
    (folder / "fout.html").write_bytes(CP1252_PAGE.replace("<meta charset=windows-1252>", "")
                                       .encode("cp1252"))
    code, report, lines = run(folder, out, models)
    assert code == 1 and report["translated"] == ["goed.html"] and report["failed"] == ["fout.html"]
    (line,) = lines
    assert line.startswith("error:") and "fout.html" in line and "charset" in line


def test_a_page_without_article_text_fails_alone_with_one_line(tmp_path, models):
    folder, out = tmp_path / "in", tmp_path / "out"
    write(folder / "brug.html", NEWS_PAGE)
    write(folder / "home.html", NO_ARTICLE)
    write(folder / "leeg.html", "")
    write(folder / "tekst.txt", SECOND)
    code, report, lines = run(folder, out, models)
    assert code == 1
    assert sorted(report["translated"]) == ["brug.html", "tekst.txt"]
    assert report["failed"] == ["home.html"] and report["skipped"] == ["leeg.html"]
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and "home.html" in errors[0] and "no article text" in errors[0]
    assert not (out / "home.json").exists()


def test_a_huge_or_deeply_nested_page_never_stalls_the_run(tmp_path, models):
    folder, out = tmp_path / "in", tmp_path / "out"
    write(folder / "brug.html", NEWS_PAGE)
    paragraph = "<p>De gemeente bouwt een nieuwe brug en dat kost veel geld, zegt de wethouder.</p>"
    huge = "<html><body><article>" + paragraph * (20_000_000 // len(paragraph)) + "</article>"
    write(folder / "groot.html", huge + "</body></html>")
    assert (folder / "groot.html").stat().st_size > 20_000_000
    write(folder / "diep.html", "<html><body>" + "<div><span>" * 50_000 + "<p>Tekst.</p>"
          + "</span></div>" * 50_000 + "</body></html>")
    started = time.monotonic()
    code, report, lines = run(folder, out, models)
    assert time.monotonic() - started < 60
    assert code == 1 and report["translated"] == ["brug.html"]
    assert sorted(report["failed"]) == ["diep.html", "groot.html"]
    errors = {line.split('"')[1]: line for line in lines if line.startswith("error:")}
    assert "max_page_bytes" in errors[str(folder / "groot.html")]
    assert len(lines) == 2


def test_translate_file_takes_a_page(tmp_path, models):
    page = write(tmp_path / "brug.html", NEWS_PAGE)
    result = invoke("file", page, *models, "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["format"] == "html" and record["date"] == "2024-03-12"
    assert [p["kind"] for p in record["paragraphs"]].count("caption") == 1
    result = invoke("file", write(tmp_path / "home.html", NO_ARTICLE), *models)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("error:")


def test_without_trafilatura_a_page_fails_with_what_to_install(tmp_path, models, monkeypatch):
    folder, out = tmp_path / "in", tmp_path / "out"
    write(folder / "brug.html", NEWS_PAGE)
    write(folder / "tekst.txt", SECOND)
    monkeypatch.setitem(sys.modules, "trafilatura", None)   # import trafilatura: ImportError
    code, report, lines = run(folder, out, models)
    assert code == 1 and report["translated"] == ["tekst.txt"]
    (line,) = lines
    assert "brug.html" in line and "pip install 'translate[pages]'" in line


def test_a_text_article_never_imports_the_page_or_markdown_libraries(tmp_path, tiny_marian):
    article = write(tmp_path / "a.txt", SECOND)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "translate", "file", str(article),
         "--translation-model", str(tiny_marian), "--no-summary", "--quiet"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.split("|")[-1].strip().split(".")[0]
                for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "translate" in imported
    assert not imported & {"trafilatura", "lxml", "htmldate", "justext", "markdown_it"}
