"""deploy/: the systemd units and the crontab line work as shipped.

`systemd-analyze verify` checks the units where systemd is installed (nothing is installed
here; the test skips, saying so, where it is absent). The service's own ExecStart line is
run on the tiny models, every absolute path of it moved below a temporary folder, with the
shipped config (its model folders holding the tiny models).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from helpers import SECOND, SEED_SHAPED, write

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
SERVICE, TIMER = DEPLOY / "translate-nightly.service", DEPLOY / "translate-nightly.timer"


def unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A unit file's sections: {section: {key: [values, in order]}} (systemd repeats keys
    such as Environment=; the shipped units use no continuation lines)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, _, val = line.partition("=")
        current.setdefault(key.strip(), []).append(val.strip())
    return sections


def values(parsed: dict, section: str, key: str) -> list[str]:
    return parsed[section][key]


def value(parsed: dict, section: str, key: str) -> str:
    (found,) = values(parsed, section, key)
    return found


def environment(parsed: dict) -> dict[str, str]:
    return dict(item.split("=", 1) for item in values(parsed, "Service", "Environment"))


def test_units_have_what_a_night_needs() -> None:
    service, timer = unit(SERVICE), unit(TIMER)
    assert value(service, "Service", "Type") == "oneshot"
    assert value(service, "Service", "KillSignal") == "SIGTERM"
    assert value(service, "Service", "TimeoutStartSec") == "6h"
    assert value(service, "Service", "TimeoutStopSec") == "5min"
    assert int(value(service, "Service", "Nice")) > 0
    assert value(service, "Service", "IOSchedulingClass") == "idle"
    assert "--metrics" in shlex.split(value(service, "Service", "ExecStart"))
    assert value(timer, "Timer", "Persistent") == "true"
    assert value(timer, "Timer", "Unit") == SERVICE.name


def test_crontab_line_runs_the_same_command() -> None:
    service = unit(SERVICE)
    lines = [line for line in (DEPLOY / "translate.cron").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    env = dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z_]+=", line))
    (entry,) = [line for line in lines if not re.match(r"^[A-Z_]+=", line)]
    fields = entry.split(None, 6)
    assert fields[:5] == ["30", "1", "*", "*", "*"] and fields[5] == value(service, "Service", "User")
    command = shlex.split(fields[6])
    exec_start = shlex.split(value(service, "Service", "ExecStart"))
    start = command.index(exec_start[0])
    assert command[start:start + len(exec_start)] == exec_start
    assert command[command.index("timeout"):start][-7:] == ["6h", "nice", "-n", "19", "ionice", "-c", "3"]
    assert command[command.index("cd") + 1] == value(service, "Service", "WorkingDirectory")
    for key, val in environment(service).items():
        assert env[key] == val


def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here (no systemd); nothing is installed by tests")
    # verify also checks that ExecStart's program exists: point it at this checkout's entry
    # point (installed at /opt/translate/.venv on a real machine), the rest as shipped.
    program = shutil.which("translate") or str(Path(sys.executable).with_name("translate"))
    if not os.access(program, os.X_OK):
        pytest.skip("no `translate` entry point installed in this environment")
    text = SERVICE.read_text().replace("/opt/translate/.venv/bin/translate", program)
    service = tmp_path / SERVICE.name
    service.write_text(text)
    timer = tmp_path / TIMER.name
    shutil.copy(TIMER, timer)
    result = subprocess.run([analyze, "verify", str(service), str(timer)],
                            capture_output=True, text=True, timeout=120)
    # verify exits 0 even after "unknown key, ignoring": any line about our units fails too.
    complaints = [line for line in (result.stdout + result.stderr).splitlines()
                  if "translate-nightly" in line]
    assert result.returncode == 0 and not complaints, result.stdout + result.stderr


def test_the_services_exec_start_runs(tmp_path: Path, tiny_marian: Path, tiny_bart: Path) -> None:
    """The ExecStart line itself, with every absolute path below `tmp_path`."""
    root = tmp_path / "root"

    def moved(text: str) -> str:
        return re.sub(r"(?<![\w.])/(?=[a-z])", str(root) + "/", text)

    service = unit(SERVICE)
    argv = shlex.split(value(service, "Service", "ExecStart"))
    assert argv[0].endswith("/translate") and argv[1] == "run"
    args = [moved(arg) for arg in argv[1:]]
    # What the machine has before the first night: the articles, the shipped config and the
    # models it names (here the tiny ones), node_exporter's textfile folder.
    nl, en = root / "srv/news/nl", root / "srv/news/en"
    write(nl / "binnenland" / "brug.txt", SEED_SHAPED)
    write(nl / "buitenland" / "kiezers.txt", SECOND)
    config = root / "etc/translate/config.toml"
    write(config, moved((DEPLOY / "config.toml").read_text()))
    from translate.config import load_config

    settings = load_config(config)
    shutil.copytree(tiny_marian, settings.models.translation)
    shutil.copytree(tiny_bart, settings.models.summary)
    (root / "var/lib/prometheus/node-exporter").mkdir(parents=True)
    workdir = Path(moved(value(service, "Service", "WorkingDirectory")))
    workdir.mkdir(parents=True, exist_ok=True)  # StateDirectory= makes it
    env = os.environ | {k: moved(v) for k, v in environment(service).items()}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)

    result = subprocess.run([sys.executable, "-m", "translate", *args], cwd=workdir, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert lines[-1]["event"] == "run_finished" and lines[-1]["translated"] == 2
    assert (en / "binnenland" / "brug.en.txt").is_file()
    assert (en / "buitenland" / "kiezers.summary.md").is_file()
    report = json.loads((workdir / "last-run.json").read_text())
    assert report["exit_code"] == 0 and len(report["translated"]) == 2
    prom = root / "var/lib/prometheus/node-exporter/translate.prom"
    samples = {s.name + str(sorted(s.labels.items())): s.value
               for f in text_string_to_metric_families(prom.read_text()) for s in f.samples}
    assert samples["translate_articles[('outcome', 'translated')]"] == 2
    assert samples["translate_exit_code[]"] == 0
