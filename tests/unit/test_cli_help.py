"""--help lists the allowed values of closed options (from the settings table), every command
shows an example, the shell completes option values, and explain links to the declared home."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dockergen.ci import CI_CHOICES
from dockergen.cli import app
from dockergen.home import HOME
from dockergen.render import template_ids
from dockergen.settings import PACKAGE_MANAGERS
from dockergen.versions import DEBIAN_RELEASES

runner = CliRunner()


def _help(*command: str) -> str:
    result = runner.invoke(app, [*command, "--help"], terminal_width=400)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("option", "values"), [
    ("--template", template_ids()),
    ("--package-manager", PACKAGE_MANAGERS),
    ("--debian", DEBIAN_RELEASES),
    ("--ci", CI_CHOICES),
])
def test_init_help_lists_the_choices(option, values):
    line = next(x for x in _help("init").splitlines() if x.strip().startswith(option + " "))
    assert "|".join(values) in line and "<str>" not in line and "TEXT" not in line


def test_check_help_lists_the_formats():
    text = _help("check")
    assert "[text|json|sarif]" in text or "<text|json|sarif>" in text
    assert "<str>" not in text


def test_no_free_text_option_is_shown_as_str():
    assert "<str>" not in _help("init") and "<int>" not in _help("init")


@pytest.mark.parametrize("command", [(), ("init",), ("inspect",), ("check",), ("explain",), ("lock",)])
def test_every_command_help_has_an_example(command):
    text = _help(*command)
    assert "Examples:" in text and "  dockergen " in text.split("Examples:", 1)[1]


def test_a_choice_typo_is_a_usage_error_naming_the_choices(tmp_path):
    result = runner.invoke(app, ["init", "--yes", "--package-manager", "pipx", str(tmp_path)])
    assert result.exit_code == 2 and "pipx" in result.output and "poetry" in result.output


def test_settings_reach_the_library_as_plain_values(tmp_path):
    (tmp_path / "main.py").write_text("print('hi')\n")
    result = runner.invoke(app, ["init", "--yes", "--dry-run", "--debian", "bookworm", "--template", "slim",
                                 str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "-slim-bookworm" in result.output


def test_install_completion_is_offered():
    assert "--install-completion" in _help()


def test_shell_completion_completes_option_values():
    env = {**os.environ, "_DOCKERGEN_COMPLETE": "complete_bash", "COMP_WORDS": "dockergen init --package-manager p",
           "COMP_CWORD": "3"}
    code = "from dockergen.cli import main; main()"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False).stdout
    assert out.split() == [m for m in PACKAGE_MANAGERS if m.startswith("p")]


def test_help_and_explain_link_to_the_declared_home():
    assert HOME in _help()
    result = runner.invoke(app, ["explain", "DG2002"])
    assert f"{HOME}/blob/main/docs/decisions/DG2002.md" in result.output
    assert "This is how every template works" in result.output  # the page, not only its summary
    assert "More: docs/decisions" not in result.output
