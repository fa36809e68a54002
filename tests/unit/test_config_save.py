"""Saving answers: [tool.dockergen] in pyproject.toml or .dockergen.toml, nothing else disturbed."""

from __future__ import annotations

import pytest

from dockergen.config import CONFIG_FILE, ConfigTarget, config_target, load_config, save_config
from dockergen.errors import ConfigError
from dockergen.facts import AppTarget
from dockergen.settings import validate
from tests.conftest import REPO

PYPROJECT = """\
# Project metadata (comment kept)
[project]
name = "demo"   # aligned comment
version = "1.0"
dependencies = [
    "flask",  # web
]

[tool.black]
line-length = 100
"""


def test_target_is_pyproject_when_there_is_one(tree):
    root = tree({"pyproject.toml": PYPROJECT})
    assert config_target(root) == ConfigTarget("pyproject.toml", "pyproject.toml [tool.dockergen]")


def test_target_is_dockergen_toml_without_pyproject_or_when_settings_live_there(tree):
    assert config_target(tree({"main.py": ""})).path == CONFIG_FILE
    root = tree({"pyproject.toml": PYPROJECT, CONFIG_FILE: 'debian = "bookworm"\n'})
    assert config_target(root).path == CONFIG_FILE


def test_saving_appends_a_table_and_keeps_everything_else_byte_for_byte(tree):
    root = tree({"pyproject.toml": PYPROJECT})
    save_config(root, config_target(root), {"python": "3.11", "port": 9000, "command": ["python", "-m", "demo"]})
    text = (root / "pyproject.toml").read_text()
    assert text.startswith(PYPROJECT)
    assert text[len(PYPROJECT):] == '\n[tool.dockergen]\npython = "3.11"\nport = 9000\ncommand = ["python", "-m", "demo"]\n'
    assert load_config(root) == ({"python": "3.11", "port": 9000, "command": ["python", "-m", "demo"]},
                                 "pyproject.toml [tool.dockergen]")


def test_saving_updates_an_existing_table_in_place_keeping_its_comments(tree):
    original = PYPROJECT.replace("[tool.black]", '[tool.dockergen]\n# pinned on purpose\ndebian = "bookworm"\n'
                                 'python = "3.10"  # old\n\n[tool.black]')
    root = tree({"pyproject.toml": original})
    save_config(root, config_target(root), {"python": "3.12", "healthcheck": False})
    text = (root / "pyproject.toml").read_text()
    assert '# pinned on purpose\ndebian = "bookworm"\npython = "3.12"  # old\nhealthcheck = false\n' in text
    assert text.endswith("[tool.black]\nline-length = 100\n")
    assert load_config(root)[0] == {"debian": "bookworm", "python": "3.12", "healthcheck": False}


def test_a_new_table_among_out_of_order_tool_tables_stays_separated(tree):
    original = '[tool.black]\nx = 1\n\n[project]\nname = "d"\n\n[tool.ruff]\ny = 2\n'
    root = tree({"pyproject.toml": original})
    save_config(root, config_target(root), {"port": 8080})
    text = (root / "pyproject.toml").read_text()
    assert "\n\n[project]" in text and 'name = "d"\n\n[tool.ruff]\ny = 2\n' in text
    assert load_config(root)[0] == {"port": 8080}


def test_saving_into_dockergen_toml_keeps_existing_keys(tree):
    root = tree({CONFIG_FILE: '# mine\ndebian = "bookworm"\n'})
    save_config(root, config_target(root), {"app": AppTarget("web", "create", True)})
    assert (root / CONFIG_FILE).read_text() == '# mine\ndebian = "bookworm"\napp = "web:create()"\n'
    assert load_config(root)[0]["app"].spec == "web:create()"


def test_a_file_without_final_newline_still_gets_a_separate_table(tree):
    root = tree({"pyproject.toml": '[project]\nname = "d"'})
    save_config(root, config_target(root), {"port": 8080})
    assert (root / "pyproject.toml").read_text() == '[project]\nname = "d"\n\n[tool.dockergen]\nport = 8080\n'


def test_an_unsaveable_pyproject_is_a_config_error_and_is_left_alone(tree):
    original = 'tool = {black = {x = 1}}\n[project]\nname = "d"\n'
    root = tree({"pyproject.toml": original})
    with pytest.raises(ConfigError, match="Cannot save answers in pyproject.toml"):
        save_config(root, config_target(root), {"port": 8080})
    assert (root / "pyproject.toml").read_text() == original


def test_saving_nothing_new_does_not_rewrite(tree):
    root = tree({CONFIG_FILE: "port = 8080\n"})
    before = (root / CONFIG_FILE).stat().st_mtime_ns
    save_config(root, config_target(root), {"port": 8080})
    assert (root / CONFIG_FILE).stat().st_mtime_ns == before


def test_unknown_or_bad_saved_keys_are_errors_naming_the_key(tree):
    root = tree({"pyproject.toml": '[project]\nname = "d"\n[tool.dockergen]\nhealth_check = true\n'})
    with pytest.raises(ConfigError, match="Unknown setting 'health_check' in pyproject.toml"):
        load_config(root)
    root = tree({"pyproject.toml": '[project]\nname = "d"\n[tool.dockergen]\nhealthcheck = "yes"\n'})
    with pytest.raises(ConfigError, match="Invalid healthcheck 'yes'"):
        load_config(root)


def test_the_documented_error_example_is_what_validation_says():
    with pytest.raises(ConfigError) as info:
        validate({"port": 70000}, "pyproject.toml [tool.dockergen]")
    assert f"`error: {info.value.message}`" in (REPO / "docs" / "configuration.md").read_text()
