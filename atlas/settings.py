"""The one table of settings: name, default and help, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "ATLAS_DB_URL",
        f"sqlite:///{REPO_ROOT / 'var' / 'atlas.db'}",
        "SQLAlchemy URL of the store. Default: an SQLite file var/atlas.db in the project; "
        "any SQLAlchemy URL works, e.g. postgresql+psycopg://user@host/atlas.",
    ),
    Setting(
        "ATLAS_DATA_DIR",
        str(REPO_ROOT / "data"),
        "Folder of the seed CSV files that `python -m atlas init` loads.",
    ),
    Setting(
        "ATLAS_TILES_URL",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "Raster tile URL template drawn over the built-in vector basemap; empty for none "
        "(the vector basemap of European countries is always drawn).",
    ),
    Setting(
        "ATLAS_TILES_ATTRIBUTION",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        "Attribution shown for the raster tiles.",
    ),
    Setting(
        "ATLAS_ASSET_PREFIX",
        "/app/static/vendor",
        "URL prefix under which the app serves Leaflet, its plugins and the basemap.",
    ),
    Setting(
        "ATLAS_CACHE_DIR",
        str(REPO_ROOT / "var" / "cache"),
        "Folder for derived caches (the gazetteer index).",
    ),
    Setting(
        "ATLAS_TRUSTED_PROXIES",
        "",
        "Comma-separated addresses or CIDR networks of reverse proxies whose "
        "X-Forwarded-For and X-Forwarded-Proto headers are believed, e.g. 10.0.0.5 or "
        "10.0.0.0/24. Empty (the default): the client is the connection's own peer and "
        "those headers are ignored. Log-in lockouts count per client address.",
    ),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


def get(name: str) -> str:
    """Return the value of setting `name` from the environment, or its default."""
    setting = _BY_NAME[name]
    return os.environ.get(name, setting.default)
