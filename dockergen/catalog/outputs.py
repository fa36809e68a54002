"""Templates (the ids a user can choose) and outputs (each file dockergen writes, its template)."""

from __future__ import annotations

from dataclasses import dataclass

from .frameworks import FRAMEWORKS

BASE_DOCKERFILE = "_base/Dockerfile.jinja"


@dataclass(frozen=True)
class Template:
    id: str
    dockerfile: str = BASE_DOCKERFILE  # every id renders the one base today; the id is named in it
    framework: str | None = None  # the framework whose server an explicit choice of this id picks


@dataclass(frozen=True)
class Output:
    path: str  # relative to the project root, POSIX
    template: str  # under templates/


TEMPLATES: tuple[Template, ...] = (
    Template("slim"), Template("multi-stage"),
    *(Template(f.id, f.dockerfile or BASE_DOCKERFILE, f.id) for f in FRAMEWORKS if f.template),
)
_TEMPLATES = {t.id: t for t in TEMPLATES}

CI_OUTPUTS = {"github": ".github/workflows/docker.yml", "gitlab": ".gitlab-ci.yml"}
K8S_FILES = ("deployment.yaml", "service.yaml", "hpa.yaml", "worker.yaml", "beat.yaml", "kustomization.yaml")
OUTPUTS: tuple[Output, ...] = (
    Output(".dockerignore", "_common/dockerignore.jinja"),
    Output("compose.yaml", "_outputs/compose.yaml.jinja"),
    *(Output(f"k8s/{name}", f"_outputs/k8s/{name}.jinja") for name in K8S_FILES),
    *(Output(path, f"_outputs/ci/{system}.yml.jinja") for system, path in CI_OUTPUTS.items()),
)
_OUTPUTS = {o.path: o.template for o in OUTPUTS}


def template_ids() -> tuple[str, ...]:
    """The template ids a user can choose, sorted."""
    return tuple(sorted(_TEMPLATES))


def template(template_id: str) -> Template | None:
    return _TEMPLATES.get(template_id)


def output_template(path: str, template_id: str) -> str | None:
    """The Jinja file that renders ``path`` for the chosen template (None: unknown)."""
    if path == "Dockerfile":
        chosen = _TEMPLATES.get(template_id)
        return chosen.dockerfile if chosen else None
    return _OUTPUTS.get(path)
