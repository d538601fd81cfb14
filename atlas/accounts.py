"""Staff accounts: Argon2id passwords, server-side sessions that expire, and log-in lockout
with back-off counted per account and client address (never in the browser session, which
an attacker can simply restart). There are no default accounts: `python -m atlas user add`
creates them."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, case, delete, null, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from atlas.i18n import N_, Message
from atlas.store import session_scope
from atlas.tables import LoginFailureRow, UserRow, UserSessionRow

EDITOR = "editor"
ADMIN = "admin"
STAFF_ROLES: tuple[str, ...] = (EDITOR, ADMIN)

SESSION_HOURS = 8
FREE_FAILURES = 5
"""Password attempts allowed before an account is locked for that client."""
ACCOUNT_FREE_FAILURES = 20
"""Password attempts allowed before an account is locked for every client: guessing from
many addresses at once is slowed too, while one address alone cannot reach it."""
ANY_CLIENT = "*"
"""The client of an account's count over all addresses (never an address)."""
FIRST_LOCK_S = 30
LONGEST_LOCK_S = 3600
_LOCK_STEPS = 7  # FIRST_LOCK_S * 2**7 > LONGEST_LOCK_S
FAILURES_KEPT = timedelta(days=1)
MIN_PASSWORD = 12
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
_HASHER = PasswordHasher()  # Argon2id with the library's current recommended parameters
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class AccountError(ValueError):
    """A request about accounts that cannot be met, said in words for the user."""


class LockedOutError(AccountError):
    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(
            Message(N_("too many failed log-ins: try again in {count} s"), count=seconds)
        )


@dataclass(frozen=True)
class User:
    name: str
    role: str
    disabled: bool


def can_edit(user: User | None) -> bool:
    """Editors and admins, when their account is active, may create and edit records."""
    return user is not None and not user.disabled and user.role in STAFF_ROLES


def can_publish(user: User | None) -> bool:
    """Only an active admin may publish."""
    return user is not None and not user.disabled and user.role == ADMIN


def lock_seconds(failures: int, free: int = FREE_FAILURES) -> int:
    """How long an account is locked for a client after `failures` attempts that did not
    log in: none below `free`, then FIRST_LOCK_S doubling with each further attempt, at
    most LONGEST_LOCK_S."""
    if failures < free:
        return 0
    return min(LONGEST_LOCK_S, FIRST_LOCK_S * 2 ** (failures - free))


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise AccountError(
            N_("a user name is 2-40 lowercase letters, digits, dots, hyphens or underscores")
        )
    return name


def check_password(password: str, name: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            Message(N_("a password needs at least {count} characters"), count=MIN_PASSWORD)
        )
    if name.lower() in password.lower():
        raise AccountError(N_("a password must not contain the user name"))
    return password


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _user(row: UserRow) -> User:
    return User(name=row.name, role=row.role, disabled=row.disabled)


def add_user(engine: Engine, name: str, password: str, role: str, now: datetime) -> User:
    """Create a staff account; the password is kept only as an Argon2id hash."""
    check_name(name)
    check_password(password, name)
    if role not in STAFF_ROLES:
        raise AccountError(f"role must be one of {', '.join(STAFF_ROLES)}")
    with session_scope(engine) as session:
        if session.scalars(select(UserRow).where(UserRow.name == name)).first():
            raise AccountError(f"user {name!r} exists already")
        row = UserRow(
            name=name,
            password_hash=_HASHER.hash(password),
            role=role,
            disabled=False,
            created_at=now,
            password_changed_at=now,
        )
        session.add(row)
        return _user(row)


def list_users(engine: Engine) -> list[User]:
    with session_scope(engine) as session:
        return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.name))]


def disable_user(engine: Engine, name: str) -> None:
    """Disable an account and end all its sessions."""
    with session_scope(engine) as session:
        row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
        if row is None:
            raise AccountError(f"no user {name!r}")
        row.disabled = True
        session.execute(delete(UserSessionRow).where(UserSessionRow.user_id == row.id))


def log_in(engine: Engine, name: str, password: str, client: str, now: datetime) -> str:
    """Check a password and open a session; return its token (kept by the caller, never
    stored in clear). Every attempt is counted before the password is checked, for
    (name, client) and for the account from anywhere, each locked with back-off; a
    correct password clears both counts."""
    client = client[:64] or "unknown"
    prune_login_failures(engine, now)
    for where, free in ((client, FREE_FAILURES), (ANY_CLIENT, ACCOUNT_FREE_FAILURES)):
        _count_attempt(engine, name, where, free, now)
    with session_scope(engine) as session:
        row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
    if not _password_matches(row, password):
        raise AccountError(N_("wrong user name or password"))
    token = secrets.token_urlsafe(32)
    with session_scope(engine) as session:
        session.execute(
            delete(LoginFailureRow).where(
                LoginFailureRow.account == name, LoginFailureRow.client.in_((client, ANY_CLIENT))
            )
        )
        session.add(
            UserSessionRow(
                token_hash=_token_hash(token),
                user_id=row.id,
                created_at=now,
                expires_at=now + timedelta(hours=SESSION_HOURS),
            )
        )
        if _HASHER.check_needs_rehash(row.password_hash):
            session.get(UserRow, row.id).password_hash = _HASHER.hash(password)
    return token


