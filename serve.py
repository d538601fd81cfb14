"""The server entry point: `streamlit run serve.py` serves app.py once the caches are warm.

Streamlit runs app.py only when a visitor connects; the lifespan hook below loads the atlas
and the default map first, so the first visitor after a start waits no longer than the next.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import streamlit as st


@asynccontextmanager
async def _warm_caches(_app: st.App) -> AsyncIterator[None]:
    from ui.warmup import warm_up

    await anyio.to_thread.run_sync(warm_up)
    yield


app = st.App("app.py", lifespan=_warm_caches)
