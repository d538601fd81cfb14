"""Storage schema (SQLAlchemy 2). Alembic migrations in atlas/migrations create it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from atlas.multilingual import ENGLISH, translation_columns


class Base(DeclarativeBase):
    pass


practice_topics = Table(
    "practice_topics",
    Base.metadata,
    Column("practice_id", ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_slug", ForeignKey("topics.slug", ondelete="RESTRICT"), primary_key=True),
)

practice_projects = Table(
    "practice_projects",
    Base.metadata,
    Column("practice_id", ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="RESTRICT"), primary_key=True),
)

practice_replications = Table(
    "practice_replications",
    Base.metadata,
    Column("practice_id", ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Column("original_id", ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_practice_replications_original_id", "original_id"),
)
"""Practice `practice_id` replicates or adapts practice `original_id`."""


class ProvenanceColumns:
    source: Mapped[str] = mapped_column(Text)
    verified_on: Mapped[date | None]
    licence: Mapped[str] = mapped_column(String(120))


class CurationColumns:
    """Every curated record carries a version (raised by each saved change, so a stale copy
    is refused) and, once soft-deleted, the time of its deletion."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    deleted_at: Mapped[datetime | None]


class Meta(Base):
    """Key-value facts about the store; `revision` grows with every write."""

    __tablename__ = "atlas_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def _text_columns(kind: str, original: bool = True) -> type:
    """A mixin with the kind's texts in other languages (atlas.multilingual) and, for
    curated kinds, the record's original language; migration 0006 creates them."""
    columns: dict[str, object] = {
        name: mapped_column(Text, nullable=True) for name in translation_columns(kind)
    }
    if original:
        columns["original_language"] = mapped_column(
            String(2), nullable=False, default=ENGLISH, server_default=ENGLISH
        )
    return type(f"{kind.capitalize()}TextColumns", (), columns)


class TopicRow(_text_columns("topic", original=False), Base):
    __tablename__ = "topics"
    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)


class ProjectRow(_text_columns("project"), CurationColumns, ProvenanceColumns, Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    acronym: Mapped[str | None] = mapped_column(String(80))
    programme: Mapped[str | None] = mapped_column(String(200))
    start_year: Mapped[int | None]
    end_year: Mapped[int | None]
    website: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)


class CityRow(_text_columns("city"), CurationColumns, ProvenanceColumns, Base):
    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    local_name: Mapped[str | None] = mapped_column(String(300))
    alternate_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    country: Mapped[str] = mapped_column(String(2), index=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    coord_source: Mapped[str] = mapped_column(Text)
    population: Mapped[int | None] = mapped_column(Integer)
    population_source: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(Text)

    memberships: Mapped[list[MembershipRow]] = relationship(
        back_populates="city", cascade="all, delete-orphan"
    )


class MembershipRow(CurationColumns, Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("city_id", "project_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    project_role: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    confidence: Mapped[str] = mapped_column(String(10))
    verified_on: Mapped[date | None]

    city: Mapped[CityRow] = relationship(back_populates="memberships")
    project: Mapped[ProjectRow] = relationship()


class PracticeRow(_text_columns("practice"), CurationColumns, ProvenanceColumns, Base):
    __tablename__ = "practices"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id", ondelete="CASCADE"), index=True)
    year: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(20))
    results: Mapped[str | None] = mapped_column(Text)
    cost: Mapped[str | None] = mapped_column(Text)
    duration: Mapped[str | None] = mapped_column(Text)
    team: Mapped[str | None] = mapped_column(Text)
    lessons: Mapped[str | None] = mapped_column(Text)
    transferability: Mapped[str | None] = mapped_column(Text)
    contact_organisation: Mapped[str | None] = mapped_column(Text)
    contact_url: Mapped[str | None] = mapped_column(Text)
    review_state: Mapped[str] = mapped_column(
        String(20), default="published", server_default="published", index=True
    )
    review_comment: Mapped[str | None] = mapped_column(Text)

    city: Mapped[CityRow] = relationship()
    topics: Mapped[list[TopicRow]] = relationship(secondary=practice_topics)
    projects: Mapped[list[ProjectRow]] = relationship(secondary=practice_projects)
    replicates: Mapped[list[PracticeRow]] = relationship(
        secondary=practice_replications,
        primaryjoin=lambda: PracticeRow.id == practice_replications.c.practice_id,
        secondaryjoin=lambda: PracticeRow.id == practice_replications.c.original_id,
    )


class SignatoryRow(Base):
    """A Covenant of Mayors signatory as published by the JRC, linked to an atlas city.
    `flag` says why its point needs review (None when it looks right)."""

    __tablename__ = "signatories"
    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[str] = mapped_column(String(40), unique=True)
    gcom_id: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(500))
    commitment_2020: Mapped[bool]
    commitment_2030: Mapped[bool]
    commitment_2050: Mapped[bool]
    commitment_adaptation: Mapped[bool]
    status: Mapped[str | None] = mapped_column(String(40))
    adhesion_date: Mapped[date | None]
    population: Mapped[int | None] = mapped_column(Integer)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    flag: Mapped[str | None] = mapped_column(Text)


class UserRow(Base):
    """A staff account. Passwords are stored only as Argon2id hashes."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(10))
    disabled: Mapped[bool]
    created_at: Mapped[datetime]
    password_changed_at: Mapped[datetime]


class UserSessionRow(Base):
    """A logged-in session; only a hash of its token is stored."""

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class LoginFailureRow(Base):
    """Failed log-ins of one account from one client address, and the lock they earned."""

    __tablename__ = "login_failures"
    __table_args__ = (UniqueConstraint("account", "client"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(40))
    client: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[datetime | None]
    last_failure: Mapped[datetime]


class BlobRow(Base):
    """An uploaded file's bytes, stored once under their SHA-256 (hex)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]


class PracticeImageRow(Base):
    """An image shown with a practice, in `position` order."""

    __tablename__ = "practice_images"
    __table_args__ = (UniqueConstraint("practice_id", "sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256", ondelete="RESTRICT"))
    caption: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class ChangeRow(Base):
    """One recorded change of a curated record: who, when, what, and the record's whole
    state after it (so any earlier state can be restored)."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_record", "kind", "record_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(500))
    action: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    fields: Mapped[dict] = mapped_column(JSON)
    """{field: [old, new]} for every field the change altered."""
    state: Mapped[dict] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text)
