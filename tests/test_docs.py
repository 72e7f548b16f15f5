"""The documentation: the site builds with `mkdocs build --strict` (a broken link, a missing
anchor or a page left out of the navigation fails), the README stays a five-minute read that
starts with the two set-up commands (the second one what `.ci/run` runs), and every command's
`--help` ends with an example."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import invoke

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MAX_README_BYTES = 12_000

MAIN_JOB = (
    "python3 -m venv .venv && . .venv/bin/activate && pip install -q torch==2.13.0 -e . && "
    "python -m translate.synthetic models/demo && translate run samples "
    "--translation-model models/demo/translation --summary-model models/demo/summary"
)

COMMANDS = [["run"], ["file"], ["status"], ["report"], ["eval"], ["bench"],
            ["models", "fetch"], ["models", "check"]]


def ci_command() -> str:
    """The command `.ci/run` runs: its last line."""
    lines = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return lines[-1]


def code_blocks(markdown: str) -> list[list[str]]:
    return [block.strip("\n").splitlines()
            for block in re.findall(r"^```[\w-]*\n(.*?)^```", markdown, re.M | re.S)]


# ---------------------------------------------------------------- the site


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess:
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None:
        if os.environ.get("CI"):
            pytest.fail("mkdocs is not installed: CI installs the docs extra (pip install -e '.[docs]')")
        pytest.skip("mkdocs is not installed (pip install -e '.[docs]'); CI runs this test")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(site)],
        cwd=config.parent, capture_output=True, text=True, timeout=300, check=False,
        env=os.environ | {"NO_MKDOCS_2_WARNING": "1"})


def test_site_builds_strict(tmp_path):
    result = mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "architecture" / "index.html").is_file()


def test_strict_build_fails_on_broken_link_and_page_outside_nav(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "docs", copy / "docs")
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    with (copy / "docs" / "api.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [the missing page](missing.md) and [a lost anchor](quality.md#no-such-heading).\n")
    (copy / "docs" / "orphan.md").write_text("# Not in the navigation\n", encoding="utf-8")
    result = mkdocs_build(copy / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "missing.md" in output
    assert "no-such-heading" in output
    assert "orphan.md" in output


# ---------------------------------------------------------------- the README


def test_readme_is_short():
    size = len(README.read_bytes())
    assert size <= MAX_README_BYTES, f"README.md is {size} bytes; move detail to docs/"


def test_readme_starts_with_the_two_setup_commands():
    text = README.read_text(encoding="utf-8")
    first_block = code_blocks(text)[0]
    assert text.index("```") < text.index("\n## "), "the commands come before any section"
    assert first_block == [MAIN_JOB, ci_command()]
    assert "-e '.[test,ray,docs,pages]'" in ci_command()   # the docs and page tests need their extras


def test_docs_quote_the_test_command_as_ci_runs_it():
    quoted = [line for page in sorted((ROOT / "docs").glob("*.md"))
              for block in code_blocks(page.read_text(encoding="utf-8")) for line in block
              if "python -m pytest" in line and "pip install" in line]
    assert quoted, "docs/development.md shows the test command"
    assert set(quoted) == {ci_command()}


def test_readme_images_exist_and_are_small():
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README.read_text(encoding="utf-8"))
    assert images
    for image in images:
        path = ROOT / image
        assert path.is_file(), image
        assert path.stat().st_size < 200_000, image


# ---------------------------------------------------------------- --help


def all_commands(group=None, prefix=()) -> list[list[str]]:
    """Every command of the app, by its words (`models fetch`), groups walked through."""
    import typer.main

    from translate.cli import app

    group = group or typer.main.get_command(app)
    found = []
    for name, command in sorted(group.commands.items()):
        if getattr(command, "commands", None) is not None:
            found += all_commands(command, (*prefix, name))
        elif not command.hidden:
            found.append([*prefix, name])
    return found


def test_every_command_is_checked_for_examples():
    assert sorted(all_commands()) == sorted(COMMANDS), "add the new command to COMMANDS"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_ends_with_examples(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    help_text = result.output
    assert "Examples:" in help_text, help_text
    examples = help_text[help_text.rindex("Examples:"):].splitlines()[1:]
    lines = [line.strip() for line in examples if line.strip()]
    prefix = "translate " + " ".join(command) + " "
    assert lines and all(line.startswith(prefix) for line in lines), lines
    assert not help_text[help_text.rindex("Examples:"):].count("Options:"), "examples come last"
    # Every flag an example uses is one the command has.
    options = {opt for param in click_command(command).params for opt in param.opts}
    for line in lines:
        used = {word for word in line.split("#")[0].split() if word.startswith("--")}
        assert used <= options, (line, used - options)


def click_command(names: list[str]):
    import typer.main

    from translate.cli import app

    group = typer.main.get_command(app)
    for name in names:
        group = group.commands[name]
    return group
