"""Fuzzing the inspector: random and mutated project trees give facts or a DockergenError.

Trees mix plausible files (TOML manifests, requirements with includes, Pipfiles, Flask apps)
with mutations of them (truncation, flipped bytes, inserted junk), random bytes, Python with
syntax errors or absurd nesting, folders where files belong and symlink loops. Any other
exception, a hang, or facts that cannot be serialised is a failure. `generate` (dry run) gets
the same trees: planning and rendering must cope with whatever inspection found.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import tomlkit
from hypothesis import event, given
from hypothesis import strategies as st

from dockergen import generate, inspect_project
from dockergen.errors import DockergenError
from dockergen.facts import ProjectFacts

from .conftest import examples

SAMPLES = {
    "pyproject.toml": [
        '[project]\nname = "demo"\nversion = "1.0"\nrequires-python = ">=3.11"\ndependencies = ["flask>=3", "idna"]\n'
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
        '[tool.poetry]\nname = "demo"\npackage-mode = false\n[tool.poetry.dependencies]\npython = "^3.12"\n',
        '[project]\nname = "x"\ndynamic = ["version"]\n[tool.dockergen]\nport = 8080\n',
    ],
    "requirements.txt": [
        "flask==3.0.3\nrequests>=2 ; python_version > '3.8'\n-r base.txt\n-c constraints.txt\n",
        "--index-url https://example.org/simple\n-e .\ngit+https://example.org/x.git#egg=x\n./libs/local\n",
        "numpy \\\n  >=1.26  # comment\nname @ https://example.org/x.whl\n--hash=sha256:abc\n",
    ],
    "base.txt": ["-r requirements.txt\nidna\n", "-r ../outside.txt\n", "gunicorn\n-r base.txt\n"],
    "Pipfile": ['[[source]]\nurl = "https://pypi.org/simple"\n[packages]\nflask = "*"\n[requires]\npython_version = "3.12"\n'],
    "uv.lock": ['version = 1\nrequires-python = ">=3.12"\n[[package]]\nname = "idna"\nversion = "3.10"\n'],
    "pdm.lock": ['[metadata]\ncontent_hash = "sha256:0"\n[[package]]\nname = "idna"\nversion = "3.10"\n'],
    "Pipfile.lock": ['{"_meta": {"hash": {"sha256": "0"}}, "default": {"flask": {"version": "==3.0.3"}}}\n'],
    "poetry.lock": ['[[package]]\nname = "idna"\nversion = "3.10"\n[metadata]\nlock-version = "2.0"\n'],
    ".python-version": ["3.12\n", "pypy3.10\n", "# c\n3.13.1\n", "system\n"],
    ".dockergen.toml": ['python = "3.12"\nport = 9000\n', "template = 'nope'\n", "command = ['python', 'x.py']\n"],
    "app.py": [
        "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run(port=5000)\n",
        "import flask\ndef create_app(config=None):\n    return flask.Flask(__name__)\n",
        "app: Flask = Flask(__name__)\nother = Flask('x')\n",
    ],
    "main.py": ["print('hi')\n", "def f(:\n", "x = " + "(" * 200 + ")" * 200 + "\n", "\ufeffimport os\n"],
    "pkg/__init__.py": ["from flask import Flask\napp = Flask(__name__)\n", "def create_app(a, b): ...\n"],
    "wsgi.py": ["from pkg import create_app\napplication = create_app()\n", "app = " + "[" * 5000 + "\n"],
    "setup.py": ["from setuptools import setup\nsetup(name='x')\n"],
}
NAMES = sorted(SAMPLES) + ["requirements/prod.txt", "src/demo/__init__.py", "deep/a/b/c/d/e/f/g.py", "setup.cfg"]


def _mutate(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    for pos, drop, insert in cuts:
        pos %= len(data) + 1
        data = data[:pos] + insert + data[pos + drop:]
    return data


junk = st.sampled_from([b"[", b"]", b"=", b'"', b"'''", b"\n", b"\\", b"\x00", b"\xff\xfe", b"\xe9", b"-r ",
                        b"-r base.txt\n", b"-r ../x\n", b"#", b"(", b":", b"\t", b" ", b"\r\n", b"[[package]]\n",
                        b"name = ", b"def ", b"app = Flask(__name__)\n", b"\u2028".decode("unicode_escape").encode()])
mutation = st.tuples(st.integers(0, 400), st.integers(0, 8), st.one_of(junk, st.binary(max_size=6)))


@st.composite
def file_content(draw, name: str) -> bytes:
    samples = SAMPLES.get(name, ["x = 1\n"])
    kind = draw(st.sampled_from(["sample", "mutated", "mutated", "text", "bytes", "toml"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "text":
        return draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
    if kind == "toml":
        value = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
                             lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                          max_size=3), max_leaves=8)
        keys = st.sampled_from(["project", "tool", "build-system", "packages", "package", "name", "dependencies",
                                "requires-python", "poetry", "dockergen", "version", "requires"])
        doc = draw(st.dictionaries(keys, value, max_size=4))
        try:
            return tomlkit.dumps(_drop_none(doc)).encode("utf-8", "surrogatepass")
        except Exception:  # tomlkit cannot represent every generated value; fall back to a sample
            return samples[0].encode()
    base = draw(st.sampled_from(samples)).encode("utf-8")
    if kind == "sample":
        return base
    return _mutate(base, draw(st.lists(mutation, min_size=1, max_size=4)))


def _drop_none(value):
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value if v is not None]
    return value


@st.composite
def project_tree(draw) -> dict[str, bytes | str]:
    """{path: bytes} plus special entries: "<dir>" for a folder, "<loop>" for a symlink loop."""
    names = draw(st.lists(st.sampled_from(NAMES), min_size=0, max_size=7, unique=True))
    tree: dict[str, bytes | str] = {}
    for name in names:
        special = draw(st.sampled_from(["file"] * 12 + ["<dir>", "<loop>", "<dangling>"]))
        tree[name] = draw(file_content(name)) if special == "file" else special
    return tree


def _build(root: Path, tree: dict[str, bytes | str]) -> None:
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name, content in tree.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content == "<dir>":
            path.mkdir(exist_ok=True)
            (path / "inner.txt").write_text("x")
        elif content == "<loop>":
            path.symlink_to(path.name)
        elif content == "<dangling>":
            path.symlink_to("does-not-exist")
        else:
            path.write_bytes(content)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@examples(1200)
@given(tree=project_tree())
def test_inspect_project_returns_facts_or_a_dockergen_error(workdir, tree):
    root = workdir / "p"
    _build(root, tree)
    try:
        facts = inspect_project(root)
    except DockergenError as err:
        event(f"error: {err.message.split(' ')[1] if ' ' in err.message else err.message}"[:40])
        assert err.message.strip() and err.hint.strip()
        return
    event(f"facts: framework={facts.app.framework.value if facts.app.framework else None}")
    assert isinstance(facts, ProjectFacts)
    json.dumps(facts.to_json())  # facts are plain data all the way down
    for warning in facts.warnings:
        assert isinstance(warning, str) and warning


@examples(400)
@given(tree=project_tree())
def test_generate_dry_run_returns_files_or_a_dockergen_error(workdir, tree):
    root = workdir / "g"
    _build(root, tree)
    before = sorted(p.name for p in root.iterdir())
    try:
        report = generate(root, dry_run=True)
    except DockergenError:
        return
    finally:
        assert sorted(p.name for p in root.iterdir()) == before  # a dry run writes nothing
    dockerfile = next(f.content for f in report.files if f.path == "Dockerfile")
    assert dockerfile.startswith("# syntax=docker/dockerfile:1\n") and "\nCMD [" in dockerfile
