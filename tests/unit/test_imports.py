"""DG1092: the distributions a declaration-less project's imports need."""

import ast

from dockergen.inspection.imports import needs_from_imports, third_party_imports, unmappable

SOURCE = """\
import os, sys
import yaml
from flask import Flask
from PIL import Image
import mylib.helpers
from . import sibling
from google.cloud import storage
import requests
import requests.adapters
"""


def test_imports_in_order_with_lines():
    found = third_party_imports(ast.parse(SOURCE), "app.py")
    assert found[:3] == [("os", "app.py:1"), ("sys", "app.py:1"), ("yaml", "app.py:2")]
    assert ("sibling", "app.py:6") not in found  # relative imports are the project's own


def test_needs_skip_stdlib_local_and_namespaces_and_map_names():
    needs = needs_from_imports(third_party_imports(ast.parse(SOURCE), "app.py"), local={"mylib"})
    assert [(n.distribution, n.module, n.evidence) for n in needs] == [
        ("PyYAML", "yaml", "app.py:2"),
        ("flask", "flask", "app.py:3"),
        ("Pillow", "PIL", "app.py:4"),
        ("requests", "requests", "app.py:8"),
    ]


def test_unmappable_namespace_imports_are_reported_not_guessed():
    assert unmappable(third_party_imports(ast.parse(SOURCE), "app.py")) == [("google", "app.py:7")]
