"""Staff log-in, log-out and password change. Visitors never need an account."""

import streamlit as st

from atlas.accounts import (
    MIN_PASSWORD,
    AccountError,
    LockedOutError,
    change_password,
    log_in,
    log_out,
)
from ui.auth import TOKEN_KEY, client_address, current_user, end_cookie, forget, now, remember
from ui.cache import engine
from ui.i18n import _, n_, say, sentence
from ui.labels import role_name
from ui.routing import run_through_app
from ui.text import md

run_through_app()
st.title(_("Staff"), anchor=False)
user = current_user()

if user is None:
    st.caption(_("For project staff who curate good practices. Visitors need no account."))
    with st.form("login"):
        name = st.text_input(_("User name"), autocomplete="username")
        password = st.text_input(_("Password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(_("Log in"))
    if submitted:
        try:
            remember(log_in(engine(), name.strip(), password, client_address(), now()))
        except LockedOutError as error:
            st.error(
                n_(
                    "Too many failed log-ins for this account from here. "
                    "Try again in {count} second.",
                    "Too many failed log-ins for this account from here. "
                    "Try again in {count} seconds.",
                    error.seconds,
                )
            )
        except AccountError as error:
            st.error(md(sentence(say(error))))
        else:
            st.rerun()
    st.stop()

st.success(_("Logged in as **{name}** ({role}).", name=md(user.name), role=role_name(user.role)))
if st.button(_("Log out"), key="logout"):
    token = st.session_state[TOKEN_KEY]
    log_out(engine(), token)
    forget(token)
    end_cookie()
    st.rerun()

st.subheader(_("Change password"), anchor=False)
with st.form("change_password", clear_on_submit=True):
    old = st.text_input(_("Current password"), type="password", autocomplete="current-password")
    new = st.text_input(
        _("New password ({count} characters or more)", count=MIN_PASSWORD),
        type="password",
        autocomplete="new-password",
    )
    again = st.text_input(_("New password again"), type="password", autocomplete="new-password")
    changed = st.form_submit_button(_("Change password"))
if changed:
    if new != again:
        st.error(_("The two new passwords differ."))
    else:
        try:
            change_password(engine(), st.session_state[TOKEN_KEY], old, new, now())
        except AccountError as error:
            st.error(md(sentence(say(error))))
        else:
            st.success(_("Password changed; your other sessions have ended."))
