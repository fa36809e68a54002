"""The one part of ``dockergen check`` that reads the disk: the Dockerfile, its .dockerignore,
the project's facts (``inspect_project``) and saved settings, and secret-looking file names."""

from __future__ import annotations

from pathlib import Path

from ..config import load_config
from ..errors import ProjectError
from ..inspection import inspect_project
from ..inspection.files import read_text
from ..inspection.packaging import load_pyproject
from ..secret_files import find_secret_files
from ..settings import resolve
from .dockerignore import parse_ignore
from .model import CheckContext
from .parser import parse

# A Dockerfile given by path belongs to the nearest folder above it with one of these.
_MARKERS = ("pyproject.toml", "setup.py", "requirements.txt", ".git", ".dockerignore")


def locate(path: str | Path) -> tuple[Path, Path]:
    """(project root, Dockerfile) for a project folder or a Dockerfile path. The root is resolved;
    the Dockerfile keeps its own name (it may be a link), and reading it confines it to the root."""
    path = Path(path).absolute()
    if path.is_dir():
        root = path.resolve()
        if not (root / "Dockerfile").exists() and not (root / "Dockerfile").is_symlink():
            raise ProjectError(f"No Dockerfile in {path}.",
                               hint="Pass the Dockerfile's path, or create one with `dockergen init`.")
        return root, root / "Dockerfile"
    if path.exists() or path.is_symlink():
        root = next((d for d in path.parents if any((d / m).exists() for m in _MARKERS)), path.parent)
        return root.resolve(), path.parent.resolve() / path.name
    raise ProjectError(f"{path} does not exist.", hint="Pass your project folder or its Dockerfile.")


def input_files(path: str | Path) -> list[Path]:
    """The files ``check`` reads that an ``--output`` must never replace."""
    try:
        root, dockerfile = locate(path)
    except ProjectError:
        return []
    return [dockerfile, dockerfile.with_name(dockerfile.name + ".dockerignore"), root / ".dockerignore"]


def load_context(path: str | Path) -> CheckContext:
    root, dockerfile = locate(path)
    text = _read(root, dockerfile)
    facts = inspect_project(root, require_python=False)  # a Dockerfile alone can be checked
    config, origin = load_config(root)
    settings = resolve(facts, {}, config, {}, origin or "[tool.dockergen]")
    requires = ((load_pyproject(root) or {}).get("project") or {}).get("requires-python")
    ignore_file = dockerfile.with_name(dockerfile.name + ".dockerignore")
    if not ignore_file.is_file():
        ignore_file = root / ".dockerignore"
    ignore = parse_ignore(_read(root, ignore_file)) if ignore_file.is_file() else None
    return CheckContext(
        dockerfile=parse(text),
        facts=facts,
        settings=settings,
        dockerfile_path=_relative(dockerfile, root),
        ignore=ignore,
        requires_python=requires if isinstance(requires, str) else None,
        secret_files=find_secret_files(root),
    )


def _read(root: Path, path: Path) -> str:
    """A bounded, confined read (5 MB, regular file, inside the project, text), as for every input."""
    try:
        relpath = path.relative_to(root)
    except ValueError:
        raise ProjectError(f"{path} is outside the project folder {root}.",
                           hint="Run `dockergen check` on the project folder that holds the Dockerfile.") from None
    text = read_text(root, relpath)
    if text is None:
        raise ProjectError(f"No {relpath.as_posix()} in {root}.", hint="Create one with `dockergen init`.")
    return text


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
