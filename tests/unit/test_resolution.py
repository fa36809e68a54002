"""DG2116: the whole set of a lockless project, resolved by a real uv against the configured
(proxied) index, per candidate minor, with --no-build: what it proves and what it changes."""

from __future__ import annotations

import pytest

from dockergen import generate
from dockergen.inspection import inspect_project
from dockergen.inspection.native_deps import plan_native
from dockergen.resolution import requirement_lines, resolve_in_order


@pytest.fixture
def online(monkeypatch):
    monkeypatch.delenv("DOCKERGEN_OFFLINE", raising=False)
    monkeypatch.delenv("PIP_INDEX_URL", raising=False)


def test_requirement_lines_keep_extras_pins_and_ranges():
    assert requirement_lines({"flask": "3.1.0"}, {"uvicorn": ">=0.30", "rich": ""}, {"uvicorn": ["standard"]}) == [
        "flask==3.1.0", "uvicorn[standard]>=0.30", "rich"]


def test_a_set_with_wheels_is_resolved_once_with_its_dependencies(online):
    tried, note = resolve_in_order(["flask==3.1.0"], ["3.13", "3.12"])
    assert note == "" and list(tried) == ["3.13"]  # the first minor worked: one uv run
    assert tried["3.13"].pins["werkzeug"] and tried["3.13"].pins["flask"] == "3.1.0" and not tried["3.13"].no_wheel


def test_a_transitive_sdist_only_package_is_named_and_gets_the_compiling_builder(online, tree):
    """paramiko 1.x depends on pycrypto, which never published a wheel: no minor helps (two runs)."""
    project = tree({"requirements.txt": "paramiko<2\n", "main.py": "import paramiko\nprint(paramiko.__version__)\n"})
    facts = inspect_project(project)
    assert next(iter(facts.python.resolved_sets)) == facts.python.python_version.value and len(facts.python.resolved_sets) == 2
    assert "pycrypto" in facts.python.resolved_sets[facts.python.python_version.value].no_wheel
    report = generate(project, dry_run=True, offline=False)
    assert any(w.startswith("DG2116: ") and "pycrypto" in w and "full image's toolchain" in w for w in report.warnings)
    dockerfile = next(f.content for f in report.files if f.path == "Dockerfile")
    assert "-trixie AS builder" in dockerfile and "-slim-trixie AS builder" not in dockerfile
    assert "pycrypto (in the resolved set, DG2116)" in dockerfile


def test_a_locked_or_offline_project_is_not_resolved(online, tree):
    hashed = "flask==3.1.0 \\\n    --hash=sha256:" + "0" * 64 + "\n"
    assert inspect_project(tree({"requirements.txt": hashed, "app.py": "x = 1\n"})).python.resolved_sets == {}
    assert inspect_project(tree({"requirements.txt": "flask\n"}), offline=True).python.resolved_sets == {}


def test_without_uv_on_path_it_says_so(online, tree, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    facts = inspect_project(tree({"requirements.txt": "flask\n", "app.py": "x = 1\n"}))
    assert facts.python.resolved_sets == {} and any("DG2116: uv is not on PATH" in w for w in facts.warnings)


def test_a_package_without_a_wheel_for_the_minor_is_compiled_with_its_map_entry():
    """plan_native: a resolved-set package the native map knows (lxml, a dependency of some
    parser) is compiled with its -dev packages; one it does not know still gets the full builder."""
    plan = plan_native([], "trixie", "3.13", {}, {}, unresolved=("lxml",))
    assert plan.builder_variant == "full" and plan.compiled == ["lxml"] and "libxml2-dev" in plan.build_packages
    plan = plan_native([], "trixie", "3.13", {}, {}, unresolved=("pycrypto",))
    assert plan.builder_variant == "full" and any("pycrypto (in the resolved set, DG2116)" in n for n in plan.notes)


def test_an_abi_only_failure_tries_the_next_minor(online):
    """numpy 1.24 has wheels up to cp311: 3.13 fails, 3.11 resolves; the search stops there."""
    tried, _ = resolve_in_order(["numpy==1.24.4"], ["3.13", "3.11", "3.10"])
    assert list(tried) == ["3.13", "3.11"]
    assert tried["3.13"].no_wheel == ("numpy",) and tried["3.11"].pins["numpy"] == "1.24.4"


def test_the_same_package_blocking_two_minors_ends_the_search(online):
    tried, _ = resolve_in_order(["pycrypto==2.6.1"], ["3.13", "3.12", "3.11", "3.10"])
    assert list(tried) == ["3.13", "3.12"] and all(r.no_wheel == ("pycrypto",) for r in tried.values())


def test_a_pure_python_sdist_is_let_through_and_the_rest_of_the_set_still_checked(online):
    """DG2118: Flask-Mail 0.9.1 has no wheel; its sdist is pure Python and states its dependencies
    (Flask, blinker), so uv resolves through it without building it; pycrypto (C) still blocks."""
    tried, note = resolve_in_order(["flask==3.1.0", "flask-mail==0.9.1"], ["3.13"])
    resolved = tried["3.13"]
    assert note == "" and not resolved.no_wheel and resolved.pure_sdists == ("flask-mail==0.9.1",)
    assert resolved.pins["flask-mail"] == "0.9.1" and resolved.pins["blinker"]
    tried, _ = resolve_in_order(["flask==3.1.0", "flask-mail==0.9.1", "pycrypto==2.6.1"], ["3.13"])
    assert tried["3.13"].no_wheel == ("pycrypto",) and tried["3.13"].pure_sdists == ("flask-mail==0.9.1",)
