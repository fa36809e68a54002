"""Package-manager detection: one case per manager and per tricky shape, each asserting the fact,
its evidence and what the install step sees; lock files made by the real tools live in the
fixture apps (tests/fixtures/projects/pm-*) and are copied, never edited in place."""

from __future__ import annotations

import re
import shutil

import pytest

from dockergen import generate
from dockergen.errors import ConfigError, ProjectError
from dockergen.inspection import inspect_project
from tests.conftest import FIXTURES, REPO, copy_fixture

PEP621 = '[project]\nname = "demo"\nversion = "1.0"\ndependencies = ["flask>=3", "idna"]\n'
HATCH = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n' + PEP621


def _dockerfile(root, **options) -> str:
    return {f.path: f.content for f in generate(root, dry_run=True, **options).files}["Dockerfile"]


def _install_part(text: str) -> str:
    """The builder stage (everything before the runtime stage)."""
    return text.split("FROM python:${PYTHON_VERSION}-slim-trixie AS runtime")[0]


# ---- one case per manager ---------------------------------------------------------------

def test_pip_requirements_variants_follow_includes_markers_extras_hashes(tree):
    root = tree({
        "requirements/prod.txt": "-r base.txt\n--index-url https://pypi.example/simple\n"
                                 "gunicorn==23.0.0 --hash=sha256:" + "a" * 64 + "\n",
        "requirements/base.txt": "-c ../constraints.txt\nrequests[socks]>=2 ; python_version >= '3.8'\n",
        "constraints.txt": "urllib3<3\n",
        "main.py": "print(1)\n",
    })
    facts = inspect_project(root)
    assert facts.packaging.package_manager.value == "pip"
    assert facts.packaging.package_manager.evidence == "requirements/prod.txt"
    assert facts.packaging.dependency_files == ["requirements/prod.txt", "requirements/base.txt", "constraints.txt"]
    assert {"requests", "gunicorn"} <= set(facts.packaging.requirements)
    text = _install_part(_dockerfile(root))
    for file in facts.packaging.dependency_files:  # every included file is mounted in the install step
        assert f"source={file},target=/app/{file}" in text
    assert "-r requirements/prod.txt" in text


def test_pip_local_path_is_mounted_and_dot_copies_source_first(tree):
    root = tree({
        "requirements.txt": "-e .\n./libs/helper\nidna\n",
        "libs/helper/pyproject.toml": "[project]\nname='helper'\nversion='1'\n",
        "setup.py": "from setuptools import setup\nsetup(name='x')\n",
        "main.py": "print(1)\n",
    })
    facts = inspect_project(root)
    assert facts.packaging.manager_files["pip"] == ["requirements.txt", ".", "libs/helper"]
    assert any("DG2012" in w for w in facts.warnings)
    text = _install_part(_dockerfile(root))
    assert "source=libs/helper,target=/app/libs/helper" in text
    assert text.index("COPY . .") < text.index("-r requirements.txt")


def test_uv_lock(tmp_path):
    root = copy_fixture("pm-uv", tmp_path)
    facts = inspect_project(root)
    assert (facts.packaging.package_manager.value, facts.packaging.package_manager.evidence) == ("uv", "uv.lock")
    assert facts.packaging.dependency_files == ["pyproject.toml", "uv.lock"]
    assert facts.packaging.requirements == ["flask"]  # the dev group is not a runtime requirement
    assert facts.packaging.locked_versions["flask"] == re.search(r'name = "flask"\nversion = "([^"]+)"',
                                                       (root / "uv.lock").read_text()).group(1)
    assert facts.packaging.other_package_managers == []
    assert not any("uv lock" in w for w in facts.warnings)
    text = _dockerfile(root)
    assert "uv sync --frozen --no-install-project --no-dev" in text
    # DG2112: not a package, so no second sync installs it; the added gunicorn stays.
    assert "--no-editable" not in text and "gunicorn==" in text
    assert "UV_PROJECT_ENVIRONMENT=/opt/venv" in text


