"""Feeds: JSON Lines and JSON arrays in, `<stem>.en.jsonl` out, article by article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import invoke, model_flags, run, write
from translate.inputs.feed import entries, feed_key, feed_outputs, split_key

ARTICLE = "De gemeente bouwt een nieuwe brug. Die is volgend jaar klaar.\n\nBewoners zijn blij."


def feed_line(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def trafilatura_feed(path: Path, *extra: str) -> Path:
    lines = [
        feed_line(id="a1", title="Nieuwe brug in Utrecht", text=ARTICLE, date="2024-03-01",
                  source="https://example.nl/a1", hostname="example.nl"),
        feed_line(fingerprint="f2", title="Regen", text="Het regent morgen in het hele land."),
        feed_line(url="https://example.nl/3", maintext="De trein rijdt weer. Het is druk."),
        *extra,
    ]
    return write(path, "\n".join(lines) + "\n")


def english_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_feed_is_translated_article_by_article_in_input_order(tmp_path, tiny_marian, tiny_bart):
    trafilatura_feed(tmp_path / "in" / "news" / "feed.jsonl")
    out = tmp_path / "out"
    code, report, _ = run(tmp_path / "in", out, model_flags(tiny_marian, tiny_bart))
    assert code == 0, report
    assert sorted(report["translated"]) == sorted(
        ["news/feed.jsonl#a1", "news/feed.jsonl#f2", "news/feed.jsonl#https://example.nl/3"])
    lines = english_lines(out / "news" / "feed.en.jsonl")
    assert [line.get("id") or line.get("fingerprint") or line.get("url") for line in lines] == \
        ["a1", "f2", "https://example.nl/3"]
    first = lines[0]
    # The input's fields pass through untouched; the English is added beside them.
    assert first["hostname"] == "example.nl" and first["date"] == "2024-03-01"
    english = first["english"]
    assert set(english) == {"title", "text", "summary", "quality", "flags"}
    assert isinstance(english["title"], str) and english["title"]
    assert english["text"].count("\n\n") == 1            # two paragraphs, as in the Dutch
    assert lines[2]["english"]["title"] is None           # no title in the input
    # Each article's record, spread over folders named by a hash of its identity.
    records = list((out / "news" / "feed.records").rglob("*.json"))
    assert len(records) == 3
    record = json.loads(feed_outputs(out / "news", "feed").record("a1").read_text())
    assert record["source"] == "news/feed.jsonl#a1" and record["format"] == "feed"
    assert record["paragraphs"][0]["heading"] is True     # the title, as the heading it is
    assert record["paragraphs"][0]["nl"] == "Nieuwe brug in Utrecht"


def test_a_rerun_redoes_only_changed_articles_and_drops_removed_ones(tmp_path, tiny_marian, tiny_bart):
    feed = trafilatura_feed(tmp_path / "in" / "feed.jsonl")
    out = tmp_path / "out"
    models = model_flags(tiny_marian, tiny_bart)
    assert run(tmp_path / "in", out, models)[0] == 0
    english = out / "feed.en.jsonl"
    before = english.stat().st_mtime_ns

    code, report, _ = run(tmp_path / "in", out, models)
    assert code == 0 and report["translated"] == [] and report["models_loaded"] == []
    assert len(report["unchanged"]) == 3
    assert english.stat().st_mtime_ns == before           # nothing changed: not rewritten

    lines = feed.read_text(encoding="utf-8").splitlines()
    edited = json.loads(lines[1]) | {"text": "Het sneeuwt morgen in het hele land."}
    feed.write_text("\n".join([lines[0], json.dumps(edited)]) + "\n", encoding="utf-8")
    code, report, _ = run(tmp_path / "in", out, models)
    assert code == 0
    assert report["translated"] == ["feed.jsonl#f2"] and report["unchanged"] == ["feed.jsonl#a1"]
    ids = [line.get("id") or line.get("fingerprint") for line in english_lines(english)]
    assert ids == ["a1", "f2"]                            # the removed article is gone
    assert len(list((out / "feed.records").rglob("*.json"))) == 2


def test_bad_lines_fail_one_by_one_and_the_rest_is_done(tmp_path, tiny_marian, tiny_bart):
    feed = trafilatura_feed(
        tmp_path / "in" / "feed.jsonl",
        "{not json",
        feed_line(title="zonder identiteit", text="Tekst."),
        feed_line(id="n", text=42),
        feed_line(id="a1", text="Tweede keer dezelfde identiteit."),
        feed_line(id="leeg", title="Geen tekst"),
    )
    with feed.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "half", "text": "De scraper schrijft nog')   # cut off
    out = tmp_path / "out"
    code, report, output = run(tmp_path / "in", out, model_flags(tiny_marian, tiny_bart))
    assert code == 1
    assert len(report["translated"]) == 3
    failed = report["failed"]
    # Named by their lines: an identity may belong to another line (a1 is line 1's).
    assert failed == [f"feed.jsonl:{line}" for line in range(4, 10)]
    for key in failed:
        message = report["errors"][key]
        assert "feed.jsonl" in message and "line " in message and "\n" not in message
    assert "cut off" in report["errors"]["feed.jsonl:9"]
    assert "line 7" in report["errors"]["feed.jsonl:7"] and "line 1" in report["errors"]["feed.jsonl:7"]
    assert len(english_lines(out / "feed.en.jsonl")) == 3


@pytest.mark.parametrize("ident", ["../../x", "/etc/passwd", "a\x00b", "x" * 300, "..", "."])
def test_no_identity_writes_outside_the_output_folder(tmp_path, tiny_marian, tiny_bart, ident):
    write(tmp_path / "in" / "feed.jsonl",
          feed_line(id=ident, text="De brug is open.") + "\n" +
          feed_line(id="gewoon", text="De weg is dicht.") + "\n")
    out = tmp_path / "out"
    code, report, _ = run(tmp_path / "in", out, model_flags(tiny_marian, tiny_bart))
    assert code == 0, report
    inside = {p for p in tmp_path.rglob("*") if p.is_file()}
    assert all(p.is_relative_to(tmp_path / "in") or p.is_relative_to(out) or p.name == "report.json"
               for p in inside)
    assert len(english_lines(out / "feed.en.jsonl")) == 2
    assert all("\n" not in key and "\x00" not in key for key in report["translated"])


def test_a_json_array_feed_given_as_a_path(tmp_path, tiny_marian, tiny_bart):
    articles = [{"url": f"https://example.nl/{i}", "title": f"Bericht {i}", "text": ARTICLE,
                 "publish_date": "2024-01-0{i}"} for i in range(1, 4)]
    feed = write(tmp_path / "in" / "export.json", json.dumps(articles, indent=2))
    out = tmp_path / "out"
    code, report, _ = run(feed, out, model_flags(tiny_marian, tiny_bart))
    assert code == 0, report
    lines = english_lines(out / "export.en.jsonl")
    assert [line["url"] for line in lines] == [a["url"] for a in articles]


def test_a_feed_that_is_not_utf8_is_one_error(tmp_path, tiny_marian, tiny_bart):
    path = tmp_path / "in" / "feed.jsonl"
    path.parent.mkdir(parents=True)
    path.write_bytes(feed_line(id="x", text="Caf\u00e9 open.").encode("latin-1") + b"\n")
    code, report, _ = run(tmp_path / "in", tmp_path / "out", model_flags(tiny_marian, tiny_bart))
    assert code == 1
    assert report["failed"] == ["feed.jsonl"]
    assert "UTF-8" in report["errors"]["feed.jsonl"]


def test_reading_streams_objects_of_an_array(tmp_path):
    path = write(tmp_path / "a.json", "[\n" + ",\n".join(
        feed_line(id=str(i), text="x" * 5000) for i in range(600)) + "\n]")
    found = list(entries(path))
    assert [e.ident for e in found] == [str(i) for i in range(600)]
    assert all(e.problem is None for e in found)
    assert found[1].line == 3


def test_identities_that_look_alike_keep_names_of_their_own(tmp_path, tiny_marian, tiny_bart):
    """Soak seed 5, night 0: `a<NUL>b` and the six characters `a\\u0000b` were both named
    `feed.jsonl#a\\u0000b`: listed twice, one state row for two articles, and every rerun
    redid one of them. And an identity with `//` or `/./` (a URL) was folded as a path in
    its record's `source` (`https:/x`), so the record did not name its article."""
    idents = ["a\x00b", "a\\u0000b", "https://example.nl//x", "a/./b/", "C:\\x"]
    write(tmp_path / "in" / "feed.jsonl", "".join(
        feed_line(id=ident, text=f"De brug nummer {i} is open.") + "\n"
        for i, ident in enumerate(idents)))
    out = tmp_path / "out"
    models = model_flags(tiny_marian, tiny_bart)
    code, report, _ = run(tmp_path / "in", out, models)
    assert code == 0, report
    names = report["translated"]
    assert len(names) == len(set(names)) == len(idents)
    assert sorted(split_key(name)[1] for name in names) == sorted(idents)
    outputs = feed_outputs(out, "feed")
    for name in names:
        record = json.loads(outputs.record(split_key(name)[1]).read_text())
        assert record["source"] == name
    code, again, _ = run(tmp_path / "in", out, models)
    assert code == 0 and again["translated"] == [] and again["models_loaded"] == []
    assert sorted(again["unchanged"]) == sorted(names)


