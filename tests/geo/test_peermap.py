import pytest

from atlas import escape
from atlas.peers import Peer, Seeker
from geo.peermap import peer_map
from tests.payloads import (
    SERVER_TEMPLATES,
    TEMPLATE_LITERALS,
    runs_in_a_template_literal,
    tooltip_literals,
)


def _peer(name: str) -> Peer:
    return Peer("p", name, "CZ", 49.3, 14.1, 0.5, 10.0, {}, [])


@pytest.mark.parametrize("name", TEMPLATE_LITERALS + SERVER_TEMPLATES)
def test_a_name_from_the_link_or_a_record_cannot_run_in_a_peer_tooltip(name: str) -> None:
    """/peers?name=… reaches the seeker's tooltip; a record's name a peer's."""
    seeker = Seeker(name=name, country="PL", latitude=50.0, longitude=20.0)
    html = peer_map(seeker, [_peer(name)]).get_root().render()
    literals = tooltip_literals(html)
    assert literals == [escape.tooltip(f"1. {name} (0.50)"), escape.tooltip(name)]
    assert not any(runs_in_a_template_literal(text) or "{" in text for text in literals)
    assert "POSIX" not in html  # what the payload that reaches `os` would write
