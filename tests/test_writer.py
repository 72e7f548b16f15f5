from pathlib import Path

from translate.text.article import Article, Paragraph, Sentence
from translate.run.writer import remove_stale_temps, render_text, write_atomic


def article(header, alone=False):
    paragraphs = [Paragraph("Titel", True, [Sentence("Titel", "Title")]),
                  Paragraph("Een. Twee.", False, [Sentence("Een.", "One."), Sentence("Twee.", "Two.")])]
    return Article(Path("a.txt"), Path("a.txt"), "0" * 64, "2019-06" if header else None, header,
                   paragraphs, header_alone=alone)


def test_text_layout_keeps_the_header_verbatim():
    assert render_text(article(" date 2019-06 ")) == " date 2019-06 Title\n\nOne. Two.\n"
    assert render_text(article(" date 2019-06 ", alone=True)) == " date 2019-06\nTitle\n\nOne. Two.\n"
    assert render_text(article(None)) == "Title\n\nOne. Two.\n"


def test_write_atomic_leaves_no_temp_and_cleanup_finds_strays(tmp_path):
    target = tmp_path / "sub" / "a.en.txt"
    write_atomic(target, "hello\n")
    assert target.read_text() == "hello\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.en.txt"]
    (target.parent / ".a.json.tmp-123").write_text("half")
    assert remove_stale_temps(tmp_path) == 1
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.en.txt"]
