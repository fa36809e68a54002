"""``generate()``: the stages in order. Only the first reads the disk, only the last writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .config import load_config
from .inspection import check_root, inspect_project
from .plan import choose_plan
from .prompting import DefaultsPrompter, Prompter
from .questions import ask_questions
from .render import render_plan
from .settings import resolve
from .write import WriteReport, write_files


def generate(
    path: str | Path = ".",
    *,
    dry_run: bool = False,
    force: bool = False,
    prompter: Prompter | None = None,
    **options: Any,
) -> WriteReport:
    """Generate the Dockerfile and .dockerignore for the project at ``path``.

    ``options`` are the settings (``template``, ``python``, ``port``, ``command``, ``app``,
    ``package_manager``, ``debian``, ``healthcheck``), with the same names as the CLI flags
    and ``[tool.dockergen]`` keys. Returns a report of what was (or, with ``dry_run``,
    would be) written. Never prints; prompts only through ``prompter``.
    Raises ``DockergenError`` for bad input.
    """
    config, origin = load_config(check_root(Path(path)))
    offline = options.get("offline", config.get("offline"))  # DG1034: None -> DOCKERGEN_OFFLINE
    facts = inspect_project(path, offline=offline)
    settings = resolve(facts, options, config, {}, origin or "[tool.dockergen]")
    prompter = prompter or DefaultsPrompter()
    if prompter.interactive:
        answers = ask_questions(facts, settings, prompter)
        settings = resolve(facts, options, config, answers, origin or "[tool.dockergen]")
    plan = choose_plan(facts, settings)
    files = render_plan(plan)
    report = write_files(files, facts.root, force=force, dry_run=dry_run)
    report.summary = plan.summary
    report.warnings = plan.warnings
    return report
