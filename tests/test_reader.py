from pathlib import Path

import pytest

from translate.reader import ArticleError, EmptyArticle, parse_article, read_article

ARTICLE = (
    " date 2019-06 Nieuwe fietsbrug gaat later open\n\n"
    "De gemeente heeft woensdag iets bekendgemaakt. Dat is nieuws.\n\n"
    "Technische tegenvallers\n\n"
    "De vertraging komt door de fundering.\n"
)


def parse(text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_article(data, Path("x.txt"), Path("x.txt"))


def test_header_title_paragraphs_and_subheadings():
    article = parse(ARTICLE)
    assert article.header == " date 2019-06 "
    assert article.date == "2019-06"
    assert [p.nl for p in article.paragraphs] == [
        "Nieuwe fietsbrug gaat later open",
        "De gemeente heeft woensdag iets bekendgemaakt. Dat is nieuws.",
        "Technische tegenvallers",
        "De vertraging komt door de fundering.",
    ]
    assert [p.heading for p in article.paragraphs] == [True, False, True, False]
    assert not article.header_alone


def test_header_followed_by_first_paragraph_on_same_line():
    article = parse(" date 2018-04 De minister heeft dinsdag een uitnodiging geaccepteerd.\n\nTweede.")
    assert article.date == "2018-04"
    assert article.paragraphs[0].nl == "De minister heeft dinsdag een uitnodiging geaccepteerd."
    assert not article.paragraphs[0].heading


def test_header_alone_on_first_line():
    article = parse(" date 2018-04 \nDe tekst begint hier.\n")
    assert article.header_alone
    assert article.paragraphs[0].nl == "De tekst begint hier."


def test_no_header():
    article = parse("Gewoon een tekst.\n\nEn nog een alinea.")
    assert article.header is None and article.date is None
    assert len(article.paragraphs) == 2


def test_bom_and_crlf_are_accepted():
    article = parse(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    assert article.header == " date 2019-06 "
    assert len(article.paragraphs) == 4
    assert all("\r" not in p.nl for p in article.paragraphs)


def test_sha256_is_of_the_input_bytes():
    import hashlib

    data = ARTICLE.encode()
    assert parse(data).sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("text", ["", "   \n\n  \r\n", " date 2019-06 \n\n"])
def test_empty(text):
    with pytest.raises(EmptyArticle):
        parse(text)


def test_latin1_is_a_one_line_error_naming_the_file(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("De café was gesloten.".encode("latin-1"))
    with pytest.raises(ArticleError) as info:
        read_article(path)
    message = str(info.value)
    assert str(path) in message and "UTF-8" in message and "\n" not in message
    assert not isinstance(info.value, EmptyArticle)


def test_binary_is_an_error(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ArticleError, match="binary"):
        read_article(path)
