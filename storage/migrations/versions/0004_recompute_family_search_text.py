"""recompute family search text (punctuation as space, compact variants)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 21:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sofs_core.text import family_search_text

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    families = connection.execute(sa.text("SELECT id, name FROM families")).all()
    for family_id, name in families:
        members = connection.execute(
            sa.text("SELECT first_name, last_name FROM persons WHERE family_id = :id "
                    "ORDER BY id"), {"id": family_id}
        ).all()
        connection.execute(
            sa.text("UPDATE families SET search_text = :text WHERE id = :id"),
            {"text": family_search_text(name, [f"{f} {l}" for f, l in members]), "id": family_id},
        )


def downgrade() -> None:
    # The older format is only less complete; searching still works with the new one.
    pass
