"""The build context: secrets and VCS data stay out of it (DG3004)."""

from __future__ import annotations

from collections.abc import Iterator

from .dockerignore import is_ignored
from .model import CheckContext, Finding
from .rules_install import copies_whole_context

# What a .dockerignore must keep out, each with a path that probes it.
PROBES = {".env": ".env", ".git": ".git/config", "*.pem": "tls.pem", "*.key": "tls.key", "id_rsa*": "id_rsa"}


def secrets_in_context(ctx: CheckContext) -> Iterator[Finding]:
    """DG3004: .dockerignore keeps environment files, keys and .git out of the build context."""
    copy = next((i for s in ctx.dockerfile.stages for i in s.instructions if copies_whole_context(i)), None)
    if ctx.ignore is None:
        exposed = ctx.secret_files
        yield Finding("DG3004", "error" if exposed else "warning", copy.line if copy else 1,
                      "No .dockerignore: " + (", ".join(exposed[:5]) if exposed else
                                              ".env files, keys and .git")
                      + " would be sent to the builder" + (" and copied into the image." if copy else "."),
                      "Add a .dockerignore (`dockergen init --dry-run` shows one).", ctx.dockerfile_path)
        return
    missing = [name for name, probe in PROBES.items() if not is_ignored(probe, ctx.ignore)]
    exposed = [path for path in ctx.secret_files if not is_ignored(path, ctx.ignore)]
    if exposed:
        yield Finding("DG3004", "error", 1, f"Secrets in the build context: {', '.join(exposed[:5])}.",
                      "Add them to .dockerignore (e.g. `**/.env`, `**/*.key`) and rotate any that reached an image.",
                      ".dockerignore")
    elif missing:
        yield Finding("DG3004", "warning", 1, f".dockerignore does not exclude {', '.join(missing)}.",
                      "Add " + ", ".join(f"`**/{m}`" if m != ".git" else "`.git`" for m in missing)
                      + " to .dockerignore.", ".dockerignore")
