"""Requirements that need Debian packages, and what the build and runtime stages install for them.

The map is data: ``dockergen/data/native_deps.toml`` (from BEST-PRACTICES.md section 3).
``detect_native_deps`` (inspection) names the requirements found in it, with evidence;
``plan_native`` (pure, called by plan.py) turns them into the builder image variant, the
builder's apt packages and the runtime stage's apt packages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..facts import Fact, ProjectFacts
from ..shipped import load_data

BUILD_WHEN = ("always", "no-wheel", "never")
RUNTIME_WHEN = ("always", "built")


@dataclass(frozen=True)
class NativeEntry:
    name: str
    build_when: str
    runtime_when: str
    note: str
    build: dict[str, tuple[str, ...]]  # Debian release -> builder packages
    runtime: dict[str, tuple[str, ...]]  # Debian release -> runtime packages


@lru_cache(maxsize=1)
def native_map() -> dict[str, NativeEntry]:
    """The shipped map, keyed by PEP 503 name."""
    data = load_data("native_deps.toml")
    out: dict[str, NativeEntry] = {}
    for name, entry in data.items():
        releases = {k: v for k, v in entry.items() if isinstance(v, dict)}
        out[name] = NativeEntry(
            name, entry["build_when"], entry["runtime_when"], entry.get("note", ""),
            {rel: tuple(v.get("build", ())) for rel, v in releases.items()},
            {rel: tuple(v.get("runtime", ())) for rel, v in releases.items()},
        )
    return out


def detect_native_deps(facts: ProjectFacts) -> list[Fact[str]]:
    """DG1033: the project's requirements (declared or pinned in a lock) that are in the map."""
    known = native_map()
    declared = facts.dependency_files or ["pyproject.toml"]
    found: list[Fact[str]] = []
    for name in dict.fromkeys([*facts.requirements, *facts.pins]):
        if name in known:
            where = ", ".join(declared) if name in facts.requirements else "a lock file (pinned)"
            found.append(Fact(name, "detected", f"{where}: {name}"))
    return found


@dataclass
class NativePlan:
    builder_variant: str = "slim"  # "full" (python:<minor>-<debian>) when something compiles
    build_packages: list[str] = field(default_factory=list)  # builder stage only
    runtime_packages: list[str] = field(default_factory=list)  # runtime stage
    compiled: list[str] = field(default_factory=list)  # requirements built from source
    notes: list[str] = field(default_factory=list)  # one line each, for Dockerfile comments


def no_wheel_pins(pins: dict[str, str], wheel_minors: dict[str, list[str]], minor: str) -> list[str]:
    """``name==version`` pins the wheel check found without a wheel for ``minor`` (DG1034)."""
    return [f"{n}=={v}" for n, v in pins.items() if f"{n}=={v}" in wheel_minors
            and minor not in wheel_minors[f"{n}=={v}"]]


def plan_native(native: list[str], debian: str, minor: str, pins: dict[str, str] | None = None,
                wheel_minors: dict[str, list[str]] | None = None) -> NativePlan:
    """DG2025: compilers and -dev headers in the builder only, shared libraries in the runtime.

    A known package is compiled when the map says ``always``, or says ``no-wheel`` and the
    wheel check found no wheel for ``minor``. A pin without a wheel that the map does not know
    still gets the full builder image, whose toolchain covers most C extensions (DG2027).
    """
    known = native_map()
    missing = no_wheel_pins(pins or {}, wheel_minors or {}, minor)
    missing_names = {p.split("==")[0] for p in missing}
    plan = NativePlan()
    for name in native:
        entry = known.get(name)
        if entry is None:
            continue
        release = debian if debian in entry.build else "trixie"
        compiled = entry.build_when == "always" or (entry.build_when == "no-wheel" and name in missing_names)
        if compiled:
            plan.compiled.append(name)
            plan.build_packages += entry.build[release]
        if compiled or entry.runtime_when == "always":
            plan.runtime_packages += entry.runtime[release]
        if compiled or entry.runtime[release]:
            plan.notes.append(entry.note)
    unknown = sorted(missing_names - set(plan.compiled))
    if unknown:
        plan.notes.append("DG2027: no wheel for Python " + minor + ": " + ", ".join(
            p for p in missing if p.split("==")[0] in unknown) + "; built with the full image's toolchain")
    if plan.compiled or unknown:
        plan.builder_variant = "full"
    plan.build_packages = sorted(set(plan.build_packages))
    plan.runtime_packages = sorted(set(plan.runtime_packages))
    return plan