def test_a_run_stopped_in_a_feed_counts_its_articles_left(tmp_path, tiny_marian, tiny_bart,
                                                          monkeypatch):
    """A run interrupted in a feed said "1 article(s) left for the next run" for a feed of
    many articles (the feed counted as one, and counted even when all of it was done), so
    its counts did not add up to the articles."""
    import re
    import signal

    from translate.errors import Interrupted
    from translate.run.pipeline import RunContext

    write(tmp_path / "in" / "n.txt", "Het regent vandaag in Zwolle.\n")
    trafilatura_feed(tmp_path / "in" / "feed.jsonl", feed_line(id="b4", text="De bus rijdt."),
                     "{kapot")
    real = RunContext.finish

    def stop_after_a_feed_article(self, job, outcome, *args, **kwargs):
        real(self, job, outcome, *args, **kwargs)
        if outcome == "translated" and "#" in job.key:   # a SIGINT as it was written
            raise Interrupted(signal.SIGINT)

    monkeypatch.setattr(RunContext, "finish", stop_after_a_feed_article)
    code, report, output = run(tmp_path / "in", tmp_path / "out",
                               model_flags(tiny_marian, tiny_bart))
    assert code == 130, output
    counted = sum(len(report[k]) for k in ("translated", "unchanged", "skipped", "failed"))
    pending = int(re.search(r"(\d+) article\(s\) left", output).group(1))
    assert len([k for k in report["translated"] if "#" in k]) == 1
    assert counted + pending == 1 + 4 + 1          # n.txt, four articles, one bad line


