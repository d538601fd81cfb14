"""Placing a city: the map staff click to set its point, and the check that the point lies
in the country the record names."""

from __future__ import annotations

import folium

from atlas.countries import country_name
from geo.boundaries import BoundariesMissingError, country_at
from geo.mapview import Legend, base_map

POINT_COLOUR = "#d7301f"
PLACEMENT_ZOOM = 9


def placement_map(
    latitude: float | None,
    longitude: float | None,
    tiles_url: str = "",
    tiles_attribution: str = "",
) -> folium.Map:
    """The base map centred on the current point (WGS84 degrees) with a marker, or on
    Europe when there is none yet."""
    fmap = base_map(tiles_url, tiles_attribution, Legend("Placing", [("Point", POINT_COLOUR)]))
    if latitude is not None and longitude is not None:
        folium.CircleMarker(
            (latitude, longitude),
            radius=8,
            color="#ffffff",
            weight=2,
            fill=True,
            fill_color=POINT_COLOUR,
            fill_opacity=1,
        ).add_to(fmap)
        fmap.location = [latitude, longitude]
        fmap.options["zoom"] = PLACEMENT_ZOOM
    return fmap


def country_warning(latitude: float | None, longitude: float | None, country: str) -> str | None:
    """Why the WGS84 point does not fit `country` (an ISO code), or None when it does."""
    if latitude is None or longitude is None or not country:
        return None
    try:
        found = country_at(latitude, longitude)
    except BoundariesMissingError:
        return "The country boundaries are not installed: the point could not be checked."
    if found == country:
        return None
    if found is None:
        return (
            f"The point {latitude:.4f}, {longitude:.4f} is not in any country "
            f"(open sea?), but the city is in {country_name(country)}."
        )
    return (
        f"The point {latitude:.4f}, {longitude:.4f} lies in {country_name(found)}, "
        f"not in {country_name(country)}."
    )
