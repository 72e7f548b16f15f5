"""The cached Hunspell word question (translate/checks/lexicon.py, hunspell.py, affixes.py): it answers as spylls does on
the real dictionaries, and its cache file is rebuilt whenever it cannot be trusted."""

from __future__ import annotations

import multiprocessing
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from translate.checks import lexicon as lx

# Our own Dutch: names, compounds, inflections, diacritics, a capitalised sentence start.
DUTCH = """
Burgemeester Femke Halsema opende woensdag de vernieuwde Stopera. Volgens de
gemeenteraadsleden kostte de verbouwing ruim twaalf miljoen euro. Coördinatie tussen de
afdelingen bleek lastig, zei projectleider Wouter Koster. Schilder opende vorig jaar een
tweede winkel aan de Oudegracht in Utrecht. De financiële problemen van het café in
Zwolle zijn opgelost. Minister Hoekstra en staatssecretaris Van Ark bezochten België en
Curaçao. Een ruïne bij Maastricht trekt jaarlijks duizenden bezoekers. Zeeën, reeën en
ideeën: de ĳsbeer zwom door de IJssel. Het kabinetsbeleid rond woningbouwcorporaties,
huurverhogingen en energietoeslagen werd donderdagavond besproken. Naïeve beleggers
verloren hun spaargeld bij de Rabobank. Wethouder De Boer zei dat de éénrichtingsstraat
blijft. Verstappen won de Grand Prix van Zandvoort; Leclerc werd tweede. Achtentwintig
procent van de kiezers in Drenthe koos voor Bakker. Gisteravond sneeuwde het in
Groningen, 's-Hertogenbosch en Vlissingen. Havo'ers en mbo'ers demonstreerden op het
Malieveld. De politieagenten arresteerden de verdachte na een achtervolging.
"""
ENGLISH = """
The mayor said the refurbished town hall would reopen on Wednesday. According to the
councillors, the renovation cost more than twelve million euros. Verstappen won the
Dutch Grand Prix; Leclerc finished second. Naïve investors lost their savings, police
said. Thousands of visitors travelled to Maastricht's ruins. Colour, behaviour and
organisation are spelt the British way.
"""


def words_of(text: str) -> list[str]:
    import re

    return re.findall(r"[^\W\d_][\w'’-]*", text)


