"""How questions reach a person, or don't.

``Prompter`` is the protocol the pipeline talks to. ``DefaultsPrompter`` (``--yes``, scripts,
the library) answers every question with its default. ``QuestionaryPrompter`` is the only
place that imports questionary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .errors import InterruptedByUser


@dataclass(frozen=True)
class Question:
    name: str  # the setting it answers (settings.SETTINGS key)
    message: str
    default: Any
    choices: tuple[str, ...] = ()  # a select when non-empty, else free text
    evidence: str = ""
    kind: str = "text"  # text | select | confirm


class Prompter(Protocol):
    interactive: bool

    def ask(self, question: Question) -> Any: ...


@dataclass
class DefaultsPrompter:
    """Takes every default without asking."""

    interactive: bool = False
    asked: list[str] = field(default_factory=list)

    def ask(self, question: Question) -> Any:
        self.asked.append(question.name)
        return question.default


class QuestionaryPrompter:
    interactive = True

    def ask(self, question: Question) -> Any:
        import questionary

        message = question.message + (f"  [{question.evidence}]" if question.evidence else "")
        if question.kind == "confirm":
            prompt = questionary.confirm(message, default=bool(question.default))
        elif question.choices:
            prompt = questionary.select(message, choices=list(question.choices), default=question.default)
        else:
            prompt = questionary.text(message, default="" if question.default is None else str(question.default))
        answer = prompt.ask()  # returns None on Ctrl-C / EOF
        if answer is None:
            raise InterruptedByUser("Cancelled; nothing was written.")
        return answer
