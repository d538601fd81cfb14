"""Small, real atlas records for tests, and helpers that write them to a store or to CSV."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from atlas.models import City, Membership, Practice, Project, Topic
from atlas.seed import SEED_FILES, Seed, write_seed
from atlas.store import make_engine, migrate, session_scope
from tests.postgres_server import ThrowawayPostgres

PROVENANCE = {"source": "test fixture", "verified_on": date(2026, 1, 1), "licence": "CC BY 4.0"}
PRACTICE_SOURCE = "Test fixture — https://example.org/fixture"
"""A practice's source cites a page with its URL, as the seed loader requires."""


def topic(slug: str = "energy", name: str | None = None) -> Topic:
    return Topic(slug=slug, name=name or slug.replace("-", " ").title())


def project(slug: str = "cityxchange", name: str = "+CityxChange", **fields) -> Project:
    return Project(slug=slug, name=name, **{**PROVENANCE, **fields})


def city(
    slug: str = "pisek",
    name: str = "Písek",
    country: str = "CZ",
    latitude: float = 49.3088,
    longitude: float = 14.1475,
    **fields,
) -> City:
    values = {"coord_source": "geonames:3068293", **PROVENANCE, **fields}
    return City(
        slug=slug, name=name, country=country, latitude=latitude, longitude=longitude, **values
    )


def membership(
    city: str = "pisek", project: str = "cityxchange", role: str = "follower", **fields
) -> Membership:
    values = {"source": "test fixture", "project_role": role, **fields}
    return Membership(city=city, project=project, role=role, **values)


def practice(
    slug: str = "energy-positive-school",
    city: str = "pisek",
    topics: tuple[str, ...] = ("energy",),
    projects: tuple[str, ...] = ("cityxchange",),
    **fields,
) -> Practice:
    values = {
        "title": "Energy-positive school",
        "summary": "A school turned energy-positive.",
        "status": "completed",
        **PROVENANCE,
        "source": PRACTICE_SOURCE,
        **fields,
    }
    return Practice(slug=slug, city=city, topics=list(topics), projects=list(projects), **values)


def small_seed() -> Seed:
    """Four cities in three countries, two projects, every role, two practices."""
    return Seed(
        topics=[topic("energy"), topic("mobility"), topic("citizen-engagement")],
        projects=[
            project("cityxchange", "+CityxChange", programme="Horizon 2020"),
            project("multiply", "MULTIPLY"),
        ],
        cities=[
            city(),
            city(
                "smolyan",
                "Smolyan",
                "BG",
                41.57439,
                24.71204,
                local_name="Смолян",
                alternate_names=["Smolian"],
                population=30689,
            ),
            city("trondheim", "Trondheim", "NO", 63.43049, 10.39506),
            city(
                "krakow", "Kraków", "PL", 50.06143, 19.93658, alternate_names=["Krakow", "Cracow"]
            ),
        ],
        memberships=[
            membership("pisek", "cityxchange", "follower"),
            membership("smolyan", "cityxchange", "follower"),
            membership("trondheim", "cityxchange", "frontrunner", project_role="lighthouse"),
            membership("krakow", "multiply", "partner"),
            membership("krakow", "cityxchange", "signatory"),
        ],
        practices=[
            practice(),
            practice(
                "next-generation-smart-citizen",
                "smolyan",
                ("citizen-engagement",),
                title="Next Generation Smart Citizen",
                summary="Work with children and youth.",
                status="ongoing",
            ),
        ],
    )


TEST_ENGINES = tuple(os.environ.get("ATLAS_TEST_ENGINES", "sqlite,postgresql").split(","))
"""The engines the store tests run on (`ATLAS_TEST_ENGINES=sqlite` skips PostgreSQL)."""


class _TestStores:
    """Where the running tests' stores live: in-memory SQLite, or new databases on the
    session's throwaway PostgreSQL server (dropped when the tests are done with them)."""

    def __init__(self) -> None:
        self.engine_name = "sqlite"
        self.server: ThrowawayPostgres | None = None
        self.template: str | None = None
        self.databases: list[str] = []
        self.engines: list[Engine] = []

    def postgres(self) -> ThrowawayPostgres:
        if self.server is None:
            raise RuntimeError("PostgreSQL store requested outside a PostgreSQL test")
        return self.server

    def new_database(self, migrated: bool) -> str:
        """The URL of a new PostgreSQL database: empty, or a copy of a migrated template."""
        server = self.postgres()
        template = "template0"
        if migrated:
            if self.template is None:
                self.template = server.create_database(name="atlas_migrated")
                engine = make_engine(server.url(self.template))
                migrate(engine)
                engine.dispose()
            template = self.template
        name = server.create_database(template)
        self.databases.append(name)
        return server.url(name)

    def release(self) -> None:
        for engine in self.engines:
            engine.dispose()
        for name in self.databases:
            self.postgres().drop_database(name)
        self.engines.clear()
        self.databases.clear()


