"""Placing a city: the map staff click to set its point, and the check that the point lies
in the country the record names."""

from __future__ import annotations

import folium

from atlas.i18n import N_, Translator
from geo.boundaries import BoundariesMissingError, country_at
from geo.mapview import ENGLISH, Legend, base_map

POINT_COLOUR = "#d7301f"
PLACEMENT_ZOOM = 9


def placement_map(
    latitude: float | None,
    longitude: float | None,
    tiles_url: str = "",
    tiles_attribution: str = "",
    tr: Translator = ENGLISH,
) -> folium.Map:
    """The base map centred on the current point (WGS84 degrees) with a marker, or on
    Europe when there is none yet."""
    legend = Legend(tr.text(N_("Placing")), [(tr.text(N_("Point")), POINT_COLOUR)])
    fmap = base_map(tiles_url, tiles_attribution, legend)
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


def country_warning(
    latitude: float | None, longitude: float | None, country: str, tr: Translator = ENGLISH
) -> str | None:
    """Why the WGS84 point does not fit `country` (an ISO code), or None when it does; in
    `tr`'s language."""
    if latitude is None or longitude is None or not country:
        return None
    try:
        found = country_at(latitude, longitude)
    except BoundariesMissingError:
        return tr.text(
            N_("The country boundaries are not installed: the point could not be checked.")
        )
    if found == country:
        return None
    point = f"{tr.number(latitude, 4)}, {tr.number(longitude, 4)}"
    if found is None:
        return tr.text(
            N_(
                "The point {point} is not in any country (open sea?), but the city is in {country}."
            ),
            point=point,
            country=tr.country(country),
        )
    return tr.text(
        N_("The point {point} lies in {found}, not in {country}."),
        point=point,
        found=tr.country(found),
        country=tr.country(country),
    )
