"""Hostile values never create, end or alter a Dockerfile instruction (DG3012).

Each test feeds generated values through the real pipeline (a project on disk, the settings,
``generate``), parses the Dockerfile with dockerfile-parse and asserts that the instruction
list is exactly the one a harmless value gives, with the hostile value intact where it lands.
A value that cannot be written exactly must be refused with a DockergenError instead.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
import tomlkit
from hypothesis import assume, given
from hypothesis import strategies as st

from dockergen import generate
from dockergen.errors import ConfigError, DockergenError, UnsafeValueError
from dockergen.facts import AppFacts, Fact, PackagingFacts, ProjectFacts, PythonFacts
from dockergen.plan import choose_plan
from dockergen.render import comment, env_value, render_plan
from dockergen.settings import resolve

from .conftest import examples
from .dockerfile_text import instructions, label_pairs, unquote_double

NASTY = list(" \"'$`\\#\n\r\t;&|<>(){}[]=,*?~!%^\x00\x0b\x1b\x7f\u2028\u00a0é€😀") + ["${HOME}", "$(id)", "\\\n",
                                                                                  "\nRUN rm -rf /", "\" \\", "'$"]
hostile = st.lists(st.one_of(st.sampled_from(NASTY), st.text(min_size=1, max_size=4)), min_size=1, max_size=8).map(
    "".join)
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def _dockerfile(root: Path, **options) -> str:
    return next(f.content for f in generate(root, dry_run=True, **options).files if f.path == "Dockerfile")


def _same_apart_from(actual: list, expected: list, names: set[str]) -> dict[str, str]:
    """Assert the instruction lists match, except the values of ``names``; return those values."""
    assert [i for i, _ in actual] == [i for i, _ in expected]
    changed = {}
    for (name, value), (_, baseline) in zip(actual, expected):
        if name in names and value != baseline:
            assert name not in changed, f"two {name} instructions changed"
            changed[name] = value
        else:
            assert value == baseline, (name, value, baseline)
    return changed


def _files(root: Path, files: dict[str, str], *, fresh: bool = False) -> Path:
    """The project ``root`` with exactly ``files``; rebuilt only when asked or not there yet."""
    if fresh or not root.is_dir():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir()
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
    return root


_BASELINES: dict[tuple, list] = {}


def _baseline(root: Path, **options) -> list[tuple[str, str]]:
    key = (root, tuple(sorted(options.items())))
    if key not in _BASELINES:
        _BASELINES[key] = instructions(_dockerfile(root, **options))
    return _BASELINES[key]


@examples(300)
@given(argv=st.lists(hostile, min_size=1, max_size=4))
def test_command_setting_is_one_exec_form_cmd(project, argv):
    root = _files(project / "cmd", {"main.py": "print(1)\n"})
    assume(argv[0].strip())
    expected = _baseline(root, command=("python", "main.py"))
    try:
        text = _dockerfile(root, command=argv)
    except UnsafeValueError:
        assert any("\x00" in a for a in argv)
        return
    changed = _same_apart_from(instructions(text), expected, {"CMD"})
    assert json.loads(changed.get("CMD", '["python", "main.py"]')) == argv


@examples(200)
@given(command=hostile)
def test_command_string_is_split_like_a_shell_and_kept_exact(project, command):
    root = _files(project / "cmds", {"main.py": "print(1)\n"})
    try:
        argv = shlex.split(command)
    except ValueError:
        argv = None
    try:
        text = _dockerfile(root, command=command)
    except ConfigError as err:
        assert argv is None or not argv or not argv[0].strip() or isinstance(err, UnsafeValueError)
        return
    cmd = [v for i, v in instructions(text) if i == "CMD"]
    assert cmd == [json.dumps(argv)]


def _pyproject(name: str) -> str:
    doc = tomlkit.document()
    doc["project"] = {"name": name, "version": "1.0"}
    return tomlkit.dumps(doc)


@examples(300)
@given(name=hostile)
def test_project_name_lands_only_in_the_title_label_dg3012(project, name):
    root = _files(project / "name", {"main.py": "print(1)\n", "pyproject.toml": _pyproject("benign")}, fresh=True)
    expected = _baseline(root)
    try:
        (root / "pyproject.toml").write_text(_pyproject(name), encoding="utf-8")
    except UnicodeEncodeError:
        return
    shown = name.strip() or root.name  # detection strips; a blank name falls back to the folder
    text = _dockerfile(root)
    changed = _same_apart_from(instructions(text), expected, {"LABEL"})
    labels = label_pairs(changed.get("LABEL", dict(expected)["LABEL"]))
    assert set(labels) == set(label_pairs(dict(expected)["LABEL"]))  # no label added or lost
    title = unquote_double(labels["org.opencontainers.image.title"])
    assert title == comment(shown)  # the title is display text: line breaks become spaces
    if not re.search(r"[\x00-\x1f\x7f]", shown):
        assert title == shown  # otherwise intact, quotes, $, backslashes and all


# Names pip accepts after -r (no whitespace) and a file system can hold (no / or NUL).
file_names = st.text(st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc"), blacklist_characters="/"),
                     min_size=1, max_size=12).map(lambda s: "r" + s + ".txt")


@examples(200)
@given(name=file_names)
def test_included_requirement_file_with_odd_name_is_mounted_exactly(project, name):
    assume(not name.startswith("#") and " #" not in name)
    try:
        root = _files(project / "req", {"main.py": "print(1)\n", "requirements.txt": f"-r {name}\n", name: "idna\n"},
                      fresh=True)
    except OSError:
        return  # a name this file system refuses
    try:
        text = _dockerfile(root)
    except UnsafeValueError:
        assert re.search(r"[\"'\\$,=]", name)
        return
    assert not re.search(r"[\"'\\$,=]", name)
    runs = [v for i, v in instructions(text) if i == "RUN" and "--mount=type=bind" in v]
    assert len(runs) == 1
    words = shlex.split(runs[0])
    assert f"--mount=type=bind,source={name},target=/app/{name}" in words
    assert words.count("-r") == 1 and words[words.index("-r") + 1] == "requirements.txt"


@examples(300)
@given(port=st.one_of(st.integers(-10, 70000), hostile, st.floats(allow_nan=True), st.booleans()))
def test_port_setting_is_a_number_or_a_clear_error(project, port):
    root = _files(project / "port", {"app.py": "from flask import Flask\napp = Flask(__name__)\n"})
    try:
        text = _dockerfile(root, port=port)
    except ConfigError as err:
        assert "port" in err.message
        return
    exposed = [v for i, v in instructions(text) if i == "EXPOSE"]
    assert len(exposed) == 1 and exposed[0].isdigit() and 1 <= int(exposed[0]) <= 65535
    assert int(exposed[0]) == int(port)
    assert not isinstance(port, (bool, float))


@examples(200)
@given(app=hostile)
def test_app_setting_is_an_importable_spec_or_a_clear_error(project, app):
    root = _files(project / "app", {"app.py": "from flask import Flask\napp = Flask(__name__)\n"})
    try:
        text = _dockerfile(root, app=app)
    except ConfigError:
        return
    module, _, attr = app.strip().partition(":")
    cmd = json.loads(next(v for i, v in instructions(text) if i == "CMD"))
    assert cmd[-1] == app.strip()
    assert all(part.isidentifier() for part in module.split(".") + [attr.removesuffix("()")])


@examples(300)
@given(value=hostile)
def test_env_value_is_one_env_instruction_with_the_value_intact(value):
    try:
        word = env_value(value)
    except UnsafeValueError:
        assert CONTROL.search(value)
        return
    parsed = instructions(f"FROM scratch\nENV KEY={word}\nUSER 1\n")
    assert [i for i, _ in parsed] == ["FROM", "ENV", "USER"]
    key, _, quoted = parsed[1][1].partition("=")
    assert key == "KEY" and unquote_double(quoted) == value


@examples(300)
@given(value=hostile)
def test_comment_stays_one_comment_line(value):
    parsed = instructions(f"FROM scratch\n# note: {comment(value)}.\nUSER 1\n")
    assert parsed == [("FROM", "scratch"), ("USER", "1")]


@examples(200)
@given(paths=st.lists(hostile, min_size=1, max_size=3))
def test_paths_from_facts_are_quoted_or_refused(tmp_path_factory, paths):
    """Dependency file and writable-folder paths (spaces, quotes, newlines) through plan and render."""
    facts = ProjectFacts(root=Path("/p"),
                         packaging=PackagingFacts(name=Fact("x"), package_manager=Fact("pip"),
                                                  dependency_files=list(paths), is_package=Fact(False)),
                         python=PythonFacts(python_version=Fact("3.13")),
                         app=AppFacts(writable_dirs=list(paths), command=Fact(["python", "main.py"])))
    try:
        files = render_plan(choose_plan(facts, resolve(facts)))
    except DockergenError as err:
        assert isinstance(err, UnsafeValueError)
        assert any(re.search(r"[\"'\\$,=\x00-\x1f\x7f]", p) for p in paths)
        return
    parsed = instructions(files[0].content)
    words = shlex.split(next(v for i, v in parsed if i == "RUN" and "--mount=type=bind" in v))
    for path in paths:
        assert f"--mount=type=bind,source={path},target=/app/{path}" in words
    install = shlex.split(next(v for i, v in parsed if i == "RUN" and v.startswith("install -d")))
    assert install[6:] == paths
