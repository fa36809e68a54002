"""Rules about the dependency install: before the source copy (DG2002), with a cache mount or
no cache at all (DG3021)."""

from __future__ import annotations

from collections.abc import Iterator

from . import shell
from .model import CheckContext, Finding
from .parser import Instruction, Stage

_NO_CACHE_ENV = ("PIP_NO_CACHE_DIR", "UV_NO_CACHE")


def copies_whole_context(ins: Instruction) -> bool:
    if ins.keyword not in ("COPY", "ADD") or ins.flags.get("from"):
        return False
    argv = ins.argv()
    return any(src.rstrip("/") in (".", "", "*", "./*") or src == "./" for src in argv[:-1])


def _dependency_installs(ins: Instruction) -> list[list[str]]:
    if ins.keyword != "RUN":
        return []
    return [argv for argv in shell.commands(ins.script()) if shell.installs_dependencies(argv)]


def deps_after_source(ctx: CheckContext) -> Iterator[Finding]:
    """DG2002: a stage that copies the whole source and only then installs dependencies."""
    has_deps = bool(ctx.facts.packaging.requirements or ctx.facts.packaging.dependency_files)
    for stage in ctx.dockerfile.stages:
        copied: Instruction | None = None
        installed = False
        for ins in stage.instructions:
            if copied is None and copies_whole_context(ins):
                copied = ins
            if copied is None and _installs_packages(ins):
                installed = True  # any install before the copy is a dependency layer (named specs too)
            for argv in _dependency_installs(ins):
                if copied is None:
                    installed = True
                elif not installed and (has_deps or _names_dependency_file(argv)):
                    yield Finding("DG2002", "warning", ins.line,
                                  f"Dependencies install after `{copied.keyword} {copied.args}` (line {copied.line}): "
                                  "every source edit reinstalls them.",
                                  "Copy (or bind-mount) only the dependency files, install, then copy the source.",
                                  ctx.dockerfile_path)
                    installed = True
                    break


def _installs_packages(ins: Instruction) -> bool:
    if ins.keyword != "RUN":
        return False
    return any(shell.installs_dependencies(argv) or shell.pip_install(argv) for argv in shell.commands(ins.script()))


def _names_dependency_file(argv: list[str]) -> bool:
    """uv sync, poetry install & co. always read a lock or manifest; pip does with -r."""
    args = shell.pip_install(argv)
    return args is None or any(a in ("-r", "--requirement") or a.startswith(("-r", "--requirement=")) for a in args)


def _stage_env(stage: Stage) -> set[str]:
    names: set[str] = set()
    for ins in stage.instructions:
        if ins.keyword == "ENV":
            for word in ins.argv():
                names.add(word.split("=", 1)[0])
    return names


def missing_cache_mount(ctx: CheckContext) -> Iterator[Finding]:
    """DG3021: pip/uv installs either use a BuildKit cache mount or keep no cache at all."""
    final = ctx.dockerfile.final
    for stage in ctx.dockerfile.stages:
        if _stage_env(stage) & set(_NO_CACHE_ENV):
            continue
        for ins in stage.instructions:
            if ins.keyword != "RUN" or any("type=cache" in m for m in ins.flags.get("mount", [])):
                continue
            argvs = shell.commands(ins.script())
            cached = [a for a in argvs if shell.uses_package_cache(a) and not shell.skips_cache(a)]
            if not cached or any(a[0] == "rm" and any(".cache" in w for w in a) for a in argvs):
                continue
            in_final = stage is final
            yield Finding("DG3021", "warning" if in_final else "info", ins.line,
                          "`" + " ".join(cached[0][:4]) + "` keeps its download cache "
                          + ("in the image." if in_final else "in this layer and starts cold on every rebuild."),
                          "Add `--mount=type=cache,target=/root/.cache/pip` (or /root/.cache/uv) to the RUN, "
                          "or pass --no-cache-dir.", ctx.dockerfile_path)
