"""Measure dockergen on the field corpus: real public apps, zero edits, no answers.

For each app of bench/field/manifest.toml: lay out a copy from its bare git directory (with a
commit dated like upstream's, bench/field/layout.py), run ``dockergen init --yes``, then
``dockergen verify --json --strip-syntax --build-network host`` (plus the env its README
implies), and print one table: result (pass, or the stage that failed), diagnosis, image size,
build seconds. Results go to a JSON file; ``--write-docs`` renders docs/field-tests.md.

    python bench/field/run.py [--only NAME ...] [--jobs N] [--cold] [--dockergen PATH]
                              [--verifier PATH] [--out FILE] [--write-docs]

``--dockergen`` is the executable whose ``init`` generates (e.g. main's), ``--verifier`` the one
whose ``verify`` builds and probes (default: the same). ``--cold`` clears BuildKit's cache
mounts before each app and builds without the layer cache (DESIGN.md section 9: judge rules from a cold dependency cache).
Needs the fetched repositories (/work/.mirror) and the testbed engine (DESIGN.md section 8).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.field import layout  # noqa: E402
from bench.field.manifest import FieldApp, load_manifest  # noqa: E402
from bench.field.report import render_table, write_docs  # noqa: E402

DOCKER = os.environ.get("DOCKER", "/usr/bin/docker")
SCRATCH = Path(os.environ.get("DOCKERGEN_FIELD_DIR", "/tmp/dockergen-field"))
_prune_lock = threading.Lock()


def docker(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOCKER_BUILDKIT": "1"}
    return subprocess.run([DOCKER, *args], capture_output=True, text=True, env=env,
                          timeout=timeout, check=False)


def local_tags() -> list[str]:
    """Local image tags, without python:M[-slim]-D aliases whose image is another minor or Debian
    release (tests/e2e/conftest.py tags 3.12-* from the 3.13 stand-in, for instance): a build on
    such an alias would fail for the testbed's sake, so map_python must see it as missing."""
    out = docker("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").stdout
    pairs = [line.split() for line in out.splitlines() if len(line.split()) == 2]
    real: dict[str, str] = {}  # image ID -> "M-D" that it really is
    kept = []
    for tag, image in pairs:
        m = re.fullmatch(r"python:(\d+\.\d+)(?:-slim)?-(?!slim$)([a-z]+)", tag)
        if m:
            if image not in real:
                probe = docker("run", "--rm", "--entrypoint", "sh", image, "-c",
                               'python -c "import sys; print(\'%d.%d\' % sys.version_info[:2])"; '
                               '. /etc/os-release; echo "$VERSION_CODENAME"', timeout=60).stdout.split()
                real[image] = "-".join(probe[:2])
            if real[image] != f"{m.group(1)}-{m.group(2)}":
                continue
        kept.append(tag)
    return kept


def run_tool(cmd: list[str], timeout: float) -> tuple[int, str, str, float]:
    start = time.perf_counter()
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False,
                                env={**os.environ, "DOCKER": DOCKER, "DOCKER_BUILDKIT": "1", "NO_COLOR": "1"})
        code, out, err = result.returncode, result.stdout, result.stderr
    except subprocess.TimeoutExpired as exc:
        code, out, err = -9, _text(exc.stdout), _text(exc.stderr) + f"\ntimed out after {timeout:.0f}s"
    return code, out, err, time.perf_counter() - start


def _text(data: bytes | str | None) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else (data or "")


def detected_facts(dockergen: str, project: Path) -> dict:
    code, out, _err, _s = run_tool([dockergen, "inspect", "--json", str(project)], 120)
    if code != 0:
        return {}
    try:
        facts = json.loads(out)["facts"]
    except (ValueError, KeyError):
        return {}
    def value(key: str):
        fact = facts.get(key)
        return fact.get("value") if isinstance(fact, dict) else None
    minors = [set(v) for v in (facts.get("wheel_minors") or {}).values()]
    return {"framework": value("framework"), "package_manager": value("package_manager"),
            "python": value("python_version"),
            "wheel_minors_all": sorted(set.intersection(*minors)) if minors else None,
            "wheel_minors": facts.get("wheel_minors") or {}}


