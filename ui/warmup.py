"""Warm the caches once per server process, before the first visitor arrives.

Not imported here: streamlit_folium, whose component registers itself only when first
imported by a page run (imported outside one, its frontend files would not be served).
"""

from __future__ import annotations

import gc
import importlib
import logging

from atlas.filters import filters_from_params
from geo.mapview import base_map, city_layer
from ui.cache import atlas_data, map_view

LOG = logging.getLogger(__name__)
MAP_PAGE_MODULES = ("ui.cards", "ui.city_list", "ui.downloads", "ui.sidebar", "geo.replication_map")
"""Imported here so the first visitor's page run does not wait for them (ui.downloads
brings openpyxl: 0.2 s)."""


def warm_up() -> None:
    """Load the atlas frames and the default view into the caches the pages read, and draw
    the default map once (templates compiled). Does nothing when the store is not set up."""
    for module in MAP_PAGE_MODULES:
        importlib.import_module(module)
    data = atlas_data()
    if data is None:
        LOG.warning("store not initialised: nothing to warm up")
        return
    filters, _ = filters_from_params({}, data)
    view = map_view(data, filters)
    city_layer(view.markers).add_to(base_map()).get_root().render()
    LOG.info("caches warm at data revision %s", data.revision)
    _exempt_long_lived_objects()


def _exempt_long_lived_objects() -> None:
    """Streamlit runs a full garbage collection after every page run. Over this process's
    long-lived objects (the libraries, the atlas, compiled templates) that took 0.1 to
    0.15 s of every run, holding the interpreter while the run's messages waited to be
    sent. Frozen, those objects are left out of every later collection."""
    gc.collect()
    gc.freeze()
