"""the child's voice: Three Houses and Wizards and Fairies, per child per meeting

A child's houses hang from the meeting (so from the case: exported and destroyed with it),
their words carry whether the child shares them, and the drawings are stored re-encoded.

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _coded(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=False, length=40)


SHARING = ('share', 'later_own_words', 'private')
RESTRICTION = ('none', 'third_party', 'confidential', 'court')


def upgrade() -> None:
    op.create_table(
        'child_houses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('tool', _coded('three_houses', 'wizards_and_fairies', name='voicetool'),
                  nullable=False),
        sa.Column('present', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'],
                                name=op.f('fk_child_houses_meeting_id_meetings'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['child_id'], ['persons.id'],
                                name=op.f('fk_child_houses_child_id_persons'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_child_houses')),
        sa.UniqueConstraint('meeting_id', 'child_id', 'tool',
                            name='uq_child_houses_meeting_child_tool'),
    )
    op.create_index(op.f('ix_child_houses_meeting_id'), 'child_houses', ['meeting_id'])
    op.create_index(op.f('ix_child_houses_child_id'), 'child_houses', ['child_id'])
    op.create_table(
        'child_house_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('houses_id', sa.Integer(), nullable=False),
        sa.Column('house', _coded('worries', 'good_things', 'dreams', name='housekind'),
                  nullable=False),
        sa.Column('words', sa.Text(), nullable=False),
        sa.Column('sharing', _coded(*SHARING, name='sharing'), nullable=False),
        sa.Column('restriction', _coded(*RESTRICTION, name='restriction'),
                  server_default='none', nullable=False),
        sa.Column('map_lineage', sa.String(length=32), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['houses_id'], ['child_houses.id'],
                                name=op.f('fk_child_house_items_houses_id_child_houses'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_child_house_items')),
    )
    op.create_index(op.f('ix_child_house_items_houses_id'), 'child_house_items', ['houses_id'])
    op.create_table(
        'child_drawings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('houses_id', sa.Integer(), nullable=False),
        sa.Column('media_type', sa.String(length=20), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('sharing', _coded(*SHARING, name='sharing'), nullable=False),
        sa.Column('restriction', _coded(*RESTRICTION, name='restriction'),
                  server_default='none', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['houses_id'], ['child_houses.id'],
                                name=op.f('fk_child_drawings_houses_id_child_houses'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_child_drawings')),
    )
    op.create_index(op.f('ix_child_drawings_houses_id'), 'child_drawings', ['houses_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_child_drawings_houses_id'), table_name='child_drawings')
    op.drop_table('child_drawings')
    op.drop_index(op.f('ix_child_house_items_houses_id'), table_name='child_house_items')
    op.drop_table('child_house_items')
    op.drop_index(op.f('ix_child_houses_child_id'), table_name='child_houses')
    op.drop_index(op.f('ix_child_houses_meeting_id'), table_name='child_houses')
    op.drop_table('child_houses')
