import pytest

from dockergen.errors import ConfigError
from dockergen.facts import Fact
from dockergen.inspection import inspect_project
from dockergen.settings import resolve, validate


def test_precedence_cli_over_config_over_prompt_over_detected(tree):
    facts = inspect_project(tree({".python-version": "3.11\n", "main.py": ""}))
    assert resolve(facts).python == facts.python.python_version
    assert resolve(facts, answers={"python": "3.12"}).python.source == "prompt"
    got = resolve(facts, config={"python": "3.10"}, answers={"python": "3.12"}).python
    assert (got.value, got.source) == ("3.10", "config")
    got = resolve(facts, cli={"python": "3.13"}, config={"python": "3.10"}).python
    assert (got.value, got.source) == ("3.13", "cli")


def test_defaults_apply_last(tree):
    facts = inspect_project(tree({"main.py": ""}))
    assert resolve(facts).healthcheck == Fact(True, "default", "")


@pytest.mark.parametrize("key,value,message", [
    ("python", "2.7", "must be one of"),
    ("port", 70000, "1 to 65535"),
    ("template", "alpine", "must be one of"),
    ("app", "not an app", "module:app"),
    ("colour", "blue", "Unknown setting 'colour'"),
])
def test_bad_values_name_the_key(key, value, message):
    with pytest.raises(ConfigError, match=message) as info:
        validate({key: value}, "pyproject.toml [tool.dockergen]")
    assert key in info.value.message


def test_command_string_is_split_like_a_shell():
    assert validate({"command": "python -m app --name 'a b'"}, "x")["command"] == ["python", "-m", "app", "--name", "a b"]


def test_settings_fields_follow_the_table():
    import dataclasses

    from dockergen.settings import SETTINGS, Settings

    assert [f.name for f in dataclasses.fields(Settings)] == list(SETTINGS)


def test_settings_are_frozen_and_read_by_name(tree):
    import dataclasses

    facts = inspect_project(tree({"main.py": ""}))
    settings = resolve(facts, cli={"port": 8080})
    assert settings.get("port") == settings.port == Fact(8080, "cli", "--port")
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.port = None  # type: ignore[misc]
    with pytest.raises(KeyError):
        settings.get("colour")
