"""Serve the atlas: the Streamlit app (app.py) with, beside it, the route that sets the
staff session cookie (ui/session_cookie.py); the caches are warmed before the first visitor,
and every page names the map frame's files for the browser to prefetch (ui/prefetch.py).

    python serve.py --server.port 8501 --server.address 127.0.0.1

Any `--section.option value` pair is a Streamlit setting, as for `streamlit run`.
Streamlit runs app.py only when a visitor connects; the lifespan hook loads the atlas and
the default map first, so the first visitor after a start waits no longer than the next."""

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

# Uvicorn would take the client's address from X-Forwarded-For whenever the peer is
# local; it must leave the peer as it is, since atlas.proxies decides whose headers to
# believe (ATLAS_TRUSTED_PROXIES). Read when the server starts, so set before it does.
os.environ["FORWARDED_ALLOW_IPS"] = ""

import anyio
import streamlit as st
from starlette.middleware import Middleware

from atlas.proxies import ProxySettingError, trusted_networks
from atlas.settings import get
from ui.prefetch import PrefetchMiddleware
from ui.session_cookie import ROUTES

try:
    trusted_networks(get("ATLAS_TRUSTED_PROXIES"))
except ProxySettingError as error:
    sys.exit(str(error))


@asynccontextmanager
async def _warm_caches(_app: st.App) -> AsyncIterator[None]:
    from ui.warmup import warm_up

    await anyio.to_thread.run_sync(warm_up)
    yield


app = st.App(
    "app.py",
    routes=ROUTES,
    lifespan=_warm_caches,
    middleware=[Middleware(PrefetchMiddleware)],
)


def _options(arguments: list[str]) -> dict[str, object]:
    """`--server.port 8501 --server.headless true` -> {"server.port": 8501, ...}."""
    if len(arguments) % 2 or not all(name.startswith("--") for name in arguments[::2]):
        sys.exit("usage: python serve.py [--section.option value]...")
    options: dict[str, object] = {}
    for name, value in zip(arguments[::2], arguments[1::2], strict=True):
        typed: object = {"true": True, "false": False}.get(value.lower(), value)
        options[name[2:]] = int(value) if value.isdigit() else typed
    return options


if __name__ == "__main__":
    options = _options(sys.argv[1:])
    sys.argv = sys.argv[:1]
    app.run(config=options)
