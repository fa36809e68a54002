"""k8s/: golden files per shape, schema validation, hardened pods, safe names."""

import dataclasses
import re

import kubernetes_validate
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from dockergen import generate
from dockergen.inspection import inspect_project
from dockergen.kubernetes import dns_label, kubernetes_part
from dockergen.plan import choose_plan
from dockergen.render import render_plan
from dockergen.settings import resolve
from dockergen.versions import APP_UID
from tests.conftest import assert_golden

from .deploy_cases import CASES

# The oldest Kubernetes minor still commonly run, and the newest the package ships.
K8S_VERSIONS = ("1.30.0", kubernetes_validate.utils.latest_version())
DNS_LABEL = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")


def _manifests(root, **options):
    report = generate(root, dry_run=True, kubernetes=True, **options)
    return {f.path: f.content for f in report.files if f.path.startswith("k8s/")}


def _validate(text):
    doc = yaml.safe_load(text)
    for version in K8S_VERSIONS:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as err:
            pytest.fail(f"{doc['kind']} invalid for Kubernetes {version}: {err.message} at {list(err.path)}")
    return doc


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(tree, name):
    for path, text in _manifests(tree(CASES[name])).items():
        assert_golden(f"deploy-{name}/{path}", text)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_manifest_validates_against_the_kubernetes_schema(tree, name):
    files = _manifests(tree(CASES[name]))
    kustomization = yaml.safe_load(files.pop("k8s/kustomization.yaml"))
    assert sorted(kustomization["resources"]) == sorted(p.removeprefix("k8s/") for p in files)
    for text in files.values():
        doc = _validate(text)
        assert DNS_LABEL.fullmatch(doc["metadata"]["name"])


def test_schema_validation_catches_a_broken_manifest(tree):
    text = _manifests(tree(CASES["plain-web"]))["k8s/deployment.yaml"]
    broken = text.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: yes-please")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(yaml.safe_load(broken), K8S_VERSIONS[-1], strict=True)


def test_pod_is_hardened(tree):
    doc = yaml.safe_load(_manifests(tree(CASES["plain-web"]))["k8s/deployment.yaml"])
    pod = doc["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == APP_UID
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    container = pod["containers"][0]
    sc = container["securityContext"]
    assert sc["allowPrivilegeEscalation"] is False and sc["readOnlyRootFilesystem"] is True
    assert sc["capabilities"] == {"drop": ["ALL"]}
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    assert "/tmp" in mounts and "/home/app" in mounts
    assert {v["name"] for v in pod["volumes"]} == set(mounts.values())
    assert all("emptyDir" in v for v in pod["volumes"])
    assert set(container["resources"]) == {"requests", "limits"}


def test_web_app_probes_its_port_and_hpa_owns_replicas(tree):
    files = _manifests(tree(CASES["plain-web"]))
    deployment = yaml.safe_load(files["k8s/deployment.yaml"])
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["ports"] == [{"name": "http", "containerPort": 8000}]
    assert container["readinessProbe"]["tcpSocket"] == {"port": "http"}
    assert container["livenessProbe"]["tcpSocket"] == {"port": "http"}
    assert "replicas" not in deployment["spec"]
    hpa = yaml.safe_load(files["k8s/hpa.yaml"])
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    service = yaml.safe_load(files["k8s/service.yaml"])
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]


