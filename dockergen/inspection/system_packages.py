"""DG1100: ``packages.txt``, the Debian packages a hosted app lists beside its requirements.

Streamlit Community Cloud and Hugging Face Spaces install the packages named in a root
``packages.txt`` with apt before the app starts (``ffmpeg``, ``libgl1``, ``tesseract-ocr``): the
project states there what its code runs or loads. Read as text: one or more names per line,
``#`` starts a comment; a word that is not a Debian package name is left out with a warning.
"""

from __future__ import annotations

import re
from pathlib import Path

from .files import exists, read_text

PACKAGES_TXT = "packages.txt"
_DEBIAN_NAME = re.compile(r"^[a-z0-9][a-z0-9+.-]+$")  # Debian policy 5.6.1


def read_packages_txt(root: Path) -> tuple[list[str], list[str]]:
    """(the Debian packages packages.txt names, in order; warnings)."""
    text = read_text(root, PACKAGES_TXT, limit=64 * 1024) if exists(root, PACKAGES_TXT) else None
    packages: list[str] = []
    warnings: list[str] = []
    for number, line in enumerate((text or "").splitlines(), 1):
        for word in line.split("#", 1)[0].split():
            if not _DEBIAN_NAME.match(word):
                warnings.append(f"DG1100: {PACKAGES_TXT}:{number}: {word[:60]!r} is not a Debian package name; "
                                "it is not installed.")
            elif word not in packages:
                packages.append(word)
    return packages, warnings
