"""No secret is written into the generated files: not into ENV or ARG, not anywhere (DG3004).

Every fixture project gets a planted .env (and a key file); the generated files must not carry
their values, and no ENV/ARG instruction may be named like a secret (a build-time throwaway
key, e.g. for Django's collectstatic, belongs on the RUN line that needs it, never in ENV).
"""

from __future__ import annotations

import re

import pytest

from dockergen import generate
from tests.conftest import copy_fixture, fixture_names
from tests.property.dockerfile_text import instructions

SECRET = "planted-7c1e-secret"
SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE|CREDENTIAL", re.I)


@pytest.mark.parametrize("fixture", fixture_names(refused=False))
def test_generated_files_carry_no_secret(fixture, tmp_path):
    project = copy_fixture(fixture, tmp_path)
    (project / ".env").write_text(f"SECRET_KEY={SECRET}\nDATABASE_URL=postgres://u:{SECRET}@db/x\n")
    (project / ".env.production").write_text(f"API_TOKEN={SECRET}\n")
    (project / "id_rsa").write_text(f"-----BEGIN OPENSSH PRIVATE KEY-----\n{SECRET}\n")
    report = generate(project, dry_run=True)
    for result in report.files:
        assert SECRET not in result.content, result.path
    for line in report.summary + report.warnings:
        assert SECRET not in line
    dockerfile = next(f.content for f in report.files if f.path == "Dockerfile")
    for name, value in instructions(dockerfile):
        if name in ("ENV", "ARG"):
            keys = re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=", value) or [value.split("=")[0]]
            assert not any(SECRET_NAME.search(k) for k in keys), f"{name} {value}"
