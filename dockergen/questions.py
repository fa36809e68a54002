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
from .base_image import choose_minor_and_debian
from .catalog.outputs import template_ids
from .ci import CI_CHOICES
from .errors import NoStartCommandError
from .facts import Fact, ProjectFacts
from .inspection.python_version import newest_minor_for
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
    # Whether the project leaves it open (asked before the summary): by default, when the value
    # the run would use is only a default. Every question can still be changed from the summary.
    open: Callable[[ProjectFacts, Settings], bool] | None = None
    label: str = ""  # how the summary's "change an answer" list names it

    def is_open(self, facts: ProjectFacts, settings: Settings) -> bool:
        if self.open is not None:
            return self.open(facts, settings)
        current = self.current(facts, settings)
        return current is None or current.source == "default"


def _setting(name: str) -> Callable[[ProjectFacts, Settings], Fact[Any] | None]:
    return lambda facts, settings: settings.get(name)


def _python(facts: ProjectFacts, settings: Settings) -> Fact[Any] | None:
    """The minor the plan uses when the answer is left as it is: the setting, moved by the wheel
    rules (DG1034, DG2116), the era (DG2110) and published images (DG2111) when dockergen chose it."""
    chosen = choose_minor_and_debian(facts, settings, choose_as_of(facts, settings.as_of, date.today()), [])
    return chosen.get("python", settings.python)


def _template(facts: ProjectFacts, settings: Settings) -> Fact[Any]:
    return choose_template(facts, settings)


def _template_ids(facts: ProjectFacts, settings: Settings) -> tuple[str, ...]:
    return template_ids()


def _python_minors(facts: ProjectFacts, settings: Settings) -> tuple[str, ...]:
    """The supported minors the project's own ranges admit (requires-python, Poetry's python)."""
    ranges = [f.value for f in facts.python.python_sources if str(f.value)[:1] in "<>=!~^"]
    allowed = tuple(m for m in SUPPORTED_MINORS if all(newest_minor_for(r, (m,)) for r in ranges))
    return allowed or tuple(SUPPORTED_MINORS)


def _several_managers(facts: ProjectFacts, settings: Settings) -> bool:
    """Ask only when the project has files of several package managers dockergen supports."""
    return len(set(facts.packaging.package_managers_found) & set(PACKAGE_MANAGERS)) > 1


def _managers(facts: ProjectFacts, settings: Settings) -> tuple[str, ...]:
    return tuple(m for m in PACKAGE_MANAGERS if m in facts.packaging.package_managers_found)


def _port(facts: ProjectFacts, settings: Settings) -> Fact[Any] | None:
    """The resolved port, else the web default the plan would use."""
    port = choose_plan(facts, settings).start.port
    return settings.port or (Fact(port, "default", "") if port is not None else None)


def _start_command(facts: ProjectFacts, settings: Settings) -> Fact[Any]:
    """The command the image would run now (the server's, a detected script, or the user's)."""
    chosen = settings.command
    try:
        start = choose_plan(facts, settings).start
    except NoStartCommandError:  # nothing to start yet: the question is open, with no default
        return Fact([], "default", "")
    entrypoint = list(start.entrypoint)
    if entrypoint[: len(TINI)] == TINI:
        entrypoint = entrypoint[len(TINI):]
    argv = entrypoint + list(start.cmd)
    if chosen is not None and chosen.value == argv:
        return chosen
    if chosen is not None and list(chosen.value) == argv[: len(chosen.value)]:  # a console script's --help
        return Fact(argv, chosen.source, chosen.evidence)
    app = settings.app
    if start.app_evidence and app is not None:
        return Fact(argv, app.source, app.evidence)
    if facts.app.framework is not None and facts.app.entry_file is not None:  # streamlit run FILE, python FILE
        return Fact(argv, facts.app.entry_file.source, facts.app.entry_file.evidence)
    return Fact(argv, "default", "")


def _serves_http(facts: ProjectFacts, settings: Settings) -> bool:
    return choose_plan(facts, settings).start.port is not None


def _as_of_applies(facts: ProjectFacts, settings: Settings) -> bool:
    """Ask only when the automatic rule would date-bound the install (DG2080)."""
    return bool(choose_as_of(facts, Fact("auto", "default"), date.today()).timestamp)


