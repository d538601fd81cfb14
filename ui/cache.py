"""Cached engine and atlas frames. The frames are keyed on the store's URL and data
revision, so a write invalidates them and nothing else does."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from atlas import settings
from atlas.queries import AtlasData, load_atlas
from atlas.store import make_engine, revision, schema_is_current


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
    """The atlas as of the store's current revision; None when the store is not set up."""
    store = engine()
    if not schema_is_current(store):
        return None
    return _atlas_at(store, str(store.url), revision(store))
