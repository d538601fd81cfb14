"""The map's text alternative and city chooser: neither sends thousands of rows at once.

The table shows the cities in view a page at a time (more on request), as plain HTML; the
chooser offers every city of a small view, and of a large one (the whole Covenant) the
project cities, as a search in the sidebar narrows any view to its matches.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Number
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from atlas import escape
from atlas.i18n import N_, Translator
from atlas.models import SIGNATORY
from atlas.queries import AtlasData
from ui.cache import record_names
from ui.i18n import _, n_, translator, with_language
from ui.labels import role_label
from ui.record_language import visitor_language

TABLE_PAGE_ROWS = 50
CITY_PAGE_PATH = "city"
"""The city profile's address, relative to the app's root (pages/city.py)."""
NUMBER_COLUMNS = (N_("Practices"), N_("Population"))
CHOOSER_LIMIT = 500
_SHOWN_ROWS_KEY = "city_table_rows"


def chooser_slugs(cities: pd.DataFrame, selected: str | None) -> list[str]:
    """Slugs the chooser offers: every city of a view of at most CHOOSER_LIMIT, else the
    cities with a project role; the selected city always."""
    shown = cities if len(cities) <= CHOOSER_LIMIT else cities[cities["role"] != SIGNATORY]
    slugs = shown["slug"].tolist()
    if selected and selected not in slugs:
        slugs.insert(0, selected)
    return slugs


def render_city_chooser(
    data: AtlasData, cities: pd.DataFrame, selected: str | None, on_choose: Callable
) -> None:
    """A choice of city (key `city_chooser`); `on_choose(slug)` runs when one is chosen."""
    slugs = chooser_slugs(cities, selected)
    chosen = data.cities[data.cities["slug"].isin(slugs)]
    names = dict(zip(chosen["slug"], chosen["name"], strict=True))
    narrowed = len(slugs) < len(cities)
    slugs = translator().sorted(slugs, key=names.get)
    st.session_state["city_chooser"] = selected
    st.selectbox(
        _("Open a city"),
        slugs,
        key="city_chooser",
        index=None,
        format_func=names.get,
        placeholder=_("Choose a city, or click a marker"),
        help=_("Lists the project cities; find any other city with the search box.")
        if narrowed
        else None,
        on_change=lambda: on_choose(st.session_state["city_chooser"]),
    )


def city_table(data: AtlasData, cities: pd.DataFrame) -> pd.DataFrame:
    """The readable columns of `cities`: name, local name, country, role, projects, counts."""
    project_names = record_names(data, "projects", visitor_language())
    tr = translator()
    return pd.DataFrame(
        {
            _("City"): cities["name"],
            _("Local name"): cities["local_name"].fillna(""),
            _("Country"): cities["country"].map(tr.country),
            _("Role"): cities["role"].map(lambda role: role_label(role) if role else None),
            _("Projects"): cities["projects"].map(
                lambda ps: ", ".join(project_names[p] for p in ps)
            ),
            _(NUMBER_COLUMNS[0]): cities["practice_count"],
            _(NUMBER_COLUMNS[1]): cities["population"],
        }
    )


def _show_more() -> None:
    st.session_state[_SHOWN_ROWS_KEY] = (
        st.session_state.get(_SHOWN_ROWS_KEY, TABLE_PAGE_ROWS) + TABLE_PAGE_ROWS
    )


def _cell(value: object, tr: Translator) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, Number):
        return tr.number(value)
    return str(value)


def render_city_table(data: AtlasData, cities: pd.DataFrame) -> None:
    """The first rows of `cities` as a table, each city linked to its profile, with a
    button for more (key `city_table_more`)."""
    shown = cities.head(st.session_state.get(_SHOWN_ROWS_KEY, TABLE_PAGE_ROWS))
    tr = translator()
    caption = (
        n_(
            "The first {shown} of {count} city in this view",
            "The first {shown} of {count} cities in this view",
            len(cities),
            shown=tr.number(len(shown)),
            count=tr.number(len(cities)),
        )
        if len(shown) < len(cities)
        else n_(
            "The {count} city in this view",
            "The {count} cities in this view",
            len(cities),
            count=tr.number(len(cities)),
        )
    )
    table = city_table(data, shown)
    rows = [[_cell(value, tr) for value in row] for row in table.itertuples(index=False)]
    links = [
        f"{CITY_PAGE_PATH}?{urlencode(with_language({'city': slug}))}" for slug in shown["slug"]
    ]
    numbers = [table.columns.get_loc(_(name)) for name in NUMBER_COLUMNS]
    # Plain HTML: a screen reader reads it as a table, and no grid code is loaded for it.
    st.html(escape.html_table(caption, list(table.columns), rows, links, numbers))
    if len(shown) < len(cities):
        st.button(
            _("Show {count} more", count=TABLE_PAGE_ROWS),
            on_click=_show_more,
            key="city_table_more",
        )