def test_uv_workspace_member_app(tmp_path):
    root = copy_fixture("pm-uv-workspace", tmp_path)
    facts = inspect_project(root)
    assert facts.packaging.package_manager.value == "uv"
    assert facts.packaging.uv_workspace_members == ["packages/app", "packages/greet"]
    assert facts.packaging.requirements == ["idna"]  # members' dependencies; members themselves are not requirements
    text = _install_part(_dockerfile(root))
    assert "uv sync --frozen --no-install-workspace --no-dev" in text
    assert text.index("--no-install-workspace") < text.index("COPY . .") < text.index("--no-editable")


def test_virtual_workspace_root_syncs_all_packages(tree):
    root = tree({
        "pyproject.toml": '[tool.uv.workspace]\nmembers = ["apps/*"]\n',
        "uv.lock": 'version = 1\nrequires-python = ">=3.11"\n[[package]]\nname = "web"\nversion = "1.0"\n',
        "apps/web/pyproject.toml": '[project]\nname = "web"\nversion = "1.0"\ndependencies = ["flask"]\n',
    })
    facts = inspect_project(root)
    assert facts.packaging.uv_workspace_members == ["apps/web"] and facts.packaging.requirements == ["flask"]
    assert "uv sync --frozen --no-install-workspace --no-dev --all-packages" in _dockerfile(root, command="web")


def test_poetry2_pep621_package_mode_false(tmp_path):
    root = copy_fixture("pm-poetry2", tmp_path)
    facts = inspect_project(root)
    assert (facts.packaging.package_manager.value, facts.packaging.package_manager.evidence) == ("poetry", "poetry.lock")
    assert facts.packaging.is_package.value is False
    assert "package-mode = false" in facts.packaging.is_package.evidence
    assert facts.packaging.requirements == ["flask"]
    assert not any("poetry lock" in w for w in facts.warnings)
    text = _dockerfile(root)
    assert "export --only main --format requirements.txt" in text and "Locker.is_fresh" in text and "--no-dev" not in text
    assert "uv tool run --from poetry==" in text and "poetry-plugin-export==" in text
    assert "--link-mode=copy --no-deps ." not in text  # not a package: no project install


def test_poetry1_tool_poetry_table(tmp_path):
    root = tmp_path / "p1"
    shutil.copytree(FIXTURES.parent / "locks" / "poetry1", root)
    facts = inspect_project(root)
    assert facts.packaging.package_manager.value == "poetry"
    assert facts.packaging.name.evidence == "pyproject.toml [tool.poetry] name"
    assert not any("poetry lock" in w for w in facts.warnings)  # hash made by real Poetry matches
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text().replace(
        'python = "^3.11"', 'python = "^3.11"\nidna = "^3"'))
    facts = inspect_project(root)
    assert "idna" in facts.packaging.requirements
    assert any("poetry.lock content-hash" in w and "`poetry lock`" in w for w in facts.warnings)
    text = _dockerfile(root, command="python main.py")
    # DG2112: a package, but the start command runs from the source folder: dependencies only.
    assert "--link-mode=copy --no-deps ." not in text and "DG2112: the app runs from its source folder: only its dependencies are installed." in text


def test_pdm_lock(tmp_path):
    root = copy_fixture("pm-pdm", tmp_path)
    facts = inspect_project(root)
    assert (facts.packaging.package_manager.value, facts.packaging.package_manager.evidence) == ("pdm", "pdm.lock")
    assert facts.packaging.requirements == ["idna"]
    assert not any("pdm lock" in w for w in facts.warnings)
    text = _dockerfile(root)
    assert "pdm sync --prod --no-self --no-editable" in text
    assert "PDM_CHECK_UPDATE=false" in text and "--with hishel==" in text


def test_pipenv_locked(tmp_path):
    root = copy_fixture("pm-pipenv", tmp_path)
    facts = inspect_project(root)
    assert (facts.packaging.package_manager.value, facts.packaging.package_manager.evidence) == ("pipenv", "Pipfile.lock")
    assert facts.packaging.requirements == ["idna"]  # not the dev-packages
    assert "idna" in facts.packaging.locked_versions
    text = _dockerfile(root)
    assert "pipenv requirements --hash" in text and "--dev" not in text and "pipenv lock" not in text


