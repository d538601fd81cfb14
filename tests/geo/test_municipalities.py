"""The second source of the gazetteer: the municipalities of the countrystatecity-countries
package, read as the gazetteer reads GeoNames places."""

from geo.distance import haversine_km
from geo.municipalities import municipalities, source_version


def test_small_municipalities_are_listed_with_a_point_and_a_reference() -> None:
    spanish = {place["name"]: place for place in municipalities({"ES"})}
    assert len(spanish) > 7_000
    queralbs = spanish["Queralbs"]  # a Catalan municipality of about 200 inhabitants
    assert haversine_km(queralbs["latitude"], queralbs["longitude"], 42.35, 2.16) < 3
    assert queralbs["countrycode"] == "ES"
    assert queralbs["population"] == 0
    assert queralbs["reference"].startswith("countrystatecity:")


def test_only_the_countries_asked_for_and_none_unknown() -> None:
    assert {place["countrycode"] for place in municipalities({"SI", "ZZ"})} == {"SI"}
    assert municipalities(set()) == []
    assert source_version() != "unknown"
