"""The Python-minor table (DG2110 era rule, DG2111 published images): data and pure rules."""

from datetime import date
from itertools import pairwise

import pytest

from dockergen.python_minors import era_minor, image_debian, minors
from dockergen.versions import DEBIAN_RELEASES, SUPPORTED_MINORS


def test_every_supported_minor_is_in_the_table_with_a_supported_debian_image():
    table = minors()
    for minor in SUPPORTED_MINORS:
        assert minor in table, minor
        assert set(table[minor].images) & set(DEBIAN_RELEASES), minor


def test_table_is_ordered_and_dates_are_consistent():
    table = list(minors().values())
    assert [m.name for m in table] == sorted((m.name for m in table), key=lambda n: tuple(map(int, n.split("."))))
    for older, newer in pairwise(table):
        assert older.released < newer.released, (older.name, newer.name)
    for m in table:
        assert m.released < m.end_of_life


@pytest.mark.parametrize(("day", "expected"), [
    (date(2021, 3, 1), "3.8"),    # 3.9.0 (2020-10-05) was out less than half a year
    (date(2022, 4, 2), "3.10"),   # 3.10.0 (2021-10-04) plus the 180-day grace
    (date(2022, 4, 1), "3.9"),
    (date(2023, 11, 2), "3.11"),  # a month after 3.12.0: its wheels were still arriving
    (date(2024, 5, 1), "3.12"),
    (date(2026, 11, 1), "3.14"),
])
def test_era_minor_is_the_newest_out_for_half_a_year(day, expected):
    assert era_minor(day, list(minors())) == expected


def test_era_minor_only_picks_from_the_candidates():
    # requires-python >=3.11 on a 2022-06 date: nothing the project allows was out yet
    assert era_minor(date(2022, 6, 1), ["3.11", "3.12", "3.13"]) is None
    assert era_minor(date(2023, 6, 1), ["3.13", "3.11", "3.12"]) == "3.11"
    assert era_minor(date(2023, 3, 1), ["3.11", "3.12"]) is None  # 3.11.0 came 2022-10-24
    assert era_minor(date(2023, 6, 1), ["2.9", "3.99"]) is None  # unknown minors never qualify


@pytest.mark.parametrize(("minor", "wanted", "expected"), [
    ("3.13", "trixie", "trixie"),
    ("3.11", "bookworm", "bookworm"),
    ("3.8", "trixie", "bookworm"),   # no trixie image was ever published for 3.6-3.8
    ("3.7", "trixie", "bookworm"),
    ("3.6", "trixie", None),         # only stretch/buster/bullseye: none dockergen supports
    ("3.6", "bookworm", None),
    ("3.99", "trixie", "trixie"),    # a minor newer than the data is taken on trust
])
def test_image_debian(minor, wanted, expected):
    assert image_debian(minor, wanted, DEBIAN_RELEASES) == expected