def measure(app: FieldApp, args: argparse.Namespace, tags: list[str]) -> dict:
    record = {"name": app.name, "smoke": app.smoke, "repo": app.repo, "commit": app.commit, "subdir": app.subdir,
              "kind": app.kind, "framework": app.framework, "manager": app.manager, "era": app.era,
              "expert_containerizable": app.expert_containerizable, "reason": app.reason,
              "run_notes": [], "result": None, "diagnosis": None, "verify": None}
    start = time.perf_counter()
    project = SCRATCH / "apps" / app.name
    try:
        record["run_notes"] += layout.lay_out(app, project)
    except (subprocess.CalledProcessError, OSError) as err:
        record.update(result="error", diagnosis=f"layout failed: {err}")
        return record
    record["detected"] = detected_facts(args.dockergen, project)
    code, out, err, secs = run_tool([args.dockergen, "init", "--yes", str(project)], args.init_timeout)
    record["init"] = {"exit": code, "seconds": round(secs, 2), "tail": (out + err)[-1500:]}
    if code != 0 or not (project / "Dockerfile").is_file():
        record.update(result="generate", diagnosis=_last_error(out + err))
        record["seconds"] = round(time.perf_counter() - start, 1)
        return record
    record["result"] = "generated"
    if args.generate_only:
        record["seconds"] = round(time.perf_counter() - start, 1)
        return record
    mapped = layout.map_python(project / "Dockerfile", tags)
    if mapped:
        record["run_notes"].append(mapped)
    if args.cold:
        with _prune_lock:
            docker("builder", "prune", "-f", "--filter", "type=exec.cachemount", timeout=600)
    cmd = [args.verifier or args.dockergen, "verify", str(project), "--json", "--strip-syntax",
           "--build-network", "host", "--timeout", str(args.answer_timeout)]
    if args.cold:
        cmd.append("--no-cache")
    if args.fix:
        cmd.append("--fix")
    for key, val in app.env.items():
        cmd += ["--env", f"{key}={val}"]
    code, out, err, secs = run_tool(cmd, args.app_timeout)
    record["verify_exit"], record["verify_seconds"] = code, round(secs, 1)
    record["seconds"] = round(time.perf_counter() - start, 1)
    _read_verify(record, out, err)
    record["testbed_artefact"] = testbed_artefact(record)
    return record


# The oldest minor the official python image publishes per Debian release (Docker Hub's tags):
# an end-of-life minor was never built on a later release, so python:3.7-slim-trixie is no tag.
OLDEST_OFFICIAL = {"trixie": 9, "bookworm": 8, "bullseye": 6, "buster": 5}


def official_image_exists(minor: str, debian: str) -> bool:
    oldest = OLDEST_OFFICIAL.get(debian)
    return oldest is not None and int(minor.split(".")[1]) >= oldest


# Log lines that say the interpreter is not the one the project asks for: on the testbed, where
# the generated minor ran on another minor's stand-in, that is the stand-in's doing.
_WRONG_PYTHON = ("is not compatible with the locked Python requirement", "Can't resolve python interpreter",
                 "requires a different Python", "which is incompatible with the project's Python requirement")


