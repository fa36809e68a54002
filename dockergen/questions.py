"""Which questions the wizard asks: only settings that no flag or config already fixed."""

from __future__ import annotations

from typing import Any

from .facts import Fact, ProjectFacts
from .prompting import Prompter, Question


def build_questions(facts: ProjectFacts, settings: dict[str, Fact[Any] | None]) -> list[Question]:
    def open_(name: str) -> bool:
        fact = settings.get(name)
        return fact is None or fact.source not in ("cli", "config")

    questions: list[Question] = []
    if open_("template"):
        from .plan import choose_template

        from .render import template_ids

        fact = choose_template(facts, settings)
        questions.append(Question("template", "Template?", fact.value, tuple(template_ids()), fact.describe(), "select"))
    if open_("python"):
        fact = settings["python"]
        questions.append(Question("python", "Python version?", fact.value if fact else None, (), fact.describe() if fact else ""))
    if open_("port") and facts.framework is not None:
        fact = settings.get("port")
        questions.append(Question("port", "Port?", fact.value if fact else 8000, (), fact.describe() if fact else ""))
    if open_("ci"):  # DG2090: a CI workflow is opt-in
        from .ci import CI_CHOICES

        fact = settings.get("ci")
        questions.append(Question("ci", "CI workflow?", fact.value if fact else "none", CI_CHOICES,
                                  fact.describe() if fact else "", "select"))
    return questions


def ask_questions(facts: ProjectFacts, settings: dict[str, Fact[Any] | None], prompter: Prompter) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in build_questions(facts, settings):
        answers[question.name] = prompter.ask(question)
    return answers
