"""The rules of ../shared/BEST-PRACTICES.md that dockergen adopts, each a check over the
Dockerfile generated for every fixture project (tests/fixtures/projects/*), so a new fixture or
template is covered automatically. Rule numbers refer to that document; rules that need a built
image are checked in tests/e2e (named in docs/best-practices.md)."""

from __future__ import annotations

import json
import re

import pytest

from dockergen import generate
from dockergen.check.parser import Dockerfile, parse
from dockergen.catalog.servers import signal_aware
from tests.conftest import FIXTURES, copy_fixture, hadolint

NAMES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
BUILD_ONLY = re.compile(r"(^|\s)(build-essential|gcc|g\+\+|cargo|[a-z0-9.+-]+-dev)(\s|$)")
SECRET_KEY = re.compile(r"(?i)(token|secret|passw|api_?key|private_?key|credential)")
DEV_SERVERS = re.compile(r"flask run|runserver|fastapi dev|--reload|\buv run\b|poetry run|pipenv run")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, tuple[str, str, Dockerfile]]:
    out = {}
    for name in NAMES:
        project = copy_fixture(name, tmp_path_factory.mktemp(name))
        files = {f.path: f.content for f in generate(project, dry_run=True).files}
        out[name] = (files["Dockerfile"], files[".dockerignore"], parse(files["Dockerfile"]))
    return out


def _final_runs(df: Dockerfile) -> list[str]:
    return [i.script() for i in df.final.instructions if i.keyword == "RUN"]


def _exec(df: Dockerfile, keyword: str) -> list[str]:
    found = [i for i in df.final.instructions if i.keyword == keyword]
    return json.loads(found[-1].args) if found else []


@pytest.mark.parametrize("name", NAMES)
def test_rules_on_generated_dockerfile(generated, name, tmp_path):
    text, ignore, df = generated[name]
    lines = text.splitlines()
    froms = [s.image for s in df.stages]
    # 1: official slim runtime naming its Debian release; 2: one ARG PYTHON_VERSION drives every FROM
    assert re.fullmatch(r"python:\$\{PYTHON_VERSION\}-slim-(trixie|bookworm)", df.final.image) or re.fullmatch(
        r"python:3\.\d+-slim-(trixie|bookworm)", df.final.image), df.final.image
    assert re.search(r"^ARG PYTHON_VERSION=3\.\d+$", text, re.M)
    # 4: builder and runtime on the same minor and Debian release
    release = df.final.image.rsplit("-", 1)[1]
    assert all(f.endswith(release) for f in froms if f.startswith("python:"))
    # 5: every tool image pinned, never latest
    assert ":latest" not in text
    assert all(re.fullmatch(r"ghcr\.io/astral-sh/uv:\d+\.\d+\.\d+", m) for m in re.findall(r"from=(ghcr\.io/[^,\s]+)", text))
    # 6, 39: no compiler or -dev package installed in the runtime stage
    assert not any("apt-get install" in r and BUILD_ONLY.search(r) for r in _final_runs(df)), name
    # 7: a virtualenv at a fixed path, activated through PATH and VIRTUAL_ENV
    assert 'ENV PATH="/opt/venv/bin:$PATH"' in text and "VIRTUAL_ENV=/opt/venv" in text
    # 10: every installer RUN keeps its cache in a cache mount
    for stage in df.stages:
        for ins in stage.instructions:
            if ins.keyword == "RUN" and re.search(r"\b(uv pip install|uv sync|pip install)\b", ins.script()):
                assert any("type=cache" in m for m in ins.flags.get("mount", [])) or "--no-cache" in ins.script()
    # 12: the syntax line first
    assert lines[0] == "# syntax=docker/dockerfile:1"
    # 17: unbuffered output, no stray bytecode writes, in the final stage
    assert "PYTHONUNBUFFERED=1" in text and "PYTHONDONTWRITEBYTECODE=1" in text
    # 19-21: numeric non-root USER, a real HOME, --no-log-init
    assert re.fullmatch(r"[1-9]\d*:\d+", [i for i in df.final.instructions if i.keyword == "USER"][-1].args)
    assert "--create-home" in text and "--no-log-init" in text
    # 22: no recursive chown of copied trees
    assert "chown -R" not in text
    # 23: no secret-looking ARG/ENV names
    for ins in df.instructions:
        if ins.keyword in ("ARG", "ENV"):
            assert not SECRET_KEY.search(ins.args.split("=", 1)[0]), ins.args
    # 24: exec form everywhere
    for ins in df.final.instructions:
        if ins.keyword in ("CMD", "ENTRYPOINT"):
            assert ins.exec_form is not None, ins.args
    argv = _exec(df, "ENTRYPOINT") + _exec(df, "CMD")
    # 25: a shell wrapper hands over with exec
    if argv[:2] == ["sh", "-c"] or "sh" in argv[:4] and "-c" in argv[:5]:
        # (the script's last command is `exec ...`; DG2046 runs setup steps before it)
        assert any(a.split(";")[-1].strip().startswith("exec ") for a in argv)
    # 28: unprivileged ports only
    for ins in df.final.instructions:
        if ins.keyword == "EXPOSE":
            assert int(ins.args.split("/")[0]) >= 1024
    # 31, 32: no trust-everyone proxies, no development servers or tool runners at start
    assert "FORWARDED_ALLOW_IPS=\"*\"" not in text and "--forwarded-allow-ips=*" not in text
    assert not DEV_SERVERS.search(" ".join(argv)), argv
    # 33: at most one HEALTHCHECK, with explicit options
    checks = [i for i in df.final.instructions if i.keyword == "HEALTHCHECK"]
    assert len(checks) <= 1 and all({"interval", "timeout", "start-period", "retries"} <= set(c.flags) for c in checks)
    # 34: OCI labels in the final stage; the volatile ones from late build arguments
    labels = " ".join(i.args for i in df.final.instructions if i.keyword == "LABEL")
    for key in ("title", "version", "revision", "created"):
        assert f"org.opencontainers.image.{key}=" in labels, key
    assert text.index("ARG REVISION") > max(text.rindex("RUN "), text.rindex("COPY "))
    # 37: never Debian's Python packages in a python image
    assert not re.search(r"apt-get install[^&]*\bpython3(-[a-z]+)?\b", text)
    # 41: COPY, never ADD
    assert not any(i.keyword == "ADD" for i in df.instructions)
    # 43: hadolint at the strictest threshold
    result = hadolint(text, tmp_path)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    # 44: the .dockerignore keeps out VCS, virtualenvs, caches and secrets, at any depth
    for pattern in ("**/.git", "**/.venv", "**/__pycache__", "**/.env*", "**/*.pem", "**/id_rsa*"):
        assert pattern in ignore.splitlines(), pattern


