"""`st_folium` as the pages use it, with the component's starting value as its frontend has it.

streamlit-folium 0.27 gives `last_object_clicked_count` the starting value `None` on the
Python side while its frontend counts from 0. After the map's first move the frontend sees
the two differ and reports back, which reruns the page once more on every first load, and a
click made during that rerun (a download, say) may find its button already replaced. Passing
0 as the starting count makes both sides agree, so a map reports only what a visitor does.
"""

from __future__ import annotations

from typing import Any

import streamlit_folium
from streamlit_folium import st_folium

__all__ = ["st_folium"]

FRONTEND_START = {"last_object_clicked_count": 0}


def _with_frontend_start(component: Any) -> Any:
    def component_with_frontend_start(*args: Any, default: Any = None, **kwargs: Any) -> Any:
        if isinstance(default, dict):
            default = {
                name: FRONTEND_START[name] if value is None and name in FRONTEND_START else value
                for name, value in default.items()
            }
        return component(*args, default=default, **kwargs)

    component_with_frontend_start.__wrapped__ = component
    return component_with_frontend_start


if not hasattr(streamlit_folium._component_func, "__wrapped__"):
    streamlit_folium._component_func = _with_frontend_start(streamlit_folium._component_func)
