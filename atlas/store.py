"""The store: engine creation, schema migrations and transactional sessions."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from atlas.tables import Meta

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


# A store server that does not answer is given up on after this long (libpq's minimum is 2),
# so that a page can say so within seconds instead of hanging.
CONNECT_TIMEOUT_SECONDS = 2


class StoreError(RuntimeError):
    """The store cannot be opened or is not at the schema this code expects."""


def make_engine(url: str) -> Engine:
    """Create an engine for `url`; SQLite gets WAL, foreign keys and a busy timeout.

    An in-memory SQLite URL shares one connection (StaticPool) so tests see one database.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database or ""
    if database in ("", ":memory:"):
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    event.listen(engine, "connect", _configure_sqlite)
    return engine


def store_answers(engine: Engine) -> bool:
    """True when the store accepts a connection and answers a query now."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError:
        return False
    return True


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _migrations_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _alembic_config(engine: Engine) -> Config:
    config = _migrations_config()
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def migrate(engine: Engine) -> None:
    """Bring the store's schema to the newest migration (creates it when empty)."""
    config = _alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@functools.cache
def schema_head() -> str | None:
    """The newest migration's revision id: the schema this code expects (read once: the
    migrations are part of the code)."""
    return ScriptDirectory.from_config(_migrations_config()).get_current_head()


def schema_revision(engine: Engine) -> str | None:
    """The migration revision the store is at (None when it was never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def schema_is_current(engine: Engine) -> bool:
    """True when the store has been migrated to the newest revision."""
    return schema_revision(engine) == schema_head()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work commits together at the end, or not at all on error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def revision(engine: Engine) -> int:
    """The store's data revision: a number that grows with every committed write."""
    with Session(engine) as session:
        value = session.scalar(select(Meta.value).where(Meta.key == "revision"))
    return int(value) if value is not None else 0


def lock_for_writing(session: Session) -> None:
    """Take the store's write lock now, in `session`'s transaction, without changing data:
    on SQLite no other connection can write until this transaction ends, and on PostgreSQL
    every other writer waits at its own `bump_revision`. For a transaction that reads, then
    writes what it read."""
    session.execute(update(Meta).where(Meta.key == "revision").values(value=Meta.value))


def bump_revision(session: Session) -> int:
    """Increase the data revision inside `session`'s transaction and return the new one."""
    row = session.get(Meta, "revision")
    if row is None:
        row = Meta(key="revision", value="0")
        session.add(row)
    row.value = str(int(row.value) + 1)
    session.flush()
    return int(row.value)
