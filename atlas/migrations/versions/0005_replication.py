"""Replication: the practices a practice replicates or adapts, as a link table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practice_replications",
        sa.Column(
            "practice_id",
            sa.Integer(),
            sa.ForeignKey("practices.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "original_id",
            sa.Integer(),
            sa.ForeignKey("practices.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index(
        "ix_practice_replications_original_id", "practice_replications", ["original_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_practice_replications_original_id", table_name="practice_replications")
    op.drop_table("practice_replications")
