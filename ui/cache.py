"""Cached engine and atlas frames. The frames are keyed on the store's URL and data
revision, so a write invalidates them and nothing else does."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from atlas import settings
from atlas.filters import Filters, filter_cities, practices_of, summary_line
from atlas.images import image_bytes
from atlas.quality import QualityReport, quality_report
from atlas.queries import AtlasData, load_atlas, stored_slugs
from atlas.replication_links import projects_with_lines
from atlas.store import make_engine, revision, schema_is_current
from atlas.tours import Tour, load_tours
from geo.mapview import CityMarkers, city_markers
from ui.outage import store_outage_message
from ui.record_language import frame_names


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def engine() -> Engine:
    """The engine of the store named by ATLAS_DB_URL (one per URL, shared by sessions)."""
    return _engine_for(settings.get("ATLAS_DB_URL"))


@st.cache_resource(show_spinner="Loading the atlas…", max_entries=4)
def _atlas_at(_engine: Engine, url: str, data_revision: int) -> AtlasData:  # noqa: ARG001
    # `url` and `data_revision` are the cache key: another store or a write reloads.
    return load_atlas(_engine)


def atlas_data() -> AtlasData | None:
    """The atlas as of the store's current revision; None when the store is not set up.
    While the store does not answer, the page says so and this run ends here."""
    store = engine()
    with store_outage_message(store):
        if not schema_is_current(store):
            return None
        return _atlas_at(store, str(store.url), revision(store))


@dataclass(frozen=True)
class MapView:
    """What the map page shows for one set of filters. Shared between sessions: read only."""

    cities: pd.DataFrame
    practices: pd.DataFrame
    summary: str
    markers: CityMarkers


@st.cache_resource(show_spinner=False, max_entries=32)
def _view_at(_data: AtlasData, url: str, data_revision: int, filters: Filters) -> MapView:  # noqa: ARG001
    cities = filter_cities(_data, filters)
    practices = practices_of(_data, cities, filters)
    return MapView(cities, practices, summary_line(cities, practices), city_markers(cities))


def map_view(data: AtlasData, filters: Filters) -> MapView:
    """The cities, practices and counts for `filters` (cached per revision and filters)."""
    return _view_at(data, str(engine().url), data.revision, filters)


@st.cache_resource(show_spinner=False, max_entries=4)
def _line_projects_at(_data: AtlasData, url: str, data_revision: int) -> tuple[str, ...]:  # noqa: ARG001
    return tuple(projects_with_lines(_data))


def line_projects(data: AtlasData) -> tuple[str, ...]:
    """The projects the map can draw replication lines for (cached per revision)."""
    return _line_projects_at(data, str(engine().url), data.revision)


@st.cache_resource(show_spinner=False, max_entries=24)
def _names_at(
    _data: AtlasData,
    url: str,  # noqa: ARG001
    data_revision: int,  # noqa: ARG001
    table: str,
    lang: str,
) -> Mapping[str, str]:
    return MappingProxyType(frame_names(getattr(_data, table), "name", lang))


def record_names(data: AtlasData, table: str, lang: str) -> Mapping[str, str]:
    """{slug: name} of the atlas's "projects" or "topics" for a visitor reading `lang`
    (read only; cached per revision and language, as every page run asks for them)."""
    return _names_at(data, str(engine().url), data.revision, table, lang)


@st.cache_resource(max_entries=4)
def _tours_at(_data: AtlasData, url: str, data_revision: int, path: str) -> list[Tour]:  # noqa: ARG001
    return load_tours(Path(path), _data, stored_slugs(engine()))


def tours(data: AtlasData) -> list[Tour]:
    """The guided journeys of data/tours.csv, checked against the atlas (cached)."""
    path = str(Path(settings.get("ATLAS_DATA_DIR")) / "tours.csv")
    return _tours_at(data, str(engine().url), data.revision, path)


@st.cache_resource(show_spinner="Checking the data…", max_entries=2)
def _quality_at(_engine: Engine, url: str, data_revision: int) -> QualityReport:  # noqa: ARG001
    return quality_report(_engine)


def data_quality() -> QualityReport:
    """The data quality report as of the store's current revision (cached)."""
    store = engine()
    return _quality_at(store, str(store.url), revision(store))


@st.cache_data(show_spinner=False, max_entries=64)
def image(sha256: str) -> tuple[str, bytes] | None:
    """A stored image's (content type, bytes); keyed on its hash, so never stale."""
    return image_bytes(engine(), sha256)
