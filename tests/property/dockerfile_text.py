"""Reading a generated Dockerfile back the way Docker does, for the property tests.

Instruction boundaries come from a real parser (dockerfile-parse); the value rules follow
Docker's own lexer (moby/buildkit shell lexer): inside double quotes a backslash escapes only
``"``, ``$`` and ``\\``, an unescaped ``$`` starts a variable.
"""

from __future__ import annotations

import io
import re

from dockerfile_parse import DockerfileParser


def instructions(text: str) -> list[tuple[str, str]]:
    """[(INSTRUCTION, value)] without comments, as dockerfile-parse reads them."""
    parser = DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")))
    return [(i["instruction"], i["value"]) for i in parser.structure if i["instruction"] != "COMMENT"]


def unquote_double(word: str) -> str:
    """The literal value of one double-quoted Docker word; fails on an expansion or a stray quote."""
    assert word.startswith('"') and word.endswith('"') and len(word) >= 2, word
    out, i, body = [], 0, word[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body) and body[i + 1] in '"$\\':
            out.append(body[i + 1])
            i += 2
            continue
        assert ch != "$", f"unescaped $ would expand: {word!r}"
        assert ch != '"', f"unescaped quote ends the word early: {word!r}"
        out.append(ch)
        i += 1
    return "".join(out)


_PAIR = re.compile(r'\s*([^\s=]+)=("(?:[^"\\]|\\.)*")')


def label_pairs(value: str) -> dict[str, str]:
    """The key="value" pairs of one LABEL instruction, values still quoted; fails unless they cover it all."""
    pairs, pos = {}, 0
    while pos < len(value.rstrip()):
        match = _PAIR.match(value, pos)
        assert match, f"not a key=\"value\" pair at {value[pos:]!r}"
        pairs[match.group(1)] = match.group(2)
        pos = match.end()
    return pairs
