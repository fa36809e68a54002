"""The native-dependency map (DG1033) and what the plan makes of it (DG2025-DG2027).

Data consistency runs once per map entry; the plan tests build facts inline and render,
so they also check the generated apt steps with hadolint.
"""

from __future__ import annotations

import re

import pytest

from packaging.utils import canonicalize_name

from dockergen import generate
from dockergen.inspection import inspect_project
from dockergen.inspection.native_deps import BUILD_WHEN, RUNTIME_WHEN, native_map, plan_native
from dockergen.versions import DEBIAN_RELEASES
from tests.conftest import REPO, hadolint

ENTRIES = sorted(native_map())
# Tools and -dev packages: what must never reach a runtime stage.
BUILD_ONLY = re.compile(r"(-dev$|^gcc$|^g\+\+$|^build-essential$|^pkg-config$|^cargo$|^libc6-dev$)")


def _section_3() -> str | None:
    for base in (REPO.parent, REPO.parents[1]):
        path = base / "shared" / "BEST-PRACTICES.md"
        if path.exists():
            text = path.read_text(encoding="utf-8")
            return text.split("## 3.", 1)[1].split("\n## 4.", 1)[0]
    return None


def test_data_file_ships_in_the_wheel():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'packages = ["dockergen"]' in pyproject  # dockergen/data/*.toml is inside the package
    assert (REPO / "dockergen" / "data" / "native_deps.toml").is_file()