def test_known_health_path_becomes_http_get(tree):
    root = tree(CASES["plain-web"])
    facts = inspect_project(root)
    plan = choose_plan(facts, resolve(facts, {"kubernetes": True}))
    start = dataclasses.replace(plan.start, health_path="/healthz")
    plan = dataclasses.replace(plan, kubernetes=kubernetes_part(facts, start, "/app"))
    text = {f.path: f.content for f in render_plan(plan)}["k8s/deployment.yaml"]
    container = _validate(text)["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert "tcpSocket" not in container["livenessProbe"]


def test_non_web_process_has_replicas_and_no_probes_service_or_hpa(tree):
    files = _manifests(tree({"main.py": "print('hi')\n"}))
    assert sorted(files) == ["k8s/deployment.yaml", "k8s/kustomization.yaml"]
    doc = _validate(files["k8s/deployment.yaml"])
    assert doc["spec"]["replicas"] == 1
    container = doc["spec"]["template"]["spec"]["containers"][0]
    assert "readinessProbe" not in container and "ports" not in container


def test_celery_worker_deployment(tree):
    files = _manifests(tree(CASES["celery-worker"]))
    worker = _validate(files["k8s/worker.yaml"])
    assert worker["metadata"]["name"] == "project-worker"
    container = worker["spec"]["template"]["spec"]["containers"][0]
    assert container["args"] == ["celery", "-A", "proj.tasks:celery_app", "worker", "--loglevel=INFO"]
    app = yaml.safe_load(files["k8s/deployment.yaml"])["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == app["image"]


def test_celery_beat_gets_one_unscaled_deployment_and_a_worker_alone_none(tree):
    """DG2047: exactly one beat: one replica, Recreate, no autoscaler aimed at it."""
    files = _manifests(tree(CASES["celery-beat"]))
    beat = _validate(files["k8s/beat.yaml"])
    assert beat["spec"]["replicas"] == 1 and beat["spec"]["strategy"] == {"type": "Recreate"}
    container = beat["spec"]["template"]["spec"]["containers"][0]
    assert container["args"][3:5] == ["beat", "--loglevel=INFO"] and "/home/app/celerybeat-schedule" in container["args"]
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    assert "/home/app" in mounts  # the schedule file's folder is writable
    hpa = yaml.safe_load(files["k8s/hpa.yaml"])
    assert hpa["spec"]["scaleTargetRef"]["name"] != beat["metadata"]["name"]
    assert "beat.yaml" in yaml.safe_load(files["k8s/kustomization.yaml"])["resources"]
    assert "k8s/beat.yaml" not in _manifests(tree(CASES["celery-worker"]))


def test_writable_dirs_get_their_own_empty_dir(tree):
    root = tree(CASES["plain-web"])
    facts = inspect_project(root)
    facts.app.writable_dirs = ["instance", "media/uploads"]
    plan = choose_plan(facts, resolve(facts, {"kubernetes": True}))
    text = {f.path: f.content for f in render_plan(plan)}["k8s/deployment.yaml"]
    mounts = [m["mountPath"] for m in _validate(text)["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]]
    assert mounts == ["/tmp", "/home/app", "/app/instance", "/app/media/uploads"]


def test_hostile_project_name_becomes_a_dns_label(tree):
    evil = 'Evil"\n  kind: Secret\n# 1 $(x) ÄÖ'
    root = tree({"pyproject.toml": '[project]\nname = """' + evil + '"""\nversion = "1"\n', "main.py": ""})
    files = _manifests(root)
    doc = _validate(files["k8s/deployment.yaml"])
    assert doc["kind"] == "Deployment"
    assert doc["metadata"]["name"] == "evil-kind-secret-1-x"


@pytest.mark.parametrize("text, label", [
    ("My_Project", "my-project"), ("123-api", "app-123-api"), ("---", "app"), ("", "app"),
    ("a" * 80, "a" * 56), ("x" * 55 + "-y", "x" * 55),
])
def test_dns_label(text, label):
    assert dns_label(text) == label


@given(st.text())
def test_dns_label_is_always_valid_with_room_for_suffixes(text):
    label = dns_label(text)
    assert DNS_LABEL.fullmatch(label) and len(label) <= 56
    assert DNS_LABEL.fullmatch(f"{label}-worker")


def test_project_paths_land_verbatim_and_args_cannot_expand(tree):
    root = tree({**CASES["celery-worker"]})
    facts = inspect_project(root)
    facts.app.writable_dirs = ['we$(ird) "dir" #x: y']  # a line break is refused by the Dockerfile (DG3012)
    plan = choose_plan(facts, resolve(facts, {"kubernetes": True}))
    files = {f.path: f.content for f in render_plan(plan)}
    pod = _validate(files["k8s/deployment.yaml"])["spec"]["template"]["spec"]
    assert pod["containers"][0]["volumeMounts"][-1]["mountPath"] == '/app/we$(ird) "dir" #x: y'
    worker = _validate(files["k8s/worker.yaml"])["spec"]["template"]["spec"]["containers"][0]
    facts.services.celery_app = type(facts.services.celery_app)("m:$(SECRET)", "detected", "m.py:1")
    plan = choose_plan(facts, resolve(facts, {"kubernetes": True}))
    worker = yaml.safe_load({f.path: f.content for f in render_plan(plan)}["k8s/worker.yaml"])
    assert worker["spec"]["template"]["spec"]["containers"][0]["args"][2] == "m:$$(SECRET)"  # $$ = a literal $


def test_generated_manifests_and_workflows_stay_out_of_the_build_context(tree):
    from dockergen import generate

    root = tree({"requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"})
    files = {f.path: f.content for f in generate(root, dry_run=True, kubernetes=True, ci="github").files}
    ignore = files[".dockerignore"].splitlines()
    assert "k8s/" in ignore and ".github/workflows/docker.yml" in ignore
    plain = {f.path: f.content for f in generate(root, dry_run=True).files}[".dockerignore"]
    assert "k8s/" not in plain.splitlines()
