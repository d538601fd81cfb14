"""Frontrunners Atlas: entry point, page router and the shared sidebar."""

import streamlit as st

from geo.assets import missing_vendor_files
from ui.cache import atlas_data
from ui.state import start_from_url

st.set_page_config(page_title="Frontrunners Atlas", page_icon="🗺️", layout="wide")

map_page = st.Page("pages/map.py", title="Map", icon=":material/map:", default=True)
about_page = st.Page(
    "pages/about.py", title="About the data", icon=":material/menu_book:", url_path="about"
)
peers_page = st.Page(
    "pages/peers.py", title="Find peers", icon=":material/diversity_3:", url_path="peers"
)
page = st.navigation([map_page, peers_page, about_page])

data = atlas_data()
if data is None:
    st.error(
        "The atlas store is not initialised. Run `make run` (or `python -m atlas init`) "
        "and reload this page."
    )
    st.stop()

missing = missing_vendor_files()
if missing:
    st.error(
        "The map's JavaScript and CSS files are missing "
        f"({', '.join(path.name for path in missing)}). Run `make run` to install them."
    )

ignored = start_from_url(data)
if ignored:
    st.warning(f"Ignored unknown values in the link: {', '.join(ignored)}")

page.run()
