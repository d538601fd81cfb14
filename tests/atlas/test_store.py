from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, select, text

from atlas.store import (
    bump_revision,
    make_engine,
    migrate,
    revision,
    schema_is_current,
    session_scope,
)
from atlas.tables import Base, CityRow
from tests import factories


def test_a_store_test_builds_its_store_on_the_engine_it_runs_on(
    engine: Engine, store_engine: str
) -> None:
    assert engine.dialect.name == store_engine


def test_migrations_build_exactly_the_declared_schema() -> None:
    engine = factories.fresh_engine()
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_migrating_twice_is_harmless_and_reports_current(tmp_path: Path) -> None:
    engine = make_engine(factories.empty_store_url(tmp_path))
    assert not schema_is_current(engine)
    migrate(engine)
    migrate(engine)
    assert schema_is_current(engine)


@pytest.mark.sqlite_only(reason="WAL and foreign keys are SQLite settings")
def test_sqlite_file_store_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'atlas.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_failed_transaction_writes_nothing() -> None:
    engine = factories.build_store()
    before = revision(engine)

    def write_then_crash() -> None:
        with session_scope(engine) as session:
            session.add(CityRow(**factories.city("budapest", "Budapest", "HU").model_dump()))
            bump_revision(session)
            raise RuntimeError("crash mid-write")

    with pytest.raises(RuntimeError):
        write_then_crash()
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(CityRow)) == 4
    assert revision(engine) == before


def test_revision_grows_with_each_write() -> None:
    engine = factories.build_store()
    first = revision(engine)
    with session_scope(engine) as session:
        bump_revision(session)
    assert revision(engine) == first + 1


def test_the_curation_migration_keeps_every_row_and_publishes_existing_practices(
    tmp_path: Path,
) -> None:
    from alembic import command

    from atlas.store import _alembic_config

    engine = make_engine(factories.empty_store_url(tmp_path))
    config = _alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO cities (slug, name, alternate_names, country, "
                "latitude, longitude, coord_source, source, licence) VALUES "
                "('pisek', 'Písek', '[]', 'CZ', 49.3, 14.1, 'x', 'x', 'x')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO practices (slug, title, summary, city_id, status, "
                "source, licence) VALUES ('p', 'P', 'S', 1, 'completed', 'x', 'x')"
            )
        )
    migrate(engine)
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT p.review_state, p.version, c.version FROM practices p "
                "JOIN cities c ON c.id = p.city_id"
            )
        ).one()
    assert tuple(row) == ("published", 1, 1)


@pytest.mark.sqlite_only(reason="holds SQLite's file lock against a second sqlite3 connection")
def test_lock_for_writing_keeps_other_writers_out_until_the_transaction_ends(
    tmp_path: Path,
) -> None:
    import sqlite3

    from atlas.store import bump_revision, lock_for_writing, session_scope

    url = f"sqlite:///{tmp_path / 'atlas.db'}"
    engine = factories.build_store(url=url)
    other = sqlite3.connect(tmp_path / "atlas.db", timeout=0.2)
    with session_scope(engine) as session:
        lock_for_writing(session)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("UPDATE cities SET population = 1")
        bump_revision(session)
    other.execute("UPDATE cities SET population = 1")
    other.commit()
    other.close()


def test_undoing_the_curation_migration_keeps_every_row(tmp_path: Path) -> None:
    from alembic import command

    from atlas.store import _alembic_config

    engine = factories.build_store(url=factories.empty_store_url(tmp_path))
    config = _alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    with engine.connect() as connection:
        counts = [
            connection.scalar(text(f"SELECT count(*) FROM {table}"))
            for table in ("cities", "memberships", "practices", "practice_topics")
        ]
    assert counts == [4, 5, 2, 2]
    migrate(engine)
    assert schema_is_current(engine)


def test_the_replication_migration_is_undone_and_redone_keeping_every_practice(
    tmp_path: Path,
) -> None:
    from alembic import command

    from atlas.store import _alembic_config

    seed = factories.small_seed()
    seed.practices.append(
        factories.practice("pisek-copy", replicates=["next-generation-smart-citizen"])
    )
    engine = factories.build_store(seed, url=f"sqlite:///{tmp_path / 'atlas.db'}")
    config = _alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM practices")) == 3
        tables = connection.scalars(text("SELECT name FROM sqlite_master WHERE type='table'"))
        assert "practice_replications" not in set(tables)
    migrate(engine)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM practice_replications")) == 0