def test_pipenv_without_lock(tree):
    root = tree({"Pipfile": '[packages]\nidna = "*"\n[dev-packages]\npytest = "*"\n', "main.py": "print(1)\n"})
    facts = inspect_project(root)
    assert (facts.packaging.package_manager.value, facts.packaging.package_manager.evidence) == ("pipenv", "Pipfile")
    assert facts.packaging.dependency_files == ["Pipfile"]
    assert any("no Pipfile.lock" in w for w in facts.warnings)
    assert "pipenv lock" in _dockerfile(root)


@pytest.mark.parametrize("backend", ["hatchling.build", "flit_core.buildapi", "setuptools.build_meta"])
def test_pep621_without_lock_installs_with_pip(tree, backend):
    root = tree({"pyproject.toml": HATCH.replace("hatchling.build", backend), "demo/__init__.py": "",
                 "demo/__main__.py": "print('demo')\n"})
    facts = inspect_project(root)
    assert facts.packaging.package_manager.value == "pip"
    assert facts.packaging.package_manager.evidence == f"pyproject.toml [build-system] {backend}"
    assert facts.packaging.requirements == ["flask", "idna"]
    assert "-r pyproject.toml" in _dockerfile(root)


def test_setup_py_only_gets_a_dependency_layer(tmp_path):
    root = copy_fixture("pm-setup-py", tmp_path)
    facts = inspect_project(root)
    assert (facts.packaging.package_manager.value, facts.packaging.package_manager.evidence) == ("pip", "setup.py")
    assert facts.packaging.install_requires == ["idna>=3"]
    text = _install_part(_dockerfile(root))
    assert "idna>=3" in text
    # DG2112: main.py runs the flat `hello` package from the source folder: it is not built.
    assert "COPY . ." not in text and "DG2112: the app runs from its source folder: only its dependencies are installed." in text


def test_setup_cfg_names(tree):
    root = tree({"setup.cfg": "[metadata]\nname = x\n[options]\ninstall_requires =\n    requests>=2\n    idna\n"})
    facts = inspect_project(root)
    assert facts.packaging.package_manager.evidence == "setup.cfg"
    assert facts.packaging.requirements == ["requests", "idna"]


def test_no_dependency_file(tree):
    facts = inspect_project(tree({"main.py": "print(1)\n"}))
    assert facts.packaging.package_manager.source == "default"
    assert facts.packaging.requirements == [] and facts.packaging.dependency_files == []


# ---- tricky shapes -------------------------------------------------------------------------

def test_conflicting_managers_follow_the_order_and_keep_evidence(tmp_path):
    root = copy_fixture("pm-uv", tmp_path)
    shutil.copy(FIXTURES / "pm-poetry2" / "poetry.lock", root / "poetry.lock")
    (root / "requirements.txt").write_text("flask\n")
    facts = inspect_project(root)
    assert facts.packaging.package_manager.value == "uv"
    assert facts.packaging.other_package_managers == ["poetry (poetry.lock)", "pip (requirements.txt)"]
    assert any("using uv (uv.lock)" in w and "--package-manager" in w for w in facts.warnings)


@pytest.mark.parametrize("manager", ["pip", "poetry"])
def test_override_from_cli_picks_another_present_manager(tmp_path, manager):
    root = copy_fixture("pm-uv", tmp_path)
    shutil.copy(FIXTURES / "pm-poetry2" / "poetry.lock", root / "poetry.lock")
    text = _dockerfile(root, package_manager=manager)
    assert "uv sync" not in text
    assert ("-r pyproject.toml" if manager == "pip" else "export --only main") in text


def test_override_from_config(tmp_path):
    root = copy_fixture("pm-pdm", tmp_path)
    (root / ".dockergen.toml").write_text('package_manager = "pip"\n')
    text = _dockerfile(root)
    assert "pdm install" not in text and "-r pyproject.toml" in text


def test_override_naming_a_manager_without_its_lock_is_a_config_error(tree):
    root = tree({"requirements.txt": "idna\n", "main.py": "print(1)\n"})
    with pytest.raises(ConfigError, match="uv.lock"):
        generate(root, dry_run=True, package_manager="uv")


