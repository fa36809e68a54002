"""Every decision code used anywhere has a page, and every page is used somewhere."""

import re

from dockergen.decisions import get, registry
from tests.conftest import REPO

CODE = re.compile(r"\bDG\d{4}\b")


def _codes_used() -> set[str]:
    used: set[str] = set()
    for folder in ("dockergen", "templates"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".jinja"):
                used |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return used


def test_every_used_code_has_a_page():
    missing = _codes_used() - set(registry())
    assert not missing, f"codes without docs/decisions page: {sorted(missing)}"


def test_every_page_is_used():
    unused = set(registry()) - _codes_used()
    assert not unused, f"pages whose code appears in no code or template: {sorted(unused)}"


def test_pages_parse_with_title_and_summary():
    for decision in registry().values():
        assert decision.title and len(decision.summary) > 40


def test_get_is_case_insensitive():
    assert get("dg2002").code == "DG2002"
    assert get("DG0000") is None