def test_a_feed_changed_during_the_run_keeps_what_the_report_says(tmp_path, tiny_marian,
                                                                 tiny_bart, monkeypatch):
    """Soak seed 7, nights 189, 361, 372: the feed was edited under the run (an article
    removed, another edited) after some articles were written; the end of the run put the
    English together from the feed as it was then and removed the records of the articles
    it no longer found, so the report listed translated articles whose record was gone and
    the state had them translated. A record the report speaks of stays until the next run."""
    from translate.run.pipeline import RunContext

    feed = trafilatura_feed(tmp_path / "in" / "feed.jsonl",
                            feed_line(id="b4", text="De bus rijdt niet."))
    out = tmp_path / "out"
    models = model_flags(tiny_marian, tiny_bart)
    real, edited = RunContext.finish, []

    def edit_the_feed_once(self, job, outcome, *args, **kwargs):
        real(self, job, outcome, *args, **kwargs)
        if outcome == "translated" and not edited:   # a scraper rewrites the feed meanwhile
            lines = feed.read_text(encoding="utf-8").splitlines()
            changed = json.loads(lines[3]) | {"text": "De bus rijdt weer."}
            feed.write_text("\n".join([lines[1], lines[2], json.dumps(changed)]) + "\n",
                            encoding="utf-8")
            edited.append(job.key)

    monkeypatch.setattr(RunContext, "finish", edit_the_feed_once)
    code, report, output = run(tmp_path / "in", out, models)
    assert code == 0, output
    assert edited == ["feed.jsonl#a1"] and len(report["translated"]) == 4
    outputs = feed_outputs(out, "feed")
    for key in report["translated"]:            # every article reported has its record
        record = json.loads(outputs.record(split_key(key)[1]).read_text(encoding="utf-8"))
        assert record["source"] == key
    # The English holds the articles whose record is of their text now: b4 was edited.
    assert [line.get("id") or line.get("fingerprint") or line.get("url")
            for line in english_lines(out / "feed.en.jsonl")] == ["f2", "https://example.nl/3"]

    monkeypatch.setattr(RunContext, "finish", real)
    code, report, output = run(tmp_path / "in", out, models)
    assert code == 0, output
    assert report["translated"] == ["feed.jsonl#b4"]
    assert sorted(report["unchanged"]) == ["feed.jsonl#f2", "feed.jsonl#https://example.nl/3"]
    assert not outputs.record("a1").exists()    # removed from the feed: gone now
    assert len(list(outputs.records.rglob("*.json"))) == 3
    assert len(english_lines(out / "feed.en.jsonl")) == 3


