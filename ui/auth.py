"""Who is logged in: the session token lives in Streamlit's session state, the session
itself on the server (atlas.accounts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st

from atlas.accounts import User, session_user
from ui.cache import engine

TOKEN_KEY = "auth_token"  # noqa: S105 - the session-state key, not a secret


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def client_address() -> str:
    """The visitor's address as the server sees it; lockouts are counted per address."""
    return str(st.context.ip_address or "unknown")


def current_user() -> User | None:
    user = session_user(engine(), st.session_state.get(TOKEN_KEY), now())
    if user is None:
        st.session_state.pop(TOKEN_KEY, None)
    return user


def require(allowed: Callable[[User | None], bool], what: str) -> User:
    """Stop the page unless the current user passes `allowed` (e.g. atlas.accounts.can_edit)."""
    user = current_user()
    if not allowed(user):
        st.error(f"You need to log in as {what} to use this page.")
        st.page_link("pages/login.py", label="Log in")
        st.stop()
    return user
