"""Where a project states its Python version: each reader returns ``VersionSource`` items.

DG1030: the documented order is ``SOURCE_ORDER`` below. Readers never raise for a malformed
value: they add a warning naming the file and line and the source is skipped.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from ..errors import ProjectError
from ..facts import Fact
from ..versions import END_OF_LIFE_MINORS, SUPPORTED_MINORS
from .conda import conda_environment
from .files import read_text, read_toml
from .setuptools_meta import setup_cfg, setup_keywords

# DG1030: the order in which version sources are consulted (first fitting one wins).
SOURCE_ORDER = (
    ".python-version",
    "runtime.txt",
    "app.yaml runtime",  # App Engine's `runtime: python312`: the minor the app is deployed on
    "pyproject.toml requires-python",
    "pyproject.toml [tool.poetry.dependencies] python",
    "setup.cfg / setup.py python_requires",  # DG1080: setuptools projects declare it there
    "Pipfile [requires]",
    ".tool-versions",
    "uv.lock requires-python",
    "environment.yml python",  # DG1094: a conda environment's python dependency
    "PEP 723 script requires-python",  # DG1099: the app files' own blocks, when they are the manifest
    # DG1030: the minors the project's CI tests on bound the choice, when nothing names one minor
    "GitHub Actions python-version",
)

# DG1036: bounded digits, so a 5000-digit "minor" is no version at all.
_MINOR = re.compile(r"^(?:cpython-|python-?|py)?(\d{1,2})\.(\d{1,3})(?!\d)(?:\.\d{1,4}(?!\d))?(?:[a-z0-9._+-]*)?$",
                    re.I)
_PATCHES = range(0, 40)


def parse_minor(text: str) -> str | None:
    """``3.12``, ``3.12.4``, ``cpython-3.12.4-linux-x86_64-gnu``, ``python-3.12.1`` -> ``3.12``."""
    m = _MINOR.match(text.strip())
    return f"{m.group(1)}.{m.group(2)}" if m else None


class Constraint:
    """A version range: a PEP 440 specifier, or Poetry's syntax (``^3.11``, ``~3.11``, ``||``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.alternatives = [SpecifierSet(_poetry_to_pep440(part)) for part in text.split("||")]

    def admits(self, minor: str) -> bool:
        """True when some patch release of ``minor`` satisfies the range."""
        return any(spec.contains(f"{minor}.{patch}", prereleases=True)
                   for spec in self.alternatives for patch in _PATCHES)


def _poetry_to_pep440(text: str) -> str:
    text = re.sub(r"([<>=!~^]=?)\s+", r"\1", text.strip())
    parts = [p for p in re.split(r"\s*,\s*|\s+", text) if p]
    out: list[str] = []
    for part in parts:
        part = part.replace(" ", "")
        if part in ("*", ""):
            continue
        if part.startswith("^"):
            nums = [int(n) for n in part[1:].split(".")]
            upper = f"{nums[0] + 1}.0" if nums[0] > 0 or len(nums) < 2 else f"0.{nums[1] + 1}"
            out += [f">={part[1:]}", f"<{upper}"]
        elif part.startswith("~") and not part.startswith("~="):
            pieces = part[1:].split(".")
            upper = f"{pieces[0]}.{int(pieces[1]) + 1}" if len(pieces) > 1 else f"{int(pieces[0]) + 1}"
            out += [f">={part[1:]}", f"<{upper}"]
        elif re.fullmatch(r"\d+(\.\d+)*(\.\*)?", part):
            out.append(f"=={part}" if part.endswith(".*") or part.count(".") >= 2 else f"=={part}.*")
        else:
            out.append(part)
    return ",".join(out)


@dataclass
class VersionSource:
    evidence: str  # ".python-version:2", "pyproject.toml requires-python"
    text: str  # the value as written
    minor: str | None = None  # set when the source names one minor
    constraint: Constraint | None = None  # set when it states a range


def read_version_sources(root: Path, pyproject: dict[str, Any] | None, warnings: list[str],
                         script_python: Fact[str] | None = None) -> list[VersionSource]:
    """Every readable version statement in the project, in ``SOURCE_ORDER``; ``script_python``:
    the requires-python of the PEP 723 blocks the packaging inspection installs from (DG1099)."""
    pyproject = pyproject or {}
    sources: list[VersionSource] = []
    for reader in (_python_version_file, _runtime_txt, _app_yaml):
        sources += reader(root, warnings)
    sources += _requires_python(pyproject, warnings)
    sources += _poetry_python(pyproject, warnings)
    sources += _setuptools_python(root, warnings)
    sources += _pipfile(root, warnings)
    sources += _tool_versions(root, warnings)
    sources += _uv_lock(root, warnings)
    sources += _conda_python(root, warnings)
    if script_python is not None:
        sources += _range(script_python.evidence, script_python.value, warnings)
    if not any(source.minor for source in sources):  # a stated minor wins; CI's matrix only narrows a range
        tested = _ci_python(root)
        if tested is not None and _fits_all(tested, sources):
            sources.append(tested)
    return sources


