"""What the atlas holds, where each piece comes from, and under which licence."""

import streamlit as st

from ui.cache import atlas_data, record_names
from ui.i18n import _, n_
from ui.record_language import visitor_language
from ui.routing import run_through_app

run_through_app()
data = atlas_data()

st.title(_("About the data"), anchor=False)
st.markdown(
    _(
        "The atlas holds **{cities}**, **{projects}**, **{roles}** and **{practices}**.",
        cities=n_("{count} city", "{count} cities", len(data.cities)),
        projects=n_("{count} project", "{count} projects", len(data.projects)),
        roles=n_("{count} city role", "{count} city roles", len(data.memberships)),
        practices=n_("{count} good practice", "{count} good practices", len(data.practices)),
    )
)
st.markdown(
    _(
        """
Every record names its source and the date it was last checked; open a city's
**Sources** to see them.

- **City networks' web pages** (Polish and Bulgarian): the projects, cities, roles and good
  practices they describe, summarised in English in the atlas's own words.
- **Project facts**: which municipalities took part in MULTIPLY, OwnYourSECAP,
  +CityxChange and other projects, with each project's own word for the role and the
  public page it was read from.
- **JRC, Global Covenant of Mayors – MyCovenant signatories** (© European Union,
  CC BY 4.0; 5th release, January 2024): the Covenant of Mayors signatories, their
  commitments, populations at adhesion and points.
- **GeoNames** (CC BY 4.0): coordinates, populations and name variants of places; also
  the offline gazetteer, with the **Countries States Cities database** (ODbL) for
  municipalities GeoNames lacks.
- **Natural Earth** (public domain): country shapes of the built-in basemap.
- **OpenStreetMap** (ODbL): map tiles, when a tile server is reachable.

The atlas's own summaries are published under CC BY 4.0.
"""
    )
)
st.subheader(_("Projects"), anchor=False)
project_names = record_names(data, "projects", visitor_language())
st.dataframe(
    data.projects[["name", "acronym", "programme", "start_year", "end_year", "website"]].assign(
        name=data.projects["slug"].map(project_names)
    ),
    hide_index=True,
    width="stretch",
    column_config={
        "name": st.column_config.TextColumn(_("name")),
        "acronym": st.column_config.TextColumn(_("acronym")),
        "programme": st.column_config.TextColumn(_("programme")),
        "start_year": st.column_config.NumberColumn(_("start year"), format="%d"),
        "end_year": st.column_config.NumberColumn(_("end year"), format="%d"),
        "website": st.column_config.LinkColumn(_("website")),
    },
)
