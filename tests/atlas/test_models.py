import re

import pytest
from pydantic import ValidationError

from atlas.models import (
    FOLLOWER,
    FRONTRUNNER,
    PARTNER,
    SIGNATORY,
    check_url,
    role_for_word,
    url_problem,
)
from tests import factories


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("lighthouse", FRONTRUNNER),
        ("frontrunner (miasto prekursor)", FRONTRUNNER),
        ("pioneer municipality (gmina pionierska)", FRONTRUNNER),
        ("advanced", FRONTRUNNER),
        ("Follower", FOLLOWER),
        ("fellow", FOLLOWER),
        ("engaged (miasto zaangażowane)", FOLLOWER),
        ("deployment", FOLLOWER),
        ("replication", FOLLOWER),
        ("replication city", FOLLOWER),
        ("multiplier", FOLLOWER),
        ("lead city", FRONTRUNNER),
        ("mission city", PARTNER),
        ("participant", PARTNER),
        ("special_award", PARTNER),
        ("signatory", SIGNATORY),
        ("sponsor", None),
    ],
)
def test_project_role_words_map_onto_atlas_roles(word: str, role: str | None) -> None:
    assert role_for_word(word) == role


def test_city_country_must_be_a_known_iso_code() -> None:
    assert factories.city(country="cz").country == "CZ"
    with pytest.raises(ValidationError, match="ISO 3166-1"):
        factories.city(country="XX")


@pytest.mark.parametrize("slug", ["Pisek", "pi sek", "písek", "-pisek", "pisek-"])
def test_slug_must_be_lowercase_ascii_words_joined_by_hyphens(slug: str) -> None:
    with pytest.raises(ValidationError):
        factories.city(slug=slug)


@pytest.mark.parametrize(("lat", "lon"), [(91, 14), (-91, 14), (49, 181), (49, -181)])
def test_coordinates_must_be_on_the_globe(lat: float, lon: float) -> None:
    with pytest.raises(ValidationError):
        factories.city(latitude=lat, longitude=lon)


def test_blank_optional_fields_become_none_and_lists_split_on_semicolons() -> None:
    city = factories.city(population="", website=" ", alternate_names="Pisek; Писек;")
    assert city.population is None
    assert city.website is None
    assert city.alternate_names == ["Pisek", "Писек"]
    assert factories.practice(topics=("energy", "energy", "mobility")).topics == [
        "energy",
        "mobility",
    ]


def test_website_must_be_an_http_url() -> None:
    with pytest.raises(ValidationError, match="http"):
        factories.city(website="javascript:alert(1)")


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        ("https://cityxchange.eu/the-legacy-of-cityxchange/", None),
        ("http://www.citiesmultiply.eu/en/172-travel?id=1087%3Asumm#top", None),
        ("https://www.pnec.org.pl:8443/index.php", None),
        ("http://münchen.de", None),
        ("https://192.168.0.1/", None),
        ("", "empty"),
        ("https://www.pisek .cz", "contains a space"),
        (" https://pisek.cz", "contains a space"),
        ("www.pisek.cz", "does not start with http:// or https://"),
        ("https//pisek.cz", "does not start with http:// or https://"),
        ("ftp://pisek.cz/a.pdf", "not a web link (ftp:), only http:// or https://"),
        ("mailto:info@pisek.cz", "not a web link (mailto:), only http:// or https://"),
        ("javascript:alert(1)", "not a web link (javascript:), only http:// or https://"),
        ("http:/pisek.cz", "no host name after http(s)://"),
        ("https://", "no host name after http(s)://"),
        ("https:///page", "no host name after http(s)://"),
        ("https://pisek", "host “pisek” has no domain (no dot)"),
        ("https://pisek..cz", "host “pisek..cz” is not a valid host name"),
        ("https://-pisek.cz", "host “-pisek.cz” is not a valid host name"),
        ("https://pisek,cz.eu", "host “pisek,cz.eu” is not a valid host name"),
        ("https://pisek.cz:99999/", "invalid port"),
        ("https://pisek.cz:0/", "invalid port"),
        ("https://[::1", "not a valid web address"),
    ],
)
def test_url_problem(link: str, problem: str | None) -> None:
    assert url_problem(link) == problem


def test_check_url_refuses_a_malformed_link_and_says_why() -> None:
    assert check_url(None) is None
    assert check_url("https://pisek.cz") == "https://pisek.cz"
    with pytest.raises(ValueError, match=r"not an http\(s\) URL: 'https://pisek' \(host"):
        check_url("https://pisek")


def test_every_record_needs_a_source_and_licence() -> None:
    with pytest.raises(ValidationError):
        factories.city(source="")
    with pytest.raises(ValidationError):
        factories.project(licence="")


def test_project_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="before start"):
        factories.project(start_year=2020, end_year=2018)


def test_membership_role_and_confidence_are_checked() -> None:
    with pytest.raises(ValidationError, match="role must be one of"):
        factories.membership(role="lighthouse")
    with pytest.raises(ValidationError, match="confidence"):
        factories.membership(confidence="certain")


def test_practice_needs_a_topic_and_a_known_status() -> None:
    with pytest.raises(ValidationError):
        factories.practice(topics=())
    with pytest.raises(ValidationError, match="status must be one of"):
        factories.practice(status="done")


def test_unknown_columns_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        factories.city(mayor="A Person")


@pytest.mark.parametrize("population", [2**31, 2**63 - 1, 2**63, 10**30])
def test_a_population_beyond_what_the_store_holds_is_refused(population: int) -> None:
    with pytest.raises(ValidationError, match="less than or equal to 2147483647"):
        factories.city(population=population)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "Pí\x00sek", "U+0000"),
        ("name", "Písek\x1b[31m", "U+001B"),
        ("description", "bell \x07", "U+0007"),
        ("alternate_names", "Pisek; Pí\x7fsek", "U+007F"),
        ("source", "one\x85next line", "U+0085"),
    ],
)
def test_control_characters_in_text_are_refused_by_name(field: str, value: str, code: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(f"control character {code}")):
        factories.city(**{field: value})


def test_tabs_and_line_breaks_stay_allowed_in_text() -> None:
    city = factories.city(description="First line\nsecond\tline\r\nthird")
    assert city.description == "First line\nsecond\tline\r\nthird"
