"""Just enough shell reading for the rules: split a RUN/CMD into simple commands and spot
package installs. Text only, nothing is run."""

from __future__ import annotations

import re
import shlex

from ..catalog.package_managers import PACKAGE_MANAGERS

_SEPARATORS = re.compile(r"&&|\|\||[;|\n]")
_WRAPPERS = {"tini", "dumb-init", "exec", "env", "--", "-g", "-s"}
PYTHONS = re.compile(r"^(?:.*/)?python(?:3(?:\.\d+)?)?$")


def words(text: str) -> list[str]:
    try:
        return shlex.split(text, comments=True)
    except ValueError:
        return text.split()


def commands(script: str) -> list[list[str]]:
    """Simple commands of a shell script, as word lists (quotes resolved, empty ones dropped)."""
    out = []
    for part in _SEPARATORS.split(script):
        argv = words(part)
        while argv and (argv[0] in ("sudo", "exec", "set") or ("=" in argv[0] and not argv[0].startswith("-"))):
            if argv[0] == "set":
                argv = []
                break
            argv = argv[1:]
        if argv:
            out.append(argv)
    return out


def unwrap(argv: list[str]) -> list[str]:
    """Drop init wrappers (tini, dumb-init) and ``sh -c`` so the real program comes first."""
    argv = list(argv)
    while argv:
        name = argv[0].rsplit("/", 1)[-1]
        if name in _WRAPPERS:
            argv = argv[1:]
        elif name in ("sh", "bash", "ash", "dash") and "-c" in argv[1:3]:
            inner = argv[argv.index("-c") + 1:]
            parts = commands(inner[0]) if inner else []
            argv = parts[-1] if parts else []
        else:
            break
    return argv


def python_module(argv: list[str]) -> list[str]:
    """``python -m pip install x`` -> ``pip install x``; other argv unchanged."""
    if len(argv) >= 3 and PYTHONS.match(argv[0]) and argv[1] == "-m":
        return argv[2:]
    return argv


def pip_install(argv: list[str]) -> list[str] | None:
    """The arguments after ``install`` for pip / pip3 / python -m pip / uv pip, else None."""
    argv = python_module(argv)
    name = argv[0].rsplit("/", 1)[-1] if argv else ""
    if name == "uv" and argv[1:3] == ["pip", "install"]:
        return argv[3:]
    if re.match(r"^pip(?:3(?:\.\d+)?)?$", name) and len(argv) > 1 and argv[1] == "install":
        return argv[2:]
    return None


def installs_dependencies(argv: list[str]) -> bool:
    """Does this command install the project's dependencies (not just a tool like uv or pip)?"""
    args = pip_install(argv)
    if args is not None:
        return any(a in ("-r", "--requirement", ".", "./", "-e", "--editable") or a.startswith(("-r", "--requirement="))
                   or a.startswith(".[") for a in args)
    argv = python_module(argv)
    tool = argv[0].rsplit("/", 1)[-1] if argv else ""
    sub = argv[1] if len(argv) > 1 else ""
    return any(f"{tool} {sub}" in m.install_commands for m in PACKAGE_MANAGERS)


def uses_package_cache(argv: list[str]) -> bool:
    """pip and uv installs that download packages and, by default, keep a cache."""
    args = pip_install(argv)
    if args is not None:
        return "--no-index" not in args and "--offline" not in args
    return argv[:2] == ["uv", "sync"] and "--offline" not in argv


def skips_cache(argv: list[str]) -> bool:
    return any(a in ("--no-cache-dir", "--no-cache", "-n") for a in argv)


def system_installs(argv: list[str]) -> list[str] | None:
    """Package names given to apt-get/apt/apk/yum/dnf install, else None."""
    name = argv[0].rsplit("/", 1)[-1] if argv else ""
    verbs = {"apt-get": "install", "apt": "install", "apk": "add", "yum": "install", "dnf": "install",
             "microdnf": "install"}
    if name not in verbs or verbs[name] not in argv[1:]:
        return None
    rest = argv[argv.index(verbs[name], 1) + 1:]
    return [a.split("=", 1)[0] for a in rest if not a.startswith("-")]


def system_removals(argv: list[str]) -> list[str]:
    name = argv[0].rsplit("/", 1)[-1] if argv else ""
    if name in ("apt-get", "apt") and any(v in argv for v in ("purge", "remove")):
        return [a for a in argv[2:] if not a.startswith("-")]
    if name == "apk" and "del" in argv:
        return [a for a in argv[argv.index("del") + 1:] if not a.startswith("-")]
    return []
