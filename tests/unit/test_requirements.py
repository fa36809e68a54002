import pytest

from dockergen.errors import ProjectError
from dockergen.inspection import inspect_project
from dockergen.inspection.requirements import read_requirements


def test_nested_includes_are_all_dependency_files(tree):
    root = tree({
        "requirements.txt": "-r requirements/base.txt\nflask==3.1.0  # web\n",
        "requirements/base.txt": "-c constraints.txt\nrequests>=2\n",
        "requirements/constraints.txt": "urllib3<3\n",
    })
    facts = inspect_project(root)
    assert facts.packaging.dependency_files == ["requirements.txt", "requirements/base.txt", "requirements/constraints.txt"]
    assert facts.packaging.requirements == ["requests", "flask"]  # DG1096: a constraint installs nothing


def test_bad_line_is_a_warning_with_file_and_line(tree):
    root = tree({"requirements.txt": "flask\nthis is not valid!!\nrequests\n"})
    info = read_requirements(root, "requirements.txt")
    assert info.names == ["flask", "requests"]
    assert any(w.startswith("requirements.txt:2") for w in info.warnings)


def test_include_cycle_is_an_error_naming_the_chain(tree):
    root = tree({"requirements.txt": "-r other.txt\nflask\n", "other.txt": "-r requirements.txt\nrequests\n"})
    with pytest.raises(ProjectError, match=r"include cycle \(requirements.txt -> other.txt -> requirements.txt\)"):
        read_requirements(root, "requirements.txt")


def test_diamond_includes_are_not_a_cycle(tree):
    root = tree({"requirements.txt": "-r a.txt\n-r b.txt\n", "a.txt": "-r base.txt\n", "b.txt": "-r base.txt\n",
                 "base.txt": "requests\n"})
    assert read_requirements(root, "requirements.txt").names == ["requests"]


def test_include_outside_project_is_an_error(tree):
    root = tree({"requirements.txt": "-r ../secret.txt\n"})
    with pytest.raises(ProjectError, match="outside the project"):
        read_requirements(root, "requirements.txt")


def test_pins_hashes_markers_and_continuations(tree):
    root = tree({"requirements.txt": (
        "flask==3.1.0 \\\n    --hash=sha256:abc\n"
        "--index-url https://example.invalid/simple\n"
        "requests>=2 ; python_version >= '3.8'\n"
        "-e .\n"
    )})
    info = read_requirements(root, "requirements.txt")
    assert info.pinned == {"flask": "3.1.0"}
    assert info.names == ["flask", "requests"]
    assert info.local_paths == ["."]
    assert info.has_index_options


def test_a_wildcard_is_a_range_not_a_pin(tree):
    """`==2.*` must not reach the wheel check (DG1034) or the as-of rule (DG2080) as a version."""
    from dockergen.inspection import inspect_project

    root = tree({"requirements.txt": "flask==2.*\nidna==3.10\n", "pyproject.toml": '[project]\nname = "x"\n'
                 'dependencies = ["click==8.1.7", "jinja2==3.*"]\n'})
    facts = inspect_project(root, offline=True)
    assert facts.packaging.pinned_requirements == {"idna": "3.10", "click": "8.1.7"}
    assert facts.packaging.pins == facts.packaging.pinned_requirements  # no lock: the wheel check sees the direct pins


def test_requirement_file_pins_count_only_when_pip_installs_them(tree):
    """A stray requirements.txt beside uv.lock is not what the image installs."""
    from dockergen.inspection import inspect_project

    root = tree({"requirements.txt": "flask==3.1.0\n",
                 "pyproject.toml": '[project]\nname = "x"\nversion = "1"\ndependencies = ["idna==3.10"]\n',
                 "uv.lock": 'version = 1\nrequires-python = ">=3.11"\n\n[[package]]\nname = "idna"\nversion = "3.10"\n'
                            'source = { registry = "https://pypi.org/simple" }\n'})
    facts = inspect_project(root, offline=True)
    assert facts.packaging.package_manager.value == "uv"
    assert facts.packaging.pinned_requirements == {"idna": "3.10"}
    assert "flask" not in facts.packaging.pins


# --- DG1096: requirements files read as pip reads them ---

