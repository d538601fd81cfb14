"""Map of a peer search: the asking city, its peers, and a line to each."""

from __future__ import annotations

from collections.abc import Sequence

import folium

from atlas import escape
from atlas.i18n import N_, Translator
from atlas.peers import Peer, Seeker
from geo.mapview import ENGLISH, Legend, base_map

SEEKER_COLOUR = "#111111"
PEER_COLOUR = "#CC79A7"


def peer_map(
    seeker: Seeker,
    peers: Sequence[Peer],
    tiles_url: str = "",
    tiles_attribution: str = "",
    tr: Translator = ENGLISH,
) -> folium.Map:
    """The base map with the seeker (black), its peers (numbered by rank in the tooltip)
    and straight lines between them; the view fits all of them."""
    legend = Legend(
        tr.text(N_("Peer search")),
        [(tr.text(N_("Your city")), SEEKER_COLOUR), (tr.text(N_("Peer")), PEER_COLOUR)],
    )
    fmap = base_map(tiles_url, tiles_attribution, legend)
    group = folium.FeatureGroup(name="Peers", control=False).add_to(fmap)
    origin = (seeker.latitude, seeker.longitude)
    for rank, peer in enumerate(peers, start=1):
        target = (peer.latitude, peer.longitude)
        folium.PolyLine([origin, target], color=PEER_COLOUR, weight=2, opacity=0.7).add_to(group)
        folium.CircleMarker(
            target,
            radius=8,
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color=PEER_COLOUR,
            fill_opacity=0.95,
            tooltip=escape.tooltip(f"{rank}. {peer.name} ({tr.number(peer.score, 2)})"),
        ).add_to(group)
    folium.CircleMarker(
        origin,
        radius=10,
        color="#ffffff",
        weight=2,
        fill=True,
        fill_color=SEEKER_COLOUR,
        fill_opacity=1,
        tooltip=escape.tooltip(seeker.name),
    ).add_to(group)
    points = [origin, *((p.latitude, p.longitude) for p in peers)]
    if len(points) > 1:
        fmap.fit_bounds(
            [
                [min(p[0] for p in points), min(p[1] for p in points)],
                [max(p[0] for p in points), max(p[1] for p in points)],
            ],
            padding=(30, 30),
        )
    return fmap
