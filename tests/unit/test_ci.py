"""CI workflow scaffolding: golden files per variant, actionlint on every GitHub workflow,
structural checks of the GitLab job, pinning and secrets, settings validation."""

import re
import shutil
import subprocess
import sys

import pytest
import yaml
from typer.testing import CliRunner

from dockergen import generate
from dockergen.cli import app
from dockergen.errors import ConfigError, ExitCode
from tests.conftest import assert_golden

FLASK = {"requirements.txt": "flask==3.1.0\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"}
VARIANTS = {
    "github-default": {"ci": "github"},
    "github-registry-multiarch": {"ci": "github", "ci_registry": "registry.example.com:5000",
                                  "ci_image": "team/web-app", "ci_multi_arch": True},
    "gitlab-default": {"ci": "gitlab"},
    "gitlab-registry-multiarch": {"ci": "gitlab", "ci_registry": "registry.example.com",
                                  "ci_image": "team/web-app", "ci_multi_arch": True},
}
PATHS = {"github": ".github/workflows/docker.yml", "gitlab": ".gitlab-ci.yml"}


def _workflow(tree, variant):
    report = generate(tree(FLASK), dry_run=True, **VARIANTS[variant])
    files = {f.path: f.content for f in report.files}
    assert set(files) == {"Dockerfile", ".dockerignore", PATHS[VARIANTS[variant]["ci"]]}
    return files[PATHS[VARIANTS[variant]["ci"]]]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_golden(tree, variant):
    assert_golden(f"ci/{variant}.yml", _workflow(tree, variant))


