"""The map frame's files, named to the browser with the page itself.

Streamlit draws the map's frame only after the page's first run, and with a chunk of its
own that it loads lazily; the frame then asks for Leaflet, the cluster plugin, their styles
and the basemap, one after another. The app's pages answer with a `Link` header naming all
of these as `rel=prefetch`: the browser fetches them at low priority while it waits for the
first run, after the page's own scripts, and the frame finds them in its cache (0.3 s off
the first cluster; docs/PERFORMANCE.md). The other widgets' chunks are left out: fetched
together with these they delayed the map instead (measured).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path

import streamlit
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geo.assets import VENDOR_FILES, asset_url

LOG = logging.getLogger(__name__)
STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static"
MAP_FRAME_ELEMENT = "ComponentInstance"
"""The name, in Streamlit's build manifest, of the chunk that draws a custom component."""
NOT_APP_PAGES = ("/component/", "/_stcore/", "/app/static/")
"""Paths whose HTML is not one of the app's pages (a component's frame, a static file)."""


def element_chunks(manifest: Mapping[str, Mapping], element: str) -> list[str]:
    """The files (relative to Streamlit's static folder) of the lazily loaded chunk named
    `element` in Streamlit's build `manifest` and of the chunks it imports, leaving out
    the page's entry script and the chunks it imports (the page loads those already)."""
    entries = [key for key, item in manifest.items() if item.get("isEntry")]
    skip = set(entries).union(*(manifest[key].get("imports", []) for key in entries))
    pending = [
        key
        for key, item in manifest.items()
        if item.get("isDynamicEntry") and item.get("name") == element
    ]
    seen: set[str] = set()
    files: list[str] = []
    while pending:
        key = pending.pop(0)
        if key in seen or key in skip or key not in manifest:
            continue
        seen.add(key)
        files.append(manifest[key]["file"])
        pending.extend(manifest[key].get("imports", []))
    return files


def map_frame_links(static_dir: Path = STREAMLIT_STATIC) -> list[str]:
    """`Link` values for the map frame's chunk and the vendored map files. Streamlit's
    chunks are modules, fetched in CORS mode, and so is the basemap (fetch())."""
    try:
        manifest = json.loads((static_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        LOG.warning("no prefetch of the map frame's chunk: %s", error)
        manifest = {}
    chunks = [
        f"<./{file}>; rel=prefetch; crossorigin"
        for file in element_chunks(manifest, MAP_FRAME_ELEMENT)
    ]
    vendored = [
        f"<{asset_url(key)}>; rel=prefetch" + ("; crossorigin" if key == "basemap" else "")
        for key in VENDOR_FILES
    ]
    return chunks + vendored


def is_app_page(path: str) -> bool:
    return not any(part in path for part in NOT_APP_PAGES)


class PrefetchMiddleware:
    """Adds the map frame's `Link: rel=prefetch` header to every HTML page of the app
    (not to a component's frame, whose relative addresses would point elsewhere)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.header = ", ".join(map_frame_links()).encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.header or not is_app_page(scope["path"]):
            await self.app(scope, receive, send)
            return

        async def send_with_links(message: Message) -> None:
            if message["type"] == "http.response.start" and _is_html(message):
                headers = [*message.get("headers", []), (b"link", self.header)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_links)


def _is_html(start: Message) -> bool:
    return any(
        name.lower() == b"content-type" and value.startswith(b"text/html")
        for name, value in start.get("headers", [])
    )