_CI_KEY = re.compile(r"""^\s*-?\s*python-version:\s*(.*?)\s*(?:#.*)?$""")
_CI_ITEM = re.compile(r"""^\s*-\s*(["']?\d+\.\d+["']?)\s*(?:#.*)?$""")
_CI_MINOR = re.compile(r"""["']?(\d+)\.(\d+)(?:\.\d+)?["']?""")
_CI_FILES = 20  # workflow files read at most


def _ci_python(root: Path) -> VersionSource | None:
    """``<3.N+1`` for the newest minor the project's GitHub Actions workflows test on
    (``python-version: "3.12"``, ``[3.11, "3.12"]`` or a list under the key): a newer minor was
    never tested (psycopg2 2.9.6, pinned by a project tested on 3.12, does not compile on 3.13).
    None when that minor is end-of-life: a stale matrix is no reason to build on one."""
    folder = Path(root) / ".github" / "workflows"
    try:
        names = sorted(p.name for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file()
                       and not p.is_symlink())[:_CI_FILES] if folder.is_dir() and not folder.is_symlink() else []
    except OSError:
        return None
    minors: set[tuple[int, int]] = set()
    where = ""
    for name in names:
        try:
            text = read_text(root, f".github/workflows/{name}", limit=256 * 1024) or ""
        except ProjectError:
            continue
        lines = text.splitlines()
        for number, line in enumerate(lines, 1):
            key = _CI_KEY.match(line)
            if not key:
                continue
            value = key.group(1)
            if not value:  # a YAML list on the next lines
                listed = [_CI_ITEM.match(item) for item in lines[number:number + 12]]
                value = " ".join(m.group(1) for m in itertools.takewhile(bool, listed) if m)
            found = [(int(a), int(b)) for a, b in _CI_MINOR.findall(value) if a == "3"] if "${{" not in value else []
            if found:
                minors.update(found)
                where = where or f".github/workflows/{name}:{number}"
    newest = max(minors) if minors else None
    if newest is None or f"3.{newest[1]}" not in SUPPORTED_MINORS:  # a stale matrix never pulls to an EOL minor
        return None
    text = f"<3.{newest[1] + 1}"  # only the top: an older tested minor is no reason to go back
    shown = ", ".join(f"3.{m}" for _, m in sorted(minors))
    return VersionSource(f"{where} python-version {shown} (the newest minor its CI tests)", text,
                         constraint=Constraint(text))


def _fits_all(tested: VersionSource, sources: list[VersionSource]) -> bool:
    """Some minor dockergen knows satisfies ``tested`` and every stated range."""
    ranges = [s.constraint for s in sources if s.constraint is not None]
    return any(tested.constraint is not None and tested.constraint.admits(minor)
               and all(r.admits(minor) for r in ranges) for minor in (*END_OF_LIFE_MINORS, *SUPPORTED_MINORS))


def _exact(evidence: str, text: str, warnings: list[str], what: str) -> list[VersionSource]:
    minor = parse_minor(text)
    if minor is None:
        warnings.append(f"{evidence}: {text!r} is not a CPython version like 3.12 ({what}); ignored.")
        return []
    return [VersionSource(evidence, text, minor=minor)]


def _range(evidence: str, text: Any, warnings: list[str]) -> list[VersionSource]:
    if not isinstance(text, str):
        warnings.append(f"{evidence}: expected a string, found {type(text).__name__}; ignored.")
        return []
    try:
        return [VersionSource(evidence, text, constraint=Constraint(text))]
    except (InvalidSpecifier, ValueError, IndexError):
        warnings.append(f"{evidence}: cannot parse {text!r} as a version range; ignored.")
        return []


