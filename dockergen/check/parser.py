"""A small Dockerfile parser: instructions with line numbers, flags, exec/shell form, stages.

Enough for ``dockergen check``: it follows the ``# escape=`` directive, continuation lines
(comments inside them are dropped, as BuildKit does), BuildKit heredocs (``RUN <<EOF``) and
global ``ARG`` defaults used in ``FROM``. It never evaluates anything.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field

_DIRECTIVE = re.compile(r"^#\s*(\w+)\s*=\s*(\S+)\s*$")
_HEREDOC = re.compile(r"<<-?\s*([\"']?)([A-Za-z_][\w-]*)\1")
_VAR = re.compile(r"\$(?:\{([A-Za-z_]\w*)(?::?[-+][^}]*)?\}|([A-Za-z_]\w*))")


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper case: FROM, RUN, COPY ...
    line: int  # 1-based line of the keyword
    end_line: int  # last line (continuations, heredocs)
    flags: dict[str, list[str]]  # --mount=a --mount=b -> {"mount": ["a", "b"]}
    args: str  # the text after the keyword and its flags, continuations joined
    heredocs: tuple[str, ...] = ()  # heredoc bodies, in order

    @property
    def exec_form(self) -> list[str] | None:
        """The JSON array of ``CMD ["a", "b"]``, or None for shell form."""
        text = self.args.strip()
        if not text.startswith("["):
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        return None

    def argv(self) -> list[str]:
        """The command as words: the exec-form array, else the shell text split like sh would."""
        exec_form = self.exec_form
        if exec_form is not None:
            return exec_form
        try:
            return shlex.split(self.args, comments=True)
        except ValueError:
            return self.args.split()

    def script(self) -> str:
        """A RUN's whole shell text, heredoc bodies included."""
        exec_form = self.exec_form
        body = " ".join(exec_form) if exec_form is not None else self.args
        return "\n".join([body, *self.heredocs])


@dataclass
class Stage:
    index: int
    image: str  # as written, ARG defaults substituted where known
    name: str | None
    line: int
    instructions: list[Instruction] = field(default_factory=list)


@dataclass
class Dockerfile:
    instructions: list[Instruction]
    stages: list[Stage]
    global_args: dict[str, str]

    @property
    def final(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def stage_names(self) -> set[str]:
        return {s.name for s in self.stages if s.name} | {str(s.index) for s in self.stages}


def parse(text: str) -> Dockerfile:
    """Parse Dockerfile text. Never raises on odd input: unknown lines become instructions too."""
    lines = text.splitlines()
    escape = _escape_char(lines)
    instructions = list(_instructions(lines, escape))
    global_args: dict[str, str] = {}
    stages: list[Stage] = []
    for ins in instructions:
        if ins.keyword == "FROM":
            words = ins.args.split()
            image = substitute(words[0], global_args) if words else ""
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
            stages.append(Stage(len(stages), image, name, ins.line))
        elif stages:
            stages[-1].instructions.append(ins)
        elif ins.keyword == "ARG":
            for word in ins.argv():
                key, _, value = word.partition("=")
                global_args[key] = value
    return Dockerfile(instructions, stages, global_args)


def substitute(text: str, values: dict[str, str]) -> str:
    """``${NAME}`` / ``$NAME`` replaced by known values; unknown ones are left as written."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return values[name] if values.get(name) else match.group(0)

    return _VAR.sub(one, text)


def _escape_char(lines: list[str]) -> str:
    for line in lines:
        match = _DIRECTIVE.match(line.strip())
        if not match:
            break
        if match.group(1).lower() == "escape" and match.group(2) in ("\\", "`"):
            return match.group(2)
    return "\\"


def _instructions(lines: list[str], escape: str) -> Iterator[Instruction]:
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start = i
        parts: list[str] = []
        while True:
            text = lines[i].rstrip()
            if text.endswith(escape):
                parts.append(text[:-1])
                i += 1
                # Skip comment and blank lines inside a continued instruction.
                while i < len(lines) and (not lines[i].strip() or lines[i].strip().startswith("#")):
                    i += 1
                if i >= len(lines):
                    break
                continue
            parts.append(text)
            i += 1
            break
        joined = " ".join(p.strip() for p in parts)
        heredocs, i = _heredocs(joined, lines, i)
        yield _make(joined, start + 1, i, heredocs)


def _heredocs(joined: str, lines: list[str], i: int) -> tuple[tuple[str, ...], int]:
    bodies: list[str] = []
    for match in _HEREDOC.finditer(joined):
        end = match.group(2)
        body: list[str] = []
        while i < len(lines) and lines[i].strip() != end:
            body.append(lines[i])
            i += 1
        i += 1  # the terminator
        bodies.append("\n".join(body))
    return tuple(bodies), i


def _make(joined: str, line: int, end_line: int, heredocs: tuple[str, ...]) -> Instruction:
    keyword, _, rest = joined.partition(" ")
    flags: dict[str, list[str]] = {}
    rest = rest.strip()
    while rest.startswith("--"):
        flag, _, remainder = rest.partition(" ")
        key, _, value = flag[2:].partition("=")
        flags.setdefault(key.lower(), []).append(value)
        rest = remainder.strip()
    return Instruction(keyword.upper(), line, max(end_line, line), flags, rest, heredocs)