_stores = _TestStores()


@contextmanager
def stores_on(engine_name: str, server: ThrowawayPostgres | None = None) -> Iterator[str]:
    """Build the stores of the tests run inside on `engine_name` ("sqlite" or "postgresql");
    the PostgreSQL databases made meanwhile are dropped at the end."""
    _stores.engine_name, _stores.server = engine_name, server
    try:
        yield engine_name
    finally:
        if engine_name == "postgresql":
            _stores.release()
        _stores.engine_name, _stores.server = "sqlite", None


def empty_store_url(folder: Path, name: str = "atlas") -> str:
    """The URL of a store nobody has created yet (for `init`): the file `name`.db in
    `folder`, or a new empty PostgreSQL database."""
    if _stores.engine_name == "postgresql":
        return _stores.new_database(migrated=False)
    return f"sqlite:///{folder / name}.db"


def migrated_store_url(folder: Path) -> str:
    """The URL of a new, migrated, empty store: a file in `folder`, or a PostgreSQL database."""
    if _stores.engine_name == "postgresql":
        return _stores.new_database(migrated=True)
    url = empty_store_url(folder)
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    return url


def fresh_engine(url: str | None = None) -> Engine:
    """An engine on an empty, migrated store: at `url`, or a new one on the tests' engine."""
    if url is None and _stores.engine_name == "postgresql":
        engine = make_engine(_stores.new_database(migrated=True))
        _stores.engines.append(engine)
        return engine
    engine = make_engine(url or "sqlite://")
    migrate(engine)
    if engine.dialect.name == "postgresql":
        _stores.engines.append(engine)
    return engine


def build_store(seed: Seed | None = None, url: str | None = None) -> Engine:
    """A migrated store holding `seed` (the small seed by default)."""
    engine = fresh_engine(url)
    with session_scope(engine) as session:
        write_seed(session, seed or small_seed())
    return engine


def write_seed_files(seed: Seed, folder: Path) -> Path:
    """Write `seed` as the CSV files `python -m atlas init` reads; returns `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for filename, model in SEED_FILES:
        records = getattr(seed, filename.removesuffix(".csv"))
        with (folder / filename).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(model.model_fields))
            writer.writeheader()
            for record in records:
                row = record.model_dump()
                writer.writerow(
                    {
                        key: ";".join(value) if isinstance(value, list) else value
                        for key, value in row.items()
                    }
                )
    return folder


def image_bytes(image_format: str = "PNG", shade: int = 0, size: tuple[int, int] = (4, 3)) -> bytes:
    """A small real image in `image_format` (PNG, JPEG, WEBP, GIF…); another `shade` gives
    other bytes."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (shade % 256, 80, 160)).save(buffer, image_format)
    return buffer.getvalue()


def jrc_signatory(organisation_id, name, country, lat, lon, **extra) -> dict:
    """One row of the JRC signatories table in its published layout, `mayor` included;
    `extra` sets population, c2030, adapt or group."""
    row = {
        "organisation_id": organisation_id,
        "organisation_name": name,
        "coordinator_name": "-",
        "supporter_name": "-",
        "country_code": country,
        "country_name": "-",
        "population_adhesion": extra.pop("population", "-"),
        "organisation_latitude": lat,
        "organisation_longitude": lon,
        "group_organisation_id": "-",
        "group_name": "-",
        "commitment_CoM2020_flag": True,
        "commitment_CoM2030_flag": extra.pop("c2030", False),
        "commitment_CoM2050_flag": False,
        "commitment_mayoradapt_flag": extra.pop("adapt", False),
        "adhesion_type": "As an individual signatory",
        "signatory_status": "published",
        "date_of_adhesion": pd.Timestamp("2012-03-01"),
        "action_plan_expected": False,
        "group_profile": extra.pop("group", False),
        "gcom_id": f"X{organisation_id}",
        "mayor": "A Private Person",
    }
    if extra:
        raise TypeError(f"unknown fields: {sorted(extra)}")
    return row


def write_jrc_table(path: Path, rows: list[dict]) -> Path:
    """Write `rows` (`jrc_signatory`) as the JRC .xlsx: sheet "1" and a README sheet."""
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame(rows).to_excel(writer, sheet_name="1", index=False)
        pd.DataFrame({"about": ["licence CC BY 4.0"]}).to_excel(writer, sheet_name="README")
    return path
