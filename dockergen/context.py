"""The one function that turns a BuildPlan into the template context: the only place its keys
are spelled. Templates read a flat snake_case mapping; the plan is typed parts."""

from __future__ import annotations

from typing import Any

from . import __version__
from .plan_model import HOME, VENV, WORKDIR, BuildPlan, CiPart, ComposePart, Install, KubernetesPart
from .versions import (
    APP_UID,
    PDM_COMPANIONS,
    PDM_VERSION,
    PIPENV_VERSION,
    PKG_RESOURCES_SETUPTOOLS,
    POETRY_EXPORT_VERSION,
    POETRY_VERSION,
    UV_VERSION,
    pin_for_minor,
)

# DG2011: `poetry export` with its refusal of a stale lock switched off (the pinned Poetry has no
# flag for it), so the image installs poetry.lock as it is; the staleness is reported at
# generation time (DG1012). Run as `python -c THIS export ...` in Poetry's own tool environment.
POETRY_EXPORT_AS_LOCKED = (
    "import sys; from poetry.packages.locker import Locker; Locker.is_fresh = lambda self: True; "
    "from poetry.console.application import main; sys.exit(main())"
)


def to_context(plan: BuildPlan) -> dict[str, Any]:
    """Every key the templates read, from the plan's parts."""
    base, install, native, start, meta = plan.base, plan.install, plan.native, plan.start, plan.metadata
    context: dict[str, Any] = {
        "dockergen_version": __version__,
        "template_id": plan.template_id,
        "python_version": base.python_version,
        "python_evidence": base.python_evidence,
        "debian": base.debian,
        "multi_stage": base.multi_stage,
        "venv": VENV,
        "workdir": WORKDIR,
        "uid": APP_UID,
        "env": list(start.env),
        "import_path": start.import_path.value,  # DG2117
        "import_path_notes": list(start.import_path.notes),
        "writable_dirs": list(plan.writable_dirs),
        "run_links": [(name, f"{HOME}/{name}") for name in plan.run_links],
        "data_links": [{"path": p, "target": t, "shipped": shipped, "site": site}
                       for p, t, shipped, site in plan.runtime.links],
        "writable_notes": list(plan.runtime.notes),
        "setup_steps": [{"line": line, "evidence": evidence} for line, evidence in plan.runtime.setup],
        "port": start.port,
        "port_evidence": start.port_evidence,
        "healthcheck": list(start.healthcheck) if start.healthcheck is not None else None,
        "app_evidence": start.app_evidence,
        "entrypoint": list(start.entrypoint),
        "cmd": list(start.cmd),
        "server_note": start.server_note,
        "collectstatic": plan.static.collect,
        "collectstatic_env": list(plan.static.env),
        "as_of": plan.as_of.timestamp,
        "as_of_reason": plan.as_of.reason,
        "as_of_exempt": list(plan.as_of.exempt),
        "vcs_version_variable": meta.vcs_variable,
        "vcs_version_value": meta.vcs_value,
        "vcs_version_evidence": meta.vcs_evidence,
        "labels": list(meta.labels),
        "image_version": meta.image_version,
        "health_path": start.health_path,
        # native packages
        "builder_variant": native.builder_variant,
        "apt_build_packages": list(native.build),
        "apt_runtime_packages": list(native.runtime),
        "native_notes": list(native.notes),
        "native_bundled": list(native.bundled),
        "pure_sdists_note": native.pure,
        "system_packages_note": native.system,
        "generated_ignores": generated_ignores(plan.outputs),
        "secret_ignores": list(plan.secret_ignores),
    }
    context.update(_install(install, plan.base.python_version))
    if plan.compose is not None:
        context.update(_compose(plan.compose))
    if plan.kubernetes is not None:
        context.update(_kubernetes(plan.kubernetes))
    if plan.ci is not None:
        context.update(_ci(plan.ci))
    return context


