"""Every GitHub Action that dockergen writes or ships is pinned by commit SHA with its release
in a comment, and matches the one dated table (dockergen/data/ci_actions.toml); the shipped
composite action validates against its schema and its check step runs as GitHub would run it."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dockergen.ci import pinned_actions
from dockergen.shipped import load_data
from tests.conftest import GOLDEN, REPO, build_tree

TABLE = load_data("ci_actions.toml")
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(.+)$", re.M)
PINNED = re.compile(r"(?P<repo>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40}) # (?P<version>v\d+\.\d+\.\d+)")
SHIPPED = [GOLDEN / "ci" / "github-default.yml", GOLDEN / "ci" / "github-registry-multiarch.yml", REPO / "action.yml"]


def test_the_table_is_dated_and_complete():
    assert isinstance(TABLE["checked"], datetime.date)
    for name, action in TABLE["actions"].items():
        assert re.fullmatch(r"[0-9a-f]{40}", action["sha"]), name
        assert re.fullmatch(r"v\d+\.\d+\.\d+", action["version"]), name


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name if p.name == "action.yml" else p.stem)
def test_every_uses_line_is_pinned_to_the_table(path):
    known = {a["repo"]: a for a in TABLE["actions"].values()}
    uses = USES.findall(path.read_text(encoding="utf-8"))
    assert uses
    for value in uses:
        match = PINNED.fullmatch(value.strip())
        assert match, f"{path.name}: {value!r} is not pinned as owner/repo@SHA # vX.Y.Z"
        expected = known[match["repo"]]
        assert (match["sha"], match["version"]) == (expected["sha"], expected["version"]), value


def test_templates_take_their_pins_from_the_table():
    text = "".join(p.read_text() for p in (REPO / "templates" / "_outputs" / "ci").glob("*.jinja"))
    assert not re.search(r"uses:\s*[\w-]+/", text), "a template hard-codes an action"
    assert pinned_actions()["checkout"] == f"actions/checkout@{TABLE['actions']['checkout']['sha']} " \
                                           f"# {TABLE['actions']['checkout']['version']}"


def test_generated_workflow_runs_dockergen_check_with_sarif():
    flow = yaml.safe_load((GOLDEN / "ci" / "github-default.yml").read_text())
    steps = flow["jobs"]["lint"]["steps"]
    run = next(s["run"] for s in steps if "dockergen check" in s.get("run", ""))
    assert "--format sarif" in run and "dockergen-cli==" in run
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == "dockergen.sarif" and "cancelled()" in upload["if"]
    assert flow["jobs"]["lint"]["permissions"]["security-events"] == "write"


def test_action_yml_validates_against_its_schema():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-actions",
                             str(REPO / "action.yml")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("dockerfile", "status"), [(None, 0), ("FROM python:3.12\nCOPY . .\nCMD python app.py\n", 7)])
def test_action_check_step_runs_as_github_runs_it(tmp_path, dockerfile, status):
    from typer.testing import CliRunner

    from dockergen.cli import app

    repo = build_tree(tmp_path / "repo", {"services/api/requirements.txt": "flask\n",
                                          "services/api/app.py": "from flask import Flask\napp = Flask(__name__)\n"})
    assert CliRunner().invoke(app, ["init", "--yes", "--offline", str(repo / "services/api")]).exit_code == 0
    if dockerfile:
        (repo / "services/api/Dockerfile").write_text(dockerfile)
    step = next(s for s in yaml.safe_load((REPO / "action.yml").read_text())["runs"]["steps"] if s.get("id") == "check")
    output = tmp_path / "github_output"
    env = {**os.environ, "PATHS": "services/*/Dockerfile", "FAIL_ON": "warning", "SARIF": str(tmp_path / "out.sarif"),
           "GITHUB_OUTPUT": str(output), "DOCKERGEN_OFFLINE": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    assert shutil.which("dockergen", path=env["PATH"])
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True,
                            check=False)
    assert result.returncode == status, result.stdout + result.stderr
    assert output.read_text() == f"sarif-file={tmp_path / 'out.sarif'}\n"
    results = json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["results"]
    assert bool(results) is bool(dockerfile)
    if results:  # located from the repository root, as code scanning resolves them
        assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == \
               {"services/api/Dockerfile"}
