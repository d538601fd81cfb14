"""Staff log-in, log-out and password change. Visitors never need an account."""

import streamlit as st

from atlas.accounts import AccountError, LockedOutError, change_password, log_in, log_out
from ui.auth import TOKEN_KEY, client_address, current_user, end_cookie, forget, now, remember
from ui.cache import engine
from ui.routing import run_through_app
from ui.text import md

run_through_app()
st.title("Staff", anchor=False)
user = current_user()

if user is None:
    st.caption("For project staff who curate good practices. Visitors need no account.")
    with st.form("login"):
        name = st.text_input("User name", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Log in")
    if submitted:
        try:
            remember(log_in(engine(), name.strip(), password, client_address(), now()))
        except LockedOutError as error:
            st.error(
                f"Too many failed log-ins for this account from here. "
                f"Try again in {error.seconds} seconds."
            )
        except AccountError as error:
            st.error(md(str(error).capitalize() + "."))
        else:
            st.rerun()
    st.stop()

st.success(f"Logged in as **{md(user.name)}** ({user.role}).")
if st.button("Log out", key="logout"):
    token = st.session_state[TOKEN_KEY]
    log_out(engine(), token)
    forget(token)
    end_cookie()
    st.rerun()

st.subheader("Change password", anchor=False)
with st.form("change_password", clear_on_submit=True):
    old = st.text_input("Current password", type="password", autocomplete="current-password")
    new = st.text_input(
        "New password (12 characters or more)", type="password", autocomplete="new-password"
    )
    again = st.text_input("New password again", type="password", autocomplete="new-password")
    changed = st.form_submit_button("Change password")
if changed:
    if new != again:
        st.error("The two new passwords differ.")
    else:
        try:
            change_password(engine(), st.session_state[TOKEN_KEY], old, new, now())
        except AccountError as error:
            st.error(md(str(error).capitalize() + "."))
        else:
            st.success("Password changed; your other sessions have ended.")
