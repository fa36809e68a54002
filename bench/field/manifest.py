"""The field corpus manifest (bench/field/manifest.toml): load and check it.

Each entry names a real public app that dockergen's authors did not write, by repository and
commit; its code is never committed here (``fetch`` brings the repository to /work/.mirror).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = Path(__file__).with_name("manifest.toml")
MIRROR = Path("/work/.mirror")
KINDS = ("web", "cli", "worker")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")


class ManifestError(ValueError):
    pass


@dataclass(frozen=True)
class FieldApp:
    name: str
    repo: str
    commit: str
    subdir: str
    kind: str
    framework: str
    manager: str
    era: int
    smoke: str
    env: dict[str, str] = field(default_factory=dict)
    expert_containerizable: bool = True
    reason: str = ""
    notes: str = ""

    def git_dir(self, mirror: Path = MIRROR) -> Path:
        return mirror / self.repo.replace("/", "+") / "repo"


_REQUIRED = ("name", "repo", "commit", "subdir", "kind", "framework", "manager", "era", "smoke")
_OPTIONAL = ("env", "expert_containerizable", "reason", "notes")


def parse_manifest(text: str) -> list[FieldApp]:
    """Parse manifest TOML text into apps; a ManifestError names the first bad entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ManifestError(f"manifest is not valid TOML: {err}") from err
    apps = [_parse_entry(i, entry) for i, entry in enumerate(data.get("app", []))]
    seen: set[str] = set()
    for app in apps:
        if app.name in seen:
            raise ManifestError(f"app {app.name!r} is listed twice")
        seen.add(app.name)
    return apps


def _parse_entry(index: int, entry: dict) -> FieldApp:
    label = entry.get("name", f"#{index}")
    missing = [key for key in _REQUIRED if key not in entry]
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    if missing or unknown:
        raise ManifestError(f"app {label}: missing {missing}, unknown {unknown}")
    if not _COMMIT.match(str(entry["commit"])):
        raise ManifestError(f"app {label}: commit must be 40 lower-case hex digits")
    if not _REPO.match(str(entry["repo"])):
        raise ManifestError(f"app {label}: repo must be owner/name")
    if entry["kind"] not in KINDS:
        raise ManifestError(f"app {label}: kind must be one of {KINDS}")
    if str(entry["subdir"]).startswith("/") or ".." in str(entry["subdir"]).split("/"):
        raise ManifestError(f"app {label}: subdir must be relative, inside the repository")
    containerizable = bool(entry.get("expert_containerizable", True))
    if not containerizable and not entry.get("reason"):
        raise ManifestError(f"app {label}: expert_containerizable = false needs a reason")
    env = {str(k): str(v) for k, v in entry.get("env", {}).items()}
    return FieldApp(**{**entry, "env": env, "expert_containerizable": containerizable})


def load_manifest(path: Path = MANIFEST) -> list[FieldApp]:
    return parse_manifest(path.read_text(encoding="utf-8"))
