"""The wizard's question logic, driven by a scripted prompter that fails on any unexpected question."""

from __future__ import annotations

from typing import Any

import pytest

from dockergen.config import load_config
from dockergen.errors import InterruptedByUser
from dockergen.inspection import inspect_project
from dockergen.pipeline import generate
from dockergen.prompting import Question
from dockergen.questions import QUESTIONS
from dockergen.settings import SETTINGS
from dockergen.wizard import Layers, run_wizard

FLASK = {"requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n",
         ".python-version": "3.12\n"}
ACCEPT = object()  # answer with the pre-filled default, as pressing enter does


class ScriptedPrompter:
    """Answers from a script of (question name, answer); any other question fails the test."""

    interactive = True

    def __init__(self, *script: tuple[str, Any]) -> None:
        self.script = list(script)
        self.questions: list[Question] = []
        self.shown: list[str] = []

    def ask(self, question: Question) -> Any:
        assert self.script, f"unexpected question {question.name!r}: {question.message}"
        name, answer = self.script.pop(0)
        assert question.name == name, f"asked {question.name!r}, the script expected {name!r}"
        self.questions.append(question)
        if answer is ACCEPT:
            return question.default
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def show(self, lines: list[str]) -> None:
        self.shown.extend(lines)

    def done(self) -> None:
        assert not self.script, f"questions never asked: {[n for n, _ in self.script]}"


def _asked(prompter: ScriptedPrompter) -> dict[str, Question]:
    return {q.name: q for q in prompter.questions}


CHANGE = "change"


def test_every_question_answers_a_setting():
    assert all(ask.name in SETTINGS for ask in QUESTIONS)
    assert len({ask.name for ask in QUESTIONS}) == len(QUESTIONS)


def test_accepting_every_default_writes_what_yes_writes_and_saves_nothing(tree, tmp_path):
    root = tree(FLASK)
    expected = generate(root, dry_run=True)
    prompter = ScriptedPrompter(("port", ACCEPT), ("summary", "write"))
    report = generate(root, prompter=prompter)
    prompter.done()
    assert [f.content for f in report.files] == [f.content for f in expected.files]
    assert report.saved_config == "" and not (root / ".dockergen.toml").exists()


def test_a_fully_detected_project_is_asked_nothing_but_the_summary(tree):
    root = tree({**FLASK, "app.py": FLASK["app.py"] + "if __name__ == '__main__':\n    app.run(port=5000)\n"})
    prompter = ScriptedPrompter(("summary", "write"))
    report = generate(root, prompter=prompter, dry_run=True)
    prompter.done()
    assert "EXPOSE 5000" in report.files[0].content
    text = "\n".join(prompter.shown)
    assert "Python 3.12 (from .python-version:1)" in text and "port 5000 (from app.py:" in text
    assert " = " not in text and "True" not in text  # prose, not settings


def test_values_settled_by_files_are_never_asked_but_can_be_changed(tree):
    root = tree(FLASK)
    prompter = ScriptedPrompter(("port", ACCEPT), ("summary", CHANGE), ("change", "python"), ("python", "3.11"),
                                ("summary", "write"))
    report = generate(root, prompter=prompter, dry_run=True)
    prompter.done()
    change = _asked(prompter)["change"]
    assert {c.value for c in change.choices} >= {"template", "python", "port", "command", "healthcheck",
                                                 "kubernetes", "ci"}
    assert any(c.title == "Python version: 3.12" for c in change.choices)
    assert "PYTHON_VERSION=3.11" in report.files[0].content
    assert any("You changed: Python version 3.11." in line for line in prompter.shown)


def test_questions_are_prefilled_with_detected_values_and_evidence(tree):
    root = tree(FLASK)
    prompter = ScriptedPrompter(("port", ACCEPT), ("summary", CHANGE), ("change", "python"), ("python", ACCEPT),
                                ("summary", "write"))
    generate(root, prompter=prompter, dry_run=True)
    asked = _asked(prompter)
    assert asked["python"].default == "3.12"
    assert asked["python"].evidence == "3.12 (from .python-version:1)"
    assert any(c.title == "3.12 (from .python-version:1)" for c in asked["python"].choices)
    assert asked["port"].default == "8000"