@pytest.mark.parametrize("variant", [v for v in sorted(VARIANTS) if v.startswith("github")])
def test_actionlint_has_no_findings(tree, tmp_path, variant):
    exe = shutil.which("actionlint")
    assert exe, "actionlint is missing: install the test extra (pip install -e '.[test]')"
    path = tmp_path / ".github" / "workflows" / "docker.yml"
    path.parent.mkdir(parents=True)
    path.write_text(_workflow(tree, variant), encoding="utf-8")
    result = subprocess.run([exe, "-no-color", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def _schema_check(schema, path):
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, check=False)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_workflow_validates_against_its_schemastore_schema(tree, tmp_path, variant):
    """GitLab's and GitHub's published schemas, vendored offline by check-jsonschema."""
    path = tmp_path / "ci.yml"
    path.write_text(_workflow(tree, variant), encoding="utf-8")
    schema = {"github": "vendor.github-workflows", "gitlab": "vendor.gitlab-ci"}[VARIANTS[variant]["ci"]]
    result = _schema_check(schema, path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_schema_check_can_fail(tmp_path):
    path = tmp_path / "ci.yml"
    path.write_text("docker:\n  stage: build\n  script: 42\n  when: sometimes\n", encoding="utf-8")
    assert _schema_check("vendor.gitlab-ci", path).returncode != 0


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The lint step above can fail: a bad expression is reported."""
    path = tmp_path / "bad.yml"
    path.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
                    "      - run: echo ${{ github.nope( }}\n", encoding="utf-8")
    result = subprocess.run([shutil.which("actionlint"), "-no-color", str(path)], capture_output=True, text=True)
    assert result.returncode != 0


@pytest.mark.parametrize("variant", [v for v in sorted(VARIANTS) if v.startswith("github")])
def test_github_workflow_shape(tree, variant):
    text = _workflow(tree, variant)
    flow = yaml.safe_load(text)
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses and all(re.search(r"@(v\d+\.\d+\.\d+|[0-9a-f]{40})$", u) for u in uses), uses
    steps = flow["jobs"]["build"]["steps"]
    build = next(s for s in steps if s.get("uses", "").startswith("docker/build-push-action@"))["with"]
    assert build["push"] == "${{ startsWith(github.ref, 'refs/tags/v') }}"
    assert build["cache-from"] == "type=gha" and build["cache-to"] == "type=gha,mode=max"
    assert build["labels"] == "${{ steps.meta.outputs.labels }}"
    meta = next(s for s in steps if s.get("id") == "meta")["with"]
    assert {"type=ref,event=branch", "type=semver,pattern={{version}}", "type=sha"} <= set(meta["tags"].split())
    assert flow["permissions"] == {"contents": "read"}
    assert flow["jobs"]["build"]["permissions"]["packages"] == "write"
    assert any(s.get("uses", "").startswith("hadolint/") for s in flow["jobs"]["lint"]["steps"])
    login = next(s for s in steps if s.get("uses", "").startswith("docker/login-action@"))["with"]
    assert re.fullmatch(r"\$\{\{ secrets\.[A-Z_]+ \}\}", login["password"])
    assert len(re.findall(r"secrets\.", text)) == (1 if "ghcr" in login["registry"] else 2)
    multi = VARIANTS[variant].get("ci_multi_arch", False)
    assert build["platforms"] == ("linux/amd64,linux/arm64" if multi else "linux/amd64")
    assert any(s.get("uses", "").startswith("docker/setup-qemu-action@") for s in steps) is multi


@pytest.mark.parametrize("variant", [v for v in sorted(VARIANTS) if v.startswith("gitlab")])
def test_gitlab_job_shape(tree, variant):
    text = _workflow(tree, variant)
    pipeline = yaml.safe_load(text)
    jobs = {k: v for k, v in pipeline.items() if isinstance(v, dict) and k != "workflow"}
    assert pipeline["workflow"]["rules"]  # no duplicate branch + merge request pipelines
    assert set(jobs) == {"hadolint", "docker"} and all(j["stage"] in pipeline["stages"] for j in jobs.values())
    images = [j["image"] for j in jobs.values()] + jobs["docker"]["services"]
    assert all(re.search(r":v?\d+\.\d+\.\d+", i) for i in images), images
    script = "\n".join(jobs["docker"]["before_script"] + jobs["docker"]["script"])
    assert "password-stdin" in script and not re.search(r"--password[ =](?!-stdin)", script)
    # Push only for tags: --push is set inside the CI_COMMIT_TAG branch and nowhere else.
    body = jobs["docker"]["script"][0]
    tag_branch = body[body.index('if [ -n "${CI_COMMIT_TAG:-}" ]'):body.index("fi\n")]
    assert body.count("--push") == 1 and "--push" in tag_branch
    assert "org.opencontainers.image.revision=$CI_COMMIT_SHA" in body and "type=registry" in body
    syntax = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr
    multi = VARIANTS[variant].get("ci_multi_arch", False)
    assert jobs["docker"]["variables"]["PLATFORMS"] == ("linux/amd64,linux/arm64" if multi else "linux/amd64")
    if "ci_image" in VARIANTS[variant]:
        assert jobs["docker"]["variables"]["IMAGE"] == "registry.example.com/team/web-app"


def test_no_ci_setting_writes_no_workflow(tree):
    files = [f.path for f in generate(tree(FLASK), dry_run=True).files]
    assert files == ["Dockerfile", ".dockerignore"]


@pytest.mark.parametrize("key, value", [("ci", "jenkins"), ("ci_registry", "https://bad host/"),
                                        ("ci_image", "Team/App"), ("ci_image", 'a"\nb: c'),
                                        ("ci_multi_arch", "yes")])
def test_bad_ci_settings_are_config_errors(tree, key, value):
    with pytest.raises(ConfigError):
        generate(tree(FLASK), dry_run=True, **{"ci": "github", key: value})


def test_cli_init_ci_and_config_key(tree):
    runner = CliRunner()
    root = tree({**FLASK, ".dockergen.toml": 'ci = "gitlab"\n'})
    result = runner.invoke(app, ["init", "--yes", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / ".gitlab-ci.yml").is_file() and "ci gitlab (from .dockergen.toml ci)" in result.output
    kept = runner.invoke(app, ["init", "--yes", "--ci", "github", str(root)])
    assert kept.exit_code == ExitCode.FILES_KEPT  # the .dockerignore now lists the other workflow
    result = runner.invoke(app, ["init", "--yes", "--force", "--ci", "github", str(root)])
    assert result.exit_code == 0 and (root / ".github/workflows/docker.yml").is_file()
    assert runner.invoke(app, ["init", "--yes", "--ci", "circle", str(root)]).exit_code == ExitCode.USAGE  # a bad option value



def test_ci_none_writes_no_workflow(tree):
    root = tree({**FLASK, ".dockergen.toml": 'ci = "none"\n'})
    assert [f.path for f in generate(root, dry_run=True).files] == ["Dockerfile", ".dockerignore"]
    assert [f.path for f in generate(root, dry_run=True, ci="github").files][2:] == [PATHS["github"]]


def test_cli_ci_flags(tree):
    root = tree(FLASK)
    args = ["init", "--yes", "--ci", "github", "--ci-registry", "registry.example.com", "--ci-image", "team/app",
            "--ci-multi-arch", str(root)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    flow = yaml.safe_load((root / PATHS["github"]).read_text())
    build = flow["jobs"]["build"]["steps"][-1]["with"]
    assert build["platforms"] == "linux/amd64,linux/arm64"
    meta = next(s for s in flow["jobs"]["build"]["steps"] if s.get("id") == "meta")["with"]
    assert meta["images"] == "registry.example.com/team/app"
