"""Records in several languages: a column per other language (Polish, Bulgarian) for each
translatable text, and the language each record was first written in.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The schema as of this revision, written out: atlas.multilingual may grow later.
TEXTS = {
    "practices": ("title", "summary", "results", "lessons", "transferability", "cost", "team"),
    "projects": ("name", "description"),
    "cities": ("description",),
    "topics": ("name", "description"),
}
LANGUAGES = ("pl", "bg")
WITH_ORIGINAL_LANGUAGE = ("practices", "projects", "cities")


def _columns() -> list[tuple[str, str]]:
    return [
        (table, f"{field}_{language}")
        for table, fields in TEXTS.items()
        for field in fields
        for language in LANGUAGES
    ]


def upgrade() -> None:
    # Plain ADD COLUMN, never a table rebuild (see 0004): records already stored were
    # written in English.
    for table, column in _columns():
        op.add_column(table, sa.Column(column, sa.Text(), nullable=True))
    for table in WITH_ORIGINAL_LANGUAGE:
        op.add_column(
            table,
            sa.Column("original_language", sa.String(2), nullable=False, server_default="en"),
        )


def downgrade() -> None:
    for table in WITH_ORIGINAL_LANGUAGE:
        op.execute(f"ALTER TABLE {table} DROP COLUMN original_language")
    for table, column in reversed(_columns()):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
