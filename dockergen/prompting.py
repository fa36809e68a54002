"""How questions reach a person, or don't.

``Prompter`` is the protocol the pipeline talks to. ``DefaultsPrompter`` (``--yes``, scripts,
the library) answers every question with its default. ``QuestionaryPrompter`` is the only
place that imports questionary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .errors import InterruptedByUser

CANCELLED = "Cancelled; nothing was written."


@dataclass(frozen=True)
class Choice:
    """One option of a select: the value it answers and the text shown (with evidence)."""

    value: str
    title: str = ""


@dataclass(frozen=True)
class Question:
    name: str  # the setting it answers (settings.SETTINGS key), or "summary" / "save"
    message: str
    default: Any
    choices: tuple[Choice, ...] = ()  # a select when non-empty, else free text
    evidence: str = ""  # "3.12 (from .python-version:1)": shown beside the question
    kind: str = "text"  # text | select | confirm
    # For text: returns an error message for a bad entry, None when it is fine.
    check: Callable[[str], str | None] | None = field(default=None, compare=False)


class Prompter(Protocol):
    interactive: bool

    def ask(self, question: Question) -> Any: ...

    def show(self, lines: list[str]) -> None: ...


@dataclass
class DefaultsPrompter:
    """Takes every default without asking."""

    interactive: bool = False
    asked: list[str] = field(default_factory=list)

    def ask(self, question: Question) -> Any:
        self.asked.append(question.name)
        return question.default

    def show(self, lines: list[str]) -> None:
        pass


class QuestionaryPrompter:
    """Real prompts on a terminal. Ctrl-C or Ctrl-D (end of input) raise InterruptedByUser."""

    interactive = True

    def ask(self, question: Question) -> Any:
        prompt = _build(question)
        _bind_eof(prompt.application)
        try:
            answer = prompt.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise InterruptedByUser(CANCELLED) from None
        if answer is None:  # questionary's own cancel path
            raise InterruptedByUser(CANCELLED)
        return answer

    def show(self, lines: list[str]) -> None:
        from .redact import redact
        from .terminal import printable

        print(printable(redact("\n".join(lines))), flush=True)  # DG3043, DG3044


def _build(question: Question) -> Any:
    import questionary

    if question.kind == "confirm":
        return questionary.confirm(question.message, default=bool(question.default))
    if question.choices:
        choices = [questionary.Choice(c.title or c.value, value=c.value) for c in question.choices]
        default = next((c for c in choices if c.value == question.default), None)
        return questionary.select(question.message, choices=choices, default=default,
                                  instruction="(arrows move, enter accepts)")
    from .terminal import printable

    message = printable(question.message + _where(question))  # evidence names project files (DG3043)
    check = question.check

    def validate(text: str) -> bool | str:
        error = check(text) if check else None
        return True if error is None else error

    return questionary.text(message, default="" if question.default is None else str(question.default),
                            validate=validate)


def _where(question: Question) -> str:
    """`` (from .python-version:1)`` for a text prompt: the pre-filled value is already shown."""
    evidence, default = question.evidence, str(question.default)
    if evidence.startswith(default + " ("):
        evidence = evidence[len(default) + 1:]
    return f" {evidence}" if evidence else ""


def _bind_eof(application: Any) -> None:
    """Ctrl-D ends the wizard like Ctrl-C does (prompt_toolkit only does so on an empty line)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    extra = KeyBindings()

    @extra.add("c-d", eager=True)
    def _eof(event: Any) -> None:
        event.app.exit(exception=EOFError())

    application.key_bindings = merge_key_bindings([application.key_bindings or KeyBindings(), extra])
