"""dockergen's own data files (``dockergen/data/*.toml``): read once, never a project file.

Project files go through ``inspection.files.read_toml`` (size caps, shape checks, clear errors);
these are shipped with dockergen and trusted.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def load_data(name: str) -> dict[str, Any]:
    """The parsed ``dockergen/data/<name>``."""
    return tomllib.loads((DATA_DIR / name).read_text(encoding="utf-8"))