def sample_words(aff, dic, text: str, count: int, seed: int) -> list[str]:
    """Words to ask both: the text's words in lower case and their tails (as names.py asks
    for a compound's tail), dictionary stems (capitalised ones lowered), stems with one of
    their own suffixes or prefixes, two stems glued (compounds, with and without a linking
    s), stems with diacritics, and random tails of stems."""
    rng = random.Random(seed)
    found: set[str] = set()
    for word in words_of(text):
        found.add(word.lower())
        found.update(word.lower()[cut:] for cut in range(3, len(word) - 2))
    stems = [w for w in dic.words if " " not in w.stem]
    lower = [w for w in stems if w.stem.islower()]
    accented = [w.stem for w in lower if any(ord(ch) > 127 for ch in w.stem)]
    suffixes = [a for rows in aff.SFX.values() for a in rows]
    prefixes = [a for rows in aff.PFX.values() for a in rows]
    per = max(1, count // 8)
    found.update(w.stem.lower() for w in rng.sample(stems, per))
    found.update(rng.sample(accented, min(per, len(accented))))
    for word in rng.sample(lower, per * 2):
        own = [a for a in suffixes if a.flag in word.flags] or suffixes
        suffix = rng.choice(own)
        stem = word.stem[:len(word.stem) - len(suffix.strip)] if suffix.strip and \
            word.stem.endswith(suffix.strip) else word.stem
        found.add(stem + suffix.add)
        if prefixes:
            found.add(rng.choice(prefixes).add + word.stem)
    for _ in range(per * 2):
        first, second = rng.sample(lower, 2)
        found.add(first.stem + second.stem)
        found.add(first.stem + "s" + second.stem)
    for word in rng.sample(lower, per):
        if len(word.stem) > 5:
            found.add(word.stem[rng.randrange(2, len(word.stem) - 2):])
    return sorted(w for w in found if w)


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lexicon")


@pytest.mark.parametrize("language, text, count", [("nl_NL", DUTCH, 2400), ("en_GB", ENGLISH, 800)])
def test_answers_as_hunspell_does(language, text, count, cache):
    from spylls.hunspell import Dictionary

    base = lx.dictionary_path(language)
    aff, dic = lx.read_with_spylls(base)
    built = cache / f"{language}.lexicon"
    lx.write_atomically(built, lx.build(base, (aff, dic)))
    lexicon = lx.open_file(built, base)
    hunspell = Dictionary(aff, dic)
    words = sample_words(aff, dic, text, count, seed=25)
    assert len(words) >= count * 0.8
    answers = {}
    for word in words:
        try:
            expected = hunspell.lookup(word)
        except Exception as exc:  # noqa: BLE001 - an error must be an error on both sides
            expected = type(exc).__name__
        try:
            got = lexicon.accepts(word)
        except Exception as exc:  # noqa: BLE001
            got = type(exc).__name__
        answers[word] = got
        assert got == expected, word
    # The sample is not one-sided: both answers occur often.
    assert sum(a is True for a in answers.values()) > len(words) * 0.1
    assert sum(a is False for a in answers.values()) > len(words) * 0.1
    if language == "nl_NL":
        assert answers["woningbouwcorporaties"] and answers["coördinatie"]
        assert answers["volgens"] and answers["schilder"] and answers["financiële"]
        assert not answers["halsema"] and not answers["leclerc"]


# ---------------------------------------------------------------- the cache file

AFF = """SET UTF-8
FLAG long
COMPOUNDMIN 2
COMPOUNDBEGIN Ca
COMPOUNDEND Cc
ONLYINCOMPOUND Cx
SFX Aa Y 2
SFX Aa 0 en [^e]
SFX Aa 0 s e
"""


def write_dictionary(folder: Path, words: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "xx_XX.aff").write_text(AFF, encoding="utf-8")
    (folder / "xx_XX.dic").write_text(f"{len(words)}\n" + "\n".join(words) + "\n",
                                      encoding="utf-8")
    return folder / "xx_XX"


WORDS = ["boom/AaCaCc", "huis/AaCaCc", "tafel/Aa", "Rutte", "s/Cx", "beleid"]


def test_small_dictionary_answers(tmp_path):
    base = write_dictionary(tmp_path / "dict", WORDS)
    lexicon = lx.load(base, tmp_path / "cache")
    assert lexicon.accepts("boom") and lexicon.accepts("bomen") is False
    assert lexicon.accepts("boomen") and lexicon.accepts("tafels") is False
    assert lexicon.accepts("boomhuis") and lexicon.accepts("huisboomen")
    assert not lexicon.accepts("rutte") and not lexicon.accepts("s")
    assert lexicon.accepts("Beleid")   # asked in lower case


def test_a_changed_dictionary_is_rebuilt(tmp_path):
    base = write_dictionary(tmp_path / "dict", WORDS)
    cache = tmp_path / "cache"
    assert not lx.load(base, cache).accepts("kabinet")
    write_dictionary(tmp_path / "dict", WORDS + ["kabinet"])
    assert lx.load(base, cache).accepts("kabinet")
    # Same size and mtime, other content: the files' SHA-256 in the header tells.
    dic = base.with_suffix(".dic")
    stat = dic.stat()
    dic.write_text(dic.read_text(encoding="utf-8").replace("kabinet", "cabinet"), encoding="utf-8")
    os.utime(dic, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert dic.stat().st_size == stat.st_size
    lexicon = lx.load(base, cache)
    assert lexicon.accepts("cabinet") and not lexicon.accepts("kabinet")


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage", "offsets"])
def test_a_damaged_cache_file_is_rebuilt_not_trusted(tmp_path, damage, caplog):
    base = write_dictionary(tmp_path / "dict", WORDS)
    cache = tmp_path / "cache"
    path = lx.load(base, cache).path
    content = bytearray(path.read_bytes())
    if damage == "flip":
        index = content.index(b"huis\t")
        content[index] = ord("m")   # "muis": a word that is not in the dictionary
    elif damage == "truncate":
        content = content[:len(content) // 2]
    elif damage == "empty":
        content = bytearray()
    elif damage == "garbage":
        content = bytearray(os.urandom(len(content)))
    else:
        content[-4:] = b"\xff\xff\xff\x7f"
    path.write_bytes(bytes(content))
    with pytest.raises(lx.LexiconError):
        lx.open_file(path, base)
    lexicon = lx.load(base, cache)
    assert lexicon.accepts("huis") and not lexicon.accepts("muis")
    assert lx.open_file(path, base).accepts("huis")
    assert "rebuilding" in caplog.text


def _build_in_child(base: str, cache: str, start) -> bool:
    start.wait()
    return lx.load(Path(base), Path(cache)).accepts("boomhuis")


def test_concurrent_first_builds_do_not_corrupt(tmp_path):
    base = write_dictionary(tmp_path / "dict", WORDS)
    cache = tmp_path / "cache"
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Event()
        with context.Pool(4) as pool:
            results = [pool.apply_async(_build_in_child, (str(base), str(cache), start))
                       for _ in range(6)]
            start.set()
            assert all(r.get(timeout=120) for r in results)
    assert [p.name for p in cache.iterdir()] == [lx.cache_file(base, cache).name]
    assert lx.open_file(lx.cache_file(base, cache), base).accepts("boomhuis")


def test_run_time_needs_no_spylls(tmp_path):
    """With the cache built, the names check answers without importing spylls."""
    env = dict(os.environ, TRANSLATE_CACHE=str(tmp_path / "cache"))
    script = ("import sys; from translate.checks.words import is_dutch_word, is_english_word; "
              "print(is_dutch_word('Volgens'), is_dutch_word('Rutte'), is_english_word('The'), "
              "'spylls' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                           text=True, check=True)
    assert first.stdout.split() == ["True", "False", "True", "True"]   # built: spylls read
    again = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                           text=True, check=True)
    assert again.stdout.split() == ["True", "False", "True", "False"]