def _count_attempt(engine: Engine, account: str, client: str, free: int, now: datetime) -> None:
    """Count one log-in attempt of `account` from `client`, unless that pair is locked
    (LockedOutError). Atomic: the row is created if missing (INSERT … ON CONFLICT DO
    NOTHING), then one UPDATE raises the count and sets the lock the new count earns, on
    the condition that no lock holds; concurrent attempts each get their own count."""
    pair = (LoginFailureRow.account == account, LoginFailureRow.client == client)
    with engine.begin() as connection:
        connection.execute(
            _insert_ignoring_duplicates(engine)(LoginFailureRow)
            .values(account=account, client=client, failures=0, last_failure=now)
            .on_conflict_do_nothing(index_elements=["account", "client"])
        )
    counted = LoginFailureRow.failures + 1
    lock_after = {
        failures: now + timedelta(seconds=lock_seconds(failures, free))
        for failures in range(free, free + _LOCK_STEPS + 1)
    }
    with engine.begin() as connection:
        counted_to = connection.scalar(
            update(LoginFailureRow)
            .where(
                *pair,
                or_(LoginFailureRow.locked_until.is_(None), LoginFailureRow.locked_until <= now),
            )
            .values(
                failures=counted,
                last_failure=now,
                locked_until=case(
                    (counted < free, null()),
                    *((counted == n, until) for n, until in lock_after.items()),
                    else_=now + timedelta(seconds=LONGEST_LOCK_S),
                ),
            )
            .returning(LoginFailureRow.failures)
        )
        if counted_to is None:
            locked_until = connection.scalar(select(LoginFailureRow.locked_until).where(*pair))
            raise LockedOutError(max(1, int((locked_until - now).total_seconds()) + 1))


def _insert_ignoring_duplicates(engine: Engine) -> Callable:
    return postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert


def prune_login_failures(engine: Engine, now: datetime) -> int:
    """Forget failure counts untouched for FAILURES_KEPT whose lock has ended, and expired
    sessions; return how many failure rows went."""
    stale = now - FAILURES_KEPT
    with engine.begin() as connection:
        connection.execute(delete(UserSessionRow).where(UserSessionRow.expires_at <= now))
        return connection.execute(
            delete(LoginFailureRow).where(
                LoginFailureRow.last_failure < stale,
                or_(LoginFailureRow.locked_until.is_(None), LoginFailureRow.locked_until <= now),
            )
        ).rowcount


def _password_matches(row: UserRow | None, password: str) -> bool:
    """Verify against the stored hash; an unknown or disabled account still costs one
    verification, so timing does not tell which names exist."""
    try:
        if row is None or row.disabled:
            _HASHER.verify(_DUMMY_HASH, password)
            return False
        return _HASHER.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def session_user(engine: Engine, token: str | None, now: datetime) -> User | None:
    """The active user of a session token, or None when unknown, expired or disabled."""
    if not token:
        return None
    with session_scope(engine) as session:
        found = session.scalars(
            select(UserSessionRow).where(UserSessionRow.token_hash == _token_hash(token))
        ).first()
        if found is None:
            return None
        if found.expires_at <= now:
            session.delete(found)
            return None
        row = session.get(UserRow, found.user_id)
        return None if row is None or row.disabled else _user(row)


def log_out(engine: Engine, token: str) -> None:
    with session_scope(engine) as session:
        session.execute(
            delete(UserSessionRow).where(UserSessionRow.token_hash == _token_hash(token))
        )


def change_password(engine: Engine, token: str, old: str, new: str, now: datetime) -> None:
    """Change the password of the session's user; every other session of the account ends."""
    with session_scope(engine) as session:
        found = session.scalars(
            select(UserSessionRow).where(UserSessionRow.token_hash == _token_hash(token))
        ).first()
        if found is None or found.expires_at <= now:
            raise AccountError(N_("your session has ended: log in again"))
        row = session.get(UserRow, found.user_id)
        if not _password_matches(row, old):
            raise AccountError(N_("the current password is wrong"))
        check_password(new, row.name)
        row.password_hash = _HASHER.hash(new)
        row.password_changed_at = now
        session.execute(
            delete(UserSessionRow).where(
                UserSessionRow.user_id == row.id, UserSessionRow.id != found.id
            )
        )


def renew_token(engine: Engine, token: str, now: datetime) -> tuple[str, datetime] | None:
    """Give a live session of an active account a new token; the old one stops working at
    once. Return the new token and when the session expires, or None when `token` is not
    a live session. The session keeps its expiry."""
    with session_scope(engine) as session:
        found = session.scalars(
            select(UserSessionRow).where(UserSessionRow.token_hash == _token_hash(token))
        ).first()
        if found is None or found.expires_at <= now:
            return None
        owner = session.get(UserRow, found.user_id)
        if owner is None or owner.disabled:
            return None
        renewed = secrets.token_urlsafe(32)
        found.token_hash = _token_hash(renewed)
        return renewed, found.expires_at