def test_python_choices_respect_requires_python(tree):
    root = tree({"main.py": "print('hi')\n",
                 "pyproject.toml": '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.11,<3.13"\n'})
    prompter = ScriptedPrompter(("summary", CHANGE), ("change", "python"), ("python", ACCEPT), ("summary", "write"))
    generate(root, prompter=prompter, dry_run=True)
    prompter.done()
    assert [c.value for c in _asked(prompter)["python"].choices] == ["3.11", "3.12"]


def test_a_defaulted_python_is_asked(tree):
    root = tree({"main.py": "print('hi')\n"})
    prompter = ScriptedPrompter(("python", "3.11"), ("summary", "write"))
    report = generate(root, prompter=prompter, dry_run=True)
    prompter.done()
    assert "PYTHON_VERSION=3.11" in report.files[0].content


def test_flags_and_saved_config_are_not_asked_or_offered(tree):
    root = tree({**FLASK, ".dockergen.toml": "port = 9000\n"})
    prompter = ScriptedPrompter(("summary", CHANGE), ("change", "command"), ("command", ACCEPT), ("summary", "write"))
    report = generate(root, prompter=prompter, dry_run=True, python="3.11")
    prompter.done()
    assert "EXPOSE 9000" in report.files[0].content and "PYTHON_VERSION=3.11" in report.files[0].content
    assert not {"python", "port"} & {c.value for c in _asked(prompter)["change"].choices}


def test_non_web_project_is_not_asked_port_or_healthcheck(tree):
    root = tree({"main.py": "print('hi')\n", ".python-version": "3.13\n"})
    prompter = ScriptedPrompter(("summary", CHANGE), ("change", "ci"), ("ci", ACCEPT), ("summary", "write"))
    generate(root, prompter=prompter, dry_run=True)
    prompter.done()
    assert not {"port", "healthcheck", "kubernetes"} & {c.value for c in _asked(prompter)["change"].choices}


def test_changed_answers_are_used_and_saved_in_dockergen_toml(tree):
    root = tree(FLASK)
    prompter = ScriptedPrompter(("port", "9000"), ("summary", CHANGE), ("change", "python"), ("python", "3.11"),
                                ("summary", CHANGE), ("change", "healthcheck"), ("healthcheck", False),
                                ("summary", "write"), ("save", True))
    report = generate(root, prompter=prompter)
    prompter.done()
    assert _asked(prompter)["save"].default is True
    dockerfile = (root / "Dockerfile").read_text()
    assert "PYTHON_VERSION=3.11" in dockerfile and "EXPOSE 9000" in dockerfile and "HEALTHCHECK" not in dockerfile
    assert report.saved_config == ".dockergen.toml"
    assert load_config(root) == ({"port": 9000, "python": "3.11", "healthcheck": False}, ".dockergen.toml")
    # --yes (the library default) with the saved answers reproduces the files exactly.
    again = generate(root)
    assert [f.status for f in again.files] == ["identical", "identical"]


def test_declining_to_save_writes_no_config(tree):
    root = tree(FLASK)
    prompter = ScriptedPrompter(("port", "5000"), ("summary", "write"), ("save", False))
    generate(root, prompter=prompter)
    prompter.done()
    assert "EXPOSE 5000" in (root / "Dockerfile").read_text()
    assert not (root / ".dockergen.toml").exists()


def test_changing_an_answer_pre_fills_the_previous_one(tree):
    root = tree(FLASK)
    prompter = ScriptedPrompter(("port", "5000"), ("summary", CHANGE), ("change", "port"), ("port", "5001"),
                                ("summary", "write"))
    report = generate(root, prompter=prompter, dry_run=True)
    prompter.done()
    second_port = [q for q in prompter.questions if q.name == "port"][1]
    assert second_port.default == "5000"
    assert "EXPOSE 5001" in report.files[0].content
    assert any("port 5001 (your answer)" in line for line in prompter.shown)


