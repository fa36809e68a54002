import json

from dockergen.render import comment, env_value, exec_form, mount_field


def test_exec_form_is_json_and_keeps_hostile_text_inert():
    argv = ['echo', 'a"b', "$HOME", "line1\nCMD evil", "back\\slash"]
    rendered = exec_form(argv)
    assert "\n" not in rendered
    assert json.loads(rendered) == argv


def test_env_value_escapes_quotes_dollars_and_newlines():
    assert env_value('a"b$c\\d\ne') == '"a\\"b\\$c\\\\d\\ne"'


def test_comment_flattens_control_characters():
    assert comment("one\ntwo\r\x1bthree") == "one two three"


def test_mount_field_quotes_commas_and_spaces():
    assert mount_field("source", "req.txt") == "source=req.txt"
    assert mount_field("source", "my reqs,1.txt") == '"source=my reqs,1.txt"'
