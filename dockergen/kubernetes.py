"""Kubernetes manifests' part of the plan: Deployment, Service, HorizontalPodAutoscaler, worker. Pure.

``plan.py`` calls ``kubernetes_part`` with the facts and the image's own start part, so
the pod runs the same image, port, user and start command. Names are DNS-1123 labels
derived from the project name (DG2069); every project value is quoted by the templates.
"""

from __future__ import annotations

import re
from typing import Any

from .catalog.launchers import celery_beat
from .facts import ProjectFacts
from .plan_model import KubernetesPart, Start

HOME = "/home/app"  # the image user's HOME (DG3001), writable in the image
MAX_NAME = 56  # 63 (a DNS label) minus room for the "-worker" suffix ("-beat" is shorter)
REPLICAS = 2
MAX_REPLICAS = 10
CPU_TARGET = 70


def dns_label(text: str, fallback: str = "app") -> str:
    """A DNS-1123 label that is also a valid Service name (RFC 1035: starts with a letter)."""
    label = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if label and not label[0].isalpha():
        label = f"{fallback}-{label}"
    return label[:MAX_NAME].rstrip("-") or fallback


def image_name(facts: ProjectFacts) -> str:
    """The local image tag compose builds and the manifests name (DG2068)."""
    return f"{dns_label(facts.packaging.name.value if facts.packaging.name else 'app')}:local"


def kubernetes_part(facts: ProjectFacts, start: Start, workdir: str) -> KubernetesPart:
    """The manifests' part of the plan; ``start`` is the image's own."""
    name = dns_label(facts.packaging.name.value if facts.packaging.name else "app")
    port = start.port
    hpa = port is not None
    volumes = [{"name": "tmp", "path": "/tmp"}, {"name": "home", "path": HOME}]
    for i, folder in enumerate(facts.app.writable_dirs):
        volumes.append({"name": f"data-{i}", "path": f"{workdir}/{folder.strip('/')}"})
    worker = None
    if facts.services.celery_app is not None:
        worker = {"name": f"{name}-worker",
                  "command": ["celery", "-A", facts.services.celery_app.value, "worker", "--loglevel=INFO"],
                  "evidence": facts.services.celery_app.evidence}
    beat = None
    app_celery, celery_beat_at = facts.services.celery_app, facts.services.celery_beat
    if worker is not None and app_celery is not None and celery_beat_at is not None:  # DG2047
        beat = {"name": f"{name}-beat", "command": celery_beat(app_celery.value),
                "evidence": celery_beat_at.evidence or celery_beat_at.source}
    files = ["deployment.yaml"]
    if port is not None:
        files += ["service.yaml", "hpa.yaml"]
    if worker:
        files.append("worker.yaml")
    if beat:
        files.append("beat.yaml")
    return KubernetesPart(
        name=name, image=image_name(facts), port=port, probe=_probe(start),
        # DG2067: the HorizontalPodAutoscaler owns the replica count when there is one.
        replicas=None if hpa else 1,
        hpa={"min": REPLICAS, "max": MAX_REPLICAS, "cpu": CPU_TARGET} if hpa else None,
        secret=f"{name}-env", volumes=tuple(volumes), worker=worker, files=tuple(files), beat=beat,
    )


def k8s_outputs(part: KubernetesPart) -> tuple[str, ...]:
    return tuple(f"k8s/{f}" for f in part.files) + ("k8s/kustomization.yaml",)


def _probe(start: Start) -> dict[str, Any] | None:
    """DG2066: httpGet on the health path when one is known, else a TCP connect; none for
    a process that listens on no port."""
    if start.port is None:
        return None
    path = start.health_path
    return {"kind": "httpGet" if path else "tcpSocket", "path": path or ""}