def test_a_custom_command_replaces_the_server(tree):
    root = tree({"main.py": "print('hi')\n", ".python-version": "3.13\n"})
    prompter = ScriptedPrompter(("summary", CHANGE), ("change", "command"), ("command", "python main.py --loud"),
                                ("summary", "write"), ("save", True))
    generate(root, prompter=prompter)
    assert 'CMD ["python", "main.py", "--loud"]' in (root / "Dockerfile").read_text()
    assert load_config(root)[0] == {"command": ["python", "main.py", "--loud"]}


@pytest.mark.parametrize(("name", "typed", "said"), [
    ("port", "abc", "The port must be a number from 1 to 65535; you typed 'abc'."),
    ("port", "70000", "The port must be a number from 1 to 65535; you typed '70000'."),
    ("command", "python 'main.py", "The start command could not be read (no closing quotation); you typed"),
])
def test_a_bad_text_answer_is_explained_and_asked_again(tree, name, typed, said):
    root = tree(FLASK)
    script = [("port", typed), ("port", "8080")] if name == "port" else [
        ("port", ACCEPT), ("summary", CHANGE), ("change", "command"), ("command", typed), ("command", ACCEPT)]
    prompter = ScriptedPrompter(*script, ("summary", "write"))
    generate(root, prompter=prompter, dry_run=True)
    prompter.done()
    shown = "\n".join(prompter.shown)
    assert said in shown and "invalid literal" not in shown and "base 10" not in shown


def test_the_text_prompt_validates_with_the_same_sentence():
    from dockergen.questions import _checker

    assert _checker("port")("abc") == "The port must be a number from 1 to 65535; you typed 'abc'."
    assert _checker("port")("8080") is None


def test_interrupt_writes_nothing(tree):
    root = tree(FLASK)
    prompter = ScriptedPrompter(("port", InterruptedByUser("Cancelled")))
    with pytest.raises(InterruptedByUser):
        generate(root, prompter=prompter)
    assert sorted(p.name for p in root.iterdir()) == sorted(FLASK)


def test_dry_run_never_offers_to_save(tree):
    root = tree(FLASK)
    prompter = ScriptedPrompter(("port", "5000"), ("summary", "write"))
    generate(root, prompter=prompter, dry_run=True)
    prompter.done()
    assert sorted(p.name for p in root.iterdir()) == sorted(FLASK)


