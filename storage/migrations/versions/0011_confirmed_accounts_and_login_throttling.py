"""confirmed accounts and login throttling

Case access needs a team lead's confirmation of the account (issue 18): accounts that
exist already keep their access, so they are marked confirmed now. A password set by the
administrator is one-time. The 15-minute lockout becomes growing delays per account
(``locked_until`` is now ``throttled_until``) and per client address (a new table).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types
from sofs_core.clock import utcnow

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('login_throttles',
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('throttled_until', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('address', name=op.f('pk_login_throttles'))
    )
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttles_last_failure_at'),
                              ['last_failure_at'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('locked_until', new_column_name='throttled_until')
        batch_op.add_column(sa.Column('confirmed_at', storage.types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('unconfirmed_reason', sa.String(length=40),
                                      nullable=True))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('password_reset_at',
                                      storage.types.UTCDateTime(timezone=True), nullable=True))

    # The accounts of an existing installation had case access: keep it.
    users = sa.table('users', sa.column('confirmed_at', storage.types.UTCDateTime(timezone=True)))
    op.execute(users.update().values(confirmed_at=utcnow()))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('password_reset_at')
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('unconfirmed_reason')
        batch_op.drop_column('confirmed_by_id')
        batch_op.drop_column('confirmed_at')
        batch_op.alter_column('throttled_until', new_column_name='locked_until')

    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttles_last_failure_at'))

    op.drop_table('login_throttles')
