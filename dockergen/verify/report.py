"""What ``dockergen verify`` found: one object, printed as text or as the stable JSON of
docs/verify.md (``version`` 1; keys are only ever added)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .diagnose import Diagnosis

JSON_VERSION = 1
STAGES = ("generate", "build", "start", "answer", "stop")


@dataclass
class VerifyReport:
    kind: str = "worker"
    port: int | None = None
    ok: bool = False
    stage: str | None = None  # the stage that failed; None when ok
    build_seconds: float | None = None
    image_size: int | None = None
    user: str | None = None
    startup_seconds: float | None = None
    stop_seconds: float | None = None
    diagnosis: Diagnosis | None = None
    decisions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    image: str = ""  # the tag, when kept
    fixes: dict[str, Any] = field(default_factory=dict)  # settings --fix saved
    rounds: int = 1

    def fail(self, stage: str, diagnosis: Diagnosis) -> VerifyReport:
        self.ok, self.stage, self.diagnosis = False, stage, diagnosis
        return self

    def to_json(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "ok": self.ok,
            "stage": None if self.ok else self.stage,
            "kind": self.kind,
            "port": self.port,
            "build_seconds": _round(self.build_seconds),
            "image_size": self.image_size,
            "user": self.user,
            "startup_seconds": _round(self.startup_seconds),
            "stop_seconds": _round(self.stop_seconds),
            "diagnosis": self.diagnosis.to_json() if self.diagnosis and not self.ok else None,
            "decisions": list(self.decisions),
            "notes": list(self.notes),
            "image": self.image or None,
            "fixes": {k: _plain(v) for k, v in self.fixes.items()},
            "rounds": self.rounds,
        }

    def lines(self) -> list[str]:
        """The human report (stdout)."""
        head = f"verify: {'passed' if self.ok else 'FAILED at ' + str(self.stage)} ({self.kind}"
        head += f", port {self.port})" if self.port else ")"
        out = [head]
        facts = [("build", _secs(self.build_seconds)), ("image", _size(self.image_size)), ("user", self.user),
                 ("start-up", _secs(self.startup_seconds)), ("stop", _secs(self.stop_seconds))]
        out += [f"  {label:<9} {value}" for label, value in facts if value]
        if self.decisions:
            out.append("  decisions " + " ".join(self.decisions))
        for note in self.notes:
            out.append(f"  note: {note}")
        if self.diagnosis and not self.ok:
            out.append(f"  {self.diagnosis.code}: {self.diagnosis.cause}")
            out.append(f"  fix: {self.diagnosis.fix}")
            out += [f"  | {line}" for line in self.diagnosis.log]
            out.append(f"  more: dockergen explain {self.diagnosis.code}")
        return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _secs(value: float | None) -> str:
    return "" if value is None else f"{value:.1f} s"


def _size(value: int | None) -> str:
    return "" if value is None else f"{value / 1e6:.0f} MB"