def test_the_library_never_prompts_or_saves(tree, monkeypatch):
    import dockergen.prompting as prompting

    def boom(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the library prompted")

    monkeypatch.setattr(prompting, "_build", boom)
    root = tree(FLASK)
    report = generate(root)
    assert report.saved_config == "" and not (root / ".dockergen.toml").exists()


def test_run_wizard_offers_save_only_with_a_target_and_changes(tree):
    facts = inspect_project(tree(FLASK))
    layers = Layers(facts, {}, {}, "[tool.dockergen]")
    prompter = ScriptedPrompter(("port", ACCEPT), ("summary", "write"))
    assert run_wizard(layers, prompter, save_to=".dockergen.toml").answers == {}
    prompter.done()


def test_package_manager_is_asked_only_when_several_are_present(tree, monkeypatch):
    import dockergen.questions as questions
    from dockergen.settings import Setting, _choice

    managers = ("pip", "uv")
    monkeypatch.setattr(questions, "PACKAGE_MANAGERS", managers)
    monkeypatch.setitem(SETTINGS, "package_manager", Setting("package_manager", "", _choice(managers)))
    facts = inspect_project(tree({"main.py": "print('hi')\n", ".python-version": "3.13\n"}))
    layers = Layers(facts, {}, {}, "[tool.dockergen]")
    one = ScriptedPrompter(("summary", "write"))
    run_wizard(layers, one)
    one.done()

    uv_lock = ('version = 1\n[[package]]\nname = "demo"\nversion = "1"\nsource = { virtual = "." }\n'
               '[package.metadata]\nrequires-dist = [{ name = "idna" }]\n')
    root = tree({"requirements.txt": "idna\n", "uv.lock": uv_lock,
                 "pyproject.toml": '[project]\nname = "demo"\nversion = "1"\ndependencies = ["idna"]\n'})
    facts = inspect_project(root)
    assert facts.packaging.package_managers_found == ["uv", "pip"]
    several = ScriptedPrompter(("package_manager", "pip"), ("summary", "write"))
    result = run_wizard(Layers(facts, {}, {}, "[tool.dockergen]"), several)
    several.done()
    assert [c.value for c in _asked(several)["package_manager"].choices] == ["pip", "uv"]
    assert result.answers == {"package_manager": "pip"}


def test_saving_into_a_committed_pyproject_still_reproduces_with_yes(tree):
    """The save itself can change facts (pyproject.toml gains uncommitted changes, so git no
    longer dates the dependencies): the wizard's files must still equal the next --yes run's."""
    import shutil
    import subprocess

    assert shutil.which("git"), "git is needed for this test"
    root = tree({"pyproject.toml": '[project]\nname = "demo"\nversion = "1"\ndependencies = ["flask==2.2.5"]\n',
                 "app.py": FLASK["app.py"], ".python-version": "3.12\n"})
    env = {"GIT_AUTHOR_DATE": "2023-03-01T12:00:00Z", "GIT_COMMITTER_DATE": "2023-03-01T12:00:00Z",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e",
           "PATH": __import__("os").environ["PATH"], "HOME": str(root)}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    before = generate(root, dry_run=True).files[0].content
    prompter = ScriptedPrompter(("port", ACCEPT), ("summary", CHANGE), ("change", "python"), ("python", "3.11"),
                                ("summary", "write"), ("save", True))
    report = generate(root, prompter=prompter)
    prompter.done()
    assert report.saved_config == "pyproject.toml [tool.dockergen]"
    assert "PYTHON_VERSION=3.11" in (root / "Dockerfile").read_text()
    assert [f.status for f in generate(root).files] == ["identical", "identical"]
    assert before  # the committed state rendered too (the as-of date may differ from the saved state's)


def test_as_of_is_offered_only_when_the_rule_would_date_bound_the_install(tree):
    from dockergen.facts import Fact

    facts = inspect_project(tree({"main.py": "print('hi')\n", ".python-version": "3.13\n",
                                  "requirements.txt": "requests==2.31.0\n"}))
    layers = Layers(facts, {}, {}, "[tool.dockergen]")
    plain = ScriptedPrompter(("summary", CHANGE), ("change", "ci"), ("ci", ACCEPT), ("summary", "write"))
    run_wizard(layers, plain)  # not in git: no dependency date, nothing to decide
    plain.done()
    assert "as_of" not in {c.value for c in _asked(plain)["change"].choices}

    facts.python.dependency_date = Fact("2023-03-01T12:00:00Z", "detected", "git log -1 -- requirements.txt")
    dated = ScriptedPrompter(("summary", CHANGE), ("change", "as_of"), ("as_of", "never"), ("summary", "write"))
    result = run_wizard(layers, dated)
    dated.done()
    assert result.answers == {"as_of": "never"}
    first_summary = dated.shown[: max(i for i, x in enumerate(dated.shown) if x.startswith("dockergen will write"))]
    last_summary = dated.shown[len(first_summary):]
    assert any("as of 2023-03-01" in line for line in first_summary)
    assert not any("as of 2023-03-01" in line for line in last_summary)  # turned off in the summary


def test_ambiguous_apps_become_a_choice_and_the_pick_is_served(tree):
    """Two equally likely Flask apps (issue 3): the wizard lists both, best first."""
    root = tree({"requirements.txt": "flask\n", ".python-version": "3.12\n",
                 "public.py": "from flask import Flask\npublic = Flask(__name__)\n",
                 "admin.py": "from flask import Flask\nadmin = Flask(__name__)\n"})
    prompter = ScriptedPrompter(("app", "public:public"), ("port", ACCEPT), ("summary", "write"))
    report = generate(root, prompter=prompter, dry_run=True)
    prompter.done()
    question = _asked(prompter)["app"]
    assert [c.value for c in question.choices] == ["admin:admin", "public:public"]
    assert question.default == "admin:admin"
    dockerfile = next(f.content for f in report.files if f.path == "Dockerfile")
    assert dockerfile.rstrip().endswith('"public:public"]')


def test_one_app_means_no_app_question(tree):
    prompter = ScriptedPrompter(("port", ACCEPT), ("summary", "write"))
    generate(tree(FLASK), prompter=prompter, dry_run=True)
    prompter.done()
    assert "app" not in _asked(prompter)
