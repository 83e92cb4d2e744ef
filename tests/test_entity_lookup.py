"""A name matches a mention when each of its words reads alike a word of the mention."""

from __future__ import annotations

import pytest

from newsprism.entity_lookup import matches


@pytest.mark.parametrize("name, mention", [
    ("Zhurakovsky", "Dmitri Zhurakovskiy"), ("Zhurakovsky", "Dmitrij Schurakowski"),
    ("Khovaev", "Chovayev"), ("Tunc Soyer", "Mayor Tunc Soyer"), ("soyer", "SOYER"),
])
def test_spellings_of_one_name_match(name, mention):
    assert matches(name, mention)


@pytest.mark.parametrize("name, mention", [
    ("Zhurakovsky", "Zhukov"), ("Tunc Soyer", "Soyer"), ("president", "resident"), ("", "Soyer"), ("12", "12"),
])
def test_other_names_do_not(name, mention):
    assert not matches(name, mention)
