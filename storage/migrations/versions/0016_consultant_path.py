"""consultant path: the case's consultant as an account

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consultant_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_cases_consultant_id_users'),
                                    'users', ['consultant_id'], ['id'], ondelete='SET NULL')
    # A case already shared with the consultant whose name was typed: that is her account.
    op.execute(sa.text(
        "UPDATE cases SET consultant_id = (SELECT users.id FROM users JOIN case_shares"
        " ON case_shares.user_id = users.id WHERE case_shares.case_id = cases.id"
        " AND users.display_name = cases.consultant_name ORDER BY users.id LIMIT 1)"
        " WHERE consultant_name <> ''"))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_consultant_id_users'), type_='foreignkey')
        batch_op.drop_column('consultant_id')
