"""Coordinate reference systems used by the atlas."""

WGS84 = "EPSG:4326"
"""Storage and display: latitude/longitude in degrees."""

LAEA_EUROPE = "EPSG:3035"
"""ETRS89 Lambert Azimuthal Equal-Area: metres, for areas and planar distances in Europe."""
