"""``generate()``: the stages in order. Only the first reads the disk, only the last writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .config import config_target, load_config, save_config
from .inspection import inspect_project
from .plan import choose_plan
from .prompting import DefaultsPrompter, Prompter
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
    would be) written. Never prints; prompts only through an interactive ``prompter`` (the
    wizard), and saves answers to the project's config only when the user says so there.
    Raises ``DockergenError`` for bad input.
    """
    facts = inspect_project(path)
    config, origin = load_config(facts.root)
    origin = origin or "[tool.dockergen]"
    prompter = prompter or DefaultsPrompter()
    answers: dict[str, Any] = {}
    target = None
    if prompter.interactive:
        from .wizard import Layers, run_wizard

        target = None if dry_run else config_target(facts.root)
        result = run_wizard(Layers(facts, options, config, origin), prompter,
                            save_to=target.path if target else "")
        answers = result.answers
        if not result.save:
            target = None
        elif target is not None:  # saved answers are config from now on, in this run's files too
            config, origin, answers = {**config, **answers}, target.origin, {}
    settings = resolve(facts, options, config, answers, origin)
    plan = choose_plan(facts, settings)
    files = render_plan(plan)
    report = write_files(files, facts.root, force=force, dry_run=dry_run)
    report.summary = plan.summary
    report.warnings = plan.warnings
    if target is not None:
        save_config(facts.root, target, {k: config[k] for k in result.answers})
        report.saved_config = target.origin
    return report
