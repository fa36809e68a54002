"""The DGxxxx registry: every non-obvious choice dockergen makes has a stable code.

Codes are never renumbered or reused. DG1xxx inspection, DG2xxx plan, DG3xxx hardening,
DG9xxx meta. The registry *is* the folder of pages ``docs/decisions/DGxxxx.md`` (shipped in
the wheel): a page's first line is ``# DGxxxx: Title`` and its first paragraph the summary
that ``dockergen explain`` prints. One code = one page, so adding a decision is adding a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_CODE = re.compile(r"^DG\d{4}$")
_TITLE = re.compile(r"^# (DG\d{4}): (.+)$")


@dataclass(frozen=True)
class Decision:
    code: str
    title: str
    summary: str
    page: Path


def pages_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_docs" / "decisions", here.parent / "docs" / "decisions"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("dockergen's decision pages are missing from this installation")


def parse_page(path: Path) -> Decision:
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("\n")
    match = _TITLE.match(head.strip())
    if not match or match.group(1) != path.stem:
        raise ValueError(f"{path.name}: the first line must be '# {path.stem}: Title'")
    summary = rest.strip().split("\n\n", 1)[0].replace("\n", " ").strip()
    if not summary or summary.startswith("#"):
        raise ValueError(f"{path.name}: a one-paragraph summary must follow the title")
    return Decision(match.group(1), match.group(2).strip(), summary, path)


@lru_cache(maxsize=1)
def registry() -> dict[str, Decision]:
    pages = sorted(p for p in pages_dir().glob("DG*.md") if _CODE.match(p.stem))
    return {d.code: d for d in map(parse_page, pages)}


def get(code: str) -> Decision | None:
    return registry().get(code.strip().upper())
