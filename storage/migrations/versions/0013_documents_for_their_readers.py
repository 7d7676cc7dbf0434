"""documents for their readers: a counsellor's phone, what the children call someone, a
danger statement in the family's words (and their other language), an agreement's
translation, and each child's own page of a plan version

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column) of the new texts, all empty for what is already stored.
TEXTS = (
    ('users', 'phone'),
    ('persons', 'called_by_children'),
    ('map_entries', 'family_words'),
    ('map_entries', 'family_words_translation'),
    ('plan_rules', 'translation'),
)


def upgrade() -> None:
    for table, column in TEXTS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Text(), server_default='', nullable=False))
    op.create_table('plan_children',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('worries', sa.Text(), nullable=False),
    sa.Column('next', sa.Text(), nullable=False),
    sa.Column('safety_object', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_plan_children_person_id_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['safety_plans.id'], name=op.f('fk_plan_children_plan_id_safety_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_id', 'person_id', name=op.f('pk_plan_children'))
    )
    with op.batch_alter_table('plan_children', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_children_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('plan_children', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_children_person_id'))
    op.drop_table('plan_children')
    for table, column in reversed(TEXTS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
