"""Gazetteer lookups: countries, capitals, cities, demonyms."""

from __future__ import annotations

import pytest

from newsgraph.resources import gazetteer


@pytest.mark.parametrize(
    ("word", "iso"),
    [
        ("Kyrgyz", "KG"),
        ("Kazakh", "KZ"),
        ("Kazakhstani", "KZ"),
        ("Russian", "RU"),
        ("Americans", "US"),
        ("Frenchmen", "FR"),
        ("Swiss", "CH"),
        ("Filipino", "PH"),
    ],
)
def test_demonyms_map_to_countries(word: str, iso: str) -> None:
    assert gazetteer.demonym_country(word) == iso


def test_lower_case_words_are_not_names() -> None:
    assert gazetteer.demonym_country("kyrgyz") is None
    assert gazetteer.lookup_place("us") is None
    assert gazetteer.lookup_place("nice") is None


def test_renamed_capital_resolves_with_coordinates() -> None:
    place = gazetteer.lookup_place("Nur-Sultan")
    assert place is not None
    assert place.country == "KZ"
    assert place.feature == "capital"
    assert place.latitude == pytest.approx(51.18, abs=0.1)
    assert place.longitude == pytest.approx(71.45, abs=0.1)


@pytest.mark.parametrize(
    ("name", "iso", "feature"),
    [
        ("Russia", "RU", "country"),
        ("U.S.", "US", "country"),
        ("Britain", "GB", "country"),
        ("GERMANY", "DE", "country"),
        ("Washington", "US", "capital"),
        ("Bombay", "IN", "city"),
    ],
)
def test_place_lookup(name: str, iso: str, feature: str) -> None:
    place = gazetteer.lookup_place(name)
    assert place is not None and place.country == iso and place.feature == feature


def test_countries_carry_capital_coordinates() -> None:
    place = gazetteer.lookup_place("Kyrgyzstan")
    assert place is not None and place.latitude is not None and place.longitude is not None


def test_country_name_and_code() -> None:
    assert gazetteer.country_name("KG") == "Kyrgyzstan"
    assert gazetteer.country_name("ZZ") is None
    assert gazetteer.country_code("Britain") == "GB"
    assert gazetteer.country_code("Kazakh") == "KZ"
    assert gazetteer.country_code("Paris") is None
