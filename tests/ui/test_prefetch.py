"""The map frame's prefetch hints: which files, and which responses carry them (the
middleware called as an ASGI app around a small Starlette app)."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from geo import assets
from ui.prefetch import STREAMLIT_STATIC, PrefetchMiddleware, element_chunks, map_frame_links

MANIFEST = {
    "index.html": {"file": "static/js/index.js", "isEntry": True, "imports": ["_react.js"]},
    "_react.js": {"file": "static/js/react.js"},
    "src/ComponentInstance.tsx": {
        "file": "static/js/ComponentInstance.js",
        "name": "ComponentInstance",
        "isDynamicEntry": True,
        "imports": ["index.html", "_react.js", "_iframe.js", "_urls.js"],
    },
    "_iframe.js": {"file": "static/js/iframe.js", "imports": ["_urls.js", "_react.js"]},
    "_urls.js": {"file": "static/js/urls.js"},
    "src/Multiselect.tsx": {
        "file": "static/js/Multiselect.js",
        "name": "Multiselect",
        "isDynamicEntry": True,
        "imports": ["_menu.js"],
    },
    "_menu.js": {"file": "static/js/menu.js"},
}


def test_an_elements_chunks_are_its_own_and_its_imports_not_the_pages() -> None:
    assert element_chunks(MANIFEST, "ComponentInstance") == [
        "static/js/ComponentInstance.js",
        "static/js/iframe.js",
        "static/js/urls.js",
    ]
    assert element_chunks(MANIFEST, "Balloons") == []
    assert element_chunks({}, "ComponentInstance") == []


def test_the_links_name_files_that_exist_streamlits_chunks_in_cors_mode() -> None:
    links = map_frame_links()
    chunks = [link for link in links if link.startswith("<./static/js/")]
    assert any("ComponentInstance." in link for link in chunks)
    for link in chunks:
        assert link.endswith("; rel=prefetch; crossorigin")
        path = link[len("<./") : link.index(">")]
        assert (STREAMLIT_STATIC / path).is_file(), path
    vendored = {link[1 : link.index(">")] for link in links if link not in chunks}
    assert vendored == {assets.asset_url(key) for key in assets.VENDOR_FILES}
    assert f"<{assets.BASEMAP_URL}>; rel=prefetch; crossorigin" in links


def test_without_streamlits_manifest_the_vendored_files_are_still_named(tmp_path: Path) -> None:
    assert len(map_frame_links(tmp_path)) == len(assets.VENDOR_FILES)
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    assert len(map_frame_links(tmp_path)) == len(assets.VENDOR_FILES)
    (tmp_path / "manifest.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    assert len(map_frame_links(tmp_path)) == len(assets.VENDOR_FILES) + 3


def _page(_request) -> HTMLResponse:
    return HTMLResponse("<!doctype html><title>page</title>")


def _text(_request) -> PlainTextResponse:
    return PlainTextResponse("ok")


APP = PrefetchMiddleware(
    Starlette(
        routes=[
            Route("/", _page),
            Route("/city", _page),
            Route("/component/streamlit_folium.st_folium/index.html", _page),
            Route("/app/static/page.html", _page),
            Route("/_stcore/health", _text),
            Route("/notes.txt", _text),
        ]
    )
)


def _link_header(path: str) -> str | None:
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "http_version": "1.1",
        "scheme": "http",
        "server": ("atlas.example", 80),
        "client": ("127.0.0.1", 50000),
        "headers": [],
    }
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    # In a thread of its own: other tests may leave an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, APP(scope, receive, send)).result()
    assert sent[0]["status"] == 200
    links = [value.decode() for name, value in sent[0]["headers"] if name == b"link"]
    assert len(links) <= 1
    return links[0] if links else None


def test_the_apps_pages_carry_the_links_nothing_else_does() -> None:
    expected = ", ".join(map_frame_links())
    assert _link_header("/") == expected
    assert _link_header("/city") == expected
    for path in (
        "/component/streamlit_folium.st_folium/index.html",  # its own "./" is elsewhere
        "/app/static/page.html",
        "/_stcore/health",
        "/notes.txt",
    ):
        assert _link_header(path) is None, path
