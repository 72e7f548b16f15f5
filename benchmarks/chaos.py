"""Fault-injection soak: night after night of a changing corpus, each night's run hit by a fault.

    python benchmarks/chaos.py --nights 200 --seed 1 [--articles 300] [--no-summary]
                               [--no-feed] [--from-night K] [--work DIR] [--json FILE] [--quiet]

A corpus of small Dutch articles (written from the Dutch sentence pieces below) is
translated once with the tiny random models. Then, each night:

1. the corpus changes: articles edited, added, deleted and renamed;
2. a run (`python -m translate run`, a real process) is hit by one random fault at a random
   moment (a random time after its start, or after its k-th record is written):
   SIGKILL, SIGTERM, SIGINT, a full disk (the output folder lives on a small tmpfs, filled
   up by this script), a damaged or foreign record, the state database locked by another
   process, or an input changed, removed or renamed during the run;
3. a run without a fault, then a rerun that must be a no-op.

The corpus also holds a feed, `feed.jsonl` (JSON Lines, DESIGN.md "Feeds"): each night its
articles' texts are changed, articles added, removed and reordered, now and then it is
rewritten whole, given bad lines (not JSON, no text, no identity), an identity twice or a
torn last line, and its identities include hostile ones (`../../x`, `/etc/x`, a NUL, 300
characters, `.`/`..`, ids that differ only in case or Unicode form, 7 and "7"). The same
faults strike it: its records and its English damaged, the feed changed under the run.
Its changes and its share of the faults come from random streams of their own, so a seed
plays the same .txt corpus and the same faults as without it (`--no-feed`: no feed).

After every run the invariants below (`check_*`) are checked, each one a named function;
what they allow after a fault is said in each. The script prints one line per night, then
the nights, the faults by kind and every violation; exit 1 when there is one. The product
is driven from outside only: real processes, real signals, a real full filesystem.

The full disk needs a tmpfs: the script re-runs itself in a private mount namespace
(`unshare`; as root, or through a user namespace) and mounts one there, so no mount
outlives it. Where neither is permitted the disk-full fault is left out (said at the start).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NAMESPACE_MARK = "TRANSLATE_CHAOS_NAMESPACE"
FAULTS = ("sigkill", "sigterm", "sigint", "disk_full", "record", "db_lock", "input_change")
TMPFS_SIZE = "64m"
RUN_TIMEOUT_S = 300          # a run that takes longer has hung: a violation
STOP_WITHIN_S = 30           # SIGTERM/SIGINT: the process ends within this (loaded machine)
TEMP_MARKS = (".tmp-", ".write-test-")
STATE_DIR, DB_NAME = ".translate", "state.sqlite3"

# ------------------------------------------------------------------ Dutch sentence pieces

SUBJECTS = ["De gemeenteraad", "Het waterschap", "De provincie", "Een woordvoerder van de politie",
            "De wethouder van verkeer", "Het ziekenhuis", "De vakbond", "Een groep omwonenden",
            "De rechtbank", "Het kabinet", "De brandweer", "Staatsbosbeheer", "De school",
            "Het vervoersbedrijf", "De burgemeester", "Een onderzoeker van de universiteit"]
SAYS = ["maakte {day} bekend dat", "liet {day} weten dat", "verklaarde {day} dat",
        "meldde {day} dat", "bevestigde {day} dat", "zei {day} dat"]
FACTS = ["de werkzaamheden aan de dijk {n} weken langer duren",
         "er {n} nieuwe woningen komen in de wijk {area}",
         "het budget met {x} miljoen euro wordt verhoogd",
         "de veerpont vanaf {month} weer vaart",
         "{n} bewoners een klacht hebben ingediend",
         "het onderzoek naar de brand in {town} nog niet is afgerond",
         "de kosten zijn opgelopen tot ca. {x} miljoen euro",
         "de brug bij {town} in {month} dicht gaat",
         "het aantal meldingen met {x} procent is gestegen",
         "er in {town} {n} extra agenten komen",
         "de bus naar {town} voortaan elk kwartier rijdt",
         "de nieuwe sporthal in {area} pas in {month} opengaat"]
EXTRAS = ["Volgens dhr. {name} gaat het o.a. om {n} gevallen.",
          "Dat is {x} procent meer dan vorig jaar.",
          "Kan de planning nog worden gehaald?",
          "De gemeente verwacht in {month} meer duidelijkheid.",
          "\"We hadden dit niet verwacht\", zegt mevr. {name}.",
          "\"Het is een moeilijke beslissing\", aldus dhr. {name}.",
          "Omwonenden in {area} reageren verdeeld.",
          "Een besluit volgt naar verwachting in week {week}.",
          "Het gaat bijv. om wegen, fietspaden en bruggen.",
          "De oppositie wil dat er eerst een onderzoek komt.",
          "Er zijn {n} handtekeningen opgehaald.",
          "Vorig jaar ging het nog om {x} miljoen euro."]
HEADINGS = ["Reactie van de buurt", "Hoge kosten", "Achtergrond", "Hoe verder", "Eerder onderzoek"]
NOISE = "Bron: ANP 0 REUTERS Een veerpont bij {town} in de vroege ochtend"
TITLES = ["{subject} wil {n} nieuwe woningen in {town}", "Zorgen over de dijk bij {town}",
          "Nieuwe plannen voor {area}", "Kosten van de brug in {town} lopen op",
          "{subject} onder vuur", "Extra geld voor {town}"]
NAMES = ["Jansen", "De Boer", "Visser", "Smit", "Mulder", "Bos", "Vos", "Peters", "Hendriks",
         "Dekker", "Van Dijk", "Bakker"]
TOWNS = ["Zwolle", "Deventer", "Haarlem", "Leiden", "Tilburg", "Groningen", "Almere", "Delft"]
AREAS = ["Oosterpark", "De Hoven", "Kanaleneiland", "Het Zand", "Noorderplantage", "Vathorst"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]
DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"]
FOLDERS = ["binnenland", "regio/oost", "regio/west", "economie"]


def fill(rng: random.Random, template: str) -> str:
    return template.format(
        day=rng.choice(DAYS), n=rng.randint(2, 900), x=f"{rng.randint(1, 99)},{rng.randint(1, 9)}",
        area=rng.choice(AREAS), town=rng.choice(TOWNS), month=rng.choice(MONTHS),
        name=rng.choice(NAMES), week=rng.randint(1, 52), subject=rng.choice(SUBJECTS))


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(SUBJECTS)} {fill(rng, rng.choice(SAYS))} {fill(rng, rng.choice(FACTS))}."
    return fill(rng, rng.choice(EXTRAS))


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))


def article(rng: random.Random) -> str:
    """A small article in the shape of the real ones: header line, paragraphs, headings."""
    title = fill(rng, rng.choice(TITLES))
    first = f" date {rng.randint(2015, 2024)}-{rng.randint(1, 12):02d} {title}" \
        if rng.random() < 0.8 else title
    blocks = [first, paragraph(rng)]
    for _ in range(rng.randint(0, 2)):
        if rng.random() < 0.3:
            blocks.append(rng.choice(HEADINGS))
        blocks.append(paragraph(rng))
    if rng.random() < 0.15:
        blocks.append(fill(rng, NOISE))
    return "\n\n".join(blocks) + "\n"


# ------------------------------------------------------------------ the corpus on disk


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """key (path below `folder`) -> sha256 of every input article now on disk."""
    found = {}
    for path in folder.rglob("*.txt"):
        if path.name.startswith(".") or not path.is_file():
            continue
        try:
            found[path.relative_to(folder).as_posix()] = sha256(path.read_bytes())
        except FileNotFoundError:
            continue
    return found


def write_file(path: Path, text: str) -> None:
    """Written in place; the script's own edits are not the faults."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class Corpus:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.serial = 0

    def new_name(self, rng: random.Random) -> Path:
        self.serial += 1
        return self.folder / rng.choice(FOLDERS) / f"bericht-{self.serial:05d}.txt"

    def keys(self) -> list[str]:
        return sorted(snapshot(self.folder))

    def create(self, rng: random.Random, count: int) -> None:
        for _ in range(count):
            write_file(self.new_name(rng), article(rng))

    def night(self, rng: random.Random, target: int) -> dict[str, int]:
        """Random edits, additions, deletions and renames; the corpus stays near `target`."""
        keys = self.keys()
        rng.shuffle(keys)
        edits, deletes, renames = rng.randint(0, 4), rng.randint(0, 3), rng.randint(0, 2)
        adds = max(0, rng.randint(0, 3) + (target - len(keys)) // 10)
        done = Counter()
        for key in keys[:edits]:
            path = self.folder / key
            blocks = path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
            how = rng.random()
            if how < 0.4:
                blocks.append(paragraph(rng))
            elif how < 0.8 or len(blocks) < 3:
                i = rng.randrange(1, len(blocks)) if len(blocks) > 1 else 0
                blocks[i] = blocks[i] + " " + sentence(rng)
            else:
                del blocks[rng.randrange(1, len(blocks))]
            write_file(path, "\n\n".join(blocks) + "\n")
            done["edited"] += 1
        for key in keys[edits:edits + deletes]:
            (self.folder / key).unlink()
            done["deleted"] += 1
        for key in keys[edits + deletes:edits + deletes + renames]:
            target_path = self.new_name(rng)
            target_path.parent.mkdir(parents=True, exist_ok=True)
            (self.folder / key).rename(target_path)
            done["renamed"] += 1
        self.create(rng, adds)
        done["added"] = adds
        return dict(done)


# ------------------------------------------------------------------ a feed in the corpus
# One JSON Lines feed (`feed.jsonl` at the top of the corpus), in trafilatura's shape,
# changed night after night by a stream of random numbers of its own (`<seed>:<night>:feed`),
# so a seed's .txt corpus and fault sequence are the same with or without it.

FEED_NAME = "feed.jsonl"
# Identities that must never name a path, collide, or break a line of the report; some of
# them are the same identity twice (7 and "7"), or two that differ only in case or form.
HOSTILE_IDS = ["../../x", "/etc/x", "a\x00b", "a\\u0000b", "x" * 300, ".", "..", "A1", "a1",
               "caf\u00e9", "cafe\u0301", "tab\there", "line\nbreak", "feed.jsonl#7", 7, "7",
               "\U0001F600", "  ", "../feed.en.jsonl", "C:\\x", "-rf", "\u202eevil", "#", ":",
               "a//b", "a/./b/"]
BAD_LINES = ['{"id": "kapot", "text": "Niet af', "nee", "[1, 2]", "null",
             '{"id": "zonder-tekst", "title": "Alleen een kop"}', '{"id": "getal", "text": 42}',
             '{"title": "Geen identiteit", "text": "Er is geen id."}',
             '{"id": true, "text": "Ja."}']
TEXT_KEYS = ("text", "maintext", "body", "content")
IDENTITY_KEYS = ("id", "fingerprint")
URL_KEYS = ("url", "source", "canonical_link")


def feed_name(ident: str) -> str:
    """The report's name of a feed article (DESIGN.md: `feed.jsonl#<id>`, JSON-escaped
    when it holds a control character, so that a name is one line, or a backslash, so
    that two identities never share a name)."""
    if "\\" in ident or any(ord(ch) < 32 or ord(ch) == 127 for ch in ident):
        ident = json.dumps(ident, ensure_ascii=False)[1:-1]
    return f"{FEED_NAME}#{ident}"


@dataclass
class FeedView:
    """What the feed on disk holds, read by the rules of DESIGN.md (independently of the
    product's reader): its good articles in order, and the names of its bad lines."""

    good: list[tuple[str, dict, str]] = field(default_factory=list)  # (name, fields, sha)
    bad: set[str] = field(default_factory=set)                        # `feed.jsonl:<line>`

    def shas(self) -> dict[str, str]:
        return {name: sha for name, _, sha in self.good}


def _first(fields: dict, keys: tuple[str, ...]):
    for key in keys:
        if fields.get(key) not in (None, ""):
            return fields[key]
    return None


def read_feed(folder: Path) -> FeedView:
    view, seen = FeedView(), set()
    try:
        handle = open(folder / FEED_NAME, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        return view
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError:
                value = None
            ident = _first(value, IDENTITY_KEYS) if isinstance(value, dict) else None
            if isinstance(value, dict) and ident is None:
                ident = _first(value, URL_KEYS)
            text = _first(value, TEXT_KEYS) if isinstance(value, dict) else None
            title = value.get("title") if isinstance(value, dict) else None
            good = (ident is not None and not isinstance(ident, bool)
                    and isinstance(ident, (str, int, float)) and isinstance(text, str)
                    and (title is None or isinstance(title, str)) and str(ident) not in seen)
            if not good:
                view.bad.add(f"{FEED_NAME}:{number}")
                continue
            seen.add(str(ident))
            sha = sha256(json.dumps([title, text]).encode("utf-8"))
            view.good.append((feed_name(str(ident)), value, sha))
    return view


def is_feed_name(key: str) -> bool:
    return key == FEED_NAME or key.startswith((f"{FEED_NAME}#", f"{FEED_NAME}:"))


class Feed:
    """The feed's items in order: an article (a dict) or a bad line (a string); and maybe
    a torn last line (a scraper still writing)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FEED_NAME
        self.items: list = []
        self.torn: str | None = None
        self.serial = 0
        self.hostile = 0

    def new_article(self, rng: random.Random, hostile: float = 0.3) -> dict:
        self.serial += 1
        if rng.random() < hostile:
            ident = HOSTILE_IDS[self.hostile % len(HOSTILE_IDS)]
            self.hostile += 1
        else:
            ident = f"n-{self.serial:05d}"
        town = rng.choice(TOWNS)
        fields = {"title": fill(rng, rng.choice(TITLES)),
                  "text": "\n\n".join(paragraph(rng) for _ in range(rng.randint(1, 3))),
                  "date": f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-01",
                  "hostname": f"{town.lower()}.example.nl", "views": rng.randint(0, 999)}
        how = rng.random()
        if how < 0.7:
            fields = {"id": ident, **fields}
        elif how < 0.85:
            fields = {"fingerprint": ident, **fields}
        else:
            fields = {"url": f"https://{fields['hostname']}/{self.serial}", **fields}
        if rng.random() < 0.1:   # the same text under another key
            fields["maintext"] = fields.pop("text")
        return fields

    def articles(self) -> list[dict]:
        return [item for item in self.items if isinstance(item, dict)]

    def write(self, rng: random.Random | None = None, replace: bool = False) -> None:
        lines = [json.dumps(item, ensure_ascii=bool(rng and rng.random() < 0.5))
                 if isinstance(item, dict) else item for item in self.items]
        data = "".join(line + "\n" for line in lines) + (self.torn or "")
        if replace:   # a whole new file put in place, as a scraper that rewrites it
            temp = self.path.with_name(".chaos-feed")
            temp.write_text(data, encoding="utf-8")
            temp.replace(self.path)
        else:
            write_file(self.path, data)

    def create(self, rng: random.Random, count: int) -> None:
        self.items = [self.new_article(rng, hostile=0.6) for _ in range(count)]
        self.write(rng)

    def edit_text(self, rng: random.Random, fields: dict) -> None:
        key = "text" if "text" in fields else "maintext"
        blocks = fields[key].split("\n\n")
        if rng.random() < 0.5:
            blocks.append(paragraph(rng))
        else:
            i = rng.randrange(len(blocks))
            blocks[i] = blocks[i] + " " + sentence(rng)
        fields[key] = "\n\n".join(blocks)

    def night(self, rng: random.Random, target: int) -> dict[str, int]:
        """The feed edited: texts changed, articles added, removed and reordered, a
        pass-through field changed; now and then rewritten whole, given bad lines or a
        duplicate identity, or left with a torn last line."""
        done = Counter()
        if self.torn is not None:
            self.torn = None
            if rng.random() < 0.5:   # the scraper finished that line
                self.items.append(self.new_article(rng))
        if rng.random() < 0.06:
            self.items = [self.new_article(rng) for _ in range(target)]
            done["feed_rewritten"] += 1
        else:
            articles = self.articles()
            for fields in rng.sample(articles, min(len(articles), rng.randint(0, 3))):
                if rng.random() < 0.2:
                    fields["views"] = rng.randint(0, 999)      # no new English needed
                elif rng.random() < 0.2:
                    fields["title"] = fill(rng, rng.choice(TITLES))
                else:
                    self.edit_text(rng, fields)
                done["feed_edited"] += 1
            for _ in range(min(len(self.items), rng.randint(0, 2))):
                del self.items[rng.randrange(len(self.items))]
                done["feed_removed"] += 1
            adds = max(0, rng.randint(0, 3) + (target - len(self.articles())) // 4)
            for _ in range(adds):
                self.items.insert(rng.randint(0, len(self.items)), self.new_article(rng))
            done["feed_added"] += adds
            if rng.random() < 0.3:
                rng.shuffle(self.items)
                done["feed_reordered"] += 1
        if rng.random() < 0.25:
            self.items.insert(rng.randint(0, len(self.items)), rng.choice(BAD_LINES))
            done["feed_bad_line"] += 1
        elif rng.random() < 0.4:
            self.items = [item for item in self.items if isinstance(item, dict)]
        articles = self.articles()
        if articles and rng.random() < 0.15:   # an identity seen twice: the later one fails
            twin = dict(rng.choice(articles))
            self.edit_text(rng, twin)
            self.items.insert(rng.randint(0, len(self.items)), twin)
            done["feed_duplicate"] += 1
        if rng.random() < 0.12:
            line = json.dumps(self.new_article(rng), ensure_ascii=False)
            self.torn = line[:rng.randrange(1, len(line) - 1)]
            done["feed_torn"] += 1
        self.write(rng, replace=rng.random() < 0.5)
        return dict(done)

    def change(self, rng: random.Random) -> str:
        """The feed changed under a run (the input_change fault); says how."""
        how = rng.choice(["edit", "add", "remove", "torn", "rewrite"])
        articles = self.articles()
        if how == "edit" and articles:
            self.edit_text(rng, rng.choice(articles))
        elif how == "add" or not articles:
            self.items.append(self.new_article(rng))
        elif how == "remove":
            self.items.remove(rng.choice(articles))
        elif how == "torn":
            line = json.dumps(self.new_article(rng), ensure_ascii=False)
            self.torn = line[:rng.randrange(1, len(line) - 1)]
        else:
            self.items = [self.new_article(rng) for _ in range(len(articles))]
        self.write(rng, replace=rng.random() < 0.5)
        return how


# ------------------------------------------------------------------ a full disk


def in_private_namespace() -> bool:
    """Re-run this script in a private mount namespace, once; False: not permitted."""
    if os.environ.get(NAMESPACE_MARK):
        return True
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    for flags in (["--mount", "--propagation", "private"],
                  ["--user", "--map-root-user", "--mount", "--propagation", "private"]):
        probe = subprocess.run([unshare, *flags, "mount", "-t", "tmpfs", "-o", "size=1m",
                                "chaos", tempfile.gettempdir()], capture_output=True)
        if probe.returncode == 0:
            env = dict(os.environ, **{NAMESPACE_MARK: "1"})
            sys.stdout.flush()
            os.execvpe(unshare, [unshare, *flags, sys.executable, *sys.argv], env)
    return False


def mount_tmpfs(folder: Path) -> bool:
    if not os.environ.get(NAMESPACE_MARK):
        return False
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "chaos", str(folder)],
                          capture_output=True)
    return done.returncode == 0


def fill_disk(disk: Path, rng: random.Random) -> Path:
    """Take all the free space of `disk` but a few KB (sometimes none)."""
    filler = disk / "filler"
    info = os.statvfs(disk)
    free = info.f_bavail * info.f_frsize
    keep = rng.choice([0, 0, 4096, 16384, 65536])
    with open(filler, "ab") as handle:
        try:
            os.posix_fallocate(handle.fileno(), 0, max(1, free - keep))
        except OSError:
            pass
    return filler


# ------------------------------------------------------------------ running the product


@dataclass
class Run:
    """One `translate run` process and what the checks need to know about it."""

    label: str
    rc: int | None = None
    seconds: float = 0.0
    report: dict | None = None
    stderr: str = ""
    before: dict[str, str] = field(default_factory=dict)   # inputs when it started
    after: dict[str, str] = field(default_factory=dict)    # inputs when it ended
    touched: set[str] = field(default_factory=set)         # keys a fault changed meanwhile
    fault: str | None = None
    fired: bool = False
    moment: str = ""
    killed: bool = False                                    # SIGKILL reached it
    stop_seconds: float | None = None
    report_before_fault: bool = False
    damaged_records: set[str] = field(default_factory=set)
    previous: dict[str, str] = field(default_factory=dict) # inputs when the last run ended
    previous_run_id: int = 0                               # the state's last run id before it
    run_id: int = 0                                        # the state's last run id after it
    struck_ns: int = 0                                     # when the fault struck (time_ns)
    # The feed's bad lines when it started and ended (`feed.jsonl:<line>`; its good
    # articles are in `before` and `after`, named `feed.jsonl#<id>`).
    bad_before: set[str] = field(default_factory=set)
    bad_after: set[str] = field(default_factory=set)
    english_stat: tuple[int, int] | None = None            # the feed's English when it ended


class Soak:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = args.work or Path(tempfile.mkdtemp(prefix="translate-chaos-"))
        self.inputs = self.work / "in"
        self.disk = self.work / "disk"
        self.out = self.disk / "out"
        self.logs = self.work / "logs"
        self.cache = self.work / "cache"
        self.report_file = self.work / "report.json"
        self.corpus = Corpus(self.inputs)
        self.feed = Feed(self.inputs) if not args.no_feed else None
        self.feed_rng = random.Random(0)   # the night's feed faults (its own stream)
        self.feed_english = self.out / FEED_NAME.replace(".jsonl", ".en.jsonl")
        self.records_cache: dict[str, tuple[Path, dict]] | None = None
        self.outside: dict[Path, bool] = {}
        self.durations: list[float] = []
        self.violations: list[tuple[int, str, str]] = []
        self.faults: Counter = Counter()
        self.missed: Counter = Counter()
        self.feed_changes: Counter = Counter()
        self.tmpfs = False
        self.last_after: dict[str, str] = {}
        self.last_run_id = 0
        self.children: list[subprocess.Popen] = []   # processes to stop if the soak is stopped

    # ---- setup ------------------------------------------------------------------

    def setup(self) -> None:
        from translate.synthetic import build_bart, build_marian

        for folder in (self.inputs, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        self.tmpfs = mount_tmpfs(self.disk)
        self.out.mkdir(parents=True, exist_ok=True)
        models = self.work / "models"
        marian = build_marian(models / "translation")
        bart = build_bart(models / "summary", max_positions=64)
        config = self.work / "soak.toml"
        config.write_text("[translation]\nnum_beams = 1\nlength_ratio = 1.0\n"
                          "[summary]\nnum_beams = 1\n[runtime]\nthreads = 1\n")
        self.command = [sys.executable, "-m", "translate", "run", str(self.inputs),
                        "--out", str(self.out), "--report", str(self.report_file),
                        "--config", str(config), "--translation-model", str(marian),
                        "--summary-model", str(bart)]
        if self.args.no_summary:
            self.command.append("--no-summary")
        self.env = dict(os.environ, PYTHONPATH=str(REPO), OMP_NUM_THREADS="1",
                        HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
                        TRANSLATE_CACHE=str(self.cache), PYTHONUNBUFFERED="1")
        self.corpus.create(random.Random(f"{self.args.seed}:corpus"), self.args.articles)
        if self.feed is not None:
            self.feed.create(random.Random(f"{self.args.seed}:feed"), self.feed_target())
        self.outside = {path: path.exists() for path in outside_targets(self.work)}

    def feed_target(self) -> int:
        return max(8, self.args.articles // 10)

    def inputs_now(self) -> tuple[dict[str, str], set[str]]:
        """key -> sha256 of every article now (the .txt files and the feed's good
        articles), and the feed's bad lines."""
        found = snapshot(self.inputs)
        if self.feed is None:
            return found, set()
        view = read_feed(self.inputs)
        return found | view.shas(), view.bad

    # ---- one run ------------------------------------------------------------------

    def launch(self, label: str) -> tuple[subprocess.Popen, Run, float]:
        self.report_file.unlink(missing_ok=True)
        before, bad = self.inputs_now()
        run = Run(label, before=before, previous=self.last_after,
                  previous_run_id=self.last_run_id, bad_before=bad)
        log = open(self.logs / f"{label}.log", "w")
        process = subprocess.Popen(self.command, cwd=REPO, env=self.env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=log)
        log.close()
        self.children = [c for c in self.children if c.poll() is None] + [process]
        return process, run, time.monotonic()

    def finish(self, process: subprocess.Popen, run: Run, started: float, night: int) -> Run:
        try:
            process.wait(timeout=max(1.0, RUN_TIMEOUT_S - (time.monotonic() - started)))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            self.violation(night, run.label, f"the run did not end within {RUN_TIMEOUT_S} s")
        run.rc = process.returncode
        run.seconds = time.monotonic() - started
        run.after, run.bad_after = self.inputs_now()
        try:
            info = self.feed_english.stat()
            run.english_stat = (info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            pass
        run.stderr = (self.logs / f"{run.label}.log").read_text(errors="replace")
        if self.report_file.is_file():
            try:
                run.report = json.loads(self.report_file.read_text())
            except ValueError as exc:
                self.violation(night, run.label, f"the report is not JSON: {exc}")
        if run.report and run.report.get("models_loaded") and not run.fault \
                and not run.label.endswith("-first"):  # a night's work, not the whole corpus
            self.durations.append(run.seconds)
        last = last_run_row(self)
        run.run_id = self.last_run_id = last["run_id"] if last else 0
        self.last_after = run.after
        return run

    def clean_run(self, night: int, label: str) -> Run:
        process, run, started = self.launch(label)
        return self.finish(process, run, started, night)

    def faulty_run(self, night: int, rng: random.Random, fault: str) -> Run:
        label = f"night-{night:03d}-fault"
        helper = None
        early = Run(label)
        if fault in ("record", "db_lock") and rng.random() < 0.3:
            # Damage done during the day, or a lock already held when the run starts.
            early.moment, early.fired = "before the start", True
            helper = self.strike(None, early, rng, fault)
        process, run, started = self.launch(label)
        run.fault, run.moment, run.fired = fault, early.moment, early.fired
        run.damaged_records |= early.damaged_records
        recent = sorted(self.durations[-10:])
        estimate = recent[len(recent) // 2] if recent else 8.0
        if not run.fired:
            if rng.random() < 0.5:
                at = rng.uniform(0, estimate * 1.1)
                run.moment = f"at {at:.1f} s"
                run.fired = self.wait_until(process, lambda: time.monotonic() - started >= at)
            else:
                changed = set(run.before.items()) - set(run.previous.items())
                txt = sum(1 for key, _ in changed if not is_feed_name(key))
                work = max(1, txt)
                k = rng.randint(1, work)
                feed_work = len(changed) - txt
                if feed_work and self.feed_rng.random() < feed_work / (txt + feed_work):
                    k = work + self.feed_rng.randint(1, feed_work)   # among the feed's records
                run.moment = f"after record {k}"
                start_ns = time.time_ns()
                run.fired = self.wait_until(process, lambda: self.new_records(start_ns) >= k)
            if run.fired:
                run.report_before_fault = self.report_file.exists()
                run.struck_ns = time.time_ns()
                helper = self.strike(process, run, rng, fault)
        struck = time.monotonic()
        if run.fired and fault in ("sigterm", "sigint"):
            try:
                process.wait(timeout=STOP_WITHIN_S)
                run.stop_seconds = time.monotonic() - struck
            except subprocess.TimeoutExpired:
                self.violation(night, label, f"{fault}: the run did not stop within "
                                             f"{STOP_WITHIN_S} s")
        run = self.finish(process, run, started, night)
        if helper is not None:
            helper.kill()
            helper.wait()
        (self.disk / "filler").unlink(missing_ok=True)
        return run

    def wait_until(self, process: subprocess.Popen, ready) -> bool:
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while process.poll() is None and time.monotonic() < deadline:
            if ready():
                return True
            time.sleep(0.1)
        return False

    def new_records(self, since_ns: int) -> int:
        """Records written since `since_ns` (polled: kept cheap, the runs need the CPU)."""
        count, folders = 0, [str(self.out)]
        while folders:
            try:
                entries = list(os.scandir(folders.pop()))
            except FileNotFoundError:
                continue
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name != STATE_DIR:
                            folders.append(entry.path)
                    elif entry.name.endswith(".json") and entry.stat().st_mtime_ns >= since_ns:
                        count += 1
                except FileNotFoundError:
                    pass
        return count

    # ---- the faults --------------------------------------------------------------

    def strike(self, process: subprocess.Popen | None, run: Run, rng: random.Random,
               fault: str) -> subprocess.Popen | None:
        if fault in ("sigkill", "sigterm", "sigint"):
            signum = {"sigkill": signal.SIGKILL, "sigterm": signal.SIGTERM,
                      "sigint": signal.SIGINT}[fault]
            try:
                process.send_signal(signum)
                run.killed = fault == "sigkill"
            except ProcessLookupError:
                pass
        elif fault == "disk_full":
            fill_disk(self.disk, rng)
        elif fault == "record":
            run.damaged_records |= self.damage_records(rng)
            if self.feed is not None and self.feed_rng.random() < 0.5:
                run.damaged_records |= self.damage_feed_outputs(self.feed_rng, run)
        elif fault == "db_lock":
            return self.lock_database(rng, run)
        elif fault == "input_change":
            run.touched |= self.change_input(rng, run)
            if self.feed is not None and self.feed_rng.random() < 0.5:
                before = read_feed(self.inputs)
                run.moment += f", feed {self.feed.change(self.feed_rng)}"
                after = read_feed(self.inputs)
                run.touched |= {FEED_NAME} | {key for key, _ in set(before.shas().items()) ^
                                              set(after.shas().items())} | before.bad | after.bad
        return None

    def damage_records(self, rng: random.Random) -> set[str]:
        """1-3 records truncated, emptied, replaced by other JSON or by another article's."""
        # Records of articles still there: a deleted article's outputs are never rewritten.
        records = sorted(path for key in snapshot(self.inputs)
                         if (path := outputs_of(self, key)[2]).is_file())
        if not records:
            return set()
        damaged = set()
        for path in rng.sample(records, min(len(records), rng.randint(1, 3))):
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue
            how = rng.choice(["truncated", "empty", "list", "null", "other_tool", "foreign",
                              "wrong_sha"])
            if how == "truncated":
                data = data[:rng.randrange(1, max(2, len(data)))]
            elif how == "empty":
                data = b""
            elif how == "list":
                data = b"[]"
            elif how == "null":
                data = b"null"
            elif how == "other_tool":
                data = json.dumps({"id": 7, "title": "iets anders", "body": "x"}).encode()
            elif how == "foreign":
                data = rng.choice(records).read_bytes()
            else:
                record = json.loads(data)
                record["sha256"] = "0" * 64
                data = json.dumps(record).encode()
            path.write_bytes(data)
            damaged.add(path.relative_to(self.out).as_posix()[:-len(".json")])
        return damaged

    def damage_feed_outputs(self, rng: random.Random, run: Run) -> set[str]:
        """One or two of the feed's records damaged (as `damage_records`), or its English
        truncated; returns the names of what was damaged (an article's, and its record's
        path below the output folder without `.json`)."""
        if rng.random() < 0.3 and self.feed_english.is_file():
            data = self.feed_english.read_bytes()
            self.feed_english.write_bytes(data[:rng.randrange(0, max(1, len(data)))])
            run.moment += ", the feed's English truncated"
            return {FEED_NAME}
        index = feed_records(self)
        damaged = set()
        for name in rng.sample(sorted(index), min(len(index), rng.randint(1, 2))):
            path, record = index[name]
            how = rng.choice(["truncated", "empty", "null", "foreign", "wrong_sha"])
            data = path.read_bytes()
            if how == "truncated":
                data = data[:rng.randrange(1, max(2, len(data)))]
            elif how == "empty":
                data = b""
            elif how == "null":
                data = b"null"
            elif how == "foreign":
                data = index[rng.choice(sorted(index))][0].read_bytes()
            else:
                data = json.dumps(record | {"sha256": "0" * 64}).encode()
            path.write_bytes(data)
            damaged |= {name, path.relative_to(self.out).as_posix()[:-len(".json")]}
        run.moment += f", {len(damaged) // 2} feed record(s) damaged"
        return damaged

    def lock_database(self, rng: random.Random, run: Run) -> subprocess.Popen | None:
        """Another process holds the state database's write lock for a while."""
        db = self.out / STATE_DIR / DB_NAME
        hold = rng.choice([rng.uniform(0.2, 3.0), rng.uniform(0.2, 3.0), rng.uniform(11, 14)])
        run.moment += f", held {hold:.1f} s"
        code = ("import sqlite3, sys, time\n"
                "c = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)\n"
                "c.execute('BEGIN EXCLUSIVE')\n"
                "print('locked', flush=True)\n"
                "time.sleep(float(sys.argv[2]))\n"
                "c.execute('COMMIT')\n")
        locker = subprocess.Popen([sys.executable, "-c", code, str(db), str(hold)],
                                  stdout=subprocess.PIPE, text=True)
        self.children.append(locker)
        locker.stdout.readline()
        return locker

    def change_input(self, rng: random.Random, run: Run) -> set[str]:
        """An article edited (in place or replaced), removed or renamed under the run."""
        keys = sorted(snapshot(self.inputs))
        pending = sorted(set(run.before.items()) - set(run.previous.items()))
        pending = [key for key, _ in pending if not is_feed_name(key)]   # the feed: Feed.change
        pool = pending if pending and rng.random() < 0.7 else keys
        if not pool:
            return set()
        key = rng.choice(pool)
        path = self.inputs / key
        how = rng.choice(["edit", "replace", "remove", "rename"])
        run.moment += f", {how} {key}"
        try:
            if how == "edit":
                with open(path, "a", encoding="utf-8") as handle:
                    handle.write("\n" + paragraph(rng) + "\n")
            elif how == "replace":
                temp = path.with_name(".chaos-new")
                temp.write_text(article(rng), encoding="utf-8")
                temp.replace(path)
            elif how == "remove":
                path.unlink()
            else:
                target = self.corpus.new_name(rng)
                target.parent.mkdir(parents=True, exist_ok=True)
                path.rename(target)
                return {key, target.relative_to(self.inputs).as_posix()}
        except FileNotFoundError:
            pass
        return {key}

    # ---- the invariants ------------------------------------------------------------

    def violation(self, night: int, label: str, text: str) -> None:
        self.violations.append((night, label, text))
        if not self.args.quiet:
            print(f"  VIOLATION night {night} ({label}): {text}", flush=True)

    def check(self, night: int, run: Run, clean: bool) -> None:
        self.records_cache = None
        checks = [check_no_traceback, check_report_adds_up, check_signal_obeyed,
                  check_written_not_missing,
                  check_deleted_not_current, check_state_agrees, check_outputs_whole,
                  check_disk_full_said_once, check_nothing_outside]
        if not run.killed:
            checks.append(check_no_temp_files)
        if clean:
            checks += [check_clean_run, check_outputs_current]
            if self.feed is not None:
                checks.append(check_feed_english)
        for invariant in checks:
            for text in invariant(self, run):
                self.violation(night, run.label, f"{invariant.__name__}: {text}")

    # ---- the soak --------------------------------------------------------------------

    def main(self) -> int:
        started = time.monotonic()
        self.setup()
        faults = FAULTS if self.tmpfs else tuple(f for f in FAULTS if f != "disk_full")
        say = (lambda *a: None) if self.args.quiet else (lambda *a: print(*a, flush=True))
        say(f"work folder {self.work}; {self.args.articles} articles; faults: {', '.join(faults)}"
            + ("" if self.tmpfs else " (no disk_full: mounting a tmpfs is not permitted here)"))
        for night in range(1, self.args.from_night):  # replayed: the corpus only
            self.corpus.night(random.Random(f"{self.args.seed}:{night}:corpus"), self.args.articles)
            if self.feed is not None:
                self.feed.night(random.Random(f"{self.args.seed}:{night}:feed"), self.feed_target())
        first = self.clean_run(0, "night-000-first")
        self.check(0, first, clean=True)
        say(f"first run: {len(first.after)} articles, exit {first.rc} in {first.seconds:.1f} s")
        for night in range(self.args.from_night, self.args.nights + 1):
            changes = self.corpus.night(random.Random(f"{self.args.seed}:{night}:corpus"),
                                        self.args.articles)
            if self.feed is not None:
                changes |= self.feed.night(random.Random(f"{self.args.seed}:{night}:feed"),
                                           self.feed_target())
                self.feed_changes.update({k: v for k, v in changes.items() if k.startswith("feed_")})
                self.feed_rng = random.Random(f"{self.args.seed}:{night}:feedfault")
            rng = random.Random(f"{self.args.seed}:{night}:fault")
            fault = rng.choice(faults)
            faulty = self.faulty_run(night, rng, fault)
            self.faults[fault] += 1
            if not faulty.fired:
                self.missed[fault] += 1
            self.check(night, faulty, clean=False)
            clean = self.clean_run(night, f"night-{night:03d}-clean")
            self.check(night, clean, clean=True)
            again = self.clean_run(night, f"night-{night:03d}-rerun")
            self.check(night, again, clean=True)
            for text in check_rerun_is_noop(self, again, clean):
                self.violation(night, again.label, f"check_rerun_is_noop: {text}")
            counts = lambda r: ", ".join(f"{k} {len(r.report.get(k, []))}" for k in (  # noqa: E731
                "translated", "unchanged", "failed")) if r.report else "no report"
            say(f"night {night}: {', '.join(f'{k} {v}' for k, v in changes.items() if v) or 'no change'}; "
                f"{fault} {run_moment(faulty)} -> exit {faulty.rc} ({counts(faulty)}) "
                f"{faulty.seconds:.1f} s; clean exit {clean.rc} ({counts(clean)}) {clean.seconds:.1f} s")
            if not self.args.keep_logs:
                for log in self.logs.glob(f"night-{night:03d}-*.log"):
                    if not any(v[0] == night for v in self.violations):
                        log.unlink()
        elapsed = time.monotonic() - started
        nights = self.args.nights - self.args.from_night + 1
        summary = {
            "nights": nights, "seed": self.args.seed, "articles": self.args.articles,
            "feed": None if self.feed is None else {
                "articles": len(read_feed(self.inputs).good),
                "changes": dict(sorted(self.feed_changes.items()))},
            "faults": dict(sorted(self.faults.items())),
            "faults_missed": dict(sorted(self.missed.items())),
            "disk_full_available": self.tmpfs,
            "violations": [{"night": n, "run": label, "violation": text}
                           for n, label, text in self.violations],
            "seconds": round(elapsed, 1), "seconds_per_night": round(elapsed / max(1, nights), 1),
            "work": str(self.work),
        }
        print(f"nights: {nights} (seed {self.args.seed}, {elapsed:.0f} s, "
              f"{elapsed / max(1, nights):.0f} s a night)")
        if self.feed is not None:
            print("feed: " + ", ".join(f"{k[5:]} {v}" for k, v in sorted(self.feed_changes.items())))
        print("faults: " + ", ".join(f"{k} {v}" + (f" ({self.missed[k]} after the run ended)"
                                                   if self.missed[k] else "")
                                     for k, v in sorted(self.faults.items())))
        print(f"violations: {len(self.violations)}")
        for night, label, text in self.violations:
            print(f"  night {night} {label}: {text}")
        if self.args.json:
            self.args.json.write_text(json.dumps(summary, indent=2) + "\n")
        return 1 if self.violations else 0

    def cleanup(self) -> None:
        for child in self.children:
            if child.poll() is None:
                child.kill()
                child.wait()
        if self.tmpfs:
            subprocess.run(["umount", str(self.disk)], capture_output=True)
        if self.args.work is None and not self.violations:
            shutil.rmtree(self.work, ignore_errors=True)


def run_moment(run: Run) -> str:
    return run.moment if run.fired else f"{run.moment} (missed: the run had ended)"


# ------------------------------------------------------------------ invariants
# Each takes the soak and one finished run and returns the violations it finds (text).


def read_record(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def outputs_of(soak: Soak, key: str) -> tuple[Path, Path, Path]:
    stem = key[: -len(".txt")]
    return (soak.out / f"{stem}.en.txt", soak.out / f"{stem}.summary.md", soak.out / f"{stem}.json")


def feed_records(soak: Soak) -> dict[str, tuple[Path, dict]]:
    """The feed's records on disk by the article they say they are (`source`), read once
    per round of checks."""
    if soak.records_cache is not None:
        return soak.records_cache
    index = {}
    folder = soak.out / FEED_NAME.replace(".jsonl", ".records")
    for path in sorted(folder.rglob("*.json")) if folder.is_dir() else []:
        record = read_record(path)
        if record is not None and isinstance(record.get("source"), str):
            index[record["source"]] = (path, record)
    soak.records_cache = index
    return index


def record_of(soak: Soak, key: str) -> dict | None:
    if is_feed_name(key):
        found = feed_records(soak).get(key)
        return found[1] if found else None
    return read_record(outputs_of(soak, key)[2])


def outside_targets(work: Path) -> list[Path]:
    """Where a hostile identity (`../../x`, `/etc/x`) would put a file outside the
    output folder if it were made a path."""
    return [Path("/etc/x"), Path("/x"), work.parent / "x", work / "x", work / "disk" / "x",
            work / "in" / "x", work / "disk" / "feed.en.jsonl"]


def whole_outputs(soak: Soak, key: str) -> str | None:
    """None when the article's outputs are all there and whole; else what is wrong."""
    if is_feed_name(key):   # a feed article: its record (the feed's English is checked whole)
        return None if key in feed_records(soak) else f"{key}: no readable record"
    text, summary, record_path = outputs_of(soak, key)
    record = read_record(record_path)
    if record is None:
        return f"{key}: no readable record"
    wanted = [text] + ([] if soak.args.no_summary else [summary])
    for path in wanted:
        try:
            content = path.read_text(encoding="utf-8")
        except OSError:
            return f"{key}: {path.name} missing beside its record"
        if not content.endswith("\n") or not content.strip():
            return f"{key}: {path.name} is not whole"
    if record.get("source") != key:
        return f"{key}: its record says source {record.get('source')!r}"
    return None


def check_no_traceback(soak: Soak, run: Run) -> list[str]:
    """Every error is one line: never a Python traceback on stderr."""
    if "Traceback (most recent call last)" in run.stderr:
        tail = run.stderr[run.stderr.index("Traceback"):].strip().splitlines()
        if run.fault == "sigint" and run.rc == -signal.SIGINT and tail[-1:] == ["KeyboardInterrupt"] \
                and run.run_id == run.previous_run_id:
            return []  # Ctrl-C while Python itself was starting: its own message, nothing begun
        return [f"a traceback on stderr: {tail[-1] if tail else ''}"]
    return []


def _last_line_pending(stderr: str) -> int | None:
    import re

    for line in reversed(stderr.strip().splitlines()):
        found = re.search(r"(\d+) article\(s\) left (pending|for the next run)", line)
        if found:
            return int(found.group(1))
    return None


def check_report_adds_up(soak: Soak, run: Run) -> list[str]:
    """The report's counts add up to the inputs, and its exit code is the process's.

    A run SIGKILLed (or ended by a signal's default action before it could handle it)
    writes no report: then there is nothing to add up, but the process must have died
    of that signal. The inputs a run found are those at its start, give or take the ones
    a fault added, removed or renamed meanwhile."""
    problems = []
    report = run.report
    signum = {"sigkill": 9, "sigterm": 15, "sigint": 2}.get(run.fault or "")
    if report is None:
        started = run.run_id > run.previous_run_id
        if run.fired and signum and (run.rc == -signum or (
                run.rc == 128 + signum and not started)):
            return []  # killed, or stopped before the run began: nothing to report
        return [f"no report (exit {run.rc}"
                + (", the state has the run" if started else "") + ")"]
    if run.rc != report.get("exit_code"):
        if not (run.fired and signum and run.report_before_fault and run.rc == -signum):
            problems.append(f"the report says exit {report.get('exit_code')}, the process {run.rc}")
    lists = {name: report.get(name, []) for name in ("translated", "unchanged", "skipped", "failed")}
    seen: Counter = Counter(key for keys in lists.values() for key in keys)
    twice = [key for key, n in seen.items() if n > 1]
    if twice:
        problems.append(f"listed twice: {twice[:5]}")
    fatal, interrupted = report.get("fatal"), report.get("interrupted")
    found = set(run.before) | set(run.after) | run.touched | run.bad_before | run.bad_after
    feed_error = report.get("errors", {}).get(FEED_NAME, "")
    if FEED_NAME in lists["failed"] and (fatal or interrupted or FEED_NAME in run.touched
                                         or "disk is full" in feed_error):
        found.add(FEED_NAME)   # the feed as a whole: not processed (full disk), changed
    strangers = set(seen) - found
    if strangers:
        problems.append(f"reports articles that are not inputs: {sorted(strangers)[:5]}")
    # The .txt articles add up as before; the feed's articles and bad lines are counted
    # apart: the feed is read once, when it is planned, so its count is that of the feed
    # at the start or at the end of the run.
    txt_total = sum(1 for keys in lists.values() for key in keys if not is_feed_name(key))
    feed_total = sum(1 for keys in lists.values() for key in keys if is_feed_name(key))
    txt_before = {key for key in run.before if not is_feed_name(key)}
    txt_touched = {key for key in run.touched if not is_feed_name(key)}
    low, high = len(txt_before - txt_touched), len(txt_before | txt_touched)
    feed_counts = {len([k for k in run.before if is_feed_name(k)]) + len(run.bad_before),
                   len([k for k in run.after if is_feed_name(k)]) + len(run.bad_after)}
    feed_whole = FEED_NAME in lists["failed"]
    if fatal or interrupted:
        pending = report.get("pending", _last_line_pending(run.stderr))
        # The feed's bad lines fail as they are read, each for itself, before any abort.
        blamed = set(lists["failed"]) - run.bad_before - run.bad_after
        if fatal and blamed:
            problems.append(f"a run-wide error, yet {len(blamed)} article(s) counted as failed")
        feed_left = {n - feed_total for n in feed_counts} if soak.feed is not None else {0}
        if pending is not None and not any(low <= txt_total + pending - left <= high
                                           for left in feed_left):
            problems.append(f"{txt_total} + {feed_total} (feed) counted + {pending} pending, but "
                            f"{len(txt_before)} inputs and a feed of {sorted(feed_counts)}")
    else:
        if not low <= txt_total <= high:
            problems.append(f"{txt_total} counted, but {len(txt_before)} inputs")
        if soak.feed is not None and not feed_whole and feed_total not in feed_counts:
            problems.append(f"{feed_total} of the feed counted, but it has {sorted(feed_counts)}")
    code = report.get("exit_code")
    expected = (128 + interrupted if interrupted else code if fatal and code in (2, 3) else
                2 if fatal else 1 if lists["failed"] else 0)
    if code != expected:
        problems.append(f"exit code {code} does not say what the report says (expected {expected})")
    for key in lists["failed"]:
        if not report.get("errors", {}).get(key):
            problems.append(f"{key} failed without an error line")
    return problems


def check_signal_obeyed(soak: Soak, run: Run) -> list[str]:
    """A SIGTERM or SIGINT ends the run with 143 or 130 (or, before Python handles
    signals at all, by the signal itself), after at most the article being written. Only
    a signal that came once the work was over (closing the state, writing the report) may
    leave the exit code what the work made it; then the report says so, whole."""
    signum = {"sigterm": 15, "sigint": 2}.get(run.fault or "")
    if not (signum and run.fired) or run.report_before_fault or run.rc in (128 + signum, -signum):
        return []
    later = [path for path in soak.out.rglob("*.json") if STATE_DIR not in path.parts
             and path.stat().st_mtime_ns > run.struck_ns]
    if len(later) > 1:
        return [f"{run.fault} sent, the run went on to write {len(later)} more record(s) "
                f"and ended {run.rc}"]
    if run.report is None or run.report.get("exit_code") != run.rc:
        return [f"{run.fault} sent once the work was over, the run ended {run.rc} without a "
                f"report that says so"]
    return []


def check_written_not_missing(soak: Soak, run: Run) -> list[str]:
    """Nothing reported as translated or unchanged is missing or torn: its outputs are
    whole and its record describes the bytes the input had during the run (a record the
    fault itself damaged after the run wrote it is the fault's, and left out)."""
    if run.report is None:
        return []
    problems = []
    for outcome in ("translated", "unchanged"):
        for key in run.report.get(outcome, []):
            if key in run.damaged_records or key[:-4] in run.damaged_records:
                continue
            wrong = whole_outputs(soak, key)
            if wrong:
                problems.append(f"reported {outcome}, but {wrong}")
                continue
            record = record_of(soak, key)
            known = {run.before.get(key), run.after.get(key)}
            if record.get("sha256") not in known and key not in run.touched:
                problems.append(f"reported {outcome}, but {key}'s record is for other bytes")
    return problems


def check_deleted_not_current(soak: Soak, run: Run) -> list[str]:
    """The tool keeps the outputs of a deleted article (DESIGN.md says nothing removes
    them), but nothing may present them as current: the report lists no article that was
    not an input, and the state gives this run no outcome for one."""
    gone = set(run.previous) - set(run.before) - set(run.after) - run.touched
    problems = []
    if run.report:
        for outcome in ("translated", "unchanged", "skipped"):
            listed = gone & set(run.report.get(outcome, []))
            if listed:
                problems.append(f"deleted article(s) reported {outcome}: {sorted(listed)[:5]}")
    run_id = run.report.get("run_id") if run.report else None
    if run_id is not None:
        rows = state_rows(soak)
        decided = {key for key, row in rows.items() if row["run_id"] == run_id}
        stale = decided & gone
        if stale:
            problems.append(f"the state gives this run an outcome for deleted {sorted(stale)[:5]}")
    return problems


def state_rows(soak: Soak) -> dict[str, dict]:
    db = soak.out / STATE_DIR / DB_NAME
    if not db.is_file():
        return {}
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
            rows = conn.execute("SELECT source, sha256, fingerprint, outcome, run_id "
                                "FROM articles").fetchall()
    except sqlite3.Error:
        return {}
    return {r[0]: {"sha256": r[1], "fingerprint": r[2], "outcome": r[3], "run_id": r[4]}
            for r in rows}


def last_run_row(soak: Soak) -> dict | None:
    db = soak.out / STATE_DIR / DB_NAME
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
            row = conn.execute("SELECT run_id, finished, exit_code, counts FROM runs "
                               "WHERE kind = 'run' ORDER BY run_id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    if row is None:
        return None
    return {"run_id": row[0], "finished": row[1], "exit_code": row[2],
            "counts": json.loads(row[3]) if row[3] else None}


def check_state_agrees(soak: Soak, run: Run) -> list[str]:
    """The state agrees with the files. It never claims more than they hold: an article
    it has as translated from the bytes the input has now has whole outputs with a record
    for those bytes and that fingerprint. After a run that ended 0 it knows every article
    on disk: its row is `translated`, for the current bytes. The run's own row in `runs`
    says what its report says (exit code and counts)."""
    problems = []
    rows = state_rows(soak)
    complete = clean_ending(run)
    for key, sha in sorted(run.after.items()):
        if key in run.damaged_records or key[:-4] in run.damaged_records:
            continue
        row = rows.get(key)
        record = record_of(soak, key)
        if row and row["outcome"] == "translated" and row["sha256"] == sha:
            if whole_outputs(soak, key) or record.get("sha256") != sha:
                problems.append(f"{key}: the state has it translated, the files do not")
            elif record.get("fingerprint") != row["fingerprint"]:
                problems.append(f"{key}: the state's fingerprint is not its record's")
        elif complete and (row is None or row["outcome"] != "skipped"):
            problems.append(f"{key}: after a run that ended 0 the state has "
                            f"{row and (row['outcome'], row['sha256'][:8])}, the input {sha[:8]}")
    report = run.report or {}
    if complete and run.rc == report.get("exit_code"):
        # A run that says it succeeded (but for the feed's bad lines) has recorded every
        # outcome it reports.
        for outcome in ("translated", "skipped", "failed"):
            for key in report.get(outcome, []):
                row = rows.get(key)
                if row is None or row["run_id"] != report.get("run_id") or row["outcome"] != outcome:
                    problems.append(f"{key}: reported {outcome} by a run that ended 0, but the "
                                    f"state has {row and (row['outcome'], row['run_id'])}")
    if run.run_id > run.previous_run_id and not run.killed and run.rc is not None and run.rc >= 0:
        # The run began in the state: its row is finished with the process's exit code.
        last = last_run_row(soak)
        if last and last["finished"] and last["exit_code"] != run.rc:
            problems.append(f"the state records exit {last['exit_code']} for run "
                            f"{last['run_id']}, the process ended {run.rc}")
    if run.report and run.report.get("run_id") is not None and not run.killed:
        last = last_run_row(soak)
        counts = {k: len(run.report.get(k, [])) for k in ("translated", "unchanged", "skipped",
                                                         "failed")}
        if last is None or last["run_id"] != run.report["run_id"]:
            problems.append(f"the state's last run is {last and last['run_id']}, "
                            f"the report's {run.report['run_id']}")
        elif last["finished"] is None and not run.report_before_fault \
                and run.fault not in ("db_lock", "disk_full"):  # those may refuse the write
            problems.append(f"the state has run {last['run_id']} unfinished")
        elif last["finished"] and last["exit_code"] != run.report.get("exit_code"):
            problems.append(f"the state records exit {last['exit_code']}, the report "
                            f"{run.report.get('exit_code')}")
        elif last["finished"] and last["counts"] != counts:
            problems.append(f"the state records counts {last['counts']}, the report {counts}")
    return problems


def clean_ending(run: Run) -> bool:
    """A run without a fault that did all there was: exit 0, or 1 for the feed's bad
    lines alone (each failed, as a bad line is)."""
    report = run.report
    if run.fault is not None or report is None or report.get("fatal") or report.get("interrupted"):
        return False
    failed = set(report.get("failed", []))
    return failed <= run.bad_after and report.get("exit_code") == (1 if failed else 0)


def check_disk_full_said_once(soak: Soak, run: Run) -> list[str]:
    """A full disk is said once (docs/nightly.md), not once per article."""
    said = [line for line in run.stderr.splitlines()
            if "disk is full" in line or "No space left" in line]
    return [f"the full disk said {len(said)} times: {said[:2]}"] if len(said) > 1 else []


def check_outputs_whole(soak: Soak, run: Run) -> list[str]:
    """Every output file on disk is whole (any run, SIGKILL included): JSON that parses,
    text that ends with its newline; no translation without its record (but just after
    a SIGKILL)."""
    problems = []
    for path in soak.out.rglob("*"):
        if STATE_DIR in path.relative_to(soak.out).parts or path.name.startswith(".") \
                or not path.is_file():
            continue
        name = path.name
        if name.endswith(".en.jsonl"):
            if FEED_NAME in run.damaged_records:
                continue
            data = path.read_text(encoding="utf-8", errors="replace")
            if data and not data.endswith("\n"):
                problems.append(f"{path.relative_to(soak.out)}: not whole")
            for number, line in enumerate(data.splitlines(), start=1):
                try:
                    if not isinstance(json.loads(line), dict):
                        raise ValueError
                except ValueError:
                    problems.append(f"{path.relative_to(soak.out)}: line {number} is not an object")
                    break
        elif name.endswith(".json"):
            key = path.relative_to(soak.out).as_posix()[:-len(".json")]
            if key in run.damaged_records:
                continue
            if read_record(path) is None:
                problems.append(f"{path.relative_to(soak.out)}: not a whole record")
        elif name.endswith((".en.txt", ".summary.md")):
            content = path.read_text(encoding="utf-8", errors="replace")
            if not content.endswith("\n"):
                problems.append(f"{path.relative_to(soak.out)}: not whole")
            stem = name[: -len(".en.txt")] if name.endswith(".en.txt") else name[: -len(".summary.md")]
            # A SIGKILL between an article's files may leave its translation without its
            # record (the record is written last); the next run writes them all.
            if not (path.parent / f"{stem}.json").exists() and not run.killed and \
                    path.relative_to(soak.out).parent.joinpath(stem).as_posix() not in run.damaged_records:
                problems.append(f"{path.relative_to(soak.out)}: without its record")
    return problems


def check_no_temp_files(soak: Soak, run: Run) -> list[str]:
    """No temporary file anywhere (inputs, outputs, state folder, model cache) once a run
    has ended by itself; after a SIGKILL, once the next run has."""
    found = []
    for root in (soak.inputs, soak.out, soak.cache):
        if not root.exists():
            continue
        for path in root.rglob("*"):
            if any(mark in path.name for mark in TEMP_MARKS) or path.name.startswith(".chaos-"):
                found.append(str(path.relative_to(soak.work)))
    return [f"temporary file(s) left: {found[:5]}"] if found else []


def check_clean_run(soak: Soak, run: Run) -> list[str]:
    """A run without a fault over good articles ends 0, fails nothing, aborts nothing."""
    if run.report is None:
        return [f"no report (exit {run.rc})"]
    problems = []
    failed = set(run.report.get("failed", []))
    expected = 1 if run.bad_after else 0
    if run.rc != expected:
        problems.append(f"exit {run.rc}: {run.stderr.strip().splitlines()[-1:] }")
    if failed != run.bad_after:
        errors = run.report.get("errors", {})
        wrong = sorted(failed ^ run.bad_after)
        problems.append("failed: " + "; ".join(errors.get(k, f"{k} (not failed)")
                                               for k in wrong[:3]))
    if run.report.get("fatal"):
        problems.append(f"fatal: {run.report['fatal']}")
    return problems


def check_outputs_current(soak: Soak, run: Run) -> list[str]:
    """After a clean run every article on disk has whole outputs whose record's
    `sha256` is that of its current bytes."""
    problems = []
    skipped = set(run.report.get("skipped", [])) if run.report else set()
    for key, sha in sorted(run.after.items()):
        if key in skipped:
            continue
        wrong = whole_outputs(soak, key)
        if wrong:
            problems.append(wrong)
            continue
        record = record_of(soak, key)
        if record.get("sha256") != sha:
            problems.append(f"{key}: record for other bytes than the article's")
    return problems


def check_rerun_is_noop(soak: Soak, run: Run, clean: Run | None = None) -> list[str]:
    """A rerun after a clean run redoes nothing and loads no model; the feed's English
    is left as the clean run wrote it."""
    if run.report is None:
        return ["no report"]
    if run.report.get("translated") or run.report.get("models_loaded"):
        return [f"redid {run.report.get('translated')[:5]}, loaded {run.report.get('models_loaded')}"]
    if clean is not None and clean.english_stat != run.english_stat:
        return [f"the feed's English rewritten: {clean.english_stat} -> {run.english_stat}"]
    return []


def english_of(record: dict, titled: bool) -> tuple[str | None, str]:
    """(title, text) of a record's English as a feed line holds it (DESIGN.md: the
    title is the article's first paragraph, translated as its heading)."""
    paragraphs = record.get("paragraphs") or []
    title = paragraphs[0].get("en", "") if titled and paragraphs else None
    body = paragraphs[1:] if titled else paragraphs
    return title, "\n\n".join(p.get("en", "") for p in body)


def check_feed_english(soak: Soak, run: Run) -> list[str]:
    """After a clean run the feed's English has one line per good article of the feed,
    in input order (an article skipped as empty or not Dutch has none), each with the
    article's fields as they are now and the English of the record of its current text
    (title and text); no record is left of an article no longer in the feed."""
    view = read_feed(soak.inputs)
    skipped = set(run.report.get("skipped", [])) if run.report else set()
    wanted = [(name, fields, sha) for name, fields, sha in view.good if name not in skipped]
    try:
        lines = [json.loads(line) for line in
                 soak.feed_english.read_text(encoding="utf-8").splitlines()]
    except FileNotFoundError:
        return [f"no {soak.feed_english.name}"] if wanted else []
    except ValueError as exc:
        return [f"{soak.feed_english.name} is not JSON Lines: {exc}"]
    problems = []
    if len(lines) != len(wanted):
        problems.append(f"{soak.feed_english.name}: {len(lines)} lines for {len(wanted)} articles")
    index = feed_records(soak)
    for number, (line, (name, fields, sha)) in enumerate(zip(lines, wanted), start=1):
        english = line.pop("english", None) if isinstance(line, dict) else None
        if line != fields:
            problems.append(f"line {number}: not the fields of {name} (input order?)")
            break
        found = index.get(name)
        if found is None or found[1].get("sha256") != sha:
            problems.append(f"line {number}: {name} has no record of its current text")
            continue
        titled = isinstance(fields.get("title"), str) and bool(fields["title"].strip())
        title, text = english_of(found[1], titled)
        if not isinstance(english, dict) or english.get("title") != title \
                or english.get("text") != text:
            problems.append(f"line {number}: {name}'s English is not its record's")
    stale = set(index) - {name for name, _, _ in view.good}
    if stale:
        problems.append(f"record(s) of articles no longer in the feed: {sorted(stale)[:3]}")
    return problems[:5]


def check_nothing_outside(soak: Soak, run: Run) -> list[str]:
    """No run writes a file outside the output folder (the report aside), whatever the
    feed's identities say: the input folder holds only the corpus, the output folder
    only outputs, and nothing appears where `../../x` or `/etc/x` would point."""
    problems = []
    made = [path for path, was in soak.outside.items() if not was and path.exists()]
    if made:
        problems.append(f"written outside: {made[:3]}")
    for path in soak.inputs.rglob("*"):
        if path.is_file() and not (path.suffix == ".txt" or path.name == FEED_NAME
                                   or path.name.startswith(".chaos-")):
            problems.append(f"written among the inputs: {path.relative_to(soak.work)}")
    records = FEED_NAME.replace(".jsonl", ".records")
    for path in soak.out.rglob("*"):
        rel = path.relative_to(soak.out)
        if not path.is_file() or rel.parts[0] == STATE_DIR or path.name.startswith("."):
            continue
        if rel.parts[0] == records:
            if len(rel.parts) != 3 or path.suffix != ".json":
                problems.append(f"in the feed's records: {rel}")
        elif rel.as_posix() != soak.feed_english.name and not path.name.endswith(
                (".en.txt", ".summary.md", ".json")):
            problems.append(f"a file the tool does not write: {rel}")
    for path in soak.disk.iterdir():
        if path.name not in ("out", "filler"):
            problems.append(f"written outside the output folder: {path}")
    return problems[:5]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nights", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--from-night", type=int, default=1, metavar="K",
                        help="Replay nights 1..K-1 as corpus changes only (no runs), then run "
                             "nights K..N: a violation found at night K comes back in seconds.")
    parser.add_argument("--no-feed", action="store_true",
                        help="No feed in the corpus (the .txt articles only, as before feeds).")
    parser.add_argument("--no-summary", action="store_true",
                        help="Runs without summaries (faster: no summary model).")
    parser.add_argument("--work", type=Path, default=None,
                        help="Keep everything here (default: a temporary folder, removed "
                             "unless a violation was found).")
    parser.add_argument("--json", type=Path, default=None, help="Write the result as JSON.")
    parser.add_argument("--keep-logs", action="store_true", help="Keep every run's stderr.")
    parser.add_argument("--quiet", action="store_true", help="Only the final summary.")
    args = parser.parse_args(argv)
    in_private_namespace()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    # A shell starts a background job with SIGINT ignored, and the runs would inherit
    # that: they get the default disposition, as from a terminal or a service manager.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    soak = Soak(args)
    try:
        return soak.main()
    finally:
        soak.cleanup()


if __name__ == "__main__":
    sys.exit(main())
