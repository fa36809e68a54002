import json

import pytest

from dockergen.errors import UnsafeValueError
from dockergen.render import comment, env_value, exec_form, mount_field


def test_exec_form_is_json_and_keeps_hostile_text_inert():
    argv = ['echo', 'a"b', "$HOME", "line1\nCMD evil", "back\\slash"]
    rendered = exec_form(argv)
    assert "\n" not in rendered
    assert json.loads(rendered) == argv


def test_env_value_escapes_quotes_and_dollars_and_refuses_newlines():
    assert env_value('a"b$c\\d e') == '"a\\"b\\$c\\\\d e"'
    with pytest.raises(UnsafeValueError, match="line break"):
        env_value("a\nLABEL evil=1")


def test_comment_flattens_control_characters():
    assert comment("one\ntwo\r\x1bthree") == "one two three"


def test_mount_field_quotes_spaces_and_refuses_what_buildkit_would_change():
    assert mount_field("source", "req.txt") == "source=req.txt"
    assert mount_field("source", "my reqs#1.txt") == '"source=my reqs#1.txt"'
    for bad in ("a,b.txt", 'a"b.txt', "a'b.txt", "a\\b.txt", "a$HOME.txt", "a=b.txt", "a\nb.txt"):
        with pytest.raises(UnsafeValueError):
            mount_field("source", bad)
