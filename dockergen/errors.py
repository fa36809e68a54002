"""Exit codes and the DockergenError hierarchy.

Every failure that a user can cause (bad input, a kept file, a refused write) is a
DockergenError with a message and a hint. ``cli.py`` catches it in one place, prints
both and exits with ``exit_code``. Anything else is a bug and may show a traceback.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """The process exit codes of the ``dockergen`` command (documented in the README)."""

    OK = 0
    USAGE = 2  # bad command-line usage: unknown option, missing or invalid option value (every command)
    FILES_KEPT = 3  # an existing, different file was kept; rerun with --force
    BAD_PROJECT = 4  # the project cannot be read: missing path, malformed or unreadable file
    BAD_CONFIG = 5  # an invalid setting, or a value that cannot be written into a Dockerfile safely
    WRITE_FAILED = 6  # writing a file failed (read-only folder, disk full, unsafe path)
    FINDINGS = 7  # `dockergen check` found problems at or above --fail-on
    DRIFT = 8  # `dockergen init --check`: the files on disk differ from what init would write
    VERIFY_FAILED = 9  # `dockergen verify`: the image did not build, start, answer or stop
    NO_ENGINE = 10  # `dockergen verify`: no usable container engine (Docker with BuildKit, Podman)
    INTERRUPTED = 130  # Ctrl-C or end of input in the wizard


class DockergenError(Exception):
    """Base class: a message for the user, a hint saying what to do next, an exit code."""

    exit_code: ExitCode = ExitCode.BAD_PROJECT

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class ProjectError(DockergenError):
    """The project folder or one of its files cannot be read or understood."""

    exit_code = ExitCode.BAD_PROJECT


class NoStartCommandError(ProjectError):
    """DG1090: nothing in the project says how it starts, and no --command was given."""


class ConfigError(DockergenError):
    """An option or a ``[tool.dockergen]`` key has an invalid value."""

    exit_code = ExitCode.BAD_CONFIG


class UsageError(ConfigError):
    """A command-line option has an invalid value: exit 2 like every other usage error."""

    exit_code = ExitCode.USAGE


class UnsafeValueError(ConfigError):
    """A value cannot be written into the Dockerfile without changing its meaning (DG3012)."""

    exit_code = ExitCode.BAD_CONFIG


class WriteError(DockergenError):
    """A generated file could not be written safely."""

    exit_code = ExitCode.WRITE_FAILED


class FilesKeptError(DockergenError):
    """Raised by the CLI when existing different files were kept (not by the library)."""

    exit_code = ExitCode.FILES_KEPT


class InterruptedByUser(DockergenError):
    """The user pressed Ctrl-C or closed input during the wizard."""

    exit_code = ExitCode.INTERRUPTED


class DriftError(DockergenError):
    """Raised by ``init --check`` when a file on disk differs from what init would write."""

    exit_code = ExitCode.DRIFT
