"""The interactive flow: ask the open questions, show a summary, confirm or go back, offer to save.

Pure apart from the prompter: it reads nothing and writes nothing. ``pipeline.generate`` runs
it only with an interactive prompter, and saves only when the user said yes.

DG2050: an answer equal to what dockergen would use anyway (the detected or default value
shown pre-filled) is not recorded, so accepting every default gives the same files as
``--yes``, keeps the evidence comments pointing at the project's own files, and saves nothing
that would pin a value the project should keep deciding (a later .python-version bump).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .facts import ProjectFacts
from .plan import choose_plan
from .prompting import Choice, Prompter, Question
from .questions import QUESTIONS, Ask, open_questions, parse_answer, to_question
from .settings import Settings, resolve
from .summary import describe_plan

WRITE, CHANGE = "write", "change"


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
    """Ask what the project leaves open, then one summary: write, or change any answer and
    see the summary again. Then, if ``save_to`` and answers, offer to save them."""
    answers = ask_open(layers, prompter)
    while True:
        prompter.show(summary_lines(layers, answers))
        changeable = changeable_questions(layers, answers)
        change = (Choice(CHANGE, "Change an answer"),) if changeable else ()
        options = (Choice(WRITE, "Yes, write the files"), *change)
        if prompter.ask(Question("summary", "Write these files?", WRITE, options, kind="select")) == WRITE:
            break
        choices = tuple(Choice(ask.name, f"{ask.label or ask.name}: {_shown(ask, layers, answers)}")
                        for ask in changeable)
        name = prompter.ask(Question("change", "Which answer?", changeable[0].name, choices, kind="select"))
        ask = next(a for a in changeable if a.name == name)
        answers = _ask_one(layers, prompter, ask, answers)
    save = False
    if save_to and answers:
        save = bool(prompter.ask(Question("save", f"Save these answers in {save_to}?", True, kind="confirm")))
    return WizardResult(answers, save)


def ask_open(layers: Layers, prompter: Prompter) -> dict[str, Any]:
    """One pass over the questions the project's files leave open (``Ask.is_open``)."""
    answers: dict[str, Any] = {}
    for ask in open_questions(layers.resolve({})):
        settings = layers.resolve(answers)
        if ask.applies(layers.facts, settings) and ask.is_open(layers.facts, settings):
            answers = _ask_one(layers, prompter, ask, answers)
    return answers


def changeable_questions(layers: Layers, answers: Mapping[str, Any]) -> list[Ask]:
    """Every question no flag or saved setting fixed that matters for the current answers."""
    settings = layers.resolve(answers)
    return [ask for ask in open_questions(layers.resolve({})) if ask.applies(layers.facts, settings)]


def _ask_one(layers: Layers, prompter: Prompter, ask: Ask, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Ask one question (pre-filled with the value in use) and record the answer (DG2050)."""
    settings = layers.resolve(answers)
    value = _ask_until_valid(prompter, to_question(ask, layers.facts, settings))
    without = {k: v for k, v in answers.items() if k != ask.name}
    untouched = ask.current(layers.facts, layers.resolve(without))
    if untouched is not None and untouched.value == value:  # DG2050
        return without
    return {**without, ask.name: value}


def _ask_until_valid(prompter: Prompter, question: Question) -> Any:
    while True:
        raw = prompter.ask(question)
        try:
            return parse_answer(question.name, raw)
        except (ValueError, TypeError) as err:
            prompter.show([f"{err} Try again."])


def _shown(ask: Ask, layers: Layers, answers: Mapping[str, Any]) -> str:
    current = ask.current(layers.facts, layers.resolve(answers))
    if current is None:
        return "none"
    if isinstance(current.value, bool):
        return "yes" if current.value else "no"
    return ask.show(current.value) if ask.kind == "text" else str(current.value)


def summary_lines(layers: Layers, answers: Mapping[str, Any]) -> list[str]:
    """The plan in sentences: what will be written, for what, and why."""
    settings = layers.resolve(answers)
    plan = choose_plan(layers.facts, settings)
    lines = ["", *describe_plan(plan, settings)]
    if answers:
        labels = {a.name: a.label for a in QUESTIONS}
        changed = [f"{labels.get(n) or n} {_toml_word(v)}" for n, v in answers.items()]
        lines.append("You changed: " + "; ".join(changed) + ".")
    return lines


def _toml_word(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return shlex.join(value)
    return str(getattr(value, "spec", value))
