"""Initial schema: topics, projects, cities, memberships, practices.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _provenance() -> list[sa.Column]:
    return [
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.Column("licence", sa.String(120), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "atlas_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "topics",
        sa.Column("slug", sa.String(80), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(80), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("acronym", sa.String(80), nullable=True),
        sa.Column("programme", sa.String(200), nullable=True),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.Column("website", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        *_provenance(),
    )
    op.create_table(
        "cities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(80), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("local_name", sa.String(300), nullable=True),
        sa.Column("alternate_names", sa.JSON(), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("coord_source", sa.Text(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("population_source", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("website", sa.Text(), nullable=True),
        *_provenance(),
    )
    op.create_index("ix_cities_country", "cities", ["country"])
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "city_id", sa.Integer(), sa.ForeignKey("cities.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "project_id",
            sa.Integer(),
            sa.ForeignKey("projects.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("project_role", sa.String(200), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("confidence", sa.String(10), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.UniqueConstraint("city_id", "project_id", "role"),
    )
    op.create_index("ix_memberships_city_id", "memberships", ["city_id"])
    op.create_index("ix_memberships_project_id", "memberships", ["project_id"])
    op.create_table(
        "practices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(80), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "city_id", sa.Integer(), sa.ForeignKey("cities.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("results", sa.Text(), nullable=True),
        sa.Column("cost", sa.Text(), nullable=True),
        sa.Column("duration", sa.Text(), nullable=True),
        sa.Column("team", sa.Text(), nullable=True),
        sa.Column("lessons", sa.Text(), nullable=True),
        sa.Column("transferability", sa.Text(), nullable=True),
        sa.Column("contact_organisation", sa.Text(), nullable=True),
        sa.Column("contact_url", sa.Text(), nullable=True),
        *_provenance(),
    )
    op.create_index("ix_practices_city_id", "practices", ["city_id"])
    op.create_table(
        "practice_topics",
        sa.Column(
            "practice_id",
            sa.Integer(),
            sa.ForeignKey("practices.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "topic_slug",
            sa.String(80),
            sa.ForeignKey("topics.slug", ondelete="RESTRICT"),
            primary_key=True,
        ),
    )
    op.create_table(
        "practice_projects",
        sa.Column(
            "practice_id",
            sa.Integer(),
            sa.ForeignKey("practices.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "project_id",
            sa.Integer(),
            sa.ForeignKey("projects.id", ondelete="RESTRICT"),
            primary_key=True,
        ),
    )


def downgrade() -> None:
    for table in (
        "practice_projects",
        "practice_topics",
        "practices",
        "memberships",
        "cities",
        "projects",
        "topics",
        "atlas_meta",
    ):
        op.drop_table(table)