def testbed_artefact(record: dict) -> str | None:
    """Why a build or start failure is the testbed's, not dockergen's: the generated minor is
    missing here, and the failure is the stand-in's minor (the index has every pin's wheel for
    the generated minor only; the project's Python range or syntax excludes the stand-in's; a
    standard-library module the stand-in's minor removed), or a stop that waits on name lookups,
    which the testbed's network, with no DNS, cannot answer."""
    stop_log = "\n".join(((record.get("verify") or {}).get("diagnosis") or {}).get("log") or [])
    if record.get("result") == "stop" and "Temporary failure in name resolution" in stop_log:
        return "the app's shutdown waits on name lookups, which the testbed (no DNS) cannot answer"
    mapped = next((n for n in record.get("run_notes") or [] if n.endswith("(testbed)")), None)
    if record.get("result") not in ("build", "start") or not mapped:
        return None
    (wanted, wanted_deb), (used, used_deb) = (part.split("-", 1) for part in mapped.split()[1:4:2])
    diagnosis = (record.get("verify") or {}).get("diagnosis") or {}
    log = "\n".join(diagnosis.get("log") or [])
    if wanted != used and any(marker in log for marker in _WRONG_PYTHON):
        return f"the project's Python range admits {wanted} (generated), not {used} (stand-in)"
    newer = tuple(int(p) for p in wanted.split(".")) > tuple(int(p) for p in used.split("."))
    if record.get("result") == "start" and newer and "SyntaxError" in log:
        return f"the code has {wanted} syntax (generated); the {used} stand-in cannot parse it"
    removed = re.search(r"No module named '(\w+)'", log) if diagnosis.get("code") == "DG4002" else None
    if removed and not newer and wanted != used:
        return f"{removed.group(1)} is in {wanted}'s standard library (generated), removed in {used} (stand-in)"
    if record.get("result") != "build":
        return None
    if "Release file" in log and "is expired" in log:
        return f"the {used_deb} stand-in's Debian archive has expired (apt-get update fails)"
    if wanted_deb != used_deb and (diagnosis.get("code") == "DG4016" or "has no installation candidate" in log):
        return f"a {wanted_deb} package name does not exist on the {used_deb} stand-in"
    if not official_image_exists(wanted, wanted_deb):
        return None  # the tag dockergen wrote is not published anywhere: dockergen's failure too
    detected = record.get("detected") or {}
    wheels = detected.get("wheel_minors_all")
    if wheels is not None and wanted != used and wanted in wheels and used not in wheels:
        return f"every pin has a wheel for {wanted} (generated), not for {used} (stand-in)"
    failed = re.search(r"Failed to build `([^`]+)`", log)
    pin_minors = (detected.get("wheel_minors") or {}).get(failed.group(1).lower()) if failed else None
    if pin_minors and wanted != used and wanted in pin_minors and used not in pin_minors:
        return f"{failed.group(1)}, which failed to build, has a wheel for {wanted} (generated), not for {used}"
    return None


def _read_verify(record: dict, out: str, err: str) -> None:
    try:
        data = json.loads(out[out.index("{"):]) if "{" in out else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        record.update(result="error", diagnosis=_last_error(err or out))
        return
    _judge(record, data)


def _judge(record: dict, data: dict) -> None:
    """Pass only a non-root image that answered as the app's own kind; else the stage and why."""
    record["verify"], record["diagnosis"] = data, None
    user = str(data.get("user") or "")
    kind = data.get("kind")
    if data.get("ok") and kind != record["kind"]:
        # verify proved what the image does, but not the app's smoke check: a web app whose
        # image runs a script that stays up, or a CLI's --help, has not served anything.
        record.update(result="answer", diagnosis=f"the image runs as a {kind}, the app is a {record['kind']}"
                      f" ({record.get('smoke')}): no start command for it was found")
    elif data.get("ok") and kind == "worker" and any("before the settle time" in n for n in data.get("notes") or []):
        record.update(result="answer", diagnosis="the image's command exits at once (a run-to-completion "
                      "script); the app should stay up")
    elif data.get("ok") and user not in ("", "root", "0", "0:0"):
        record["result"] = "pass"
    elif data.get("ok"):
        record.update(result="start", diagnosis=f"runs as root ({user or 'no USER'})")
    else:
        record["result"] = data.get("stage") or "error"
        diag = data.get("diagnosis") or {}
        text = " ".join(x for x in (diag.get("code"), diag.get("cause")) if x)
        key = _key_line(diag.get("log") or [])
        record["diagnosis"] = (f"{text}: {key}" if key and diag.get("code") == "DG4000" else text) \
            or _last_error("\n".join(diag.get("log") or []))


_NOISE = ("executor failed", "#", "------", "WARNING", " > [")
_SIGNAL = ("error", "Error", "No such", "not found", "No matching", "Traceback", "denied", "failed")


def _key_line(log: list[str]) -> str:
    """The first log line that says what went wrong (not BuildKit's step framing)."""
    for line in log:
        text = line.strip()
        if text and not text.startswith(_NOISE) and any(s in text for s in _SIGNAL):
            return text[:240]
    return ""


