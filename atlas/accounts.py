"""Staff accounts: Argon2id passwords, server-side sessions that expire, and log-in lockout
with back-off counted per account and client address (never in the browser session, which
an attacker can simply restart). There are no default accounts: `python -m atlas user add`
creates them."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, select

from atlas.store import session_scope
from atlas.tables import LoginFailureRow, UserRow, UserSessionRow

EDITOR = "editor"
ADMIN = "admin"
STAFF_ROLES: tuple[str, ...] = (EDITOR, ADMIN)

SESSION_HOURS = 8
FREE_FAILURES = 5
"""Wrong passwords allowed before an account is locked for that client."""
FIRST_LOCK_S = 30
LONGEST_LOCK_S = 3600
MIN_PASSWORD = 12
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
_HASHER = PasswordHasher()  # Argon2id with the library's current recommended parameters
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class AccountError(ValueError):
    """A request about accounts that cannot be met, said in words for the user."""


class LockedOutError(AccountError):
    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(f"too many failed log-ins: try again in {seconds} s")


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


def lock_seconds(failures: int) -> int:
    """How long an account is locked for a client after `failures` wrong passwords: none up
    to FREE_FAILURES, then FIRST_LOCK_S doubling with each further failure, at most
    LONGEST_LOCK_S."""
    if failures < FREE_FAILURES:
        return 0
    return min(LONGEST_LOCK_S, FIRST_LOCK_S * 2 ** (failures - FREE_FAILURES))


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise AccountError(
            "a user name is 2-40 lowercase letters, digits, dots, hyphens or underscores"
        )
    return name


def check_password(password: str, name: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    if name.lower() in password.lower():
        raise AccountError("a password must not contain the user name")
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
    stored in clear). Wrong passwords count for (name, client) and lock it with back-off."""
    client = client[:64] or "unknown"
    with session_scope(engine) as session:
        failure = session.scalars(
            select(LoginFailureRow).where(
                LoginFailureRow.account == name, LoginFailureRow.client == client
            )
        ).first()
        if failure is not None and failure.locked_until and failure.locked_until > now:
            raise LockedOutError(int((failure.locked_until - now).total_seconds()) + 1)
        row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
        if not _password_matches(row, password):
            if failure is None:
                failure = LoginFailureRow(account=name, client=client, failures=0, last_failure=now)
                session.add(failure)
            failure.failures += 1
            failure.last_failure = now
            wait = lock_seconds(failure.failures)
            failure.locked_until = now + timedelta(seconds=wait) if wait else None
            session.commit()  # the failure must count even though we refuse
            raise AccountError("wrong user name or password")
        if failure is not None:
            session.delete(failure)
        token = secrets.token_urlsafe(32)
        session.add(
            UserSessionRow(
                token_hash=_token_hash(token),
                user_id=row.id,
                created_at=now,
                expires_at=now + timedelta(hours=SESSION_HOURS),
            )
        )
        if _HASHER.check_needs_rehash(row.password_hash):
            row.password_hash = _HASHER.hash(password)
        return token


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
            raise AccountError("your session has ended: log in again")
        row = session.get(UserRow, found.user_id)
        if not _password_matches(row, old):
            raise AccountError("the current password is wrong")
        check_password(new, row.name)
        row.password_hash = _HASHER.hash(new)
        row.password_changed_at = now
        session.execute(
            delete(UserSessionRow).where(
                UserSessionRow.user_id == row.id, UserSessionRow.id != found.id
            )
        )
