import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from atlas.accounts import (
    ACCOUNT_FREE_FAILURES,
    ADMIN,
    EDITOR,
    FAILURES_KEPT,
    FREE_FAILURES,
    AccountError,
    LockedOutError,
    User,
    add_user,
    can_edit,
    can_publish,
    change_password,
    disable_user,
    list_users,
    lock_seconds,
    log_in,
    log_out,
    prune_login_failures,
    session_user,
)
from atlas.store import session_scope
from atlas.tables import LoginFailureRow, UserRow
from tests import factories

NOW = datetime(2026, 11, 24, 12, 0, 0)
PASSWORD = "correct horse battery"


@pytest.fixture
def engine():
    engine = factories.fresh_engine()
    add_user(engine, "ewa", PASSWORD, EDITOR, NOW)
    add_user(engine, "admin1", "another long secret", ADMIN, NOW)
    return engine


def test_passwords_are_stored_only_as_argon2id_hashes(engine) -> None:
    with session_scope(engine) as session:
        stored = session.scalars(select(UserRow.password_hash).where(UserRow.name == "ewa")).one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.parametrize(
    ("name", "password", "role", "message"),
    [
        ("Ewa Nowak", PASSWORD, EDITOR, "user name"),
        ("ewa2", "short", EDITOR, "at least 12"),
        ("zofia", "zofia-is-my-password", EDITOR, "must not contain the user name"),
        ("zofia", PASSWORD, "owner", "role must be one of"),
        ("ewa", PASSWORD, EDITOR, "exists already"),
    ],
)
def test_bad_account_requests_are_refused_in_words(engine, name, password, role, message) -> None:
    with pytest.raises(AccountError, match=message):
        add_user(engine, name, password, role, NOW)


def test_log_in_opens_a_session_that_expires(engine) -> None:
    token = log_in(engine, "ewa", PASSWORD, "10.0.0.1", NOW)
    assert session_user(engine, token, NOW + timedelta(hours=7)) == User("ewa", EDITOR, False)
    assert session_user(engine, token, NOW + timedelta(hours=8)) is None
    assert session_user(engine, token, NOW) is None  # an expired session is gone for good


def test_wrong_password_and_unknown_user_get_the_same_answer(engine) -> None:
    for name in ("ewa", "nobody"):
        with pytest.raises(AccountError, match="wrong user name or password"):
            log_in(engine, name, "not the password", "10.0.0.1", NOW)


def test_repeated_failures_lock_the_account_for_that_client_with_back_off(engine) -> None:
    for attempt in range(FREE_FAILURES):
        with pytest.raises(AccountError, match="wrong"):
            log_in(engine, "ewa", f"guess {attempt}", "10.0.0.9", NOW)
    with pytest.raises(LockedOutError) as locked:
        log_in(engine, "ewa", PASSWORD, "10.0.0.9", NOW + timedelta(seconds=5))
    assert locked.value.seconds == 26
    # another client is not locked out; the locked one may try again after the wait
    assert log_in(engine, "ewa", PASSWORD, "10.0.0.1", NOW)
    later = NOW + timedelta(seconds=31)
    with pytest.raises(AccountError, match="wrong"):
        log_in(engine, "ewa", "still wrong", "10.0.0.9", later)
    with pytest.raises(LockedOutError) as longer:
        log_in(engine, "ewa", PASSWORD, "10.0.0.9", later + timedelta(seconds=1))
    assert longer.value.seconds == 60


def test_lock_doubles_and_is_capped() -> None:
    assert [lock_seconds(n) for n in (1, 4, 5, 6, 7, 20)] == [0, 0, 30, 60, 120, 3600]


def test_a_successful_log_in_clears_the_failures(engine) -> None:
    for _ in range(FREE_FAILURES - 1):
        with pytest.raises(AccountError):
            log_in(engine, "ewa", "wrong wrong wrong", "10.0.0.2", NOW)
    log_in(engine, "ewa", PASSWORD, "10.0.0.2", NOW)
    with pytest.raises(AccountError, match="wrong"):
        log_in(engine, "ewa", "wrong wrong wrong", "10.0.0.2", NOW)  # counted from zero again


