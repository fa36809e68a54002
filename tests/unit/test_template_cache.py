"""Compiled templates are cached only by the CLI, in the user's cache folder, and can be switched off."""

from typer.testing import CliRunner

from dockergen import generate
from dockergen.cli import app


def test_library_call_writes_no_template_cache(tree, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    generate(tree({"main.py": "print('hi')\n"}), dry_run=True)
    assert not cache.exists()


def test_cli_caches_templates_unless_switched_off(tree, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("DOCKERGEN_NO_CACHE", "1")
    result = CliRunner().invoke(app, ["init", "--yes", "--dry-run", str(tree({"main.py": "print('hi')\n"}))])
    assert result.exit_code == 0, result.output
    assert not cache.exists()
    monkeypatch.delenv("DOCKERGEN_NO_CACHE")
    result = CliRunner().invoke(app, ["init", "--yes", "--dry-run", str(tree({"app.py": "print('hi')\n"}))])
    assert result.exit_code == 0, result.output
    assert any((cache / "dockergen").rglob("*.cache"))
