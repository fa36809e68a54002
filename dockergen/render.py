"""Stage 4: render a BuildPlan into files, in memory. The Jinja2 environment lives here.

``StrictUndefined`` makes a missing variable a bug, not an empty string. Every value that
lands in a Dockerfile passes a filter that makes it safe for its place, so a project name or
command with quotes, ``$``, backslashes or newlines can never start a new instruction.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .catalog.outputs import output_template, template_ids
from .context import to_context
from .errors import DockergenError, UnsafeValueError

if TYPE_CHECKING:  # jinja2 is imported lazily: `dockergen --help` should start fast
    import jinja2

    from .plan_model import BuildPlan


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


# A plain (unquoted) scalar only where every YAML reader, 1.1 or 1.2, in block or flow context,
# reads the same string back: a letter, ``_``, ``/`` or ``-``/``--`` and a letter first (never a
# number, date, a lone ``-``, ``.inf``,
# ``*alias`` or ``!tag``), then letters, digits and ``_./@+=-``, single inner spaces, no flow
# indicators, ``:``, ``#``, quotes or ``$``; and not one of YAML 1.1's booleans or null.
_YAML_PLAIN = re.compile(r"(?:[A-Za-z_/]|--?[A-Za-z])(?:[A-Za-z0-9_./@+=-]| (?! ))*(?<! )")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def yaml_str(value: object) -> str:
    """A YAML scalar that reads back as exactly ``value``: plain when that is safe (``main``,
    ``linux/amd64``, ``Log in to ghcr.io``), else JSON-style double-quoted (quotes, ``#``, ``:``,
    newlines stay inside it). For values dockergen builds itself, which may hold ``${VAR}``.
    """
    text = str(value)
    if _YAML_PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    text = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# In block context only (a mapping value or a ``- `` item, never inside ``[...]`` or ``{...}``), a
# plain scalar may also hold ``:`` before a letter or digit and whole GitHub expressions.
_GH_EXPR = r"\$\{\{ [A-Za-z0-9_.]+ \}\}"
_YAML_BLOCK_PLAIN = re.compile(rf"(?:[A-Za-z_/]|{_GH_EXPR})(?:[A-Za-z0-9_./@+=-]|:(?=[A-Za-z0-9])|{_GH_EXPR})*")


def yaml_block(value: object) -> str:
    """``yaml_str`` for a block-context value: also plain for ``${{ github.actor }}`` and
    ``registry.example.com:5000/team/app`` (what a hand-written GitHub workflow looks like)."""
    text = str(value)
    if _YAML_BLOCK_PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return yaml_str(text)


def yaml_lit(value: object) -> str:
    """``yaml_str`` for a value from the project: ``$`` doubled, so neither compose
    interpolation nor Kubernetes ``$(VAR)`` expansion can rewrite it."""
    return yaml_str(str(value).replace("$", "$$"))


def _bytecode_cache(folder: str) -> jinja2.BytecodeCache | None:
    """Compiled templates cached in ``folder`` (like __pycache__): about a third of a run's time.

    The CLI owns the folder (``cli.template_cache``); library calls pass none and write nothing.
    Entries are keyed by the template's source, and the CLI's folder by dockergen's version, so
    an upgrade or an edited template never uses stale code. Any failure to read or write the
    cache is ignored.
    """
    import jinja2

    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None

    class QuietCache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, ValueError, EOFError):
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    return QuietCache(folder)


@lru_cache(maxsize=4)
def environment(cache_folder: str = "") -> jinja2.Environment:
    """The Jinja2 environment; ``cache_folder`` ("" = none) holds compiled templates."""
    import jinja2

    env = jinja2.Environment(
        bytecode_cache=_bytecode_cache(cache_folder) if cache_folder else None,
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(exec_form=exec_form, env_value=env_value, comment=comment,
                       mount_field=mount_field, copy_path=copy_path,
                       sh_quote=sh_quote, yaml_str=yaml_str, yaml_lit=yaml_lit,
                       yaml_block=yaml_block, env_name=env_name)
    return env


def render_plan(plan: BuildPlan, *, cache_folder: Path | None = None) -> list[RenderedFile]:
    """The plan's outputs, in memory. ``cache_folder``: where compiled templates may be kept."""
    import jinja2

    env = environment(str(cache_folder) if cache_folder else "")
    context = to_context(plan)
    files: list[RenderedFile] = []
    for output in plan.outputs:
        name = output_template(output, plan.template_id)  # the catalog's entry for this output
        try:
            if name is None:
                raise jinja2.TemplateNotFound(output)
            content = env.get_template(name).render(**context)
        except jinja2.TemplateNotFound as err:
            raise DockergenError(f"Template {plan.template_id!r} has no {name or output}.",
                                 hint="Known templates: " + ", ".join(template_ids())) from err
        files.append(RenderedFile(output, re.sub(r"\n{3,}", "\n\n", content)))
    return files
