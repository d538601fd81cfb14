"""Who is logged in. The session itself lives on the server (atlas.accounts); the browser
holds only its token: in Streamlit's session state for this tab, and in an HttpOnly cookie
that the server sets (ui/session_cookie.py), so that a reload or an address typed into
the same browser keeps the log-in until it expires or the user logs out, while no script
in a page can read it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st

from atlas import escape, proxies, settings
from atlas.accounts import User, can_edit, session_user
from atlas.i18n import N_
from ui.cache import engine
from ui.i18n import _, with_language

TOKEN_KEY = "auth_token"  # noqa: S105 - the session-state key, not a secret
COOKIE = "atlas_staff_session"
SESSION_PATH = "/api/staff-session"
SESSION_HEADER = "x-atlas-session"
SESSION_ENDED = N_(
    "Your session has ended or your account is disabled: nothing was changed. Log in again."
)
_COOKIE_CHANGE_KEY = "auth_cookie_change"
RELOAD_WHEN_TAKEN = ".then((r) => { if (r.ok) window.location.reload(); })"
_REFUSED_COOKIE_KEY = "auth_cookie_refused"
_ENDED_KEY = "auth_session_ended"


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def client_address() -> str:
    """The visitor's address, for lockouts: the connection's peer, or what a trusted proxy
    (ATLAS_TRUSTED_PROXIES) says in X-Forwarded-For."""
    return proxies.client_address(
        st.context.ip_address,
        st.context.headers.get_all("X-Forwarded-For"),
        proxies.trusted_networks(settings.get("ATLAS_TRUSTED_PROXIES")),
    )


def _cookie_token() -> str | None:
    try:
        token = st.context.cookies.get(COOKIE)
    except RuntimeError:  # no browser connection
        return None
    if not isinstance(token, str) or not token:
        return None
    # The browser's cookies are read once per session: one refused stays refused.
    return None if token == st.session_state.get(_REFUSED_COOKIE_KEY) else token


def current_user() -> User | None:
    """The logged-in user of this tab, or of the browser's session cookie; None for a
    visitor. A token the server no longer knows is forgotten."""
    token = st.session_state.get(TOKEN_KEY) or _cookie_token()
    user = session_user(engine(), token, now())
    if user is None:
        if token and token == st.session_state.get(TOKEN_KEY):
            st.session_state[_ENDED_KEY] = True  # this tab was logged in a moment ago
        if token:
            forget(token)
        return None
    st.session_state[TOKEN_KEY] = token
    return user


def show_session_ended() -> None:
    """Say once, on whatever page is drawn, that this tab's log-in has just ended (called
    by app.py)."""
    if st.session_state.pop(_ENDED_KEY, False):
        st.warning(_(SESSION_ENDED), icon=":material/logout:")


def acting_user(
    allowed: Callable[[User | None], bool] = can_edit, token: str | None = None
) -> User | None:
    """The user on whose behalf a change is written, resolved from this tab's session
    token (or `token`, for work done outside the page's run, such as a download built on
    click) at this moment, never the user of when the page was drawn: None when the
    session has ended or expired, the account is disabled, or it fails `allowed`.
    Callers refuse the change with SESSION_ENDED."""
    user = session_user(engine(), token or st.session_state.get(TOKEN_KEY), now())
    return user if allowed(user) else None


def checked_on_click(
    allowed: Callable[[User | None], bool], build: Callable[[], bytes]
) -> Callable[[], bytes]:
    """`build`, for a download made on click outside the page's run (where session state
    cannot be read): it runs only if this tab's session still passes `allowed` then."""
    token = st.session_state.get(TOKEN_KEY)

    def checked() -> bytes:
        if acting_user(allowed, token) is None:
            raise PermissionError(SESSION_ENDED)
        return build()

    return checked


def remember(token: str) -> None:
    """Keep a new session's token for this tab and, on the next run, hand it to the
    server, which moves the session into the HttpOnly cookie and reloads the page."""
    st.session_state[TOKEN_KEY] = token
    st.session_state[_COOKIE_CHANGE_KEY] = token


def forget(token: str) -> None:
    """Drop `token` from this tab; never take it from the cookie again in this session."""
    st.session_state.pop(TOKEN_KEY, None)
    st.session_state[_REFUSED_COOKIE_KEY] = token


def end_cookie() -> None:
    """On the next run, have the server end the cookie's session and clear the cookie."""
    st.session_state[_COOKIE_CHANGE_KEY] = ""


def write_cookie() -> None:
    """Send a pending change of the session cookie to the server from the page (called by
    app.py on every run; draws nothing when there is none). A new log-in: the page gives
    the token to the server, which renews it into the cookie, and then reloads so that
    this browser session starts from the cookie. Should the server not take it, the log-in
    still holds for this tab."""
    if _COOKIE_CHANGE_KEY not in st.session_state:
        return
    token = st.session_state.pop(_COOKIE_CHANGE_KEY)
    request = {
        "method": "POST" if token else "DELETE",
        "headers": {SESSION_HEADER: "1"},
        "credentials": "same-origin",
    }
    if token:
        request["body"] = token
    st.html(
        f"<script>fetch({escape.script_json(SESSION_PATH)}, {escape.script_json(request)})"
        f"{RELOAD_WHEN_TAKEN if token else ''};</script>",
        unsafe_allow_javascript=True,
    )


def require(allowed: Callable[[User | None], bool], what: str) -> User:
    """Stop the page unless the current user passes `allowed` (e.g. atlas.accounts.can_edit)."""
    user = current_user()
    if not allowed(user):
        st.error(_("You need to log in as {who} to use this page.", who=_(what)))
        st.page_link("pages/login.py", label=_("Log in"), query_params=with_language({}))
        st.stop()
    return user