def test_env_var_references_are_reported_and_never_expanded(tree, monkeypatch):
    monkeypatch.setenv("EXTRA_PKG", "leaked-from-dockergen")
    monkeypatch.setenv("PIP_TOKEN", "leaked-token")
    root = tree({"requirements.txt": "flask==3.0.3\n${EXTRA_PKG}==1.0\n"
                 "--extra-index-url https://__token__:${PIP_TOKEN}@private.example.com/simple\n"})
    info = read_requirements(root, "requirements.txt")
    assert info.names == ["flask"] and info.env_vars == ["EXTRA_PKG", "PIP_TOKEN"]
    shown = "\n".join(info.warnings)
    assert "DG1096: requirements.txt:2 references ${EXTRA_PKG}" in shown
    assert "DG1097: requirements.txt:3 builds a package index URL from PIP_TOKEN" in shown
    assert info.index_env_vars == ["PIP_TOKEN"]
    assert "leaked" not in shown and "invalid requirement" not in shown


@pytest.mark.parametrize("line", [
    "flask==3.0.3 --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "flask==3.0.3 --hash sha256:00 --hash sha256:11",
    'flask==3.0.3 --config-settings="--build-option=--fast"',
    "flask==3.0.3 -C editable_mode=compat",
    "flask==3.0.3 --global-option=build_ext",
    "flask[async]==3.0.3 ; python_version >= '3.9' --hash=sha256:00",
])
def test_per_requirement_options_stay_on_their_line_and_are_no_names(tree, line):
    info = read_requirements(tree({"requirements.txt": f"{line}\nrequests\n"}), "requirements.txt")
    assert (info.names, info.pinned, info.warnings) == (["flask", "requests"], {"flask": "3.0.3"}, [])


def test_binary_switches_are_remembered_and_no_names(tree):
    root = tree({"requirements.txt": "--no-binary lxml,PyYAML\n--only-binary=:all:\nlxml==5.3.0\n"})
    info = read_requirements(root, "requirements.txt")
    assert info.names == ["lxml"] and info.no_binary == ["lxml", "pyyaml"] and info.only_binary == [":all:"]


def test_no_binary_compiles_a_wheel_first_native_package(tree):
    from dockergen.plan import choose_plan
    from dockergen.settings import resolve

    root = tree({"requirements.txt": "--no-binary lxml\nlxml==5.3.0\n", "main.py": "import lxml\n"})
    facts = inspect_project(root, offline=True)
    assert facts.packaging.no_binary == ["lxml"]
    plan = choose_plan(facts, resolve(facts, {}))
    assert plan.native.builder_variant == "full" and "libxml2-dev" in plan.native.build


@pytest.mark.parametrize("line", ["-r https://raw.example.com/base.txt", "--requirement=https://x.example/r.txt",
                                  "-c https://u:s3cret@x.example/constraints.txt"])
def test_url_includes_are_reported_not_mangled(tree, line):
    info = read_requirements(tree({"requirements.txt": f"{line}\nflask\n"}), "requirements.txt")
    assert info.names == ["flask"] and info.files == ["requirements.txt"]
    [warning] = info.warnings
    assert warning.startswith("DG1096: requirements.txt:1 includes https://") and "does not exist" not in warning
    assert "s3cret" not in warning and "https:/r" not in warning.replace("https://", "")


def test_constraints_are_mounted_but_not_requirements(tree):
    root = tree({"requirements.txt": "-c constraints.txt\nflask==3.0.3\n",
                 "constraints.txt": "psycopg2==2.9.10\n-r more-constraints.txt\n", "more-constraints.txt": "lxml<6\n",
                 "app.py": "from flask import Flask\napp = Flask(__name__)\n"})
    info = read_requirements(root, "requirements.txt")
    assert info.names == ["flask"] and info.pinned == {"flask": "3.0.3"}
    assert info.files == ["requirements.txt", "constraints.txt", "more-constraints.txt"]
    assert info.constraint_files == ["constraints.txt", "more-constraints.txt"]
    facts = inspect_project(root, offline=True)
    assert facts.packaging.native_deps == [] and "psycopg2" not in facts.packaging.pins  # no libpq for a constraint
    assert facts.packaging.dependency_files == ["requirements.txt", "constraints.txt", "more-constraints.txt"]


