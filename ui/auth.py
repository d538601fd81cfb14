"""Who is logged in. The session itself lives on the server (atlas.accounts); the browser
holds only its token: in Streamlit's session state for this tab, and in a cookie so that
a reload or an address typed into the same browser keeps the log-in until it expires or
the user logs out."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st

from atlas.accounts import SESSION_HOURS, User, session_user
from ui.cache import engine

TOKEN_KEY = "auth_token"  # noqa: S105 - the session-state key, not a secret
COOKIE = "atlas_staff_session"
_COOKIE_CHANGE_KEY = "auth_cookie_change"
_REFUSED_COOKIE_KEY = "auth_cookie_refused"


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def client_address() -> str:
    """The visitor's address as the server sees it; lockouts are counted per address."""
    return str(st.context.ip_address or "unknown")


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
    visitor. A token the server no longer knows is forgotten, cookie included."""
    token = st.session_state.get(TOKEN_KEY) or _cookie_token()
    user = session_user(engine(), token, now())
    if user is None:
        if token:
            forget(token)
        return None
    st.session_state[TOKEN_KEY] = token
    return user


def remember(token: str) -> None:
    """Keep a new session's token for this tab and, on the next run, in the cookie."""
    st.session_state[TOKEN_KEY] = token
    st.session_state[_COOKIE_CHANGE_KEY] = token


def forget(token: str) -> None:
    """Drop `token` from this tab and, on the next run, from the cookie; never take it
    from the cookie again in this session."""
    st.session_state.pop(TOKEN_KEY, None)
    st.session_state[_REFUSED_COOKIE_KEY] = token
    st.session_state[_COOKIE_CHANGE_KEY] = ""


def write_cookie() -> None:
    """Send a pending change of the session cookie to the browser (called by app.py on
    every run; draws nothing when there is none)."""
    if _COOKIE_CHANGE_KEY not in st.session_state:
        return
    token = st.session_state.pop(_COOKIE_CHANGE_KEY)
    max_age = SESSION_HOURS * 3600 if token else 0
    secure = "; Secure" if str(st.context.url or "").startswith("https:") else ""
    value = json.dumps(f"{COOKIE}={token}; path=/; max-age={max_age}; SameSite=Strict{secure}")
    st.html(f"<script>document.cookie = {value};</script>", unsafe_allow_javascript=True)


def require(allowed: Callable[[User | None], bool], what: str) -> User:
    """Stop the page unless the current user passes `allowed` (e.g. atlas.accounts.can_edit)."""
    user = current_user()
    if not allowed(user):
        st.error(f"You need to log in as {what} to use this page.")
        st.page_link("pages/login.py", label="Log in")
        st.stop()
    return user
