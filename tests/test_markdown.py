"""Markdown articles through the real CLI: only the text goes to the model, the skeleton comes back.

The English `<stem>.en.md` must parse (markdown-it-py) to the same tokens as the Dutch:
headings, list items, quotes, emphasis spans, tables, code, with every link and image
target unchanged; code is never translated; the tool's own `.en.md` and `.summary.md` are
never inputs. Tiny random models: structure is asserted, never English.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from markdown_it import MarkdownIt

from helpers import SECOND, invoke, model_flags, write, run_reported as run

ARTICLE_MD = """# Nieuwe *fietsbrug* over het IJ gaat later open

De gemeente heeft woensdag bekendgemaakt dat de brug **een jaar later** klaar is. Volgens
de [wethouder](https://www.amsterdam.nl/bestuur/wethouders "Wethouders") lopen de kosten op.

![Een pont op het IJ](https://example.nl/img/pont_(1).jpg)

## Reacties van bewoners

> "We wachten al twintig jaar", zegt een bewoner uit Noord.
> Hij fietst elke dag naar zijn werk.

- Bewoners vrezen voor drukte op de pont.
- De gemeente zet extra ponten in, zie [het plan][plan].
  1. Eerst in de spits.
  2. Daarna ook _in het weekend_.

| Jaar | Fietsers per uur |
|------|------------------|
| 2023 | 3.500 |

De planning staat in `planning_v2.xlsx` en de code hieronder rekent de kosten uit:

```python
kosten = 312.5  # miljoen euro
```

Meer lezen? Kijk op <https://www.amsterdam.nl/ij>.

[plan]: https://www.amsterdam.nl/plan-ij "Het plan"
"""

CODE = ["planning_v2.xlsx", "kosten = 312.5"]


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def shape(text: str) -> list[tuple]:
    """Every token's type, tag, nesting and markup, link and image targets, code as it is;
    text left out (the test's own walk, independent of the tool's)."""
    out = []

    def walk(tokens):
        for t in tokens:
            if t.type in ("text", "softbreak"):
                continue
            attrs = {k: v for k, v in (t.attrs or {}).items() if k in ("href", "src", "title")}
            code = t.content if t.type in ("code_inline", "fence", "code_block") else None
            out.append((t.type, t.tag, t.nesting, t.markup, tuple(sorted(attrs.items())), code))
            walk(t.children or [])

    walk(parser().parse(text))
    return out


def targets(text: str) -> list[str]:
    return [v for kind, _, _, _, attrs, _ in shape(text) for k, v in attrs if k in ("href", "src")]


@pytest.fixture
def models(tiny_marian, tiny_bart):
    return model_flags(tiny_marian, tiny_bart)




def test_a_markdown_article_keeps_its_skeleton(tmp_path, models):
    folder, out, report = tmp_path / "in", tmp_path / "out", tmp_path / "r.json"
    write(folder / "brug.md", ARTICLE_MD)
    code, data, lines = run(folder, "--out", out, *models, report=report)
    assert (code, data["translated"], lines) == (0, ["brug.md"], [])
    english = (out / "brug.en.md").read_text(encoding="utf-8")
    assert shape(english) == shape(ARTICLE_MD)
    assert targets(english) == targets(ARTICLE_MD) and len(targets(english)) == 4
    assert "kosten = 312.5  # miljoen euro\n" in english       # the fence as it came
    for dutch in ("Reacties van bewoners", "Hij fietst elke dag", "Eerst in de spits"):
        assert dutch not in english                               # translated, not kept
    assert "[plan]: https://www.amsterdam.nl/plan-ij" in english
    record = json.loads((out / "brug.json").read_text())
    assert record["format"] == "markdown" and not (out / "brug.en.txt").exists()
    said = " ".join(s["nl"] for p in record["paragraphs"] for s in p["sentences"])
    for words in ("Reacties van bewoners", "een jaar later", "wethouder",
                  "Hij fietst elke dag naar zijn werk", "Eerst in de spits", "Fietsers per uur"):
        assert words in said
    for markup in ("**", "](", "https://", "```", "#", "> ", *CODE):
        assert markup not in said, markup
    kinds = {p["nl"]: p["kind"] for p in record["paragraphs"]}
    assert kinds["Reacties van bewoners"] == "heading" and kinds["Eerst in de spits."] == "body"
    assert (out / "brug.summary.md").read_text().startswith("# ")


def test_its_own_markdown_outputs_are_never_inputs(tmp_path, models):
    folder, report = tmp_path / "in", tmp_path / "r.json"
    write(folder / "brug.md", ARTICLE_MD)
    write(folder / "notities.en.md", ARTICLE_MD)         # no record of ours: an article
    code, data, lines = run(folder, "--alongside", *models, report=report)
    assert (code, sorted(data["translated"]), lines) == (0, ["brug.md", "notities.en.md"], [])
    assert (folder / "brug.en.md").is_file() and (folder / "brug.summary.md").is_file()
    code, data, lines = run(folder, "--alongside", *models, report=report)
    assert (code, data["translated"], lines) == (0, [], [])
    assert sorted(data["unchanged"]) == ["brug.md", "notities.en.md"]
    assert not (folder / "brug.en.en.md").exists() and not list(folder.glob("*.summary.en.md"))


def test_a_text_and_a_markdown_article_of_one_stem_collide(tmp_path, models):
    folder, out, report = tmp_path / "in", tmp_path / "out", tmp_path / "r.json"
    write(folder / "brug.md", ARTICLE_MD)
    write(folder / "brug.txt", SECOND)
    code, data, lines = run(folder, "--out", out, *models, report=report)
    assert code == 1 and sorted(data["failed"]) == ["brug.md", "brug.txt"]
    assert len(lines) == 1 and "rename" in lines[0]


def test_translate_file_prints_markdown(tmp_path, models):
    article = write(tmp_path / "brug.md", ARTICLE_MD)
    result = invoke("file", article, *models, "--no-summary")
    assert result.exit_code == 0, result.output
    assert shape(result.stdout) == shape(ARTICLE_MD)
    result = invoke("file", write(tmp_path / "leeg.md", "```\nalleen code\n```\n"), *models)
    assert result.exit_code == 0 and "warning:" in result.output


# ---------------------------------------------------------------- whatever the model says

SHAPES = [
    ARTICLE_MD,
    "Een *korte* zin met _nadruk_ en __meer__.\n",
    "1. Eerste punt\n2. Tweede punt met `code`\n",
    "Kop\n===\n\nTekst met een regel\\\nerna.\n",
    "> - citaat in een lijst met [link](<https://x.nl/a b>)\n",
    "---\ndate: 2024-01-02\n---\nTekst *met* nadruk.\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.sampled_from(SHAPES),
       english=st.lists(st.text(min_size=0, max_size=30), min_size=1, max_size=5))
def test_no_english_ever_changes_the_skeleton(source, english):
    """Any English a model might say (markup characters, digits and dots at a line's
    start, nothing at all) is written so that the file keeps its skeleton."""
    from translate.inputs.markdown import parse_markdown
    from translate.run.markdown_out import render_markdown
    from translate.text.article import Sentence

    article = parse_markdown(source.encode(), Path("x.md"), Path("x.md"))
    for i, paragraph in enumerate(article.paragraphs):
        paragraph.sentences = [Sentence(nl=paragraph.nl, en=english[i % len(english)])]
    written = render_markdown(article)
    assert shape(written) == shape(source)


def test_front_matter_is_kept_and_gives_the_date(tmp_path, models):
    folder, out, report = tmp_path / "in", tmp_path / "out", tmp_path / "r.json"
    front = "---\ntitle: Nieuwe fietsbrug later open\ndate: 2024-03-12\n---\n"
    write(folder / "brug.md", front + "\n" + ARTICLE_MD)
    code, data, lines = run(folder, "--out", out, *models, "--no-summary", report=report)
    assert (code, data["translated"], lines) == (0, ["brug.md"], [])
    english = (out / "brug.en.md").read_text(encoding="utf-8")
    assert english.startswith(front + "\n# ")
    record = json.loads((out / "brug.json").read_text())
    assert record["date"] == "2024-03-12"
    assert "fietsbrug later open" not in " ".join(p["nl"] for p in record["paragraphs"])
