"""Requirements that need Debian packages, and what the build and runtime stages install for them.

The map is data: ``dockergen/data/native_deps.toml`` (from BEST-PRACTICES.md section 3).
``detect_native_deps`` (inspection) names the requirements found in it, with evidence, after
DG1095: a requirement's extras name the distributions they pull in (``psycopg[c]`` ->
``psycopg-c``), and a binary distribution that ships a library (``psycopg-binary``, also from
``psycopg[binary]``) leaves the package it stands in for needing nothing from Debian;
``plan_native`` (pure, called by plan.py) turns them into the builder image variant, the
builder's apt packages and the runtime stage's apt packages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from packaging.utils import canonicalize_name

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
    extras: dict[str, str] = field(default_factory=dict)  # extra -> the distribution it pulls in (DG1095)
    bundles: tuple[str, ...] = ()  # entries whose library this distribution ships (DG1095)


@lru_cache(maxsize=1)
def native_map() -> dict[str, NativeEntry]:
    """The shipped map, keyed by PEP 503 name."""
    data = load_data("native_deps.toml")
    out: dict[str, NativeEntry] = {}
    for name, entry in data.items():
        releases = {k: v for k, v in entry.items() if isinstance(v, dict) and k != "extras"}
        out[name] = NativeEntry(
            name, entry["build_when"], entry["runtime_when"], entry.get("note", ""),
            {rel: tuple(v.get("build", ())) for rel, v in releases.items()},
            {rel: tuple(v.get("runtime", ())) for rel, v in releases.items()},
            {canonicalize_name(k): v for k, v in (entry.get("extras") or {}).items()},
            tuple(entry.get("bundles", ())),
        )
    return out


@dataclass(frozen=True)
class NativeFound:
    """DG1033 and DG1095: the map's entries the project installs, and those a binary covers."""

    needs: list[Fact[str]]  # entries whose Debian packages the plan installs
    bundled: list[Fact[str]]  # entries a binary distribution stands in for (evidence: which)


def detect_native_deps(facts: ProjectFacts) -> NativeFound:
    """DG1033: the project's requirements (declared or pinned in a lock) that are in the map,
    with their extras' distributions and minus what a binary distribution covers (DG1095)."""
    known = native_map()
    declared = ", ".join(facts.packaging.dependency_files or ["pyproject.toml"])
    installed: dict[str, str] = {}  # distribution -> evidence
    requirements = set(facts.packaging.requirements)  # a set: 100k requirements stay linear
    for name in dict.fromkeys([*facts.packaging.requirements, *facts.packaging.pins]):
        installed.setdefault(name, f"{declared}: {name}" if name in requirements else
                             f"a lock file (pinned): {name}")
        entry = known.get(name)
        for extra in facts.packaging.requirement_extras.get(name, []) if entry else []:
            pulled = entry.extras.get(canonicalize_name(extra)) if entry else None
            if pulled:
                installed.setdefault(pulled, f"{declared}: {name}[{extra}]")
    covered = {target: f"{name} ships its library ({installed[name]})"
               for name in installed if name in known for target in known[name].bundles}
    needs = [Fact(name, "detected", where) for name, where in installed.items()
             if name in known and name not in covered and not known[name].bundles]
    bundled = [Fact(name, "detected", covered[name]) for name in installed if name in covered and name in known]
    return NativeFound(needs, bundled)


@dataclass
class NativePlan:
    builder_variant: str = "slim"  # "full" (python:<minor>-<debian>) when something compiles
    build_packages: list[str] = field(default_factory=list)  # builder stage only
    runtime_packages: list[str] = field(default_factory=list)  # runtime stage
    compiled: list[str] = field(default_factory=list)  # requirements built from source
    notes: list[str] = field(default_factory=list)  # one line each, for Dockerfile comments
    bundled: list[str] = field(default_factory=list)  # DG1095: "psycopg: psycopg-binary ships its library"
    pure: str = ""  # DG2118: the packages without a wheel that build with no compiler, one line


def no_wheel_pins(pins: dict[str, str], wheel_minors: dict[str, list[str]], minor: str) -> list[str]:
    """``name==version`` pins the wheel check found without a wheel for ``minor`` (DG1034)."""
    return [f"{n}=={v}" for n, v in pins.items() if f"{n}=={v}" in wheel_minors
            and minor not in wheel_minors[f"{n}=={v}"]]


def plan_native(native: list[str], debian: str, minor: str, pins: dict[str, str] | None = None,
                wheel_minors: dict[str, list[str]] | None = None, bundled: list[Fact[str]] | None = None,
                no_binary: list[str] | None = None, unresolved: tuple[str, ...] = (),
                pure: tuple[str, ...] = ()) -> NativePlan:
    """DG2025: compilers and -dev headers in the builder only, shared libraries in the runtime.

    A known package is compiled when the map says ``always``, or says ``no-wheel`` and the
    wheel check found no wheel for ``minor``. A pin without a wheel that the map does not know
    still gets the full builder image, whose toolchain covers most C extensions (DG2027); so does
    ``unresolved``, a package of the resolved set with no wheel for ``minor`` (DG2116). ``pure``
    ("name==version") are without a wheel too, but their sdists are pure Python (DG2118): any
    builder builds them.
    """
    known = native_map()
    # name -> how the note shows it: "name==version" for a pin, the resolved set's for the rest
    missing = {p.split("==")[0]: p for p in no_wheel_pins(pins or {}, wheel_minors or {}, minor)}
    for name in unresolved:
        missing.setdefault(name, f"{name} (in the resolved set, DG2116)")
    built_pure = {p.split("==")[0]: p for p in pure}
    missing = {name: text for name, text in missing.items() if name not in built_pure}
    plan = NativePlan(bundled=[f"{f.value} needs no Debian package: {f.evidence}" for f in bundled or []
                               if f.value in native_map()])
    for name in [*native, *(n for n in unresolved if n not in native)]:
        entry = known.get(name)
        if entry is None:
            continue
        release = debian if debian in entry.build else "trixie"
        source_only = name in (no_binary or ()) or ":all:" in (no_binary or ())  # --no-binary (DG1096)
        compiled = entry.build_when == "always" or (entry.build_when == "no-wheel" and
                                                    (name in missing or source_only))
        if compiled:
            plan.compiled.append(name)
            plan.build_packages += entry.build[release]
        if compiled or entry.runtime_when == "always":
            plan.runtime_packages += entry.runtime[release]
        if compiled or entry.runtime[release]:
            plan.notes.append(entry.note)
    unknown = sorted(set(missing) - set(plan.compiled))
    if unknown:
        shown = [text for name, text in missing.items() if name in unknown]
        plan.notes.append(f"DG2027: no wheel for Python {minor}: {', '.join(shown)}; built with the full image's "
                          "toolchain")
    if built_pure:
        plan.pure = (f"no wheel for Python {minor}: {', '.join(built_pure.values())}; "
                     f"{'their sdists are' if len(built_pure) > 1 else 'its sdist is'} pure Python (no C, "
                     f"Cython or Rust sources), so the builder builds {'them' if len(built_pure) > 1 else 'it'} "
                     "with no compiler")
    if plan.compiled or unknown:
        plan.builder_variant = "full"
    plan.build_packages = sorted(set(plan.build_packages))
    plan.runtime_packages = sorted(set(plan.runtime_packages))
    return plan
