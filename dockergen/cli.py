"""The ``dockergen`` command: parse arguments, call the library, print the report.

The one place that catches ``DockergenError``: it prints the message and the hint and exits
with the error's code. Heavy imports happen inside the commands that need them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from typer.core import TyperGroup

try:  # typer >= 0.20 carries its own copy of click
    from typer._click import exceptions as clicks  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - older typer on plain click
    from click import exceptions as clicks
_NoArgsIsHelp = getattr(clicks, "NoArgsIsHelpError", ())

from . import __version__
from .errors import DockergenError, ExitCode, FilesKeptError
from .redact import redact
from .terminal import shorten

class _Commands(TyperGroup):
    """Usage errors (an unknown option, ``--port abc``, ``check --format xml``) in dockergen's own
    ``error:``/``hint:`` form with exit code 2 (ExitCode.USAGE) in every command, not click's block."""

    def main(self, args: Any = None, prog_name: Any = None, complete_var: Any = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NoArgsIsHelp as err:  # `dockergen` alone: the help, as before
            err.show()
            code = err.exit_code
        except clicks.UsageError as err:
            where = err.ctx.command_path if err.ctx is not None else "dockergen"
            echo(f"error: {err.format_message()}", err=True)
            echo(f"hint: `{where} --help` lists the options and their values.", err=True)
            code = int(ExitCode.USAGE)
        except clicks.Abort:
            echo("Cancelled; nothing was written.", err=True)
            code = int(ExitCode.INTERRUPTED)
        except clicks.ClickException as err:
            echo(f"error: {err.format_message()}", err=True)
            code = err.exit_code
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_Commands,
    name="dockergen",
    help="Generate a Dockerfile and .dockerignore that build and run your Python project.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

PathArg = typer.Argument(Path("."), help="The project folder (default: the current folder).")


def _version(value: bool) -> None:
    if value:
        echo(f"dockergen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """dockergen: containers for Python projects, done right the first time."""


@app.command()
def init(
    path: Path = PathArg,
    yes: bool = typer.Option(False, "--yes", "-y", help="Take every detected or default answer; never ask."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the files instead of writing them."),
    diff: bool = typer.Option(False, "--diff", help="Show a unified diff against existing files; write nothing."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing files that differ."),
    template: Optional[str] = typer.Option(None, help="Template id (slim, multi-stage, flask, ...)."),
    python: Optional[str] = typer.Option(None, help="Python minor version, e.g. 3.12."),
    port: Optional[int] = typer.Option(None, help="Port the app listens on."),
    command: Optional[str] = typer.Option(None, help="Start command, e.g. 'python main.py'."),
    app_: Optional[str] = typer.Option(None, "--app", help="Application object, module:attr or module:factory()."),
    package_manager: Optional[str] = typer.Option(None, help="Package manager to install with."),
    debian: Optional[str] = typer.Option(None, help="Debian release of the base image (bookworm, trixie)."),
    healthcheck: Optional[bool] = typer.Option(None, "--healthcheck/--no-healthcheck", help="HEALTHCHECK for web apps."),
    offline: Optional[bool] = typer.Option(None, "--offline", help="Do not ask the package index about wheels."),
    ci: Optional[str] = typer.Option(None, "--ci", help="Also write a CI workflow: github, gitlab (or none)."),
    ci_registry: Optional[str] = typer.Option(None, "--ci-registry", help="Registry the CI pushes to (default ghcr.io / GitLab's)."),
    ci_image: Optional[str] = typer.Option(None, "--ci-image", help="Image path in the registry, e.g. owner/name."),
    ci_multi_arch: Optional[bool] = typer.Option(None, "--ci-multi-arch/--no-ci-multi-arch", help="CI builds linux/arm64 too."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Resolve a lockless install as of: auto, never or YYYY-MM-DD."),
    compose: Optional[bool] = typer.Option(None, "--compose/--no-compose", help="Also write compose.yaml."),
    kubernetes: Optional[bool] = typer.Option(None, "--kubernetes/--no-kubernetes", help="Also write k8s/ manifests."),
) -> None:
    """Write a Dockerfile and .dockerignore for the project at PATH.

    On a terminal, asks the open questions first (each pre-filled with what was detected) and
    offers to save your answers in [tool.dockergen]; --yes, or no terminal, never asks.
    """
    options: dict[str, Any] = dict(template=template, python=python, port=port, command=command, app=app_,
                                   package_manager=package_manager, debian=debian, healthcheck=healthcheck, as_of=as_of,
                                   compose=compose, kubernetes=kubernetes, offline=offline,
                                   ci=ci, ci_registry=ci_registry, ci_image=ci_image, ci_multi_arch=ci_multi_arch)
    options = {k: v for k, v in options.items() if v is not None}
    interactive = not yes and sys.stdin.isatty() and sys.stdout.isatty()

    def run() -> None:
        from .pipeline import generate

        prompter = None
        if interactive:
            from .prompting import QuestionaryPrompter

            prompter = QuestionaryPrompter()
        report = generate(path, dry_run=dry_run or diff, force=force, prompter=prompter, **options)
        _print_report(report, show=dry_run, diff=diff)
        if report.kept and not (dry_run or diff):
            names = ", ".join(f.path for f in report.kept)
            _warn_exposed_secrets(report)
            raise FilesKeptError(
                f"Kept your existing {names}: it differs from what dockergen would write.",
                hint="See the changes with `dockergen init --diff`, replace it with `dockergen init --force`.",
            )

    _guard(run)


@app.command()
def lock(
    path: Path = PathArg,
    force: bool = typer.Option(False, "--force", help="Replace an existing requirements.lock that differs."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the lock instead of writing it."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Resolve as of: auto, never or YYYY-MM-DD."),
    python: Optional[str] = typer.Option(None, help="Python minor version to resolve for."),
) -> None:
    """Write a hash-pinned requirements.lock (needs uv), which the Dockerfile then installs."""
    options = {k: v for k, v in dict(as_of=as_of, python=python).items() if v is not None}

    def run() -> None:
        from .lock import lock_project

        report = lock_project(path, force=force, dry_run=dry_run, **options)
        _print_report(report, show=dry_run, diff=False)
        if report.kept and not dry_run:
            raise FilesKeptError("Kept your existing requirements.lock: it differs.",
                                 hint="Replace it with `dockergen lock --force`.")

    _guard(run)


@app.command()
def inspect(
    path: Path = PathArg,
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (schema: docs/inspect-json.md)."),
    offline: Optional[bool] = typer.Option(None, "--offline", help="Do not ask the package index about wheels."),
) -> None:
    """Show what dockergen detects in the project, with the evidence for each fact."""

    def run() -> None:
        from .inspection import inspect_project
        from .report import facts_json, facts_lines

        facts = inspect_project(path, offline=offline)
        if as_json:
            echo(json.dumps(facts_json(facts), indent=2))
        else:
            for line in facts_lines(facts):
                echo(line)

    _guard(run)


@app.command()
def explain(code: Optional[str] = typer.Argument(None, help="A decision code such as DG2002.")) -> None:
    """Explain a decision code from a generated file, or list them all."""
    from .decisions import get, registry

    if code is None:
        for decision in registry().values():
            echo(f"{decision.code}  {decision.title}")
        return
    decision = get(code)
    if decision is None:
        echo(f"error: unknown decision code {code!r}.", err=True)
        echo("hint: `dockergen explain` lists every code.", err=True)
        raise typer.Exit(ExitCode.USAGE)
    echo(f"{decision.code}: {decision.title}\n\n{decision.summary}\n\nMore: docs/decisions/{decision.code}.md")


@app.command()
def check(
    path: Path = typer.Argument(Path("."), help="The project folder, or its Dockerfile (default: the current folder)."),
    format_: str = typer.Option("text", "--format", help="text, json or sarif (SARIF 2.1.0, for code scanning)."),
    fail_on: str = typer.Option("warning", "--fail-on", help="Exit with 7 for findings at or above: error, warning, info."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
) -> None:
    """Check an existing Dockerfile against what dockergen would do for the project at PATH."""
    if format_ not in ("text", "json", "sarif"):
        raise typer.BadParameter(f"{format_!r} is not one of text, json, sarif", param_hint="'--format'")
    if fail_on not in ("error", "warning", "info"):
        raise typer.BadParameter(f"{fail_on!r} is not one of error, warning, info", param_hint="'--fail-on'")

    def run() -> None:
        import os

        from .check import check_project
        from .check.format import FORMATS, format_text

        report = check_project(path)
        if format_ == "text":
            colour = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
            text = format_text(report, colour=colour)
        else:
            text = FORMATS[format_](report)
        if output is not None:
            from .check.load import input_files
            from .write import write_output

            write_output(output, text, input_files(path))
        else:
            echo(text, nl=False, raw=format_ == "text")
        if report.at_or_above(fail_on):
            raise typer.Exit(int(ExitCode.FINDINGS))

    _guard(run)


def _print_report(report: Any, *, show: bool, diff: bool) -> None:
    for result in report.files:
        if show:
            echo(f"--- {result.path} ({'would be ' if result.status != 'identical' else ''}{result.status})")
            echo(result.content, nl=False)
        elif diff:
            echo(result.diff or f"{result.path}: no changes\n", nl=False)
        else:
            echo(f"{result.status:<11} {result.path}")
    if getattr(report, "saved_config", ""):
        echo(f"{'saved':<11} answers in {report.saved_config}")
    for line in report.summary:
        echo(f"  {line}")
    for warning in report.warnings:
        echo(f"warning: {shorten(warning)}", err=True)


def _warn_exposed_secrets(report: Any) -> None:
    """DG3004: a kept .dockerignore is checked for the secrets it lets into the build context."""
    if not any(f.path == ".dockerignore" for f in report.kept):
        return
    from .inspection.files import read_text
    from .secret_files import exposed_by_ignore

    try:
        exposed = exposed_by_ignore(report.root, read_text(report.root, ".dockerignore") or "")
    except DockergenError:
        return
    if exposed:
        shown = ", ".join(exposed[:8]) + (f" and {len(exposed) - 8} more" if len(exposed) > 8 else "")
        echo(f"warning: your .dockerignore (kept) lets secrets into the build context: {shown}. "
             "`COPY . .` puts them in the image; add them to .dockerignore, or see the generated one with "
             "`dockergen init --diff` (DG3004).", err=True)


def _guard(run: Any) -> None:
    try:
        run()
    except DockergenError as err:
        echo(f"error: {shorten(err.message)}", err=True)
        if err.hint:
            echo(f"hint: {shorten(err.hint)}", err=True)
        raise typer.Exit(int(err.exit_code)) from None
    except KeyboardInterrupt:
        echo("Cancelled; nothing was written.", err=True)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


def echo(text: object = "", *, err: bool = False, nl: bool = True, raw: bool = False) -> None:
    """Every line the CLI prints: terminal controls from the project made inert (DG3043), and
    credentials in URLs hidden (DG3044). ``raw`` is for text already made safe (check's colours)."""
    from .terminal import printable

    text = str(text) if raw else printable(redact(str(text)))
    typer.echo(text, err=err, nl=nl)


def main() -> None:
    app()
