"""The staff session cookie, set and cleared by the server itself, so that it is HttpOnly:
no script in a page can read it. Served beside the Streamlit app by serve.py.

The log-in form (a Streamlit page) opens a session and hands its token once to POST
SESSION_PATH from the page; the server replaces the token by a fresh one, which it puts
only in the cookie, so the token the page saw is dead a moment later. DELETE SESSION_PATH
ends the cookie's session on the server and clears the cookie. Both answer only requests
from the app's own pages (same Origin, and a header no cross-site form can send)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from atlas import settings
from atlas.accounts import log_out, renew_token
from atlas.proxies import is_https, trusted_networks
from ui.auth import COOKIE, SESSION_HEADER, SESSION_PATH, now
from ui.cache import engine

_LONGEST_TOKEN = 200


def _from_own_page(request: Request) -> bool:
    origin = request.headers.get("origin", "")
    return (
        request.headers.get(SESSION_HEADER) == "1"
        and bool(origin)
        and urlsplit(origin).netloc == request.headers.get("host")
    )


def _secure(request: Request) -> bool:
    return is_https(
        request.client.host if request.client else None,
        request.url.scheme,
        request.headers.get("x-forwarded-proto"),
        trusted_networks(settings.get("ATLAS_TRUSTED_PROXIES")),
    )


async def _handle(request: Request) -> Response:
    if not _from_own_page(request):
        return Response("Only the atlas's own pages may do this.", status_code=403)
    # The store is reached through blocking calls: off the event loop.
    if request.method == "DELETE":
        return await run_in_threadpool(_end, request)
    return await run_in_threadpool(_start, request, await _short_body(request))


async def _short_body(request: Request) -> str:
    """The request body as text, or "" when it is longer than any token."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > _LONGEST_TOKEN:
            return ""
    return body.decode("ascii", errors="replace").strip()


def _start(request: Request, token: str) -> Response:
    renewed = renew_token(engine(), token, now()) if token else None
    if renewed is None:
        return Response("No such session.", status_code=403)
    new_token, expires_at = renewed
    response = Response(status_code=204)
    response.set_cookie(
        COOKIE,
        new_token,
        max_age=max(1, int((expires_at - now()).total_seconds())),
        path="/",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    return response


def _end(request: Request) -> Response:
    token = request.cookies.get(COOKIE)
    if token:
        log_out(engine(), token)
    response = Response(status_code=204)
    response.delete_cookie(
        COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request)
    )
    return response


ROUTES = [Route(SESSION_PATH, _handle, methods=["POST", "DELETE"])]