@pytest.mark.parametrize("fixture, lock, garbage", [
    ("pm-uv", "uv.lock", "[[package]\nname = "),
    ("pm-poetry2", "poetry.lock", "package = 'oops'\n"),
    ("pm-pdm", "pdm.lock", "not = [toml\n"),
    ("pm-pipenv", "Pipfile.lock", '{"_meta": '),
])
def test_malformed_lock_is_a_project_error_naming_the_file(tmp_path, fixture, lock, garbage):
    root = copy_fixture(fixture, tmp_path)
    (root / lock).write_text(garbage)
    with pytest.raises(ProjectError) as err:
        inspect_project(root)
    assert lock in err.value.message and err.value.hint


@pytest.mark.parametrize("fixture, edit, command", [
    ("pm-poetry2", ("pyproject.toml", '"flask (>=3,<4)"', '"flask (>=3,<4)", "idna"'), "poetry lock"),
    ("pm-pdm", ("pyproject.toml", '"idna>=3"', '"idna>=3", "flask"'), "pdm lock"),
    ("pm-pipenv", ("Pipfile", 'idna = "*"', 'idna = "*"\nflask = "*"'), "pipenv lock"),
    ("pm-uv", ("pyproject.toml", '"flask>=3"', '"flask>=3", "idna"'), "uv lock"),
])
def test_stale_lock_is_a_warning_with_the_refresh_command(tmp_path, fixture, edit, command):
    root = copy_fixture(fixture, tmp_path)
    assert not any(command in w for w in inspect_project(root).warnings)
    path = root / edit[0]
    assert edit[1] in path.read_text()
    path.write_text(path.read_text().replace(edit[1], edit[2]))
    facts = inspect_project(root)
    assert any(f"`{command}`" in w and "DG1012" in w for w in facts.warnings), facts.warnings
    assert facts.packaging.package_manager.evidence  # still the locked manager: the lock is what installs


def test_uv_requires_python_change_is_stale(tmp_path):
    root = copy_fixture("pm-uv", tmp_path)
    path = root / "pyproject.toml"
    path.write_text(path.read_text().replace('requires-python = ">=3.11"', 'requires-python = ">=3.12"'))
    assert any("requires-python" in w for w in inspect_project(root).warnings)


def test_tool_managers_use_multi_stage_and_keep_tools_out_of_runtime(tmp_path):
    for fixture in ("pm-uv", "pm-poetry2", "pm-pdm", "pm-pipenv"):
        text = _dockerfile(copy_fixture(fixture, tmp_path / fixture))
        runtime = text.split(" AS runtime")[1]
        assert " AS builder" in text
        assert not re.search(r"\b(uv|poetry|pdm|pipenv)\b (sync|install|export|tool|pip)", runtime)


def test_pinned_tool_versions_are_exact():
    text = (REPO / "dockergen" / "versions.py").read_text()
    for name in ("UV_VERSION", "POETRY_VERSION", "PDM_VERSION", "PIPENV_VERSION", "POETRY_EXPORT_VERSION"):
        assert re.search(rf'^{name} = "\d+\.\d+\.\d+"$', text, re.M), name



def test_managers_found_feed_the_wizard_only_with_real_rivals(tmp_path):
    root = copy_fixture("pm-uv", tmp_path)
    assert inspect_project(root).packaging.package_managers_found == ["uv"]  # its pyproject.toml is no rival
    (root / "requirements.txt").write_text("flask\n")
    assert inspect_project(root).packaging.package_managers_found == ["uv", "pip"]

def test_uv_workspace_member_dependency_missing_from_lock_is_stale(tmp_path):
    root = copy_fixture("pm-uv-workspace", tmp_path)
    assert not any("uv lock" in w for w in inspect_project(root).warnings)
    member = root / "packages" / "greet" / "pyproject.toml"
    member.write_text(member.read_text().replace("dependencies = []", 'dependencies = ["idna"]'))
    warnings = inspect_project(root).warnings
    assert any("packages/greet/pyproject.toml" in w and "`uv lock`" in w for w in warnings), warnings


def test_uv_normalised_requires_python_is_not_stale(tmp_path):
    root = copy_fixture("pm-uv", tmp_path)
    for name, old, new in (("pyproject.toml", '">=3.11"', '">=3.11,<4"'), ("uv.lock", '">=3.11"', '">=3.11, <4"')):
        path = root / name
        path.write_text(path.read_text().replace(f"requires-python = {old}", f"requires-python = {new}", 1))
    assert not any("requires-python" in w for w in inspect_project(root).warnings)
