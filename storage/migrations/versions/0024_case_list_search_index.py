"""an index for the case list's search: a search's cases by family, covering the list

A search finds families; the list then needs, per family, its cases' status (the filter),
start date and id (the order). With these in one index the page and its count are chosen
from the index alone, without reading each case or family (issue 19: a search that finds
hundreds of families in a register of 20,000). The index starts with family_id, so it
replaces the plain family_id index.

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0024'
down_revision: str | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_family_list',
                              ['family_id', 'status', 'start_date', 'id'], unique=False)
        batch_op.drop_index('ix_cases_family_id')


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_family_id', ['family_id'], unique=False)
        batch_op.drop_index('ix_cases_family_list')
