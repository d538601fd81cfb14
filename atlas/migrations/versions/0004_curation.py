"""Curation: record versions and soft deletion, the practice review workflow, images stored
by content hash, and the change history.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

CURATED = ("projects", "cities", "memberships", "practices")


def upgrade() -> None:
    # Plain ADD COLUMN, never a table rebuild: on SQLite with foreign keys on, dropping the
    # old table of a rebuild would cascade-delete the rows that reference it.
    for table in CURATED:
        op.add_column(
            table, sa.Column("version", sa.Integer(), nullable=False, server_default="1")
        )
        op.add_column(table, sa.Column("deleted_at", sa.DateTime(), nullable=True))
    # Practices already in the store were public: they stay published.
    op.add_column(
        "practices",
        sa.Column("review_state", sa.String(20), nullable=False, server_default="published"),
    )
    op.add_column("practices", sa.Column("review_comment", sa.Text(), nullable=True))
    op.create_index("ix_practices_review_state", "practices", ["review_state"])
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "practice_images",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "practice_id",
            sa.Integer(),
            sa.ForeignKey("practices.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "sha256",
            sa.String(64),
            sa.ForeignKey("blobs.sha256", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.UniqueConstraint("practice_id", "sha256"),
    )
    op.create_index("ix_practice_images_practice_id", "practice_images", ["practice_id"])
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(500), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
    )
    op.create_index("ix_changes_at", "changes", ["at"])
    op.create_index("ix_changes_record", "changes", ["kind", "record_id"])


def downgrade() -> None:
    op.drop_table("changes")
    op.drop_table("practice_images")
    op.drop_table("blobs")
    op.drop_index("ix_practices_review_state", table_name="practices")
    # Plain DROP COLUMN (SQLite 3.35+, PostgreSQL), for the reason given in upgrade().
    for table, column in [
        ("practices", "review_comment"),
        ("practices", "review_state"),
        *((table, column) for table in CURATED for column in ("deleted_at", "version")),
    ]:
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
