"""Every command and option is documented: a help line in --help, and a mention in README's command reference.
Adding an option without saying what it does fails here (as sqlite-utils' own test_docs does)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from extractor.cli import build_parser as extract_parser
from extractor.dbtools import build_parser as db_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _documented(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.Action]]:
    out = []
    for a in parser._actions:  # argparse keeps no public list of actions
        if isinstance(a, argparse._HelpAction):
            continue
        if isinstance(a, argparse._SubParsersAction):
            continue
        out.append((a.option_strings[-1] if a.option_strings else a.dest, a))
    return out


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, tuple[str, argparse.ArgumentParser]]:
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction):
            helps = {c.dest: c.help for c in a._choices_actions}
            return {name: (helps.get(name) or "", sub) for name, sub in a.choices.items()}
    return {}


def _cases():
    for name, (_h, sub) in _subcommands(db_parser()).items():
        for opt, action in _documented(sub):
            yield pytest.param(f"extract-db {name}", opt, action, id=f"extract-db-{name}-{opt}")
    for opt, action in _documented(extract_parser()):
        yield pytest.param("extract", opt, action, id=f"extract-{opt}")


@pytest.mark.parametrize("command, option, action", list(_cases()))
def test_every_option_has_help_and_a_readme_mention(command, option, action):
    assert (action.help or "").strip(), f"{command} {option} has no help text"
    if option.startswith("--"):
        assert f"`{option}" in README or f"{option} " in README, f"README does not mention {command} {option}"


@pytest.mark.parametrize("name", sorted(_subcommands(db_parser())))
def test_every_extract_db_command_has_a_line_in_help_and_readme(name):
    help_line, _sub = _subcommands(db_parser())[name]
    assert help_line.strip()
    assert f"extract-db {name}" in README
