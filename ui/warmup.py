"""Warm the caches once per server process, before the first visitor arrives.

Not imported here: streamlit_folium, whose component registers itself only when first
imported by a page run (imported outside one, its frontend files would not be served).
"""

from __future__ import annotations

import logging

from atlas.filters import filters_from_params
from geo.mapview import base_map, city_layer
from ui.cache import atlas_data, map_view

LOG = logging.getLogger(__name__)


def warm_up() -> None:
    """Load the atlas frames and the default view into the caches the pages read, and draw
    the default map once (templates compiled). Does nothing when the store is not set up."""
    data = atlas_data()
    if data is None:
        LOG.warning("store not initialised: nothing to warm up")
        return
    filters, _ = filters_from_params({}, data)
    view = map_view(data, filters)
    city_layer(view.markers).add_to(base_map()).get_root().render()
    LOG.info("caches warm at data revision %s", data.revision)
