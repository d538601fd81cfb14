"""Peer finder: which cities like ours already did what we plan, and what exactly."""

import streamlit as st
from streamlit_folium import st_folium

from atlas import settings
from atlas.export import to_csv
from atlas.peers import rank_peers, shortlist_rows
from geo.peermap import peer_map
from ui.cache import atlas_data
from ui.i18n import _, choose_placeholder, n_, translator, with_language
from ui.peer_inputs import render_inputs, start_from_url, write_url
from ui.record_language import in_visitor_language
from ui.routing import run_through_app
from ui.state import open_city_on_map
from ui.text import md

run_through_app()
data = atlas_data()
start_from_url(data)

st.title(_("Find peers"), anchor=False)
st.caption(_("Cities like yours that already did what you plan — and how to reach them."))
seeker, weights, top, first = render_inputs(data)

if seeker is None:
    st.info(_("Choose your city, or describe it, to see its peers."))
    write_url(None, tuple(st.session_state.get("peer_topics", [])), top, first, [])
    st.stop()

peers = rank_peers(data, seeker, weights=weights, top=top, frontrunners_first=first)
tr = translator()
st.subheader(
    n_("{count} peer for {city}", "{count} peers for {city}", len(peers), city=md(seeker.name)),
    anchor=False,
)
if not peers:
    st.warning(_("No city fits: widen the distance or change the weights."))

map_column, list_column = st.columns([2, 3], gap="medium")
with map_column:
    event = st_folium(
        peer_map(
            seeker,
            peers,
            settings.get("ATLAS_TILES_URL"),
            settings.get("ATLAS_TILES_ATTRIBUTION"),
            tr,
        ),
        key="peer_map",
        height=480,
        use_container_width=True,
        returned_objects=["last_clicked"],
    )
    clicked = (event or {}).get("last_clicked")
    if seeker.slug is None and clicked and clicked != st.session_state.get("peer_click_seen"):
        st.session_state["peer_click_seen"] = clicked
        st.session_state["peer_new_point"] = (clicked["lat"], clicked["lng"])
        st.session_state["peer_new_point_source"] = "map"
        st.rerun()

with list_column:
    for rank, peer in enumerate(peers, start=1):
        with st.container(border=True):
            score = _("score {score}", score=tr.number(peer.score, 2))
            label = f"{rank}. {md(peer.name)} · {score}"
            open_help = _("Open on the map")
            if st.button(label, key=f"open_{peer.slug}", type="tertiary", help=open_help):
                open_city_on_map(peer.slug, peer.latitude, peer.longitude)
                st.switch_page("pages/map.py", query_params=with_language({}))
            st.caption(md(" · ".join(reason.said_by(tr) for reason in peer.reasons)))
            if peer.practices:
                titles = "; ".join(md(in_visitor_language(title)) for title in peer.practices[:3])
                st.markdown(_("Read first: {titles}", titles=titles))

rows = shortlist_rows(peers)
st.subheader(_("Shortlist"), anchor=False)
st.session_state["peer_shortlist"] = [
    slug for slug in st.session_state.get("peer_shortlist", []) if slug in set(rows["slug"])
]
chosen = st.multiselect(
    _("Peers to keep"),
    list(rows["slug"]),
    key="peer_shortlist",
    format_func=dict(zip(rows["slug"], rows["name"], strict=True)).get,
    help=_("The address bar keeps the shortlist: copy it to share this search."),
    placeholder=choose_placeholder(),
)
shortlist = rows[rows["slug"].isin(chosen)] if chosen else rows
st.download_button(
    _("Download shortlist (CSV)") if chosen else _("Download all results (CSV)"),
    to_csv(shortlist),
    file_name=f"peers-{seeker.slug or 'new-city'}.csv",
    mime="text/csv",
)
write_url(seeker, seeker.topics, top, first, chosen)
