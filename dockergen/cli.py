"""The ``dockergen`` command: parse arguments, call the library, print the report.

The one place that catches ``DockergenError``: it prints the message and the hint and exits
with the error's code. Heavy imports happen inside the commands that need them.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer
from typer.core import TyperGroup

from . import __version__
from .cli_options import given, plain, with_settings
from .errors import DockergenError, DriftError, ExitCode, FilesKeptError
from .home import DOCS, HOME, decision_url
from .redact import redact
from .terminal import shorten

clicks: Any
try:  # typer >= 0.20 carries its own copy of click
    from typer._click import exceptions as clicks
except ImportError:  # pragma: no cover - older typer on plain click
    from click import exceptions as clicks
_NoArgsIsHelp = getattr(clicks, "NoArgsIsHelpError", ())



class _Commands(TyperGroup):
    """Usage errors (an unknown option, ``--port abc``, ``check --format xml``) in dockergen's own
    ``error:``/``hint:`` form with exit code 2 (ExitCode.USAGE) in every command, not click's block."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,  # type: ignore[override]
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
    help="Generate a Dockerfile and .dockerignore that build and run your Python project.\n\n"
         "\b\nExamples:\n  dockergen init            # in your project folder\n"
         "  dockergen inspect         # what was detected, and from which file\n"
         "  dockergen check           # an existing Dockerfile against best practice",
    epilog=f"Docs, issues and decision pages: {HOME}",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

class ImageKind(str, Enum):
    web = "web"
    cli = "cli"
    worker = "worker"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


PathArg = typer.Argument(Path("."), help="The project folder (default: the current folder).", metavar="PATH",
                         show_default=False)


