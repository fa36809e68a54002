"""What the wizard may ask: one declarative entry per question.

An ``Ask`` names the setting it answers (a ``settings.SETTINGS`` key), when it matters, what
to pre-fill (the value the run would use now, with its evidence) and, for a select, the
choices. Adding a question is adding one entry to ``QUESTIONS``. A question whose setting a
CLI flag or the saved config fixes is never asked (``open_questions``).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .asof import choose_as_of
from .catalog.outputs import template_ids
from .ci import CI_CHOICES
from .facts import Fact, ProjectFacts
from .plan import TINI, choose_plan, choose_template
from .prompting import Choice, Question
from .settings import PACKAGE_MANAGERS, SETTINGS, Settings
from .versions import SUPPORTED_MINORS


@dataclass(frozen=True)
class Ask:
    name: str  # the setting it answers
    message: str
    kind: str = "text"  # text | select | confirm
    applies: Callable[[ProjectFacts, Settings], bool] = lambda facts, settings: True
    current: Callable[[ProjectFacts, Settings], Fact[Any] | None] = lambda facts, settings: None
    choices: Callable[[ProjectFacts, Settings], tuple[str, ...]] = lambda facts, settings: ()
    # The pre-filled text of a text question (``current``'s value by default).
    show: Callable[[Any], str] = str


def _setting(name: str) -> Callable[[ProjectFacts, Settings], Fact[Any] | None]:
    return lambda facts, settings: settings.get(name)


def _template(facts: ProjectFacts, settings: Settings) -> Fact[Any]:
    return choose_template(facts, settings)


def _template_ids(facts: ProjectFacts, settings: Settings) -> tuple[str, ...]:
    return template_ids()


def _python_minors(facts: ProjectFacts, settings: Settings) -> tuple[str, ...]:
    return tuple(SUPPORTED_MINORS)


def _several_managers(facts: ProjectFacts, settings: Settings) -> bool:
    """Ask only when the project has files of several package managers dockergen supports."""
    return len(set(facts.package_managers_found) & set(PACKAGE_MANAGERS)) > 1


def _managers(facts: ProjectFacts, settings: Settings) -> tuple[str, ...]:
    return tuple(m for m in PACKAGE_MANAGERS if m in facts.package_managers_found)


def _port(facts: ProjectFacts, settings: Settings) -> Fact[Any] | None:
    """The resolved port, else the web default the plan would use."""
    port = choose_plan(facts, settings).start.port
    return settings.port or (Fact(port, "default", "") if port is not None else None)


def _start_command(facts: ProjectFacts, settings: Settings) -> Fact[Any]:
    """The command the image would run now (the server's, a detected script, or the user's)."""
    chosen = settings.command
    start = choose_plan(facts, settings).start
    entrypoint = list(start.entrypoint)
    if entrypoint[: len(TINI)] == TINI:
        entrypoint = entrypoint[len(TINI):]
    argv = entrypoint + list(start.cmd)
    if chosen is not None and chosen.value == argv:
        return chosen
    app = settings.app
    if start.app_evidence and app is not None:
        return Fact(argv, app.source, app.evidence)
    return Fact(argv, "default", "")


def _serves_http(facts: ProjectFacts, settings: Settings) -> bool:
    return choose_plan(facts, settings).start.port is not None


def _as_of_applies(facts: ProjectFacts, settings: Settings) -> bool:
    """Ask only when the automatic rule would date-bound the install (DG2080)."""
    return bool(choose_as_of(facts, Fact("auto", "default"), date.today()).timestamp)


def _app_choices(facts: ProjectFacts, settings: Settings) -> tuple[str, ...]:
    """Application objects found in the source (``module:attr``), best first (DG1004)."""
    return tuple(c for c in facts.app_candidates if ":" in c)


def _ambiguous_app(facts: ProjectFacts, settings: Settings) -> bool:
    return len(_app_choices(facts, settings)) > 1


def _current_app(facts: ProjectFacts, settings: Settings) -> Fact[Any] | None:
    app = settings.app
    return Fact(app.value.spec, app.source, app.evidence) if app is not None else None


def _ci_choices(facts: ProjectFacts, settings: Settings) -> tuple[str, ...]:
    return CI_CHOICES


def _has_services(facts: ProjectFacts, settings: Settings) -> bool:
    return bool(facts.services)


def _compose_message(facts: ProjectFacts) -> str:
    return "Also write compose.yaml with " + ", ".join(f.value for f in facts.services) + "?"


QUESTIONS: tuple[Ask, ...] = (
    Ask("template", "Template?", "select", current=_template, choices=_template_ids),
    Ask("python", "Python version?", "select", current=_setting("python"), choices=_python_minors),
    Ask("app", "Which application should the server load?", "select", applies=_ambiguous_app,
        current=_current_app, choices=_app_choices),
    Ask("package_manager", "Package manager?", "select", applies=_several_managers,
        current=_setting("package_manager"), choices=_managers),
    Ask("port", "Port the app listens on?", applies=_serves_http, current=_port),
    Ask("command", "Start command?", current=_start_command, show=shlex.join),
    Ask("healthcheck", "Add a HEALTHCHECK?", "confirm", applies=_serves_http, current=_setting("healthcheck")),
    Ask("as_of", "Install dependencies as they were when the project last changed them (DG2080)?", "select",
        applies=_as_of_applies, current=_setting("as_of"), choices=lambda facts, settings: ("auto", "never")),
    # compose/kubernetes (issue 7): asked when the app needs backing services / serves HTTP.
    Ask("compose", "Also write compose.yaml for the app and the services it needs?", "confirm",
        applies=_has_services, current=_setting("compose")),
    Ask("kubernetes", "Also write Kubernetes manifests (k8s/)?", "confirm",
        applies=_serves_http, current=_setting("kubernetes")),
    Ask("ci", "Also write a CI workflow that lints, builds and pushes the image?", "select",
        current=_setting("ci"), choices=_ci_choices),
)


def open_questions(settings: Settings) -> list[Ask]:
    """The questions whose setting no CLI flag or saved config fixed."""
    def fixed(name: str) -> bool:
        fact = settings.get(name)
        return fact is not None and fact.source in ("cli", "config")

    return [ask for ask in QUESTIONS if not fixed(ask.name)]


def to_question(ask: Ask, facts: ProjectFacts, settings: Settings) -> Question:
    """The prompt for ``ask``, pre-filled with what the run would use now and why."""
    current = ask.current(facts, settings)
    value = current.value if current is not None else None
    evidence = current.describe() if current is not None else ""
    if ask.kind == "select":
        values = list(ask.choices(facts, settings))
        if value is not None and value not in values:
            values.insert(0, value)
        titles = {value: evidence} if evidence else {}
        choices = tuple(Choice(v, titles.get(v, v)) for v in values)
        return Question(ask.name, ask.message, value, choices, evidence, "select")
    if ask.kind == "confirm":
        return Question(ask.name, ask.message, bool(value), (), evidence, "confirm")
    text = ask.show(value) if value is not None else ""
    return Question(ask.name, ask.message, text, (), evidence, "text", check=_checker(ask.name))


def _checker(name: str) -> Callable[[str], str | None]:
    def check(text: str) -> str | None:
        try:
            SETTINGS[name].parse(text)
        except (ValueError, TypeError) as err:
            return f"{name} {err}"
        return None

    return check


def parse_answer(name: str, raw: Any) -> Any:
    """The setting's value for a prompt answer (raises ValueError for a bad one)."""
    return SETTINGS[name].parse(raw)
