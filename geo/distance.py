"""Great-circle distances on the WGS84 mean sphere."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), in kilometres."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in WGS84 degrees."""
    return float(haversine_km_many(lat1, lon1, np.array([lat2]), np.array([lon2]))[0])


def haversine_km_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distances in km from one point to many (all in WGS84 degrees)."""
    phi1, phi2 = np.radians(lat), np.radians(np.asarray(lats, dtype=float))
    dphi = phi2 - phi1
    dlambda = np.radians(np.asarray(lons, dtype=float) - lon)
    h = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