def _first_line(root: Path, name: str, warnings: list[str]) -> tuple[int, str] | None:
    try:
        text = read_text(root, name, limit=64 * 1024)
    except ProjectError as err:
        warnings.append(f"{err.message} Ignored as a Python version source.")
        return None
    for lineno, line in enumerate((text or "").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            return lineno, line
    return None


def _python_version_file(root: Path, warnings: list[str]) -> list[VersionSource]:
    found = _first_line(root, ".python-version", warnings)
    if found is None:
        return []
    lineno, line = found
    return _exact(f".python-version:{lineno}", line.split()[0], warnings, "pyenv/uv form")


def _runtime_txt(root: Path, warnings: list[str]) -> list[VersionSource]:
    found = _first_line(root, "runtime.txt", warnings)
    if found is None:
        return []
    lineno, line = found
    if not line.lower().startswith("python-"):
        warnings.append(f"runtime.txt:{lineno}: {line!r} is not python-X.Y.Z; ignored.")
        return []
    return _exact(f"runtime.txt:{lineno}", line, warnings, "python-3.12.1 form")


def _requires_python(pyproject: dict[str, Any], warnings: list[str]) -> list[VersionSource]:
    value = (pyproject.get("project") or {}).get("requires-python")
    if value is None:
        return []
    return _range(f"pyproject.toml requires-python {value!r}", value, warnings)


def _poetry_python(pyproject: dict[str, Any], warnings: list[str]) -> list[VersionSource]:
    deps = ((pyproject.get("tool") or {}).get("poetry") or {}).get("dependencies") or {}
    value = deps.get("python") if isinstance(deps, dict) else None
    if isinstance(value, dict):
        value = value.get("version")
    if value is None:
        return []
    return _range(f"pyproject.toml [tool.poetry.dependencies] python {value!r}", value, warnings)


def _setuptools_python(root: Path, warnings: list[str]) -> list[VersionSource]:
    """``python_requires`` in setup.cfg ``[options]``, else a literal one in setup.py."""
    cfg = setup_cfg(root)
    value = cfg.get("options", "python_requires", fallback="").strip() if cfg is not None else ""
    if value:
        return _range(f"setup.cfg [options] python_requires {value!r}", value, warnings)
    literal = setup_keywords(root).get("python_requires")
    if isinstance(literal, str) and literal.strip():
        return _range(f"setup.py python_requires {literal.strip()!r}", literal.strip(), warnings)
    return []


def _pipfile(root: Path, warnings: list[str]) -> list[VersionSource]:
    try:
        pipfile = read_toml(root, "Pipfile")
    except ProjectError as err:
        warnings.append(f"{err.message} Ignored as a Python version source.")
        return []
    requires = (pipfile or {}).get("requires") or {}
    for key in ("python_full_version", "python_version"):
        value = requires.get(key)
        if value is not None:
            return _exact(f"Pipfile [requires] {key}", str(value), warnings, "3.12 form")
    return []


def _tool_versions(root: Path, warnings: list[str]) -> list[VersionSource]:
    try:
        text = read_text(root, ".tool-versions", limit=64 * 1024)
    except ProjectError as err:
        warnings.append(f"{err.message} Ignored as a Python version source.")
        return []
    for lineno, line in enumerate((text or "").splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if words and words[0] == "python":
            if len(words) < 2:
                warnings.append(f".tool-versions:{lineno}: python has no version; ignored.")
                return []
            return _exact(f".tool-versions:{lineno}", words[1], warnings, "asdf/mise form")
    return []


def _uv_lock(root: Path, warnings: list[str]) -> list[VersionSource]:
    try:
        text = read_text(root, "uv.lock")
    except ProjectError as err:
        warnings.append(f"{err.message} Ignored as a Python version source.")
        return []
    m = re.search(r'^requires-python\s*=\s*"([^"\n]*)"', text or "", re.M)
    if not m:
        return []
    return _range(f"uv.lock requires-python {m.group(1)!r}", m.group(1), warnings)


_APP_YAML_RUNTIME = re.compile(r"""^runtime:\s*["']?python(\d)(\d{1,2})["']?\s*(?:#.*)?$""")


def _app_yaml(root: Path, warnings: list[str]) -> list[VersionSource]:
    """App Engine's ``runtime: python312`` (a top-level key of app.yaml): one minor."""
    try:
        text = read_text(root, "app.yaml", limit=256 * 1024)
    except ProjectError:
        return []
    for number, line in enumerate((text or "").splitlines(), 1):
        match = _APP_YAML_RUNTIME.match(line)
        if match:
            minor = f"{match.group(1)}.{match.group(2)}"
            return _exact(f"app.yaml:{number} runtime: {line.split(':', 1)[1].strip()}", minor, warnings,
                          "App Engine runtime")
    return []


def _conda_python(root: Path, warnings: list[str]) -> list[VersionSource]:
    """DG1094: ``- python=3.8`` (one minor) or ``- python>=3.9`` (a range) in environment.yml."""
    env = conda_environment(root, warnings)
    if env is None or not env.python:
        return []
    evidence = f"environment.yml:{env.python_line} python {env.python}"
    if re.fullmatch(r"\d+\.\d+(\.[\d*]+)?", env.python):
        return _exact(evidence, env.python.removesuffix(".*"), warnings, "conda python=3.8 form")
    return _range(evidence, env.python, warnings)
