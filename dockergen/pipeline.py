"""``generate()``: the stages in order. Only the first reads the disk, only the last writes.

Around them, the project's saved settings are read (``config.load_config``) and, only when the
user says yes in the wizard, the answers are saved (``config.save_config``) before the files
are generated from the saved state, so they are exactly what a later ``--yes`` run writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .base_image import refuse_python_outside_range
from .config import ConfigTarget, config_target, load_config, save_config
from .facts import ProjectFacts
from .inspection import check_root, inspect_project
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
    template_cache: Path | None = None,
    **options: Any,
) -> WriteReport:
    """Generate the Dockerfile and .dockerignore for the project at ``path``.

    ``options`` are the settings (``template``, ``python``, ``port``, ``command``, ``app``,
    ``package_manager``, ``debian``, ``healthcheck``, ``setup_steps``, ``as_of``, ``compose``, ``kubernetes``,
    ``offline``,
    ``extra_packages``, ``extra_writable_dirs`` (what ``dockergen verify --fix`` saves),
    and for a CI workflow ``ci``, ``ci_registry``, ``ci_image``, ``ci_multi_arch``; docs/configuration.md), with
    the same names as the CLI flags and ``[tool.dockergen]`` keys. Returns a report of what was (or, with ``dry_run``,
    would be) written. Never prints; prompts only through an interactive ``prompter`` (the
    wizard), and saves answers to the project's config only when the user says so there.
    ``template_cache`` is a folder for compiled templates (the CLI passes one; default: none, so
    a library call writes nothing but the project's files).
    Raises ``DockergenError`` for bad input.
    """
    config, origin = load_config(check_root(Path(path)))
    offline = options.get("offline", config.get("offline"))  # DG1034: None -> DOCKERGEN_OFFLINE
    facts = inspect_project(path, offline=offline)
    origin = origin or "[tool.dockergen]"
    prompter = prompter or DefaultsPrompter()
    answers: dict[str, Any] = {}
    if prompter.interactive:
        answers, save = _ask(facts, options, config, origin, prompter, offer_save=not dry_run)
        if save is not None:
            save_config(facts.root, *save)
            # From the saved state, exactly as every later `--yes` run will (the save may
            # even change facts, e.g. a pyproject.toml with uncommitted changes).
            report = generate(facts.root, dry_run=dry_run, force=force, template_cache=template_cache, **options)
            report.saved_config = save[0].origin
            return report
    settings = resolve(facts, options, config, answers, origin)
    if not prompter.interactive:  # DG2114: --yes or no terminal, so nobody can confirm the warning
        refuse_python_outside_range(facts, settings)
    plan = choose_plan(facts, settings)
    files = render_plan(plan, cache_folder=template_cache)
    report = write_files(files, facts.root, force=force, dry_run=dry_run)
    report.summary = list(plan.summary)
    report.warnings = list(plan.warnings)
    report.plan, report.facts = plan, facts
    return report


def _ask(facts: ProjectFacts, options: dict[str, Any], config: dict[str, Any], origin: str, prompter: Prompter,
         *, offer_save: bool) -> tuple[dict[str, Any], tuple[ConfigTarget, dict[str, Any]] | None]:
    """The wizard's answers, and where to save them when the user said yes."""
    from .wizard import Layers, run_wizard

    target = config_target(facts.root) if offer_save else None
    result = run_wizard(Layers(facts, options, config, origin), prompter, save_to=target.path if target else "")
    if target is None or not result.save:
        return result.answers, None
    return result.answers, (target, result.answers)