def template_cache() -> Path | None:
    """The CLI's compiled-template cache, per user and version; DOCKERGEN_NO_CACHE=1 turns it off."""
    if os.environ.get("DOCKERGEN_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dockergen" / f"jinja-{__version__}"


def _version(value: bool) -> None:
    if value:
        echo(f"dockergen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """dockergen: containers for Python projects, done right the first time."""


def show_index_progress(stream: Any = None) -> None:
    """DG1034's index requests report their progress on stderr, and only when it is a terminal
    (a pipe or a CI log gets no carriage returns)."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return
    from . import wheel_index

    def report(done: int, total: int) -> None:
        stream.write(f"\rchecking wheels on the package index: {done}/{total}" if done < total else "\r\x1b[K")
        stream.flush()

    wheel_index.PROGRESS = report


@app.command()
@with_settings()
def init(
    path: Path = PathArg,
    yes: bool = typer.Option(False, "--yes", "-y", help="Take every detected or default answer; never ask."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the files instead of writing them."),
    diff: bool = typer.Option(False, "--diff", help="Show a unified diff against existing files; write nothing."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing files that differ."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit with 8 and print the diff if a file "
                               "on disk differs from what init would write (for CI and pre-commit)."),
    as_json: bool = typer.Option(False, "--json", help="Print what was written and why as JSON; never asks."),
    verify_: bool = typer.Option(False, "--verify", help="Then build, run and check the image (dockergen verify)."),
    strip_syntax: bool = typer.Option(False, "--strip-syntax", help="With --verify: build without the `# syntax=` line."),
    build_network: Optional[str] = typer.Option(None, "--build-network", metavar="NETWORK",
                                                 help="With --verify: docker build --network."),
    **settings: Any,
) -> None:
    """Write a Dockerfile and .dockerignore for the project at PATH.

    On a terminal, asks only what the project's files leave open, then shows one summary to
    confirm or change; --yes, or no terminal, never asks.

    \b
    Examples:
      dockergen init                          # ask what is open, then write
      dockergen init --yes --python 3.12      # no questions; Python 3.12
      dockergen init --diff                   # what would change, writes nothing
      dockergen init --check                  # in CI: fail when the files drifted
    """
    options = given(settings)
    interactive = not (yes or check or as_json) and sys.stdin.isatty() and sys.stdout.isatty()

    def run() -> None:
        from .outcome import init_json
        from .pipeline import generate

        prompter = None
        show_index_progress()
        if interactive:
            from .prompting import QuestionaryPrompter

            prompter = QuestionaryPrompter()
        report = generate(path, dry_run=dry_run or diff or check, force=force, prompter=prompter,
                          template_cache=template_cache(), **options)
        if as_json:
            echo(json.dumps(init_json(report), indent=2))
        elif check:
            _print_drift(report)
        else:
            _print_report(report, show=dry_run, diff=diff)
        if report.kept and not (dry_run or diff or check):
            names = ", ".join(f.path for f in report.kept)
            _warn_exposed_secrets(report)
            raise FilesKeptError(
                f"Kept your existing {names}: it differs from what dockergen would write.",
                hint="See the changes with `dockergen init --diff`, replace it with `dockergen init --force`.",
            )
        if verify_ and not (dry_run or diff):
            from .verify import VerifyOptions

            _verify(path, VerifyOptions(strip_syntax=strip_syntax, build_network=build_network), as_json=False)

    _guard(run)


@app.command()
def verify(
    path: Path = PathArg,
    as_json: bool = typer.Option(False, "--json", help="Machine-readable report on stdout (docs/verify.md)."),
    fix: bool = typer.Option(False, "--fix", help="Apply known remedies through [tool.dockergen], regenerate, retry."),
    max_rounds: int = typer.Option(3, "--max-rounds", min=1, max=10, help="With --fix: at most this many builds."),
    keep: bool = typer.Option(False, "--keep", help="Keep the image (default: remove image and container)."),
    env: list[str] = typer.Option([], "--env", "-e", metavar="KEY=VALUE", help="KEY=VALUE for docker run only (repeatable); never in the image."),
    env_file: Optional[Path] = typer.Option(None, "--env-file", help="An env file for docker run only."),
    timeout: float = typer.Option(120.0, "--timeout", min=1, help="Seconds to wait for the first answer."),
    stop_timeout: int = typer.Option(10, "--stop-timeout", min=1, help="Seconds SIGTERM gets before a kill."),
    settle: float = typer.Option(5.0, "--settle", min=0, help="Worker: seconds it must stay up."),
    kind: Optional[ImageKind] = typer.Option(None, "--kind", help="web, cli or worker (default: read from the Dockerfile)."),
    port: Optional[int] = typer.Option(None, "--port", help="Port to probe (default: EXPOSE)."),
    http_path: str = typer.Option("/", "--http-path", metavar="PATH", help="Path to GET."),
    strip_syntax: bool = typer.Option(False, "--strip-syntax", help="Build from a copy without the `# syntax=` line (engines without a registry)."),
    build_network: Optional[str] = typer.Option(None, "--build-network", metavar="NETWORK",
                                                 help="docker build --network (e.g. host)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Build without the layer cache."),
    engine: Optional[str] = typer.Option(None, "--engine", metavar="CLIENT", help="The engine's client (default: $DOCKER, docker, podman)."),
) -> None:
    """Build the Dockerfile at PATH, run the image, wait for its first answer, stop it, report.

    Exit 0 when it passes, 9 when it fails (the stage and a diagnosis are printed), 10 without an engine.
    """
    if kind is not None and kind not in ("web", "cli", "worker"):
        raise typer.BadParameter("must be web, cli or worker", param_hint="--kind")
    pairs = {}
    for item in env:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"{item!r} must look like KEY=VALUE", param_hint="--env")
        pairs[key] = value

    def run() -> None:
        from .verify import VerifyOptions
        from .verify.run import RunOptions

        options = VerifyOptions(strip_syntax=strip_syntax, build_network=build_network, keep=keep,
                                kind=kind.value if kind is not None else None,
                                port=port, no_cache=no_cache, fix=fix, max_rounds=max_rounds, engine=engine,
                                run=RunOptions(pairs, env_file, timeout, stop_timeout, settle, http_path))
        _verify(path, options, as_json=as_json)

    _guard(run)


def _verify(path: Path, options: Any, *, as_json: bool) -> None:
    from .verify import verify_project

    options.progress = lambda line: echo(line, err=True)
    report = verify_project(path, options)
    if as_json:
        echo(json.dumps(report.to_json(), indent=2))
    else:
        for line in report.lines():
            echo(line)  # the container's log lines are the project's text: made inert (DG3043)
    if not report.ok:
        raise typer.Exit(int(ExitCode.VERIFY_FAILED))


@app.command()
def lock(
    path: Path = PathArg,
    force: bool = typer.Option(False, "--force", help="Replace an existing requirements.lock that differs."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the lock instead of writing it."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Resolve as of: auto, never or YYYY-MM-DD."),
    python: Optional[str] = typer.Option(None, help="Python minor version to resolve for."),
) -> None:
    """Write a hash-pinned requirements.lock (needs uv), which the Dockerfile then installs.

    \b
    Examples:
      dockergen lock
      dockergen lock --as-of 2024-06-01 --dry-run
    """
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
    as_json: bool = typer.Option(False, "--json", help=f"Machine-readable output (schema: {DOCS}/inspect-json.md)."),
    offline: Optional[bool] = typer.Option(None, "--offline", help="Do not ask the package index about wheels."),
) -> None:
    """Show what dockergen detects in the project, with the evidence for each fact.

    \b
    Examples:
      dockergen inspect
      dockergen inspect --json path/to/project
    """

    def run() -> None:
        from .inspection import inspect_project
        from .report import facts_json, facts_lines

        show_index_progress()
        facts = inspect_project(path, offline=offline)
        if as_json:
            echo(json.dumps(facts_json(facts), indent=2))
        else:
            for line in facts_lines(facts):
                echo(line)

    _guard(run)


@app.command()
def explain(code: Optional[str] = typer.Argument(None, help="A decision code such as DG2002.")) -> None:
    """Explain a decision code from a generated file, or list them all.

    \b
    Examples:
      dockergen explain DG2002
      dockergen explain
    """
    from .decisions import get, registry

    if code is None:
        for decision in registry().values():
            echo(f"{decision.code}  {decision.title}")
        return
    found = get(code)
    if found is None:
        typer.echo(f"error: unknown decision code {code!r}.", err=True)
        typer.echo("hint: `dockergen explain` lists every code.", err=True)
        raise typer.Exit(ExitCode.USAGE)
    body = found.page.read_text(encoding="utf-8").partition("\n")[2].strip()  # the page, below its title
    typer.echo(f"{found.code}: {found.title}\n\n{body}\n\nOnline: {decision_url(found.code)}")




@app.command()
def check(
    paths: Optional[list[str]] = typer.Argument(
        None, metavar="[PATH]...", show_default=False,
        help="Project folders, Dockerfiles or globs (default: the current folder)."),
    format_: CheckFormat = typer.Option("text", "--format", help="text, json or sarif (SARIF 2.1.0, for code scanning)."),
    fail_on: Severity = typer.Option("warning", "--fail-on", help="Exit with 7 for findings at or above this severity."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
) -> None:
    """Check existing Dockerfiles against what dockergen would do for their projects.

    Each PATH is a project folder, a Dockerfile, or a glob of either; pre-commit passes the
    names of the changed Dockerfiles. Exits with 7 when a finding reaches --fail-on.

    \b
    Examples:
      dockergen check                                 # ./Dockerfile
      dockergen check services/*/Dockerfile           # several projects
      dockergen check --format sarif -o dockergen.sarif
    """
    fmt, threshold = plain(format_), plain(fail_on)

    def run() -> None:
        import os

        from .check.format import FORMATS, format_text
        from .check.load import input_files
        from .check.targets import check_all, expand, located_from

        reports = [located_from(r, Path.cwd()) for r in check_all(paths or [])]
        if fmt == "text":
            colour = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
            text = "\n".join(format_text(r, colour=colour) for r in reports)
        else:
            text = FORMATS[fmt](reports[0] if len(reports) == 1 else reports)
        if output is not None:
            from .write import write_output

            inputs = [f for target in expand(paths or []) for f in input_files(target)]
            write_output(output, text, inputs)  # DG3042: never over a file it checks
        else:
            echo(text, nl=False, raw=True)  # format_text made the project's text inert
        if any(r.at_or_above(threshold) for r in reports):
            raise typer.Exit(int(ExitCode.FINDINGS))

    _guard(run)


def _print_report(report: Any, *, show: bool, diff: bool) -> None:
    from .outcome import choice_lines, next_step

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
    lines = choice_lines(report) if report.plan is not None else report.summary
    for line in lines:
        echo(f"  {line}")
    for warning in report.warnings:
        echo(f"warning: {shorten(warning)}", err=True)
    if report.plan is not None and not (show or diff or report.kept):
        echo(f"\nNext: {next_step(report)}")


def _print_drift(report: Any) -> None:
    """``init --check``: the diff of each file that would change, then DriftError (exit 8)."""
    drifted = [f for f in report.files if f.status != "identical"]
    for result in report.files:
        echo(result.diff if result.status != "identical" else f"identical   {result.path}\n", nl=False)
    if drifted:
        names = ", ".join(f"{f.path} ({'missing' if f.status == 'created' else 'differs'})" for f in drifted)
        raise DriftError(f"Not what `dockergen init` would write now: {names}.",
                         hint="Update them with `dockergen init --force` (or `--yes` for missing ones), then commit.")


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
    app(prog_name="dockergen")  # also under `python -m dockergen`; names the completion variable
