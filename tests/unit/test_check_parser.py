"""The small Dockerfile parser and the .dockerignore matcher behind `dockergen check`."""

import pytest

from dockergen.check.dockerignore import is_ignored, parse_ignore
from dockergen.check.parser import parse


def test_continuations_comments_and_line_numbers():
    df = parse("FROM python:3.12-slim AS build\n\nRUN apt-get update \\\n    # a comment inside\n"
               "    && apt-get install -y gcc\nCOPY --chown=1:1 --from=build a b\n")
    run, copy = df.stages[0].instructions
    assert (run.keyword, run.line, run.end_line) == ("RUN", 3, 5)
    assert "comment" not in run.args and "apt-get install -y gcc" in run.args
    assert (copy.line, copy.flags, copy.args) == (6, {"chown": ["1:1"], "from": ["build"]}, "a b")


def test_escape_directive_backtick():
    df = parse("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\n")
    run = df.stages[0].instructions[0]
    assert run.args == "dir c:\\" and run.end_line == 4


def test_heredoc_body_is_part_of_the_run():
    df = parse("FROM python:3.12-slim\nRUN <<EOF\npip install flask\nEOF\nUSER 1000\n")
    run, user = df.stages[0].instructions
    assert "pip install flask" in run.script()
    assert (user.keyword, user.line) == ("USER", 5)


@pytest.mark.parametrize("text, exec_form", [
    ('CMD ["gunicorn", "app:app"]', ["gunicorn", "app:app"]),
    ("CMD gunicorn app:app", None),
    ('CMD ["broken"', None),
    ("CMD [1, 2]", None),
])
def test_exec_form(text, exec_form):
    ins = parse("FROM x:1\n" + text + "\n").stages[0].instructions[0]
    assert ins.exec_form == exec_form


def test_stages_names_and_global_args():
    df = parse("ARG PY=3.12\nARG DEBIAN\nFROM --platform=$BUILDPLATFORM python:${PY}-slim AS builder\n"
               "FROM python:$PY-slim-${DEBIAN}\n")
    assert [(s.image, s.name, s.line) for s in df.stages] == [
        ("python:3.12-slim", "builder", 3), ("python:3.12-slim-${DEBIAN}", None, 4)]
    assert df.final is df.stages[1] and df.stage_names() == {"builder", "0", "1"}


def test_garbage_does_not_raise():
    parse("\\\n\n[[[\nRUN \\")
    assert parse("").final is None


@pytest.mark.parametrize("patterns, path, ignored", [
    (".env", ".env", True),
    (".env", "app/.env", False),  # anchored at the root, unlike .gitignore
    ("**/.env", "app/.env", True),
    ("*.key", "tls.key", True),
    ("*.key", "certs/tls.key", False),
    ("**/*.key", "certs/tls.key", True),
    (".git", ".git/config", True),  # a parent folder's match excludes what is inside
    ("**/.env*\n!**/.env.example", ".env.example", False),
    ("**/.env*\n!**/.env.example", ".env.prod", True),
    ("/secrets/", "secrets/a", True),
    ("# .env\n\n", ".env", False),
    ("id_rsa?", "id_rsa2", True),
    ("[a-c].pem", "b.pem", True),
])
def test_dockerignore_matching(patterns, path, ignored):
    assert is_ignored(path, parse_ignore(patterns)) is ignored