def _last_error(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.lower().startswith(("error", "hint")) or "Error" in line:
            return line[:300]
    return (lines[-1] if lines else "no output")[:300]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=None, help="app names to run")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--cold", action="store_true", help="clear BuildKit cache mounts per app")
    parser.add_argument("--dockergen", default=str(Path(sys.executable).with_name("dockergen")))
    parser.add_argument("--verifier", default=None, help="executable whose verify runs (default: --dockergen)")
    parser.add_argument("--answer-timeout", type=int, default=120, help="verify --timeout: seconds to the first answer")
    parser.add_argument("--app-timeout", type=int, default=1200, help="wall-clock limit of one verify (build included)")
    parser.add_argument("--init-timeout", type=int, default=180)
    parser.add_argument("--out", type=Path, default=SCRATCH / "results.json")
    parser.add_argument("--label", default="", help="what was measured, e.g. 'main baseline'")
    parser.add_argument("--fix", action="store_true", help="verify --fix: measure what its remedies recover")
    parser.add_argument("--generate-only", action="store_true", help="stop after dockergen init")
    parser.add_argument("--update", type=Path, default=None,
                        help="replace these apps' records in an earlier results file (written back)")
    parser.add_argument("--rerender", type=Path, default=None,
                        help="re-annotate a results file (inspect again) and re-render; no builds")
    parser.add_argument("--write-docs", action="store_true", help="render docs/field-tests.md")
    args = parser.parse_args(argv)
    if args.rerender:
        return rerender(args)
    apps = load_manifest()
    if args.only:
        unknown = set(args.only) - {a.name for a in apps}
        if unknown:
            parser.error(f"unknown app(s): {', '.join(sorted(unknown))}")
        apps = [a for a in apps if a.name in args.only]
    tags = local_tags()
    have = layout.available_pythons(tags)
    results = run_all(apps, args, tags)
    run = {"label": args.label, "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
           "dockergen": args.dockergen, "verifier": args.verifier or args.dockergen, "cold": args.cold,
           "jobs": args.jobs, "fix": args.fix, "pythons": sorted(f"{m}-{d}" for m, d in have), "apps": results}
    if args.update and args.update.exists():  # re-run some apps of an earlier run: keep the rest
        earlier = json.loads(args.update.read_text(encoding="utf-8"))
        fresh = {r["name"]: r for r in results}
        known = {r["name"] for r in earlier["apps"]}
        merged = [fresh.get(r["name"], r) for r in earlier["apps"]] + [r for r in results if r["name"] not in known]
        run = {**earlier, "apps": merged,
               "reruns": [*earlier.get("reruns", []), {"date": run["date"], "apps": sorted(fresh)}]}
        results, args.out = run["apps"], args.update
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(run, indent=2), encoding="utf-8")
    print(render_table(results))
    print(f"\nresults: {args.out}")
    if args.write_docs:
        write_docs(run, REPO / "docs" / "field-tests.md")
    return 0


def rerender(args: argparse.Namespace) -> int:
    """Fill the wheel facts of an older results file from the laid-out copies, re-render."""
    run = json.loads(args.rerender.read_text(encoding="utf-8"))
    smoke = {app.name: app.smoke for app in load_manifest()}
    for record in run["apps"]:
        record.setdefault("smoke", smoke.get(record["name"], ""))
        project = SCRATCH / "apps" / record["name"]
        if "wheel_minors" not in (record.get("detected") or {}) and project.is_dir():
            record["detected"] = {**(record.get("detected") or {}),
                                  **detected_facts(run["dockergen"], project)}
        if isinstance(record.get("verify"), dict):
            _judge(record, record["verify"])
        record["testbed_artefact"] = testbed_artefact(record)
    args.rerender.write_text(json.dumps(run, indent=2), encoding="utf-8")
    print(render_table(run["apps"]))
    if args.write_docs:
        write_docs(run, REPO / "docs" / "field-tests.md")
    return 0


def run_all(apps: list[FieldApp], args: argparse.Namespace, tags: list[str]) -> list[dict]:
    results: dict[str, dict] = {}
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(measure, app, args, tags): app for app in apps}
        for future in concurrent.futures.as_completed(futures):
            app = futures[future]
            try:
                results[app.name] = future.result()
            except Exception as err:  # noqa: BLE001 - one app's bug must not lose the others
                results[app.name] = {"name": app.name, "result": "error", "diagnosis": repr(err)[:300]}
            r = results[app.name]
            print(f"[{time.perf_counter() - started:7.0f}s] {app.name}: {r['result']}"
                  f" {r.get('diagnosis') or ''}".rstrip(), file=sys.stderr, flush=True)
    return [results[a.name] for a in apps]


if __name__ == "__main__":
    sys.exit(main())
