"""Peer finder: which cities like ours already did what we plan, and what exactly."""

import streamlit as st
from streamlit_folium import st_folium

from atlas import settings
from atlas.export import to_csv
from atlas.peers import rank_peers, shortlist_rows
from geo.peermap import peer_map
from ui.cache import atlas_data
from ui.peer_inputs import render_inputs, start_from_url, write_url
from ui.routing import run_through_app
from ui.state import open_city_on_map
from ui.text import md

run_through_app()
data = atlas_data()
start_from_url(data)

st.title("Find peers", anchor=False)
st.caption("Cities like yours that already did what you plan — and how to reach them.")
seeker, weights, top, first = render_inputs(data)

if seeker is None:
    st.info("Choose your city, or describe it, to see its peers.")
    write_url(None, tuple(st.session_state.get("peer_topics", [])), top, first, [])
    st.stop()

peers = rank_peers(data, seeker, weights=weights, top=top, frontrunners_first=first)
st.subheader(f"{len(peers)} peers for {md(seeker.name)}", anchor=False)
if not peers:
    st.warning("No city fits: widen the distance or change the weights.")

map_column, list_column = st.columns([2, 3], gap="medium")
with map_column:
    event = st_folium(
        peer_map(
            seeker, peers, settings.get("ATLAS_TILES_URL"), settings.get("ATLAS_TILES_ATTRIBUTION")
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
            label = f"{rank}. {md(peer.name)} · score {peer.score:.2f}"
            if st.button(label, key=f"open_{peer.slug}", type="tertiary", help="Open on the map"):
                open_city_on_map(peer.slug, peer.latitude, peer.longitude)
                st.switch_page("pages/map.py")
            st.caption(md(" · ".join(peer.reasons)))
            if peer.practices:
                st.markdown("Read first: " + "; ".join(md(title) for title in peer.practices[:3]))

rows = shortlist_rows(peers)
st.subheader("Shortlist", anchor=False)
st.session_state["peer_shortlist"] = [
    slug for slug in st.session_state.get("peer_shortlist", []) if slug in set(rows["slug"])
]
chosen = st.multiselect(
    "Peers to keep",
    list(rows["slug"]),
    key="peer_shortlist",
    format_func=dict(zip(rows["slug"], rows["name"], strict=True)).get,
    help="The address bar keeps the shortlist: copy it to share this search.",
)
shortlist = rows[rows["slug"].isin(chosen)] if chosen else rows
st.download_button(
    "Download shortlist (CSV)" if chosen else "Download all results (CSV)",
    to_csv(shortlist),
    file_name=f"peers-{seeker.slug or 'new-city'}.csv",
    mime="text/csv",
)
write_url(seeker, seeker.topics, top, first, chosen)
