"""Rules about the images: the user (DG3001), pinned base images (DG3020), the Python version
(DG1001) and build tools left in the runtime stage (DG3022)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from . import shell
from .model import CheckContext, Finding
from .parser import Dockerfile, Stage

_BUILD_TOOL = re.compile(r"^(gcc|g\+\+|cpp|clang|make|cmake|build-essential|build-base|gfortran|rustc|cargo"
                         r"|[\w.+-]+-dev|[\w.+-]+-devel)(?:[:=].*)?$")
_PY_TAG = re.compile(r"^(\d+)\.(\d+)")


def root_user(ctx: CheckContext) -> Iterator[Finding]:
    """DG3001: the final stage must switch to an unprivileged user."""
    final = ctx.dockerfile.final
    if final is None:
        return
    users = [ins for ins in final.instructions if ins.keyword == "USER"]
    if not users:
        yield Finding("DG3001", "error", final.line, "The image runs as root: the final stage has no USER.",
                      "Create a user with a fixed numeric UID and end with `USER 10001:10001`.", ctx.dockerfile_path)
        return
    last = users[-1]
    name = last.args.strip().split(":", 1)[0]
    if name in ("root", "0"):
        yield Finding("DG3001", "error", last.line, f"The image runs as root (`USER {last.args.strip()}`).",
                      "Switch to an unprivileged user with a fixed numeric UID, e.g. `USER 10001:10001`.",
                      ctx.dockerfile_path)


def split_image(image: str) -> tuple[str, str, str]:
    """``repo``, ``tag`` and ``digest`` of an image reference (tag/digest may be empty)."""
    rest, _, digest = image.partition("@")
    slash = rest.rfind("/")
    colon = rest.rfind(":")
    if colon > slash:
        return rest[:colon], rest[colon + 1:], digest
    return rest, "", digest


def _external_images(df: Dockerfile) -> Iterator[tuple[int, str]]:
    names = {n.lower() for n in df.stage_names()}
    for stage in df.stages:
        if stage.image.lower() not in names:
            yield stage.line, stage.image
        for ins in stage.instructions:
            sources = list(ins.flags.get("from", [])) if ins.keyword == "COPY" else []
            for mount in ins.flags.get("mount", []) if ins.keyword == "RUN" else []:
                fields = dict(f.partition("=")[::2] for f in mount.split(","))
                if fields.get("from"):
                    sources.append(fields["from"])
            for source in sources:
                if source.lower() not in names:
                    yield ins.line, source


def unpinned_image(ctx: CheckContext) -> Iterator[Finding]:
    """DG3020: every image (FROM, COPY --from, --mount=from) names a version or a digest."""
    for line, image in _external_images(ctx.dockerfile):
        if "$" in image or image.lower() == "scratch" or not image:
            continue
        repo, tag, digest = split_image(image)
        if digest:
            continue
        if not tag or tag == "latest" or not re.search(r"\d", tag):
            shown = f"`{image}`" + (" has no version tag" if not tag else f" floats (tag {tag!r})")
            yield Finding("DG3020", "warning", line, f"{shown}: each build may get a different image.",
                          f"Name a version, e.g. `{repo}:<version>` (and a Debian release for python images).",
                          ctx.dockerfile_path)


def python_minor(image: str) -> str | None:
    repo, tag, _ = split_image(image)
    if repo.rsplit("/", 1)[-1] != "python":
        return None
    match = _PY_TAG.match(tag)
    return f"{match.group(1)}.{match.group(2)}" if match else None


def python_version(ctx: CheckContext) -> Iterator[Finding]:
    """DG1001: the python image's minor agrees with the project's own declaration."""
    wanted = ctx.settings.python
    for stage in ctx.dockerfile.stages:
        minor = python_minor(stage.image)
        if minor is None:
            continue
        if ctx.requires_python and not _admits(ctx.requires_python, minor):
            yield Finding("DG1001", "error", stage.line,
                          f"Python {minor} does not satisfy the project's requires-python {ctx.requires_python!r}.",
                          "Use a python image whose version satisfies requires-python.", ctx.dockerfile_path)
        elif (wanted is not None and wanted.value != minor and
              (wanted.source in ("cli", "config") or wanted.evidence.startswith(".python-version"))):
            yield Finding("DG1001", "warning", stage.line,
                          f"Python {minor} here, but the project says {wanted.describe()}.",
                          f"Use python:{wanted.value}-slim-<debian> (one ARG PYTHON_VERSION for every FROM).",
                          ctx.dockerfile_path)


def _admits(spec: str, minor: str) -> bool:
    try:
        specifier = SpecifierSet(spec)
    except InvalidSpecifier:
        return True
    return specifier.contains(f"{minor}.0", prereleases=True) or specifier.contains(f"{minor}.99", prereleases=True)


def build_tools_in_runtime(ctx: CheckContext) -> Iterator[Finding]:
    """DG3022: compilers and -dev headers belong in a build stage, not in the image that runs."""
    final = ctx.dockerfile.final
    if final is None:
        return
    for ins in final.instructions:
        if ins.keyword != "RUN":
            continue
        argvs = shell.commands(ins.script())
        removed = {p for argv in argvs for p in shell.system_removals(argv)}
        tools = [p for argv in argvs for p in shell.system_installs(argv) or [] if _BUILD_TOOL.match(p)]
        left = [t for t in tools if t not in removed]
        if left:
            yield Finding("DG3022", "warning", ins.line,
                          f"Build tools stay in the runtime image: {', '.join(left)}.",
                          "Compile in a build stage and copy only the virtualenv into a slim runtime stage.",
                          ctx.dockerfile_path)
    yield from _full_base(final, ctx.dockerfile_path)


def _full_base(final: Stage, path: str) -> Iterator[Finding]:
    repo, tag, _ = split_image(final.image)
    if repo.rsplit("/", 1)[-1] == "python" and tag and "$" not in tag and not re.search(r"slim|alpine", tag):
        yield Finding("DG3022", "info", final.line,
                      f"The runtime image `{final.image}` is the full python image, with compilers and headers.",
                      "Run on python:<version>-slim-<debian>; build wheels in a separate stage if needed.", path)
