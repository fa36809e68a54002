"""What dockergen prints is safe for a terminal: text from the project cannot move the cursor,
retitle the window, write hyperlinks or hide a line (decision DG3043).

One function, :func:`printable`, used by every line the CLI prints: C0 controls (but newline
and tab), DEL, C1 controls (which include the 8-bit CSI and OSC introducers), and the Unicode
bidirectional overrides that reorder what a line seems to say become visible ``\\xNN``/``\\uNNNN``
escapes. So ``ESC ] 0 ; title BEL`` in a project name prints as ``\\x1b]0;title\\x07``.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def printable(text: object) -> str:
    """``text`` with every terminal control sequence made inert and visible."""
    return _UNSAFE.sub(_escape, str(text))


_LONG = re.compile(r"\S{161,}")


def shorten(text: str) -> str:
    """A message with every word over 160 characters cut to its ends (a 5000-digit version in a
    warning stays one readable line); for messages, never for file content."""
    return _LONG.sub(lambda m: f"{m.group()[:60]}...({len(m.group())} characters)...{m.group()[-20:]}", text)
