"""DG1094: what dockergen takes from a conda environment.yml."""

from dockergen.inspection.conda import parse_environment

ENV = """\
name: demo  # the env
channels:
  - conda-forge
dependencies:
  - python=3.8
  - numpy=1.21.*
  - conda-forge::pandas>=1.3
  - pip
  - pip:
    - flask==2.0.3
    - "gunicorn>=20"
    - -r requirements-extra.txt
  - libgdal
variables:
  FLASK_ENV: production
"""


def test_python_pip_list_and_conda_only_packages():
    env = parse_environment(ENV)
    assert (env.python, env.python_line) == ("3.8", 5)
    assert env.pip == ["flask==2.0.3", "gunicorn>=20", "-r requirements-extra.txt"]
    assert env.conda_only == ["numpy", "pandas", "libgdal"]


def test_python_spec_forms():
    assert parse_environment("dependencies:\n  - python>=3.9,<3.11\n").python == ">=3.9,<3.11"
    assert parse_environment("dependencies:\n  - python==3.10.4\n").python == "3.10.4"
    assert parse_environment("dependencies:\n  - python 3.11.*\n").python == "3.11.*"
    assert parse_environment("dependencies:\n  - python\n").python == ""


def test_empty_and_odd_files_do_not_raise():
    assert parse_environment("").pip == []
    assert parse_environment("dependencies: []\n").conda_only == []
    assert parse_environment("- just\n- a list\n").conda_only == []
