"""`dockergen check` on the command line: text, JSON and SARIF output, --fail-on exit codes."""

import json

import pytest
from typer.testing import CliRunner

from dockergen.check import RULES
from dockergen.cli import app
from dockergen.decisions import get
from dockergen.errors import ExitCode

runner = CliRunner()
FLASK = {"requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n",
         ".dockerignore": ".git\n**/.env\n**/*.pem\n**/*.key\n**/id_rsa*\n"}
# Root (error), shell-form CMD (warning), uv without a cache in a build stage (info).
NAIVE = ("FROM python:3.12-slim AS build\nRUN uv pip install --system flask\n"
         "FROM python:3.12-slim\nCOPY . /app\nCMD gunicorn app:app\n")


@pytest.fixture
def naive(tree):
    return tree({**FLASK, "Dockerfile": NAIVE})


def test_text_groups_by_severity_without_colour_when_not_a_tty(naive):
    result = runner.invoke(app, ["check", str(naive)])
    assert result.exit_code == ExitCode.FINDINGS
    out = result.output
    assert "\033[" not in out
    assert out.index("error (1)") < out.index("warning (1)") < out.index("info (1)")
    assert "Dockerfile:3  DG3001" in out and "fix: " in out and "1 error, 1 warning, 1 info." in out


@pytest.mark.parametrize("fail_on, code", [("error", ExitCode.FINDINGS), ("warning", ExitCode.FINDINGS),
                                           ("info", ExitCode.FINDINGS)])
def test_fail_on_thresholds_with_all_severities(naive, fail_on, code):
    assert runner.invoke(app, ["check", "--fail-on", fail_on, str(naive)]).exit_code == code


def test_fail_on_only_counts_findings_at_or_above(tree):
    # Only an info finding: passes at the default threshold, fails with --fail-on info.
    text = ("FROM python:3.12-slim AS build\nRUN pip install flask\nFROM python:3.12-slim\n"
            "USER 10001\nCMD [\"python\", \"-V\"]\n")
    root = tree({"Dockerfile": text, ".dockerignore": FLASK[".dockerignore"]})
    assert runner.invoke(app, ["check", str(root)]).exit_code == 0
    assert runner.invoke(app, ["check", "--fail-on", "info", str(root)]).exit_code == ExitCode.FINDINGS


def test_json_output(naive):
    result = runner.invoke(app, ["check", "--format", "json", "--fail-on", "error", str(naive)])
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1 and data["dockerfile"] == "Dockerfile"
    assert data["counts"] == {"error": 1, "warning": 1, "info": 1}
    assert {f["code"] for f in data["findings"]} == {"DG3001", "DG3005", "DG3021"}
    assert all(set(f) == {"path", "line", "code", "severity", "message", "fix"} for f in data["findings"])


def test_sarif_structure(naive, tmp_path):
    out = tmp_path / "check.sarif"
    result = runner.invoke(app, ["check", "--format", "sarif", "-o", str(out), str(naive)])
    assert result.exit_code == ExitCode.FINDINGS and result.stdout == ""
    log = json.loads(out.read_text())
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "dockergen" and driver["version"]
    ids = [r["id"] for r in driver["rules"]]
    assert ids == list(RULES) and len(set(ids)) == len(ids)
    for rule in driver["rules"]:
        assert rule["helpUri"].startswith("https://") and rule["helpUri"].endswith(f"/{rule['id']}.md")
        assert rule["shortDescription"]["text"] == get(rule["id"]).title
    assert {r["level"] for r in run["results"]} == {"error", "warning", "note"}
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["message"]["text"]
        (loc,) = res["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"]["uri"] == "Dockerfile"
        assert isinstance(phys["region"]["startLine"], int) and phys["region"]["startLine"] >= 1


def test_sarif_validates_against_the_sarif_2_1_0_schema_models(naive):
    """pydantic-sarif's models are generated from sarif-schema-2.1.0.json (extra fields forbidden)."""
    from pydantic_sarif.model import StaticAnalysisResultsFormatSarifVersion210JsonSchema as SarifLog

    log = json.loads(runner.invoke(app, ["check", "--format", "sarif", str(naive)]).stdout)
    parsed = SarifLog.model_validate(log)
    assert len(parsed.runs[0].results) == 3 and len(parsed.runs[0].tool.driver.rules) == len(RULES)


def test_sarif_schema_models_reject_a_broken_log(naive):
    from pydantic import ValidationError
    from pydantic_sarif.model import StaticAnalysisResultsFormatSarifVersion210JsonSchema as SarifLog

    log = json.loads(runner.invoke(app, ["check", "--format", "sarif", str(naive)]).stdout)
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(ValidationError):
        SarifLog.model_validate(log)


def test_sarif_validates_against_a_minimal_schema(naive):
    """The SARIF 2.1.0 schema's required properties for what we emit, checked with jsonschema."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = {
        "type": "object", "required": ["version", "runs"],
        "properties": {"version": {"const": "2.1.0"}, "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {"rules": {"type": "array", "items": {"type": "object", "required": ["id"]}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"],
                    "properties": {
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}]},
                        "locations": {"type": "array", "items": {"type": "object", "properties": {
                            "physicalLocation": {"type": "object", "properties": {
                                "region": {"type": "object", "properties": {
                                    "startLine": {"type": "integer", "minimum": 1}}}}}}}}}}}}}}},
    }
    result = runner.invoke(app, ["check", "--format", "sarif", str(naive)])
    jsonschema.validate(json.loads(result.stdout), schema)


def test_clean_project_exits_zero(tree):
    root = tree(FLASK)
    assert runner.invoke(app, ["init", "--yes", "--force", str(root)]).exit_code == 0
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 0 and "no findings" in result.output
    sarif = json.loads(runner.invoke(app, ["check", "--format", "sarif", str(root)]).stdout)
    assert sarif["runs"][0]["results"] == []


def test_accepts_a_dockerfile_path_and_its_own_dockerignore(tree):
    root = tree({**FLASK, "docker/prod.Dockerfile": NAIVE, "docker/prod.Dockerfile.dockerignore": ".git\n"})
    data = json.loads(runner.invoke(app, ["check", "--format", "json", str(root / "docker/prod.Dockerfile")]).stdout)
    assert data["dockerfile"] == "docker/prod.Dockerfile"
    assert any(f["code"] == "DG3004" and f["path"] == ".dockerignore" for f in data["findings"])


def test_missing_dockerfile_and_bad_options(tree):
    root = tree({"main.py": ""})
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == ExitCode.BAD_PROJECT and "dockergen init" in result.output
    assert runner.invoke(app, ["check", "--format", "xml", str(root)]).exit_code == ExitCode.USAGE
    assert runner.invoke(app, ["check", "--fail-on", "fatal", str(root)]).exit_code == ExitCode.USAGE


def test_text_colour_only_when_asked():
    from dockergen.check.format import format_text
    from dockergen.check.model import CheckReport, Finding

    report = CheckReport("/p", "Dockerfile", [Finding("DG3001", "error", 3, "root", "add USER")])
    assert "\033[31m" in format_text(report, colour=True)
    assert "\033[" not in format_text(report, colour=False)
