import pytest

from atlas.url_params import NEW_RECORD, PARAMS, ParamError, parse_param


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("lat", "50.06143", 50.06143),
        ("lat", "-90", -90.0),
        ("lon", "180", 180.0),
        ("top", "5", 5),
        ("stop", "3", 3),
        ("pop", "0", 0),
        ("height", "480", 480),
        ("record", "12", 12),
        ("record", "new", NEW_RECORD),
        ("kind", "city", "city"),
        ("city", "krakow", "krakow"),
        ("country", "pl", "PL"),
        ("name", "  Gmina Besko ", "Gmina Besko"),
        ("first", "1", "1"),
    ],
)
def test_a_good_value_is_read(name: str, text: str, value: object) -> None:
    assert parse_param(name, text) == value


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("lat", "nan", "a number from -90 to 90"),
        ("lat", "1e309", "a number from -90 to 90"),
        ("lat", "-inf", "a number from -90 to 90"),
        ("lat", "91", "a number from -90 to 90"),
        ("lon", "abc", "a number from -180 to 180"),
        ("top", "0", "a whole number from 1 to 50"),
        ("top", "²", "a whole number from 1 to 50"),
        ("top", "5.5", "a whole number from 1 to 50"),
        ("stop", "-1", "a whole number"),
        ("stop", "1e3", "a whole number"),
        ("height", "99999999999999999999999", "a whole number"),
        ("pop", "9223372036854775808", "a whole number"),
        ("record", "١٢", "a whole number"),
        ("record", "0", "a whole number"),
        ("record", "99999999999999999999", "a whole number"),
        ("kind", "user", "one of project, city, membership, practice"),
        ("city", "Kraków", "lower-case letters"),
        ("city", "krakow<script>", "lower-case letters"),
        ("practice", "a" * 300, "lower-case letters"),
        ("topic", "../etc", "lower-case letters"),
        ("country", "XX", "country code"),
        ("country", "POL", "country code"),
        ("name", "", "1 to 200 characters"),
        ("name", "x" * 201, "1 to 200 characters"),
        ("name", "two\nlines", "on one line"),
        ("first", "yes", "one of 1"),
    ],
)
def test_a_bad_value_is_refused_with_what_was_expected(name: str, text: str, expected: str) -> None:
    with pytest.raises(ParamError, match=f"^Ignored {name}=") as refused:
        parse_param(name, text)
    assert expected in str(refused.value)


def test_a_long_value_is_shortened_in_the_message() -> None:
    with pytest.raises(ParamError) as refused:
        parse_param("city", "x" * 5000)
    assert len(str(refused.value)) < 200


def test_every_parameter_but_free_text_refuses_markup() -> None:
    for name in set(PARAMS) - {"name"}:
        with pytest.raises(ParamError):
            parse_param(name, "${window.__pwned=1}")
