"""The pure parts of bench/images.py and the fixture specs: no Docker needed."""

from __future__ import annotations

import pytest

from bench.baseline import baseline_command, baseline_dockerfile
from bench.measure import dependency_steps_reused
from tests.e2e.fixture_specs import FIXTURES, Planned, all_specs, load_spec, plan_for, resolve_probe
from tests.e2e.harness import Build

WARM_MULTI_STAGE = """\
#9 [builder 3/6] RUN python -m venv --without-pip /opt/venv
#9 CACHED

#12 [builder 4/6] RUN --mount=type=cache,target=/root/.cache/uv     uv pip install --python /opt/venv/bin/python -r pyproject.toml
#12 CACHED

#13 [builder 5/6] COPY . .
#13 DONE 0.0s

#14 [builder 6/6] RUN --mount=type=cache,target=/root/.cache/uv     uv pip install --python /opt/venv/bin/python .
#14 0.2 Using Python 3.13.5 environment at: /opt/venv
#14 DONE 1.7s

#5 [runtime 2/6] RUN apt-get update  && apt-get install -y --no-install-recommends tini
#5 CACHED
"""

WARM_NAIVE = """\
#5 [2/4] WORKDIR /app
#5 CACHED

#6 [3/4] COPY . .
#6 DONE 0.1s

#7 [4/4] RUN pip install -r requirements.txt
#7 1.2 Collecting flask==3.1.0
#7 DONE 2.0s
"""


def test_dependency_step_is_the_first_install_of_a_stage():
    # The project's own install after COPY . . ran again; the dependency step did not.
    assert dependency_steps_reused(Build("t", WARM_MULTI_STAGE, 1.0)) is True


def test_dependency_step_after_copy_everything_is_not_reused():
    assert dependency_steps_reused(Build("t", WARM_NAIVE, 1.0)) is False


def test_no_install_step_is_reported_as_none():
    output = "#5 [2/3] RUN python -m venv --without-pip /opt/venv\n#5 CACHED\n"
    assert dependency_steps_reused(Build("t", output, 1.0)) is None


def test_every_fixture_folder_is_picked_up():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    assert {s.name for s in all_specs(include_none=True)} == folders


def test_spec_rejects_unknown_keys(tmp_path):
    (tmp_path / "e2e.toml").write_text('kind = "web"\nprot = 8000\n')
    with pytest.raises(ValueError, match="prot"):
        load_spec(tmp_path)


def test_probe_without_spec_follows_the_plan(tree):
    project = tree({"app.py": "from flask import Flask\napp = Flask(__name__)\n",
                    "requirements.txt": "flask==3.1.0\n"})
    planned = plan_for(project)
    probe = resolve_probe(load_spec(project), project, planned)
    assert (probe.kind, probe.port, probe.path, probe.status, probe.edit) == ("web", 8000, "/", 200, "app.py")


def test_probe_of_a_plain_script_is_a_run(tree):
    project = tree({"main.py": "print('hi')\n", "lib/util.py": "X = 1\n"})
    probe = resolve_probe(load_spec(project), project, plan_for(project))
    assert (probe.kind, probe.port, probe.edit) == ("script", None, "lib/util.py")


def test_baseline_is_the_naive_dockerfile_on_the_same_minor_and_release(tree):
    project = tree({"app.py": "from flask import Flask\napp = Flask(__name__)\n",
                    "requirements.txt": "flask==3.1.0\n", ".python-version": "3.11\n",
                    ".dockergen.toml": 'debian = "bookworm"\n'})
    planned = plan_for(project)
    text = baseline_dockerfile(planned, project, 8000)
    assert text.splitlines() == [
        "FROM python:3.11-bookworm",
        "WORKDIR /app",
        "COPY . .",
        "RUN pip install -r requirements.txt",
        "EXPOSE 8000",
        'CMD ["flask", "--app", "app:app", "run", "--host", "0.0.0.0", "--port", "8000"]',
    ]


def test_baseline_installs_a_package_with_pip_install_dot(tree):
    project = tree({"pyproject.toml": '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
                                      '[project]\nname = "x"\nversion = "1"\n', "main.py": "print(1)\n"})
    text = baseline_dockerfile(plan_for(project), project, None)
    assert "RUN pip install .\n" in text and "EXPOSE" not in text


def test_spec_options_reach_the_plan(tree):
    project = tree({"app.py": "from flask import Flask\napp = Flask(__name__)\n",
                    "requirements.txt": "flask==3.1.0\n",
                    "e2e.toml": '[options]\nport = 9000\n'})
    spec = load_spec(project)
    probe = resolve_probe(spec, project, plan_for(project, spec.options))
    assert (spec.options, probe.port) == ({"port": 9000}, 9000)


def test_baseline_runs_dockergens_command_without_its_init_process(tree):
    project = tree({"main.py": "print('hi')\n", "requirements.txt": "idna==3.10\n"})
    planned = plan_for(project)
    assert list(planned.plan.start.entrypoint[:1]) == ["/usr/bin/tini"]  # what is being stripped
    assert baseline_command(planned, None, None) == ["python", "main.py"]


def test_baseline_installs_the_server_its_command_names(tree):
    project = tree({"main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
                    "requirements.txt": "fastapi==0.115.0\n"})
    planned = Planned(plan_for(project).plan, "fastapi", "main:app")  # as FastAPI detection reports it
    text = baseline_dockerfile(planned, project, 8000)
    assert "RUN pip install -r requirements.txt uvicorn\n" in text
    assert 'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]' in text