def test_a_password_change_ends_the_accounts_other_sessions(engine) -> None:
    here = log_in(engine, "ewa", PASSWORD, "10.0.0.1", NOW)
    elsewhere = log_in(engine, "ewa", PASSWORD, "10.0.0.2", NOW)
    change_password(engine, here, PASSWORD, "a brand new passphrase", NOW)
    assert session_user(engine, here, NOW) is not None
    assert session_user(engine, elsewhere, NOW) is None
    with pytest.raises(AccountError):
        log_in(engine, "ewa", PASSWORD, "10.0.0.3", NOW)
    assert log_in(engine, "ewa", "a brand new passphrase", "10.0.0.3", NOW)


def test_a_password_change_needs_the_current_password(engine) -> None:
    token = log_in(engine, "ewa", PASSWORD, "10.0.0.1", NOW)
    with pytest.raises(AccountError, match="current password is wrong"):
        change_password(engine, token, "guess guess guess", "a brand new passphrase", NOW)


def test_disabling_an_account_ends_its_sessions_and_log_ins(engine) -> None:
    token = log_in(engine, "ewa", PASSWORD, "10.0.0.1", NOW)
    disable_user(engine, "ewa")
    assert session_user(engine, token, NOW) is None
    with pytest.raises(AccountError, match="wrong"):
        log_in(engine, "ewa", PASSWORD, "10.0.0.1", NOW)
    assert [u.disabled for u in list_users(engine)] == [False, True]


def test_log_out_ends_the_session(engine) -> None:
    token = log_in(engine, "ewa", PASSWORD, "10.0.0.1", NOW)
    log_out(engine, token)
    assert session_user(engine, token, NOW) is None


def test_can_edit_is_for_active_staff_only() -> None:
    assert can_edit(User("ewa", EDITOR, False))
    assert can_edit(User("admin1", ADMIN, False))
    assert not can_edit(User("ewa", EDITOR, True))
    assert not can_edit(None)


def test_can_publish_is_for_active_admins_only() -> None:
    assert can_publish(User("admin1", ADMIN, False))
    assert not can_publish(User("ewa", EDITOR, False))
    assert not can_publish(User("admin1", ADMIN, True))


def test_forty_concurrent_attempts_check_at_most_five_passwords(tmp_path) -> None:
    engine = factories.fresh_engine(f"sqlite:///{tmp_path / 'atlas.db'}")
    add_user(engine, "ewa", PASSWORD, EDITOR, NOW)
    start = threading.Barrier(40)

    def attempt(number: int) -> str:
        start.wait()
        try:
            log_in(engine, "ewa", f"guess number {number}", "10.0.0.9", NOW)
        except LockedOutError:
            return "locked"
        except AccountError:
            return "checked"  # refused only after the password was verified
        return "logged in"

    with ThreadPoolExecutor(max_workers=40) as pool:
        outcomes = Counter(pool.map(attempt, range(40)))  # any other error is raised here
    assert outcomes == {"checked": FREE_FAILURES, "locked": 40 - FREE_FAILURES}


def test_an_account_is_locked_for_every_address_after_many_from_many(engine) -> None:
    for attempt in range(ACCOUNT_FREE_FAILURES):
        with pytest.raises(AccountError, match="wrong"):
            log_in(engine, "ewa", "a wrong guess", f"10.1.0.{attempt}", NOW)
    with pytest.raises(LockedOutError):
        log_in(engine, "ewa", PASSWORD, "192.168.7.7", NOW + timedelta(seconds=1))
    assert log_in(engine, "ewa", PASSWORD, "192.168.7.7", NOW + timedelta(seconds=31))


def test_old_failure_counts_are_pruned(engine) -> None:
    with pytest.raises(AccountError, match="wrong"):
        log_in(engine, "ewa", "a wrong guess", "10.0.0.3", NOW)
    with pytest.raises(AccountError, match="wrong"):
        log_in(engine, "nobody", "a wrong guess", "10.0.0.3", NOW + FAILURES_KEPT)
    assert prune_login_failures(engine, NOW + FAILURES_KEPT + timedelta(seconds=1)) == 2
    with session_scope(engine) as session:
        left = session.scalars(select(LoginFailureRow.account)).all()
    assert sorted(left) == ["nobody", "nobody"]