@pytest.mark.parametrize("name", NAMES)
def test_rule_26_processes_that_ignore_sigterm_run_under_tini(generated, name):
    text, _, df = generated[name]
    argv = _exec(df, "ENTRYPOINT") + _exec(df, "CMD")
    # A signal-aware server, alone or as what an `sh -c 'exec ...'` wrapper becomes.
    shell = argv[2].split() if argv[:2] == ["sh", "-c"] and len(argv) > 2 else []
    # DG2030's wrapper passes the server's argv after "sh": `sh -c 'exec "$@" --port ...' sh uvicorn ...`.
    wrapped = argv[:2] == ["sh", "-c"] and argv[3:4] == ["sh"] and len(argv) > 4 and signal_aware(argv[4])
    server = argv[:1] in (["gunicorn"], ["uvicorn"]) or wrapped \
        or (shell[:1] == ["exec"] and len(shell) > 1 and signal_aware(shell[1]))
    if not server:
        assert argv[:2] == ["/usr/bin/tini", "--"], argv


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith(("fw-", "flask", "compose"))])
def test_rules_27_30_web_servers_bind_everywhere_with_container_flags(generated, name):
    text, _, df = generated[name]
    argv = " ".join(_exec(df, "ENTRYPOINT") + _exec(df, "CMD"))
    if "gunicorn" in argv:  # gunicorn binds 0.0.0.0:$PORT when PORT is set (rule 27)
        assert 'ENV PORT="' in text or "--bind 0.0.0.0" in argv or "-b 0.0.0.0" in argv
        assert "--worker-tmp-dir /dev/shm" in argv and "--access-logfile -" in argv  # rule 30
    elif "uvicorn" in argv or "streamlit" in argv:
        assert "0.0.0.0" in argv
