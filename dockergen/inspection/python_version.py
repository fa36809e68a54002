"""The Python minor the image runs, from the project's own declarations.

Order: ``.python-version`` → ``requires-python`` (newest supported minor that satisfies it)
→ default. The supported minors and the default live in ``dockergen.versions``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from ..facts import Fact
from ..versions import DEFAULT_MINOR, END_OF_LIFE_MINORS, SUPPORTED_MINORS
from .files import read_text

_MINOR = re.compile(r"^(?:cpython-|python-?|py)?(\d+)\.(\d+)(?:\.\d+)?(?:[a-z0-9.+-]*)?$", re.I)


def newest_minor_for(spec: str, minors: tuple[str, ...] = SUPPORTED_MINORS) -> str | None:
    """The newest minor in ``minors`` that ``spec`` admits (None if none).

    Minors newer than the default are only chosen when nothing up to the default fits:
    wheels for a brand-new CPython lag months behind (decision DG1002).
    """
    try:
        specifier = SpecifierSet(spec)
    except InvalidSpecifier:
        return None
    settled = [m for m in minors if _key(m) <= _key(DEFAULT_MINOR)]
    newer = [m for m in minors if _key(m) > _key(DEFAULT_MINOR)]
    for minor in list(reversed(settled)) + newer:
        if specifier.contains(f"{minor}.0", prereleases=True) or specifier.contains(f"{minor}.99", prereleases=True):
            return minor
    return None


def parse_minor(text: str) -> str | None:
    m = _MINOR.match(text.strip())
    return f"{m.group(1)}.{m.group(2)}" if m else None


def detect_python_version(root: Path, pyproject: dict[str, Any] | None, warnings: list[str]) -> Fact[str]:
    text = read_text(root, ".python-version")
    if text is not None:
        for lineno, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            minor = parse_minor(line)
            if minor:
                if minor in END_OF_LIFE_MINORS:
                    warnings.append(f"Python {minor} (.python-version:{lineno}) is past its end of life; "
                                    "consider upgrading.")
                return Fact(minor, "detected", f".python-version:{lineno}")
            break
    requires = ((pyproject or {}).get("project") or {}).get("requires-python")
    if isinstance(requires, str):
        minor = newest_minor_for(requires)
        if minor:
            return Fact(minor, "detected", f"pyproject.toml requires-python {requires!r}")
        warnings.append(f"No supported Python minor satisfies requires-python {requires!r}; "
                        f"using {DEFAULT_MINOR}.")
    return Fact(DEFAULT_MINOR, "default", "no version declared")


def _key(minor: str) -> tuple[int, int]:
    major, _, rest = minor.partition(".")
    return int(major), int(rest)
