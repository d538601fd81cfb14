"""The load test's protocol visitor against a real app server (no browser needed): it must
keep understanding the map page, or the load figures would measure nothing."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from scripts.load_protocol import ProtocolVisit, visit

TIMEOUT_S = 120


def _visit(url: str, country: str, city: str) -> ProtocolVisit:
    async def walk() -> ProtocolVisit:
        result = await visit(url, country, city, TIMEOUT_S)
        await result.close()
        return result

    # A thread of its own: Playwright's tests in this process keep an event loop running.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, walk()).result()


def test_a_visitor_loads_the_map_filters_and_opens_a_card(app_server: str) -> None:
    result = _visit(app_server, "Bulgaria", "Smolyan")
    assert result.error is None
    assert result.first_cluster_s > 0
    assert result.filter_s > 0
    assert result.card_s > 0


def test_a_card_that_does_not_open_is_counted_as_an_error(app_server: str) -> None:
    result = _visit(app_server, "Bulgaria", "Trondheim")  # not among Bulgaria's cities
    assert result.error is not None
    assert result.error.startswith("card: ")
    assert result.card_s is None
