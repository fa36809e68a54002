"""yaml_str writes plain scalars where they are safe and quotes the rest: every string reads
back unchanged in block and flow context (PyYAML is YAML 1.1, the stricter of the two for
plain scalars: yes/no/on/off are booleans there)."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from dockergen.render import yaml_lit, yaml_str

# Strings that look like what templates write: the plain-scalar alphabet, and its near misses.
NEAR_PLAIN = st.text(alphabet="abcyYnNoOfFtT019_./@+=-: #$*&!%{}[],'\"", max_size=12)


def _round_trips(text: str) -> None:
    scalar = yaml_str(text)
    assert yaml.safe_load(f"key: {scalar}\n") == {"key": text}
    assert yaml.safe_load(f"key: [{scalar}, x]\n") == {"key": [text, "x"]}
    assert yaml.safe_load(f"key: {{a: {scalar}}}\n") == {"key": {"a": text}}
    assert yaml.safe_load(f"- {scalar}\n") == [text]


@given(st.text())
def test_any_text_round_trips(text):
    _round_trips(text)


@given(NEAR_PLAIN)
def test_near_plain_text_round_trips(text):
    _round_trips(text)


@given(NEAR_PLAIN)
def test_yaml_lit_still_doubles_dollars(text):
    assert yaml.safe_load(f"- {yaml_lit(text)}\n") == [text.replace("$", "$$")]


@pytest.mark.parametrize("text", ["main", "Dockerfile", "linux/amd64", "ghcr.io", "Log in to ghcr.io",
                                  "type=gha", "owner/name", "_private", "-A", "--loglevel=INFO"])
def test_plain_where_safe(text):
    assert yaml_str(text) == text


@pytest.mark.parametrize("text", ["yes", "No", "on", "OFF", "true", "null", "y", "1.0", "8000", "2024-01-01",
                                  "-", "-1", "--", "- x", ".inf", "a: b", "a #b", "${{ github.actor }}", "", " a", "a ", "a  b",
                                  "*x", "!x", "&x", "[x]", "x,y", "it's"])
def test_quoted_where_needed(text):
    assert yaml_str(text).startswith('"')
    _round_trips(text)


BLOCKISH = st.text(alphabet="abc019_./@+=-: #${}'\"", max_size=14) | st.sampled_from(
    ["${{ github.actor }}", "ghcr.io/${{ github.repository }}", "registry.example.com:5000/team/app", "a:", "a: b",
     "${{ a }}x", "${{a}}", "$x", "Log in to registry.example.com:5000"])


@given(BLOCKISH)
def test_yaml_block_round_trips_in_block_context(text):
    from dockergen.render import yaml_block

    scalar = yaml_block(text)
    assert yaml.safe_load(f"key: {scalar}\n") == {"key": text}
    assert yaml.safe_load(f"- {scalar}\n") == [text]
    assert yaml.safe_load(f"a:\n  key: {scalar}\n  other: 1\n") == {"a": {"key": text, "other": 1}}


def test_yaml_block_is_plain_for_github_expressions():
    from dockergen.render import yaml_block

    assert yaml_block("${{ secrets.GITHUB_TOKEN }}") == "${{ secrets.GITHUB_TOKEN }}"
    assert yaml_block("registry.example.com:5000/team/app") == "registry.example.com:5000/team/app"
    assert yaml_block("a: b").startswith('"') and yaml_block("yes").startswith('"')
