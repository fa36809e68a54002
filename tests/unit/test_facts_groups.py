"""ProjectFacts is made of groups; its JSON stays flat, in the field order it had before them."""

import dataclasses

from dockergen.facts import FLAT_ORDER, GROUPS, AppFacts, Fact, ProjectFacts


def _group_fields() -> list[str]:
    facts = ProjectFacts(root=None)
    return [f.name for g in GROUPS for f in dataclasses.fields(getattr(facts, g))]


def test_every_group_field_is_in_the_flat_order_once():
    names = _group_fields()
    assert len(names) == len(set(names))  # no field in two groups
    assert sorted([*names, "root", "warnings"]) == sorted(FLAT_ORDER)
    assert [f.name for f in dataclasses.fields(ProjectFacts)] == ["root", *GROUPS, "warnings"]


def test_json_is_flat_and_in_the_flat_order():
    facts = ProjectFacts(root=None, app=AppFacts(port=Fact(8000, "detected", "app.py:3")))
    out = facts.to_json()
    assert list(out) == list(FLAT_ORDER)
    assert out["port"] == {"value": 8000, "source": "detected", "evidence": "app.py:3"}
