"""One entry per package manager: its files, its lock, the install partial and the tool pins."""

from __future__ import annotations

from dataclasses import dataclass

from .. import versions


@dataclass(frozen=True)
class PackageManager:
    id: str
    manifest: str | None  # the file that declares dependencies (pip: requirement files, pyproject, setup.py)
    lock_file: str | None
    lock_required: bool  # a project that names this manager without its lock is an error
    needs_builder: bool  # DG2010: the tool runs in a builder stage and never reaches the runtime
    tool_version: str | None  # the pinned tool the install runs (None: pip, run by uv)
    refresh: str = ""  # the command that rewrites a stale lock
    other_locks: tuple[str, ...] = ()  # lock formats of other tools it can install from
    # `TOOL SUBCOMMAND` pairs that install a project's dependencies (read by `dockergen check`)
    install_commands: tuple[str, ...] = ()

    @property
    def install_partial(self) -> str:
        return f"_partials/install/{self.id}.jinja"

    @property
    def missing(self) -> str:
        """What a project must have to use this manager, for an error message."""
        if self.lock_required and self.lock_file:
            return self.lock_file
        return f"a {self.manifest}" if self.manifest and self.id != "pip" else "dependency file"


PACKAGE_MANAGERS: tuple[PackageManager, ...] = (
    PackageManager("pip", None, None, False, False, None, other_locks=("pylock.toml", "requirements.lock")),
    PackageManager("uv", "pyproject.toml", "uv.lock", True, True, versions.UV_VERSION, "uv lock",
                   install_commands=("uv sync",)),
    PackageManager("poetry", "pyproject.toml", "poetry.lock", True, True, versions.POETRY_VERSION, "poetry lock",
                   install_commands=("poetry install",)),
    PackageManager("pdm", "pyproject.toml", "pdm.lock", True, True, versions.PDM_VERSION, "pdm lock",
                   install_commands=("pdm install", "pdm sync")),
    PackageManager("pipenv", "Pipfile", "Pipfile.lock", False, True, versions.PIPENV_VERSION, "pipenv lock",
                   install_commands=("pipenv install", "pipenv sync")),
)
_BY_ID = {m.id: m for m in PACKAGE_MANAGERS}


def manager_ids() -> tuple[str, ...]:
    return tuple(m.id for m in PACKAGE_MANAGERS)


def manager(manager_id: str) -> PackageManager | None:
    return _BY_ID.get(manager_id)


def lock_files(*, other: bool = False) -> tuple[str, ...]:
    """Every manager's lock file, in catalog order (``other``: with the other lock formats)."""
    own = [m.lock_file for m in PACKAGE_MANAGERS if m.lock_file]
    return tuple(own + [f for m in PACKAGE_MANAGERS for f in m.other_locks] if other else own)


def locking_managers() -> tuple[str, ...]:
    """Managers that always install from their lock file."""
    return tuple(m.id for m in PACKAGE_MANAGERS if m.lock_required)
