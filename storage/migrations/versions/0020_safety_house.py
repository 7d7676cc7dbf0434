"""safety house (issue 15.2): a child's Safety House per case

One living Safety House per child in a case (it hangs from the case, so it is exported and
destroyed with it), with its people, rules on the roof, steps on the path, red zone and
safety object as items that carry whether the child shares them.

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _coded(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=False, length=40)


PARTS = ('inside', 'visitor', 'roof_rule', 'path_step', 'red_zone', 'safety_object')
SHARING = ('share', 'later_own_words', 'private')
RESTRICTION = ('none', 'third_party', 'confidential', 'court')


def upgrade() -> None:
    op.create_table(
        'safety_houses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('path_position', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('path_position >= 0 AND path_position <= 10',
                           name=op.f('ck_safety_houses_path_position_0_10')),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_safety_houses_case_id_cases'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['child_id'], ['persons.id'],
                                name=op.f('fk_safety_houses_child_id_persons'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_houses')),
        sa.UniqueConstraint('case_id', 'child_id', name='uq_safety_houses_case_child'),
    )
    op.create_index(op.f('ix_safety_houses_case_id'), 'safety_houses', ['case_id'])
    op.create_index(op.f('ix_safety_houses_child_id'), 'safety_houses', ['child_id'])
    op.create_table(
        'safety_house_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('house_id', sa.Integer(), nullable=False),
        sa.Column('part', _coded(*PARTS, name='safetyhousepart'), nullable=False),
        sa.Column('words', sa.Text(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('done', sa.Boolean(), nullable=False),
        sa.Column('sharing', _coded(*SHARING, name='sharing'), nullable=False),
        sa.Column('restriction', _coded(*RESTRICTION, name='restriction'),
                  server_default='none', nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['house_id'], ['safety_houses.id'],
                                name=op.f('fk_safety_house_items_house_id_safety_houses'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['persons.id'],
                                name=op.f('fk_safety_house_items_person_id_persons'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_house_items')),
    )
    op.create_index(op.f('ix_safety_house_items_house_id'), 'safety_house_items',
                    ['house_id'])
    op.create_index(op.f('ix_safety_house_items_person_id'), 'safety_house_items',
                    ['person_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_safety_house_items_person_id'), table_name='safety_house_items')
    op.drop_index(op.f('ix_safety_house_items_house_id'), table_name='safety_house_items')
    op.drop_table('safety_house_items')
    op.drop_index(op.f('ix_safety_houses_child_id'), table_name='safety_houses')
    op.drop_index(op.f('ix_safety_houses_case_id'), table_name='safety_houses')
    op.drop_table('safety_houses')
