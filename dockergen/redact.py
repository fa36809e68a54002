"""Credentials never appear in what dockergen prints or writes as evidence (decision DG3044).

One function, :func:`redact`: the password (or the lone token) of every URL's user-info part
becomes ``***``: ``https://user:s3cret@pypi.example/simple`` -> ``https://user:***@pypi.example/simple``,
``https://ghp_abc@host`` -> ``https://***@host``. ``git@`` without a password (ssh's user name) stays.
"""

from __future__ import annotations

import re

_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^\s/@:'\"<>]*)(?::(?P<password>[^\s/@'\"<>]*))?@")


def _hide(match: re.Match[str]) -> str:
    user, password = match.group("user"), match.group("password")
    if password is None:
        return match.group(0) if user == "git" else f"{match.group('scheme')}***@"
    return f"{match.group('scheme')}{user}:***@"


def redact(text: str) -> str:
    return _USERINFO.sub(_hide, text)


def has_credentials(url: str) -> bool:
    return redact(url) != url


_ENV_ONLY = re.compile(r"^(?:\$\{[A-Z0-9_]+\})+$")


def has_literal_credentials(url: str) -> bool:
    """True when a URL's password (or lone token) is written out, not only ``${VAR}`` references
    that pip and uv expand from the build's environment (DG1097)."""
    for match in _USERINFO.finditer(url):
        user, password = match.group("user"), match.group("password")
        secret = user if password is None and user != "git" else password
        if secret and not _ENV_ONLY.match(secret):
            return True
    return False
