"""A visitor that speaks Streamlit's WebSocket protocol instead of driving a browser.

It asks the server for the same script runs a browser would (the first run, then a run
with the country chosen, then one with a city chosen) and times the answers, without
drawing anything: a browser adds its own rendering on top (the map's clusters take about
2–5 s to draw in headless Chromium on the development machine, see docs/PERFORMANCE.md).
Widget values travel as their labels, as the browser sends them.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

MAP_COMPONENT = "streamlit_folium.st_folium"
COUNTRY_LABEL = "Country"
CITY_LABEL = "Open a city"


class VisitError(RuntimeError):
    """The server answered a run with an exception or closed the session."""


@dataclass
class _Run:
    """What one script run sent back."""

    map_at: float | None = None
    headings: list[str] = field(default_factory=list)
    widgets: dict[str, str] = field(default_factory=dict)  # label -> widget id


async def _send_run(socket: ClientConnection, widgets: dict[str, tuple[str, object]]) -> None:
    message = BackMsg()
    state = message.rerun_script
    state.query_string = ""
    state.page_script_hash = ""
    for widget_id, (kind, value) in widgets.items():
        widget = state.widget_states.widgets.add()
        widget.id = widget_id
        if kind == "strings":
            widget.string_array_value.data[:] = value
        else:
            widget.string_value = value
    await socket.send(message.SerializeToString())


async def _receive_run(socket: ClientConnection) -> _Run:
    """Read messages until the full script run has finished."""
    run = _Run()
    finished = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
    while True:
        message = ForwardMsg.FromString(await socket.recv())
        kind = message.WhichOneof("type")
        if kind == "script_finished" and message.script_finished == finished:
            return run
        if kind != "delta" or message.delta.WhichOneof("type") != "new_element":
            continue
        element = message.delta.new_element
        which = element.WhichOneof("type")
        if which == "exception":
            raise VisitError(
                f"the page shows {element.exception.type}: {element.exception.message}"
            )
        if which == "component_instance" and element.component_instance.component_name.endswith(
            MAP_COMPONENT.split(".")[-1]
        ):
            run.map_at = run.map_at or time.perf_counter()
        elif which == "heading":
            run.headings.append(element.heading.body)
        elif which in ("multiselect", "selectbox"):
            widget = getattr(element, which)
            run.widgets[widget.label] = widget.id


@dataclass
class ProtocolVisit:
    first_cluster_s: float | None = None  # here: until the map element is received
    filter_s: float | None = None
    card_s: float | None = None
    error: str | None = None
    socket: ClientConnection | None = field(default=None, repr=False)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


async def visit(base_url: str, country: str, city: str, timeout_s: float) -> ProtocolVisit:
    """Open a session, load the map, choose `country`, open `city`'s card, each step within
    `timeout_s`; the session stays open (call `close`). Failures are recorded in `error`,
    not raised."""
    result = ProtocolVisit()
    step = "load"
    # The proxy keeps a session on one replica by this cookie, as it would for a browser.
    cookie = f"atlas_replica={uuid.uuid4().hex}"
    stream = base_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    try:
        started = time.perf_counter()
        result.socket = await connect(
            stream,
            subprotocols=["streamlit"],
            additional_headers={"Cookie": cookie},
            max_size=None,
            open_timeout=timeout_s,
            ping_interval=None,  # browsers send no pings; a busy server answers late
        )
        await _send_run(result.socket, {})
        async with asyncio.timeout(timeout_s):
            first = await _receive_run(result.socket)
        if first.map_at is None:
            raise VisitError("no map in the first run")
        result.first_cluster_s = first.map_at - started

        step = "filter"
        chosen = {first.widgets[COUNTRY_LABEL]: ("strings", [country])}
        started = time.perf_counter()
        await _send_run(result.socket, chosen)
        async with asyncio.timeout(timeout_s):
            filtered = await _receive_run(result.socket)
        result.filter_s = time.perf_counter() - started

        step = "card"
        chosen[filtered.widgets[CITY_LABEL]] = ("string", city)
        started = time.perf_counter()
        await _send_run(result.socket, chosen)
        async with asyncio.timeout(timeout_s):
            card = await _receive_run(result.socket)
        if city not in card.headings:
            raise VisitError(f"no card headed {city!r}")
        result.card_s = time.perf_counter() - started
    except Exception as error:  # a visitor's failure is counted, not raised
        result.error = f"{step}: {type(error).__name__}: {str(error).splitlines()[0][:160]}"
    return result