@pytest.mark.parametrize("name", ENTRIES)
def test_entry_is_consistent(name):
    entry = native_map()[name]
    assert entry.build_when in BUILD_WHEN and entry.runtime_when in RUNTIME_WHEN
    assert set(entry.build) == set(DEBIAN_RELEASES) == set(entry.runtime), "both releases present"
    assert entry.note
    for release in DEBIAN_RELEASES:
        build, runtime = entry.build[release], entry.runtime[release]
        assert not set(build) & set(runtime), "a build package in the runtime list"
        assert not [p for p in runtime if BUILD_ONLY.search(p)], "a compiler or -dev package at run time"
        assert not [p for p in build + runtime if re.match(r"python3(-|$)", p)], "rule 37: no Debian Python"
        assert list(build) == sorted(build) and list(runtime) == sorted(runtime)
        if entry.build_when != "never":
            assert build, "something to build with"
        elif entry.bundles:  # DG1095: a binary distribution that ships the library needs nothing
            assert not build and not runtime
        else:
            assert not build and runtime
        assert all(re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", p) for p in build + runtime)
    for extra, pulled in entry.extras.items():
        assert pulled in native_map(), f"{name}[{extra}] pulls in {pulled}, which the map must know"
    assert all(target in native_map() for target in entry.bundles)


@pytest.mark.parametrize("name", ENTRIES)
def test_entry_names_match_best_practices_section_3(name):
    section = _section_3()
    if section is None:
        pytest.skip("BEST-PRACTICES.md is not next to this checkout")
    rows = {canonicalize_name(m) for m in re.findall(r"`([A-Za-z0-9_.-]+)`", section)}
    assert name in rows or name in _SAME_AS_A_ROW, f"{name} has no row in section 3"
    text = section.replace("→", " ")
    for release in DEBIAN_RELEASES:
        for package in entry_packages(name, release):
            if package not in _VERIFIED_OUTSIDE_SECTION_3:
                assert re.search(rf"(?<![\w.-]){re.escape(package)}(?![\w.-])", text), f"{package} not in section 3"


def entry_packages(name: str, release: str) -> tuple[str, ...]:
    entry = native_map()[name]
    return entry.build[release] + entry.runtime[release]


# Same needs as a section 3 row: opencv-contrib-python is opencv-python with extra modules.
# psycopg-binary and psycopg-c are the psycopg row's psycopg[binary] and psycopg[c] (DG1095).
_SAME_AS_A_ROW = {"opencv-contrib-python", "psycopg-binary", "psycopg-c"}
# Runtime names for source builds of wheel-first packages, and compilers section 3 spells as
# "(+ gcc)": each was checked with `apt-cache policy` in python:3.11-slim-bookworm and
# python:3.13-slim-trixie (2026-11-25).
_VERIFIED_OUTSIDE_SECTION_3 = {
    "libfreetype6", "libjpeg62-turbo", "liblcms2-2", "libopenjp2-7", "libtiff6", "libwebp7", "libwebpdemux2",
    "libwebpmux3", "libhdf5-103-1", "libhdf5-310", "libgeos-c1v5", "libgeos-c1t64", "g++", "gcc", "pkg-config",
}


def test_wheel_packages_need_nothing():
    for name in ("psycopg2-binary", "numpy", "rasterio", "opencv-python-headless", "pymysql"):
        assert name not in native_map()
    for name in ("psycopg-binary",):  # listed only to say what it stands in for (DG1095)
        assert native_map()[name].bundles and not any(native_map()[name].runtime.values())


@pytest.mark.parametrize("release", DEBIAN_RELEASES)
def test_psycopg2_compiles_in_builder_and_links_libpq_at_run_time(release):
    plan = plan_native(["psycopg2"], release, "3.11")
    assert plan.builder_variant == "full" and plan.compiled == ["psycopg2"]
    assert plan.build_packages == ["gcc", "libc6-dev", "libpq-dev"]
    assert plan.runtime_packages == ["libpq5"]


def test_release_specific_names():
    assert plan_native(["python-magic"], "bookworm", "3.11").runtime_packages == ["libmagic1"]
    assert plan_native(["python-magic"], "trixie", "3.13").runtime_packages == ["libmagic1t64"]
    assert plan_native(["gdal"], "trixie", "3.13").runtime_packages == ["libgdal36"]


def test_runtime_only_package_keeps_slim_builder():
    plan = plan_native(["pdf2image"], "trixie", "3.13")
    assert (plan.builder_variant, plan.build_packages, plan.runtime_packages) == ("slim", [], ["poppler-utils"])


def test_wheel_first_package_builds_only_without_a_wheel():
    assert plan_native(["lxml"], "trixie", "3.13").builder_variant == "slim"
    assert plan_native(["lxml"], "trixie", "3.13").runtime_packages == []
    plan = plan_native(["lxml"], "trixie", "3.13", {"lxml": "4.6.0"}, {"lxml==4.6.0": ["3.10"]})
    assert plan.builder_variant == "full"
    assert plan.build_packages == ["gcc", "libxml2-dev", "libxslt1-dev"]
    assert plan.runtime_packages == ["libxml2", "libxslt1.1"]


def test_unknown_pin_without_wheel_gets_the_toolchain_only():
    plan = plan_native([], "trixie", "3.13", {"oldpkg": "1.0"}, {"oldpkg==1.0": ["3.10", "3.11"]})
    assert plan.builder_variant == "full" and plan.build_packages == []
    assert any("DG2027" in note and "oldpkg==1.0" in note for note in plan.notes)


def test_inspect_reports_native_deps_with_evidence(tree):
    facts = inspect_project(tree({"requirements.txt": "Flask==3.1\npsycopg2==2.9.10\npython_magic\n"}))
    assert [(f.value, f.evidence) for f in facts.packaging.native_deps] == [
        ("psycopg2", "requirements.txt: psycopg2"), ("python-magic", "requirements.txt: python-magic")]
    assert facts.packaging.pins == {"flask": "3.1", "psycopg2": "2.9.10"}


def test_lock_file_pins_count_too(tree):
    lock = ('version = 1\nrequires-python = ">=3.11"\n[[package]]\nname = "app"\nversion = "0.1"\n'
            'source = { virtual = "." }\ndependencies = [{ name = "mysqlclient" }]\n[[package]]\nname = "mysqlclient"\nversion = "2.2.4"\n'
            'source = { registry = "https://pypi.org/simple" }\n')
    facts = inspect_project(tree({"uv.lock": lock, "pyproject.toml": '[project]\nname = "app"\n'}))
    assert facts.packaging.pins == {"mysqlclient": "2.2.4"}
    assert [f.value for f in facts.packaging.native_deps] == ["mysqlclient"]


def _generate(tree, files, **options):
    report = generate(tree(files), dry_run=True, **options)
    return report, {f.path: f.content for f in report.files}["Dockerfile"]


def test_slim_project_with_compiled_requirement_becomes_multi_stage(tree, tmp_path):
    report, dockerfile = _generate(tree, {"requirements.txt": "mysqlclient==2.2.4\n", "main.py": "print(1)\n"})
    assert report.summary[0] == "template multi-stage (from requirements compiled from source: mysqlclient)"
    builder, runtime = dockerfile.split(" AS runtime", 1)
    assert "FROM python:${PYTHON_VERSION}-trixie AS builder" in builder
    assert re.search(r"default-libmysqlclient-dev \\\n\s+gcc \\\n\s+pkg-config \\\n", builder)
    assert "libmariadb3" in runtime and not re.search(r"-dev\b|\bgcc\b|pkg-config", runtime)
    lint = hadolint(dockerfile, tmp_path)
    assert lint.returncode == 0 and not lint.stdout.strip(), lint.stdout


def test_runtime_library_only_stays_one_stage(tree, tmp_path):
    report, dockerfile = _generate(tree, {"requirements.txt": "python-magic==0.4.27\n", "main.py": "print(1)\n"},
                                   debian="bookworm")
    assert report.summary[0].startswith("template slim")
    assert "libmagic1 \\" in dockerfile and "tini \\" in dockerfile
    assert "# DG2025: python-magic loads libmagic" in dockerfile
    assert "AS builder" not in dockerfile
    assert hadolint(dockerfile, tmp_path).returncode == 0


def test_flask_project_gets_build_packages_in_its_builder(tree, tmp_path):
    app = "from flask import Flask\napp = Flask(__name__)\n"
    _, dockerfile = _generate(tree, {"requirements.txt": "flask==3.1.0\npsycopg2==2.9.10\n", "app.py": app})
    builder, runtime = dockerfile.split(" AS runtime", 1)
    assert "libpq-dev" in builder and "libpq5 \\" in runtime and "libpq-dev" not in runtime
    lint = hadolint(dockerfile, tmp_path)
    assert lint.returncode == 0 and not lint.stdout.strip(), lint.stdout


def test_no_native_deps_changes_nothing(tree):
    _, dockerfile = _generate(tree, {"requirements.txt": "requests==2.32.3\n", "main.py": "print(1)\n"})
    assert "AS builder" not in dockerfile and "DG2025" not in dockerfile


UV_LOCK = '''version = 1
requires-python = ">=3.11"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "flask" }, { name = "psycopg", extra = ["pool"] }]

[package.dev-dependencies]
dev = [{ name = "pytest" }]

[[package]]
name = "flask"
version = "3.1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "jinja2" }]

[[package]]
name = "jinja2"
version = "3.1.4"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "psycopg"
version = "3.2.3"
source = { registry = "https://pypi.org/simple" }

[package.optional-dependencies]
pool = [{ name = "psycopg-pool" }]

[[package]]
name = "psycopg-pool"
version = "3.2.4"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.3.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "pluggy" }]

[[package]]
name = "pluggy"
version = "1.5.0"
source = { registry = "https://pypi.org/simple" }
'''


def test_uv_lock_pins_exclude_dev_groups_and_follow_extras(tree):
    facts = inspect_project(tree({"uv.lock": UV_LOCK, "pyproject.toml": '[project]\nname = "app"\n'}))
    assert facts.packaging.pins == {"flask": "3.1.0", "jinja2": "3.1.4", "psycopg": "3.2.3", "psycopg-pool": "3.2.4"}
    assert [f.value for f in facts.packaging.native_deps] == ["psycopg"]


def test_poetry_lock_and_pyproject_pins(tree):
    lock = ('[[package]]\nname = "numpy"\nversion = "1.24.4"\ngroups = ["main"]\n\n'
            '[[package]]\nname = "black"\nversion = "24.1.0"\ngroups = ["dev"]\n\n'
            '[[package]]\nname = "mypy"\nversion = "1.0.0"\ncategory = "dev"\n')
    pyproject = '[project]\nname = "x"\ndependencies = ["pyodbc==5.1.0", "requests>=2", "attrs==23.*"]\n'
    facts = inspect_project(tree({"poetry.lock": lock, "pyproject.toml": pyproject}))
    assert facts.packaging.pins == {"pyodbc": "5.1.0", "numpy": "1.24.4"}


def test_broken_lock_is_a_warning(tree):
    facts = inspect_project(tree({"poetry.lock": "[[package]\nname=", "main.py": ""}))
    assert facts.packaging.pins == {}
    assert any("poetry.lock could not be parsed" in w for w in facts.warnings)


# --- DG1095: extras and binary distributions ---

def _native(root):
    facts = inspect_project(root, offline=True)
    return facts, [f.value for f in facts.packaging.native_deps], [f.value for f in facts.packaging.native_bundled]


@pytest.mark.parametrize(("requirement", "needs", "bundled"), [
    ("psycopg[binary]==3.2.3", [], ["psycopg"]),
    ("psycopg[binary,pool]>=3.1", [], ["psycopg"]),
    ("psycopg[c]==3.2.3", ["psycopg", "psycopg-c"], []),
    ("psycopg==3.2.3", ["psycopg"], []),
    ("psycopg2-binary==2.9.10", [], []),
    ("psycopg2==2.9.10", ["psycopg2"], []),
    ("mysqlclient==2.2.4", ["mysqlclient"], []),
    ("PyMySQL==1.1.1", [], []),
])
def test_requirements_file_extras_and_binaries(tree, requirement, needs, bundled):
    _, found, covered = _native(tree({"requirements.txt": f"{requirement}\n", "main.py": "print(1)\n"}))
    assert (found, covered) == (needs, bundled)


def test_psycopg_binary_wheel_means_no_apt_step_at_all(tree):
    root = tree({"requirements.txt": "psycopg[binary]==3.2.3\nPyMySQL==1.1.1\npsycopg2-binary==2.9.10\nflask==3.0.3\n",
                 "app.py": "import psycopg\nfrom flask import Flask\napp = Flask(__name__)\n"})
    report = generate(root, dry_run=True, offline=True, debian="trixie")
    dockerfile = next(f.content for f in report.files if f.path == "Dockerfile")
    assert "apt-get" not in dockerfile
    assert "FROM python:${PYTHON_VERSION}-slim-trixie AS builder" in dockerfile
    assert ("# DG1095: psycopg needs no Debian package: psycopg-binary ships its library "
            "(requirements.txt: psycopg[binary])") in dockerfile


def test_psycopg_c_extra_compiles_against_libpq(tree):
    facts, _, _ = _native(tree({"requirements.txt": "psycopg[c]==3.2.3\n", "main.py": "import psycopg\n"}))
    plan = plan_native([f.value for f in facts.packaging.native_deps], "bookworm", "3.11")
    assert plan.compiled == ["psycopg-c"] and plan.builder_variant == "full"
    assert plan.build_packages == ["gcc", "libc6-dev", "libpq-dev"] and plan.runtime_packages == ["libpq5"]
    assert [f.evidence for f in facts.packaging.native_deps] == ["requirements.txt: psycopg", "requirements.txt: psycopg[c]"]


@pytest.mark.parametrize("files", [
    {"pyproject.toml": '[project]\nname = "a"\nversion = "1"\ndependencies = ["psycopg[binary]>=3.2"]\n'},
    {"pyproject.toml": '[tool.poetry]\nname = "a"\nversion = "1"\n[tool.poetry.dependencies]\n'
                       'python = "^3.11"\npsycopg = { version = "^3.2", extras = ["binary"] }\n'},
    {"Pipfile": '[packages]\npsycopg = { version = "*", extras = ["binary"] }\n'},
    {"setup.cfg": "[metadata]\nname = a\n[options]\ninstall_requires =\n    psycopg[binary]>=3.2\n"},
])
def test_extras_are_read_from_every_manifest(tree, files):
    _, found, covered = _native(tree({**files, "main.py": "import psycopg\n"}))
    assert (found, covered) == ([], ["psycopg"])


def test_a_lock_pinning_psycopg_binary_covers_psycopg(tree):
    lock = ('version = 1\nrequires-python = ">=3.11"\n[[package]]\nname = "app"\nversion = "0.1"\n'
            'source = { virtual = "." }\ndependencies = [{ name = "psycopg", extra = ["binary"] }]\n'
            '[[package]]\nname = "psycopg"\nversion = "3.2.3"\nsource = { registry = "https://pypi.org/simple" }\n'
            '[package.optional-dependencies]\nbinary = [{ name = "psycopg-binary" }]\n'
            '[[package]]\nname = "psycopg-binary"\nversion = "3.2.3"\nsource = { registry = "https://pypi.org/simple" }\n')
    facts, found, covered = _native(tree({"uv.lock": lock, "pyproject.toml": '[project]\nname = "app"\nversion = "0.1"\n'
                                      'dependencies = ["psycopg[binary]"]\n', "main.py": "import psycopg\n"}))
    assert (found, covered) == ([], ["psycopg"])
    assert "psycopg-binary" in facts.packaging.pins


def test_no_apt_step_when_nothing_needs_one(tree):
    report = generate(tree({"requirements.txt": "flask==3.0.3\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"}),
                      dry_run=True, offline=True)
    dockerfile = next(f.content for f in report.files if f.path == "Dockerfile")
    assert "apt-get" not in dockerfile and "DG1095" not in dockerfile


def test_dg1098_a_windows_only_binary_does_not_stand_in_for_the_linux_library(tree):
    """pgcli: psycopg on Linux, psycopg-binary only on Windows: the image needs libpq5."""
    pyproject = ('[project]\nname = "cli"\nversion = "1"\ndependencies = [\n'
                 '  "psycopg >= 3.0.14; sys_platform != \'win32\'",\n'
                 '  "psycopg-binary >= 3.0.14; sys_platform == \'win32\'",\n'
                 '  "pywin32; platform_system == \'Windows\'",\n  "tomli; python_version < \'3.11\'",\n]\n')
    root = tree({"pyproject.toml": pyproject, "main.py": "import psycopg\n"})
    facts = inspect_project(root)
    assert "psycopg-binary" not in facts.packaging.requirements and "pywin32" not in facts.packaging.requirements
    assert {"psycopg", "tomli"} <= set(facts.packaging.requirements)  # a Python-version marker is not decided here
    dockerfile = next(f.content for f in generate(root, dry_run=True).files if f.path == "Dockerfile")
    assert "libpq5" in dockerfile and "DG1095" not in dockerfile
