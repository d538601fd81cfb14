"""Frontrunners Atlas: entry point, page router and the shared sidebar."""

import streamlit as st

from atlas.accounts import can_edit, can_publish
from geo.assets import missing_vendor_files
from ui.auth import current_user, show_session_ended, write_cookie
from ui.cache import atlas_data, engine
from ui.i18n import _, keep_language_in_address, render_language_switcher
from ui.outage import store_outage_message
from ui.routing import run_through_app
from ui.state import start_from_url
from ui.style import PAGE_CSS
from ui.text import md

st.set_page_config(page_title="Frontrunners Atlas", page_icon="🗺️", layout="wide")

# Embedded on partner sites: the map and its legend only (no header, sidebar or padding).
EMBED_CSS = """<style>
header, [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 0 !important; }
</style>"""

run_through_app()
keep_language_in_address()
# First, so that a store that does not answer is a message, before anything else asks it.
data = atlas_data()
embed = bool(st.context.is_embedded)
map_page = st.Page("pages/map.py", title=_("Map"), icon=":material/map:", default=True)
pages = [
    map_page,
    st.Page("pages/journey.py", title=_("Journey"), icon=":material/route:", url_path="journey"),
    st.Page(
        "pages/practices.py",
        title=_("Good practices"),
        icon=":material/lightbulb:",
        url_path="practices",
    ),
    st.Page(
        "pages/practice.py",
        title=_("Practice"),
        icon=":material/article:",
        url_path="practice",
        visibility="hidden",
    ),
    st.Page(
        "pages/city.py", title=_("City profile"), icon=":material/location_city:", url_path="city"
    ),
    st.Page(
        "pages/peers.py", title=_("Find peers"), icon=":material/diversity_3:", url_path="peers"
    ),
    st.Page(
        "pages/statistics.py",
        title=_("Statistics"),
        icon=":material/bar_chart:",
        url_path="statistics",
    ),
    st.Page(
        "pages/about.py", title=_("About the data"), icon=":material/menu_book:", url_path="about"
    ),
]
staff = [st.Page("pages/login.py", title=_("Staff"), icon=":material/badge:", url_path="login")]
user = current_user()
if can_edit(user):  # staff pages are listed only for those who may use them
    staff += [
        st.Page("pages/edit.py", title=_("Edit records"), icon=":material/edit:", url_path="edit"),
        st.Page("pages/review.py", title=_("Review"), icon=":material/rule:", url_path="review"),
        st.Page(
            "pages/history.py", title=_("History"), icon=":material/history:", url_path="history"
        ),
        st.Page(
            "pages/export_data.py",
            title=_("Export and backup"),
            icon=":material/download:",
            url_path="export_data",
        ),
        st.Page(
            "pages/quality.py",
            title=_("Data quality"),
            icon=":material/fact_check:",
            url_path="quality",
        ),
        st.Page(
            "pages/bulk_import.py",
            title=_("Bulk import"),
            icon=":material/upload_file:",
            url_path="bulk_import",
        ),
    ]
if can_publish(user):
    staff.append(
        st.Page(
            "pages/import_gcom.py",
            title=_("Import signatories"),
            icon=":material/upload:",
            url_path="import_gcom",
        )
    )
# One flat list: section headings would sit inside the navigation's <ul> as non-items.
# Expanded: with the language switcher every page has a sidebar, and staff links would
# otherwise fold behind "View more".
page = st.navigation(pages + staff, position="hidden" if embed else "sidebar", expanded=True)
st.html(EMBED_CSS if embed else PAGE_CSS)
if not embed:
    render_language_switcher()
write_cookie()
show_session_ended()

if data is None:
    st.error(
        _(
            "The atlas store is not initialised. Run `make run` (or `python -m atlas init`) "
            "and reload this page."
        )
    )
    st.stop()

missing = missing_vendor_files()
if missing:
    st.error(
        _(
            "The map's JavaScript and CSS files are missing ({files}). "
            "Run `make run` to install them.",
            files=", ".join(path.name for path in missing),
        )
    )

ignored = start_from_url(data)
if ignored:
    st.warning(md(_("Ignored unknown values in the link: {values}", values=", ".join(ignored))))

with store_outage_message(engine()):
    page.run()