@pytest.mark.parametrize("where", ["lock", "models"])
def test_a_signal_before_the_work_began_leaves_every_input_pending(tmp_path, tiny_marian,
                                                                   tiny_bart, monkeypatch, where):
    """Soak seed 7, night 290: a SIGINT 0.9 s after the start (the state being opened)
    gave a report that counted nothing and left 0 pending of 55 inputs."""
    import re
    import signal

    from translate.errors import Interrupted
    from translate.run import pipeline
    from translate.run.state.lock import RunLock

    write(tmp_path / "in" / "n.txt", "Het regent vandaag in Zwolle.\n")
    trafilatura_feed(tmp_path / "in" / "feed.jsonl", "{kapot")
    out = tmp_path / "out"
    if where == "models":   # the first run: no state yet, the models load before the lock
        target, name = pipeline, "prepare_models"
    else:                   # a later run: the lock, then the state
        assert run(tmp_path / "in", out, model_flags(tiny_marian, tiny_bart))[0] == 1
        target, name = RunLock, "acquire"

    def interrupted(*args, **kwargs):
        raise Interrupted(signal.SIGINT)

    monkeypatch.setattr(target, name, interrupted)
    code, report, output = run(tmp_path / "in", out, model_flags(tiny_marian, tiny_bart))
    assert code == 130, output
    counted = sum(len(report[k]) for k in ("translated", "unchanged", "skipped", "failed"))
    pending = int(re.search(r"(\d+) article\(s\) left", output).group(1))
    assert counted == 0 and pending == report["pending"] == 1 + 3 + 1   # n.txt, 3 articles, a bad line


def test_a_signal_while_the_inputs_are_listed_says_nothing_was_counted(tmp_path, tiny_marian,
                                                                       tiny_bart, monkeypatch):
    import signal

    from translate.errors import Interrupted
    from translate.run import pipeline

    write(tmp_path / "in" / "n.txt", "Het regent vandaag in Zwolle.\n")

    def interrupted(*args, **kwargs):
        raise Interrupted(signal.SIGINT)

    monkeypatch.setattr(pipeline, "find_inputs", interrupted)
    code, report, output = run(tmp_path / "in", tmp_path / "out",
                               model_flags(tiny_marian, tiny_bart))
    assert code == 130 and report["pending"] is None    # not known: never "0 left"
    assert "interrupted before the inputs were listed" in output


def test_a_full_disk_at_the_feed_s_english_says_so(tmp_path, tiny_marian, tiny_bart,
                                                    monkeypatch):
    """Soak seed 11, nights 137 and 418: the disk filled as the feed's English was written;
    the feed failed with the system's words for it, unlike every other full-disk line."""
    import errno

    from translate.run import pipeline

    trafilatura_feed(tmp_path / "in" / "feed.jsonl")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pipeline, "assemble", full)
    code, report, output = run(tmp_path / "in", tmp_path / "out",
                               model_flags(tiny_marian, tiny_bart))
    assert code == 1 and report["failed"] == ["feed.jsonl"], output
    assert "feed.en.jsonl" in report["errors"]["feed.jsonl"]
    assert "the disk is full" in report["errors"]["feed.jsonl"]
    assert len(report["translated"]) == 3            # their records are on disk


def test_keys_name_the_feed_and_the_identity():
    assert split_key("a/feed.jsonl#https://x/1#frag") == ("a/feed.jsonl", "https://x/1#frag")
    assert split_key("a/b#c.txt") is None
    for ident in ["a\x00b", "a\\u0000b", "line\nbreak", "C:\\x", "gewoon", "a//b"]:
        key = feed_key("feed.jsonl", ident)
        assert "\n" not in key and "\x00" not in key
        assert split_key(key) == ("feed.jsonl", ident)


def test_file_prints_a_small_feed_as_output_lines(tmp_path, tiny_marian, tiny_bart):
    feed = trafilatura_feed(tmp_path / "feed.jsonl", "{broken")
    result = invoke("file", feed, "--json", *model_flags(tiny_marian, tiny_bart))
    assert result.exit_code == 1                   # one line was no article
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("id") or line.get("fingerprint") or line.get("url") for line in lines] == \
        ["a1", "f2", "https://example.nl/3"]
    assert all(set(line["english"]) == {"title", "text", "summary", "quality", "flags"}
               for line in lines)
    assert "line 4" in result.stderr


def test_a_jsonl_feed_whose_first_line_is_a_list_is_still_json_lines(tmp_path, tiny_marian, tiny_bart):
    # Soak seed 7, night 155: a bad first line `[1, 2]` made the whole `.jsonl` one JSON
    # array: the feed's good articles went unread, its English was not brought up to date.
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir(parents=True)
    lines = ["[1, 2]", feed_line(id="a1", text="De brug gaat dicht."),
             feed_line(id="a2", text="De trein rijdt weer.")]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code, report, _ = run(tmp_path / "in", out, model_flags(tiny_marian, tiny_bart))
    assert code == 1
    assert report["failed"] == ["feed.jsonl:1"]
    assert sorted(report["translated"]) == ["feed.jsonl#a1", "feed.jsonl#a2"]
    assert len(english_lines(out / "feed.en.jsonl")) == 2
