"""The interactive flow: ask the open questions, show a summary, confirm or go back, offer to save.

Pure apart from the prompter: it reads nothing and writes nothing. ``pipeline.generate`` runs
it only with an interactive prompter, and saves only when the user said yes.

DG2050: an answer equal to what dockergen would use anyway (the detected or default value
shown pre-filled) is not recorded, so accepting every default gives the same files as
``--yes``, keeps the evidence comments pointing at the project's own files, and saves nothing
that would pin a value the project should keep deciding (a later .python-version bump).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .config import to_toml
from .facts import ProjectFacts
from .plan import choose_plan
from .prompting import Choice, Prompter, Question
from .questions import open_questions, parse_answer, to_question
from .settings import Settings, resolve

WRITE, BACK = "write", "back"


@dataclass
class WizardResult:
    answers: dict[str, Any] = field(default_factory=dict)  # parsed values that differ from detection
    save: bool = False


@dataclass(frozen=True)
class Layers:
    """The fixed inputs to ``settings.resolve``: the project and the CLI and config layers."""

    facts: ProjectFacts
    cli: Mapping[str, Any]
    config: Mapping[str, Any]
    origin: str

    def resolve(self, answers: Mapping[str, Any]) -> Settings:
        return resolve(self.facts, self.cli, self.config, answers, self.origin)


def run_wizard(layers: Layers, prompter: Prompter, *, save_to: str = "") -> WizardResult:
    """Ask until the user confirms the summary; then, if ``save_to`` and answers, offer to save."""
    answers: dict[str, Any] = {}
    while True:
        answers = ask_all(layers, prompter, answers)
        prompter.show(summary_lines(layers, answers))
        choice = prompter.ask(Question("summary", "Write these files?", WRITE,
                                       (Choice(WRITE, "Yes, write the files"), Choice(BACK, "No, change my answers")),
                                       kind="select"))
        if choice == WRITE:
            break
    save = False
    if save_to and answers:
        save = bool(prompter.ask(Question("save", f"Save these answers in {save_to}?", True, kind="confirm")))
    return WizardResult(answers, save)


def ask_all(layers: Layers, prompter: Prompter, previous: Mapping[str, Any]) -> dict[str, Any]:
    """One pass over the open questions; ``previous`` answers are pre-filled (going back)."""
    answers = dict(previous)
    for ask in open_questions(layers.resolve({})):
        settings = layers.resolve(answers)
        if not ask.applies(layers.facts, settings):
            answers.pop(ask.name, None)
            continue
        value = _ask_until_valid(prompter, to_question(ask, layers.facts, settings))
        without = {k: v for k, v in answers.items() if k != ask.name}
        untouched = ask.current(layers.facts, layers.resolve(without))
        if untouched is not None and untouched.value == value:  # DG2050
            answers = without
        else:
            answers[ask.name] = value
    return answers


def _ask_until_valid(prompter: Prompter, question: Question) -> Any:
    while True:
        raw = prompter.ask(question)
        try:
            return parse_answer(question.name, raw)
        except (ValueError, TypeError) as err:
            prompter.show([f"{question.name} {err}; try again."])


def summary_lines(layers: Layers, answers: Mapping[str, Any]) -> list[str]:
    plan = choose_plan(layers.facts, layers.resolve(answers))
    lines = ["", "dockergen will write " + " and ".join(plan.outputs) + " with:"]
    lines += [f"  {line}" for line in plan.summary]
    if plan.start.port is not None:
        lines.append(f"  healthcheck {'yes' if plan.start.healthcheck else 'no'}")
    if answers:
        changed = ", ".join(f"{name} = {to_toml(value)!r}" for name, value in answers.items())
        lines.append(f"  (you changed {changed})")
    return lines
