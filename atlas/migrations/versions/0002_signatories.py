"""Covenant of Mayors signatories (JRC table) linked to cities, with review flags.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signatories",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "city_id", sa.Integer(), sa.ForeignKey("cities.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("organisation_id", sa.String(40), nullable=False, unique=True),
        sa.Column("gcom_id", sa.String(40), nullable=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("commitment_2020", sa.Boolean(), nullable=False),
        sa.Column("commitment_2030", sa.Boolean(), nullable=False),
        sa.Column("commitment_2050", sa.Boolean(), nullable=False),
        sa.Column("commitment_adaptation", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(40), nullable=True),
        sa.Column("adhesion_date", sa.Date(), nullable=True),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("flag", sa.Text(), nullable=True),
    )
    op.create_index("ix_signatories_city_id", "signatories", ["city_id"])


def downgrade() -> None:
    op.drop_table("signatories")
