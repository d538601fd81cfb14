"""The server-side route that puts the staff session into an HttpOnly cookie, called as
an ASGI app on a real store."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from starlette.applications import Starlette

from atlas.accounts import EDITOR, add_user, log_in, session_user
from atlas.store import make_engine
from tests.factories import build_store
from ui.auth import COOKIE, SESSION_HEADER, SESSION_PATH, now
from ui.session_cookie import ROUTES

PASSWORD = "correct horse battery"
OWN_PAGE = {"host": "atlas.example", "origin": "https://atlas.example", SESSION_HEADER: "1"}


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    url = f"sqlite:///{tmp_path / 'atlas.db'}"
    build_store(url=url)
    monkeypatch.setenv("ATLAS_DB_URL", url)
    engine = make_engine(url)
    add_user(engine, "ewa", PASSWORD, EDITOR, now())
    return engine


def _call(
    method: str,
    headers: dict[str, str],
    body: bytes = b"",
    peer: str = "127.0.0.1",
    scheme: str = "http",
) -> tuple[int, list[str]]:
    """The route's status and its Set-Cookie headers."""
    scope = {
        "type": "http",
        "method": method,
        "path": SESSION_PATH,
        "raw_path": SESSION_PATH.encode(),
        "query_string": b"",
        "root_path": "",
        "http_version": "1.1",
        "scheme": scheme,
        "server": ("atlas.example", 80),
        "client": (peer, 50000),
        "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()],
    }
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    # In a thread of its own: other tests may leave an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, Starlette(routes=ROUTES)(scope, receive, send)).result()
    cookies = [v.decode() for k, v in sent[0]["headers"] if k == b"set-cookie"]
    return sent[0]["status"], cookies


def test_the_handed_over_token_becomes_an_http_only_cookie_and_dies(engine) -> None:
    token = log_in(engine, "ewa", PASSWORD, "test", now())
    status, cookies = _call("POST", OWN_PAGE, token.encode())
    assert status == 204
    [cookie] = cookies
    assert cookie.startswith(f"{COOKIE}=")
    assert {"HttpOnly", "SameSite=strict", "Path=/"} <= {part.strip() for part in cookie.split(";")}
    assert "Secure" not in cookie  # plain http, no trusted proxy
    renewed = cookie.split(";")[0].split("=", 1)[1]
    assert renewed != token
    assert session_user(engine, token, now()) is None
    assert session_user(engine, renewed, now()).name == "ewa"
    assert _call("POST", OWN_PAGE, token.encode())[0] == 403  # handed over once only


@pytest.mark.parametrize(
    "headers",
    [
        {"host": "atlas.example", "origin": "https://atlas.example"},  # no header of ours
        {**OWN_PAGE, "origin": "https://evil.example"},
        {"host": "atlas.example", SESSION_HEADER: "1"},  # no origin
    ],
)
def test_only_the_atlas_own_pages_may_hand_a_token_over(engine, headers) -> None:
    token = log_in(engine, "ewa", PASSWORD, "test", now())
    assert _call("POST", headers, token.encode()) == (403, [])
    assert session_user(engine, token, now()) is not None


@pytest.mark.parametrize(
    ("trusted", "peer", "secure"),
    [
        ("", "10.0.0.5", False),
        ("10.0.0.0/24", "10.0.0.5", True),
        ("10.0.0.0/24", "10.9.9.9", False),
    ],
)
def test_the_cookie_is_secure_when_a_trusted_proxy_says_https(
    engine, monkeypatch: pytest.MonkeyPatch, trusted: str, peer: str, secure: bool
) -> None:
    monkeypatch.setenv("ATLAS_TRUSTED_PROXIES", trusted)
    token = log_in(engine, "ewa", PASSWORD, "test", now())
    headers = {**OWN_PAGE, "x-forwarded-proto": "https"}
    _, [cookie] = _call("POST", headers, token.encode(), peer=peer)
    assert ("Secure" in cookie) == secure


def test_log_out_ends_the_cookies_session_on_the_server_and_clears_it(engine) -> None:
    token = log_in(engine, "ewa", PASSWORD, "test", now())
    renewed = _call("POST", OWN_PAGE, token.encode())[1][0].split(";")[0].split("=", 1)[1]
    status, [cleared] = _call("DELETE", {**OWN_PAGE, "cookie": f"{COOKIE}={renewed}"})
    assert status == 204
    assert "Max-Age=0" in cleared
    assert session_user(engine, renewed, now()) is None


def test_a_body_longer_than_a_token_is_refused_unread(engine) -> None:
    assert _call("POST", OWN_PAGE, b"x" * 10_000)[0] == 403
