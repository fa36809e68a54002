"""The catalog's entries point at files that exist, and every shipped template file is used."""

from dockergen.catalog import FRAMEWORKS, OUTPUTS, PACKAGE_MANAGERS, TEMPLATES, template_ids
from dockergen.catalog.frameworks import framework, web_frameworks
from dockergen.catalog.servers import dev_server_reason, is_dev_command
from dockergen.render import templates_dir


def test_every_template_and_output_file_exists():
    root = templates_dir()
    for template in TEMPLATES:
        assert (root / template.dockerfile).is_file(), template
    for output in OUTPUTS:
        assert (root / output.template).is_file(), output
    for manager in PACKAGE_MANAGERS:
        assert (root / manager.install_partial).is_file(), manager


def test_every_dockerfile_template_folder_is_a_catalog_entry():
    root = templates_dir()
    folders = {p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")}
    own = {t.dockerfile.split("/", 1)[0] for t in TEMPLATES if not t.dockerfile.startswith("_")}
    assert folders == own


def test_template_ids_are_unique_and_name_each_framework_with_a_template():
    ids = template_ids()
    assert len(ids) == len(set(ids))
    assert {"slim", "multi-stage"} <= set(ids)
    assert {f.id for f in FRAMEWORKS if f.template} <= set(ids)


def test_web_frameworks_listen_and_workers_do_not():
    assert "celery" not in web_frameworks()
    assert framework("celery") is not None and framework("celery").default_port is None
    assert framework("streamlit").health_path == "/_stcore/health"
    assert framework("nope") is None


def test_dev_servers_come_from_the_entries():
    assert dev_server_reason(["flask", "--app", "x", "run"]) == "flask run"
    assert dev_server_reason(["python", "manage.py", "runserver"]) == "manage.py runserver"
    assert dev_server_reason(["uvicorn", "main:app", "--reload"]) == "uvicorn --reload"
    assert dev_server_reason(["gunicorn", "main:app"]) == ""
    assert is_dev_command("fastapi dev main.py") and not is_dev_command("gunicorn app:app")
