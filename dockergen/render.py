"""Stage 4: render a BuildPlan into files, in memory. The Jinja2 environment lives here.

``StrictUndefined`` makes a missing variable a bug, not an empty string. Every value that
lands in a Dockerfile passes a filter that makes it safe for its place, so a project name or
command with quotes, ``$``, backslashes or newlines can never start a new instruction.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .ci import TEMPLATES as CI_TEMPLATES
from .errors import DockergenError, UnsafeValueError

if TYPE_CHECKING:  # jinja2 is imported lazily: `dockergen --help` should start fast
    import jinja2

    from .plan import BuildPlan

# Output file -> template file name, looked up in the template's folder, then in _common.
OUTPUT_TEMPLATES = {"Dockerfile": "Dockerfile.jinja", ".dockerignore": "dockerignore.jinja", **CI_TEMPLATES}


@dataclass(frozen=True)
class RenderedFile:
    path: str  # relative to the project root, POSIX
    content: str


def templates_dir() -> Path:
    """The shipped templates: inside the package in a wheel, at the repo top in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise DockergenError("dockergen's templates are missing from this installation.",
                         hint="Reinstall dockergen-cli.")


@lru_cache(maxsize=1)
def template_ids() -> tuple[str, ...]:
    """The shipped template ids (folders of templates/ not starting with ``_``), listed once."""
    return tuple(sorted(p.name for p in templates_dir().iterdir() if p.is_dir() and not p.name.startswith("_")))


# DG3012: a value that a Dockerfile cannot hold safely in its place is refused, never mangled.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # C0 controls (not tab) and DEL
# Characters the Dockerfile word lexer or BuildKit's CSV mount syntax would quote, expand or drop.
_MOUNT_UNSAFE = re.compile(r"[\"'\\$,=\x00-\x1f\x7f]")


def unsafe(value: object, why: str) -> UnsafeValueError:
    return UnsafeValueError(
        f"Cannot write {str(value)!r} into the Dockerfile: {why}.",
        hint="Change the setting, file name or project field it comes from (`dockergen inspect` "
        "shows where each value comes from), or write this part of the Dockerfile by hand.",
    )


def exec_form(argv: list[str]) -> str:
    """A JSON array for CMD/ENTRYPOINT/HEALTHCHECK CMD: quotes, ``$`` and newlines stay inert."""
    args = [str(a) for a in argv]
    for arg in args:
        if "\x00" in arg:
            raise unsafe(arg, "a command argument cannot contain a NUL character")
    return json.dumps(args)


def env_value(value: object) -> str:
    """A double-quoted ENV/LABEL/ARG value with ``\\``, ``"``, ``$`` escaped.

    A line break cannot be written into an ENV or LABEL value (Docker keeps ``\\n`` as two
    characters), so a value with one is refused rather than silently changed.
    """
    text = str(value)
    if _CONTROL.search(text):
        raise unsafe(text, "an ENV or LABEL value cannot hold a line break or control character")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return f'"{text}"'


_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def env_name(value: object) -> str:
    """An environment variable's name for ENV and RUN assignments: a portable shell name, or refused."""
    text = str(value)
    if not _ENV_NAME.fullmatch(text):
        raise unsafe(text, "an environment variable name must be letters, digits and _ (not starting with a digit)")
    return text


def comment(value: object) -> str:
    """One comment line's worth of text: newlines and control characters become spaces."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", str(value)).strip()


def mount_field(key: str, value: str) -> str:
    """``key=value`` for a ``--mount`` option, double-quoted when it holds a space.

    BuildKit splits mount options on commas and its lexer drops backslashes and quotes and
    (with newer frontends) expands ``$``: such characters cannot be written safely, so refuse them.
    """
    bad = _MOUNT_UNSAFE.search(value)
    if bad:
        raise unsafe(value, f"a path in a RUN --mount option cannot contain {bad.group(0)!r}")
    field = f"{key}={value}"
    return f'"{field}"' if re.search(r"\s", field) else field


def copy_path(value: str) -> str:
    """A path for COPY's JSON form (COPY expands ``$`` even there, so it is refused)."""
    bad = re.search(r"[$\\\x00-\x1f\x7f]", value)
    if bad:
        raise unsafe(value, f"a COPY path cannot contain {bad.group(0)!r}")
    return json.dumps(value)


def sh_quote(value: object) -> str:
    """One shell word for a RUN line; a line break would end the instruction, so it is refused."""
    text = str(value)
    if _CONTROL.search(text):
        raise unsafe(text, "a RUN argument cannot hold a line break or control character")
    return shlex.quote(text)


_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff]")


def yaml_str(value: object) -> str:
    """A JSON-style double-quoted YAML scalar: quotes, ``#``, ``:``, newlines stay inside it.

    For values dockergen builds itself, which may hold compose ``${VAR}`` references.
    """
    text = json.dumps(str(value), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: "\\u%04x" % ord(m.group()), text)


def yaml_lit(value: object) -> str:
    """``yaml_str`` for a value from the project: ``$`` doubled, so neither compose
    interpolation nor Kubernetes ``$(VAR)`` expansion can rewrite it."""
    return yaml_str(str(value).replace("$", "$$"))


def _bytecode_cache() -> "jinja2.BytecodeCache | None":
    """Compiled templates cached per user (like __pycache__): about a third of a run's time.

    Keyed by dockergen's version and the template's source, so an upgrade or an edited
    template never uses stale code. Any failure to read or write the cache is ignored.
    """
    import os

    import jinja2

    from . import __version__

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "dockergen", "jinja-" + __version__)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None

    class QuietCache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: "jinja2.bccache.Bucket") -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, ValueError, EOFError):
                bucket.reset()

        def dump_bytecode(self, bucket: "jinja2.bccache.Bucket") -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return QuietCache(folder)


@lru_cache(maxsize=1)
def environment() -> "jinja2.Environment":
    import jinja2

    env = jinja2.Environment(
        bytecode_cache=_bytecode_cache(),
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(exec_form=exec_form, env_value=env_value, comment=comment,
                       mount_field=mount_field, copy_path=copy_path,
                       sh_quote=sh_quote, yaml_str=yaml_str, yaml_lit=yaml_lit, env_name=env_name)
    return env


def render_plan(plan: "BuildPlan") -> list[RenderedFile]:
    import jinja2

    env = environment()
    files: list[RenderedFile] = []
    for output in plan.outputs:
        name = OUTPUT_TEMPLATES.get(output, output + ".jinja")
        candidates = [f"{plan.template_id}/{name}", f"_common/{name}", f"_outputs/{name}", name]
        try:
            template = env.get_or_select_template(candidates)
            content = template.render(**plan.context)
        except jinja2.TemplateNotFound as err:
            raise DockergenError(f"Template {plan.template_id!r} has no {name}.",
                                 hint="Known templates: " + ", ".join(template_ids())) from err
        files.append(RenderedFile(output, re.sub(r"\n{3,}", "\n\n", content)))
    return files