def _app_choices(facts: ProjectFacts, settings: Settings) -> tuple[str, ...]:
    """Application objects found in the source (``module:attr``), best first (DG1004)."""
    return tuple(c for c in facts.app.app_candidates if ":" in c)


def _ambiguous_app(facts: ProjectFacts, settings: Settings) -> bool:
    return len(_app_choices(facts, settings)) > 1


def _current_app(facts: ProjectFacts, settings: Settings) -> Fact[Any] | None:
    app = settings.app
    return Fact(app.value.spec, app.source, app.evidence) if app is not None else None


def _ci_choices(facts: ProjectFacts, settings: Settings) -> tuple[str, ...]:
    return CI_CHOICES


def _has_services(facts: ProjectFacts, settings: Settings) -> bool:
    return bool(facts.services.services)


def _never(facts: ProjectFacts, settings: Settings) -> bool:
    return False


def _always(facts: ProjectFacts, settings: Settings) -> bool:
    return True


def _compose_message(facts: ProjectFacts) -> str:
    return "Also write compose.yaml with " + ", ".join(f.value for f in facts.services.services) + "?"


# Asked before the summary only when open (``Ask.is_open``): an ambiguous app or package
# manager, a defaulted Python, port or start command, compose for detected services. The
# template and the extras are settled defaults, changed from the summary.
QUESTIONS: tuple[Ask, ...] = (
    Ask("template", "Template?", "select", current=_template, choices=_template_ids, open=_never, label="template"),
    Ask("python", "Python version?", "select", current=_python, choices=_python_minors,
        label="Python version"),
    Ask("app", "Which application should the server load?", "select", applies=_ambiguous_app,
        current=_current_app, choices=_app_choices, open=_always, label="application object"),
    Ask("package_manager", "Package manager?", "select", applies=_several_managers,
        current=_setting("package_manager"), choices=_managers, open=_always, label="package manager"),
    Ask("port", "Port the app listens on?", applies=_serves_http, current=_port, label="port"),
    Ask("command", "Start command?", current=_start_command, show=shlex.join, label="start command"),
    Ask("healthcheck", "Add a HEALTHCHECK?", "confirm", applies=_serves_http, current=_setting("healthcheck"),
        open=_never, label="health check"),
    Ask("as_of", "Install dependencies as they were when the project last changed them (DG2080)?", "select",
        applies=_as_of_applies, current=_setting("as_of"), choices=lambda facts, settings: ("auto", "never"),
        open=_never, label="install as of the project's date"),
    # compose/kubernetes (issue 7): compose is open when the app needs backing services.
    Ask("compose", "Also write compose.yaml for the app and the services it needs?", "confirm",
        applies=_has_services, current=_setting("compose"), open=_always, label="compose.yaml"),
    Ask("kubernetes", "Also write Kubernetes manifests (k8s/)?", "confirm",
        applies=_serves_http, current=_setting("kubernetes"), open=_never, label="Kubernetes manifests"),
    Ask("ci", "Also write a CI workflow that lints, builds and pushes the image?", "select",
        current=_setting("ci"), choices=_ci_choices, open=_never, label="CI workflow"),
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
            parse_answer(name, text)
        except (ValueError, TypeError) as err:
            return str(err)
        return None

    return check


_WORDS = {"port": "The port", "python": "The Python version", "command": "The start command", "app": "The application"}


def parse_answer(name: str, raw: Any) -> Any:
    """The setting's value for a prompt answer; a bad one raises ValueError with a sentence
    (``The port must be a number from 1 to 65535; you typed 'abc'.``), never Python's own text."""
    try:
        return SETTINGS[name].parse(raw)
    except (ValueError, TypeError) as err:
        reason = str(err)
        if not reason.startswith("must"):  # int('abc'), shlex's "No closing quotation"
            reason = "must be a number from 1 to 65535" if name == "port" else f"could not be read ({reason.lower()})"
        what = _WORDS.get(name, name.replace("_", " ").capitalize())
        raise ValueError(f"{what} {reason}; you typed {raw!r}.") from None
