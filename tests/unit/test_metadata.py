"""DG3006: OCI label values from the project's metadata, safely quoted."""

import json

from dockergen import generate
from dockergen.check.parser import parse
from dockergen.inspection import inspect_project


def test_labels_from_project_metadata(tree):
    root = tree({"pyproject.toml": (
        '[project]\nname = "shop"\nversion = "2.1.0"\ndescription = "A shop"\nlicense = "MIT OR Apache-2.0"\n'
        '[project.urls]\nHomepage = "https://example.org"\nRepository = "https://example.org/shop.git"\n')})
    labels = {k: f.value for k, f in inspect_project(root).metadata.image_labels.items()}
    assert labels == {"version": "2.1.0", "description": "A shop", "licenses": "MIT OR Apache-2.0",
                      "source": "https://example.org/shop.git"}


def test_non_spdx_licence_table_is_not_a_label(tree):
    root = tree({"pyproject.toml": '[project]\nname = "x"\nlicense = {text = "see LICENSE"}\n'})
    assert "licenses" not in inspect_project(root).metadata.image_labels


def test_hostile_description_stays_inside_its_label(tree):
    evil = 'x" \\\\\nRUN echo pwned $HOME `id` # '
    root = tree({"pyproject.toml": '[project]\nname = "x"\ndescription = ' + json.dumps(evil) + "\n",
                 "main.py": "print(1)\n"})
    dockerfile = next(f.content for f in generate(root, dry_run=True).files if f.path == "Dockerfile")
    df = parse(dockerfile)
    assert [i.keyword for i in df.instructions].count("RUN") == sum(1 for l in dockerfile.splitlines() if l.startswith("RUN "))
    assert not any("pwned" in i.args for i in df.instructions if i.keyword == "RUN")
    label = " ".join(i.args for i in df.instructions if i.keyword == "LABEL")
    assert "pwned" in label  # the value is kept, inside the label
