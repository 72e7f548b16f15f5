import hashlib
import json
import os
import random
import unicodedata
from pathlib import Path

import pytest

from translate.inputs.textfile import (
    ArticleError,
    EmptyArticle,
    decode,
    parse_article,
    read_article,
)
from translate.errors import quote

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
    assert message.startswith(f'"{path}": not UTF-8 text (byte 0xe9 at offset 6)')
    assert "WINDOWS-1252" in message and "\n" not in message
    assert not isinstance(info.value, EmptyArticle)


def test_binary_is_an_error(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    message = str(info.value)
    assert message.startswith(f'"{path}": contains NUL bytes: binary data')
    assert "UTF-16" not in message


DUTCH = "De gemeente heeft woensdag bekendgemaakt dat de brug later opengaat. Café “De Zon” blijft."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(DUTCH.encode("utf-16"), "UTF-16", id="utf-16 with BOM"),
        pytest.param(b"\xfe\xff" + DUTCH.encode("utf-16-be"), "UTF-16", id="utf-16 BE with BOM"),
        pytest.param(DUTCH.encode("utf-16-le"), "UTF-16LE", id="utf-16 LE, no BOM"),
        pytest.param(DUTCH.encode("utf-16-be"), "UTF-16BE", id="utf-16 BE, no BOM"),
        pytest.param(DUTCH.encode("utf-32"), "UTF-32", id="utf-32 with BOM"),
        pytest.param(DUTCH.encode("utf-32-le"), "UTF-32LE", id="utf-32 LE, no BOM"),
        pytest.param(DUTCH.encode("utf-32-be"), "UTF-32BE", id="utf-32 BE, no BOM"),
    ],
)
def test_utf16_and_utf32_are_named_with_the_fix(data, encoding):
    with pytest.raises(ArticleError) as info:
        parse(data)
    message = str(info.value)
    assert message == (f'"x.txt": {encoding[:6]} text, not UTF-8; '
                       f"convert it to UTF-8 (e.g. iconv -f {encoding} -t UTF-8)")
    assert data.decode(encoding.replace("UTF", "utf")).lstrip("\ufeff") == DUTCH  # the right hint


@pytest.mark.parametrize("name", ["a\nb.txt", "a\rb.txt", 'say "hi".txt', "a\u2028b.txt",
                                  "a\x1bb.txt", "a\u0085b.txt"])
def test_a_file_name_cannot_split_the_message(tmp_path, name):
    path = tmp_path / name
    path.write_bytes("De café.".encode("latin-1"))
    with pytest.raises(ArticleError) as info:
        read_article(path)
    message = str(info.value)
    assert len(message.splitlines()) == 1 and message.isprintable()
    assert message.startswith(quote(path) + ": not UTF-8 text")

    path.write_bytes(b"")
    with pytest.raises(EmptyArticle) as info:
        read_article(path)
    assert str(info.value) == f"{quote(path)}: empty file, skipped"
    assert len(str(info.value).splitlines()) == 1


def test_cannot_read_names_the_file_quoted(tmp_path):
    folder = tmp_path / "a\nfolder.txt"
    folder.mkdir()
    with pytest.raises(ArticleError) as info:
        read_article(folder)
    message = str(info.value)
    assert message.startswith(f"{quote(folder)}: cannot read: ")
    assert len(message.splitlines()) == 1


def test_quote():
    assert quote(Path("news/2019/brug.txt")) == '"news/2019/brug.txt"'
    assert quote("café.txt") == '"café.txt"'  # readable, not \u-escaped
    assert quote("a\nb") == '"a\\nb"'
    # A name that was not UTF-8 on disk (a lone surrogate in Python), line separators, an
    # unprintable astral character: escaped, so the message still prints and stays one line.
    undecodable = os.fsdecode(b"oud\xe9.txt")
    for name in [undecodable, "a\u2028b\u2029c", "tag\U000e0041", 'q"uote\\', "nbsp\u00a0"]:
        quoted = quote(name)
        assert quoted.isprintable() and len(quoted.splitlines()) == 1
        quoted.encode("utf-8")  # no lone surrogate left
        assert json.loads(quoted) == name


def test_control_characters_never_get_through():
    data = (" date 2019-06 Titel\x07 van\ufffd het stuk\n\n"
            "De ge\x1bmeente\x7f zei iets.\tEcht\x0bwaar.\n\x0c"
            "Hij zei: \x93Nee\x94 \x85 en\x81 ging.\u2029Daarna\u2028volgde \ufeffmeer.").encode()
    article = parse(data)
    assert article.sha256 == hashlib.sha256(data).hexdigest()  # of the bytes, not the text
    assert article.header == " date 2019-06 "
    assert [p.nl for p in article.paragraphs] == [
        "Titel van het stuk",
        "De gemeente zei iets.\tEcht\nwaar.",
        "Hij zei: “Nee” … en ging.",  # C1 codes are the Windows-1252 characters they stand for
        "Daarna\nvolgde meer.",
    ]


def forbidden(text: str) -> set[str]:
    return {ch for ch in text
            if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n")}


def test_decoded_text_is_clean_or_an_error():
    rng = random.Random(5)
    alphabet = [b"a", b" ", b"\n", b"\r", b"\t", b"\x0b", b"\x0c", b"\x1b", b"\x7f", b"\xff",
                "\ufffd".encode(), "\u0085".encode(), "\u0093".encode(), "é".encode(), b"\x00"]
    for _ in range(500):
        data = b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        try:
            text = decode(data, Path("x.txt"))
        except ArticleError as exc:
            assert len(str(exc).splitlines()) == 1
            continue
        assert not forbidden(text) and "\r" not in text, (data, text)


def test_form_feed_and_blank_lines_of_spaces_break_paragraphs():
    article = parse("Eerste alinea.\n\x0cTweede alinea.\n\u00a0 \nDerde alinea.")
    assert [p.nl for p in article.paragraphs] == ["Eerste alinea.", "Tweede alinea.",
                                                  "Derde alinea."]


def test_only_control_characters_is_empty():
    with pytest.raises(EmptyArticle, match="no text in it"):
        parse(b"\x07\x1b\n\x0c \xef\xbf\xbd")
