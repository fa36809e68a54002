""".dockerignore matching with Docker's rules (not gitignore's).

Patterns are anchored at the context root; ``*`` and ``?`` stay within one path segment,
``**`` spans any number; a path is excluded when it or any of its parent folders matches;
``!pattern`` re-includes, and the last matching line wins.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Pattern:
    text: str
    line: int
    negated: bool
    regex: re.Pattern[str]


def parse_ignore(text: str) -> list[Pattern]:
    patterns: list[Pattern] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        body = line[1:].strip() if negated else line
        body = posixpath.normpath(body.lstrip("/")) if body.strip("/") else "."
        patterns.append(Pattern(line, lineno, negated, re.compile(_to_regex(body))))
    return patterns


def is_ignored(path: str, patterns: list[Pattern]) -> bool:
    """Is ``path`` (POSIX, relative to the context root) left out of the build context?"""
    candidates = _self_and_parents(path.strip("/"))
    ignored = False
    for pattern in patterns:
        if any(pattern.regex.fullmatch(c) for c in candidates):
            ignored = not pattern.negated
    return ignored


def _self_and_parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _to_regex(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                i = end
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)