# --- DG1097: an index URL built from ${VAR}s: each is a BuildKit secret ---

def _dockerfile(root):
    from dockergen import generate

    report = generate(root, dry_run=True, offline=True)
    return next(f.content for f in report.files if f.path == "Dockerfile"), report


def test_index_url_variables_become_build_secrets_and_the_file_stays_a_bind_mount(tree, monkeypatch):
    monkeypatch.setenv("PIP_TOKEN", "value-from-dockergens-env")
    root = tree({"requirements.txt": "--extra-index-url https://__token__:${PIP_TOKEN}@pypi.example.com/simple\n"
                 "flask==3.0.3\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"})
    dockerfile, report = _dockerfile(root)
    assert "--mount=type=secret,id=PIP_TOKEN,required=true \\\n" in dockerfile
    assert '    PIP_TOKEN="$(cat /run/secrets/PIP_TOKEN)" \\\n    uv pip install' in dockerfile
    assert "--mount=type=bind,source=requirements.txt,target=/app/requirements.txt" in dockerfile
    assert "# docker build --secret id=PIP_TOKEN,env=PIP_TOKEN ." in dockerfile
    assert "DG3044" not in dockerfile  # no credential is written in the file itself
    assert "value-from-dockergens-env" not in dockerfile + "\n".join(report.warnings)
    assert any(w.startswith("DG1097: requirements.txt:1 builds a package index URL from PIP_TOKEN")
               for w in report.warnings)


def test_a_written_out_password_is_still_dg3044(tree):
    root = tree({"requirements.txt": "--index-url https://alice:s3cret@pypi.example.com/simple\nflask==3.0.3\n",
                 "app.py": "from flask import Flask\napp = Flask(__name__)\n"})
    dockerfile, report = _dockerfile(root)
    assert "--mount=type=secret,id=requirements.txt" in dockerfile and "DG1097" not in dockerfile
    assert "s3cret" not in dockerfile + "\n".join(report.warnings)


def test_variables_outside_index_lines_are_no_secrets(tree):
    root = tree({"requirements.txt": "flask==3.0.3\nmypkg @ https://${HOST}/mypkg-1.0.tar.gz\n",
                 "app.py": "from flask import Flask\napp = Flask(__name__)\n"})
    dockerfile, _ = _dockerfile(root)
    assert "type=secret" not in dockerfile


def test_literal_credentials_tell_written_tokens_from_references():
    from dockergen.redact import has_literal_credentials

    assert has_literal_credentials("--index-url https://alice:s3cret@host/simple")
    assert has_literal_credentials("--index-url https://ghp_abc@host/simple")
    assert has_literal_credentials("--index-url https://u:${A}x@host/simple")  # partly written out
    assert not has_literal_credentials("--index-url https://__token__:${PIP_TOKEN}@host/simple")
    assert not has_literal_credentials("--index-url https://${TOKEN}@host/simple")
    assert not has_literal_credentials("--index-url https://${USER}:${PASS}@host/simple")
    assert not has_literal_credentials("git+ssh://git@github.com/x/y.git")


def test_windows_only_pins_of_a_windows_freeze_are_excluded_from_the_install(tmp_path):
    """DG1102: pywin32 has no Linux wheel and twisted-iocpsupport's sdist does not build on Linux:
    uv leaves them out of the resolution (--excludes), the rest of the freeze installs as pinned."""
    from dockergen import generate
    (tmp_path / "requirements.txt").write_text("flask==3.1.1\npywin32==308\nTwisted-Iocpsupport==1.0.4\n")
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    text = {f.path: f.content for f in generate(tmp_path, dry_run=True).files}["Dockerfile"]
    assert "printf '%s\\n' pywin32 twisted-iocpsupport > /tmp/dockergen/windows-only.txt && \\\n" in text
    assert "--mount=type=tmpfs,target=/tmp/dockergen" in text  # the list never lands in a layer
    assert "--excludes /tmp/dockergen/windows-only.txt" in text and "DG1102" in text
    (tmp_path / "requirements.txt").write_text("flask==3.1.1\npywin32==308; sys_platform == 'win32'\n")
    text = {f.path: f.content for f in generate(tmp_path, dry_run=True).files}["Dockerfile"]
    assert "--excludes" not in text  # its marker already keeps it out (DG1098)