def generated_ignores(outputs: tuple[str, ...]) -> list[str]:
    """Other files dockergen writes (k8s/, CI workflows): editing them must not bust COPY . ."""
    found = {f"{p.split('/', 1)[0]}/" if p.startswith("k8s/") else p for p in outputs
             if p not in ("Dockerfile", ".dockerignore", "compose.yaml")}
    return sorted(found)


def _install(install: Install, minor: str) -> dict[str, Any]:
    """The install partial's keys (templates/_partials/install/<manager>.jinja). The package
    managers run on the image's Python, so each is the release that supports its minor (DG2121);
    PDM's companions guard the current pin only."""
    pdm = pin_for_minor("pdm", PDM_VERSION, minor)
    return {
        "package_manager": install.package_manager,
        "package_manager_evidence": install.evidence,
        "install_partial": install.install_partial,
        "uv_version": UV_VERSION,
        "poetry_version": pin_for_minor("poetry", POETRY_VERSION, minor),
        "poetry_export_version": pin_for_minor("poetry-plugin-export", POETRY_EXPORT_VERSION, minor),
        "poetry_export_as_locked": POETRY_EXPORT_AS_LOCKED,
        "pdm_version": pdm,
        "pdm_companions": list(PDM_COMPANIONS) if pdm == PDM_VERSION else [],
        "pipenv_version": pin_for_minor("pipenv", PIPENV_VERSION, minor),
        "requirement_files": list(install.requirement_files),
        "windows_only": list(install.windows_only),
        "requirements_need_project": install.requirements_need_project,
        "requirement_secrets": dict(install.requirement_secrets),
        "requirement_secrets_digest": install.requirement_secrets_digest,
        "index_secrets": list(install.index_secrets),
        "dependency_files": list(install.dependency_files),
        "pyproject_deps": install.pyproject_deps,
        "pyproject_companions": list(install.pyproject_companions),
        "install_specs": list(install.install_specs),
        "install_specs_note": install.install_specs_note,
        "install_project": install.install_project,
        "install_project_note": install.install_project_note,
        "install_extras": list(install.install_extras),
        # The project with the extras its start command needs, unless installed before it.
        "project_spec": (f".[{','.join(install.install_extras)}]"
                         if install.install_extras and not install.pyproject_deps else "."),
        "pkg_resources_setuptools": PKG_RESOURCES_SETUPTOOLS,  # DG2113
        "locked": install.locked,
        "uv_workspace": install.uv_workspace,
        "uv_all_packages": install.uv_all_packages,
        "extra_packages": list(install.extra_packages),
    }


def _compose(part: ComposePart) -> dict[str, Any]:
    return {
        "compose_app": part.app,
        "compose_worker": part.worker,
        "compose_beat": part.beat,
        "compose_services": list(part.services),
        "compose_secrets": list(part.secrets),
        "compose_env_example": part.env_example,
    }


def _kubernetes(part: KubernetesPart) -> dict[str, Any]:
    name, _, tag = part.image.partition(":")
    return {
        "k8s_name": part.name,
        "k8s_image": part.image,
        "k8s_image_name": name,
        "k8s_image_tag": tag,
        "k8s_port": part.port,
        "k8s_probe": part.probe,
        "k8s_replicas": part.replicas,
        "k8s_hpa": part.hpa,
        "k8s_secret": part.secret,
        "k8s_volumes": list(part.volumes),
        "k8s_worker": part.worker,
        "k8s_beat": part.beat,
        "k8s_files": list(part.files),
    }


def _ci(part: CiPart) -> dict[str, Any]:
    context: dict[str, Any] = {
        "ci_actions": part.actions,
        "ci_dockergen_spec": part.dockergen_spec,
        "ci_images": part.images,
        "ci_multi_arch": part.multi_arch,
        "ci_platforms": part.platforms,
        "ci_dockerfile": "Dockerfile",
        "ci_default_branch": "main",
        "ci_registry": part.registry,
        "ci_image_ref": part.image_ref,
    }
    if part.system == "github":
        context.update(ci_login_username=part.login_username, ci_login_password=part.login_password)
    else:
        context.update(ci_use_job_token=part.use_job_token)
    return context
