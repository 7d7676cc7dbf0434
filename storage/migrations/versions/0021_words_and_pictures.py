"""words and pictures (issue 15.4)

A case's Words and Pictures story, in versions like the plan (a draft, then agreed by the
parents and frozen), and its parts, each with text and a re-encoded drawing. Both hang from
the case, so they are exported and destroyed with it.

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _coded(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=False, length=40)


def upgrade() -> None:
    op.create_table(
        'words_pictures_stories',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('status', _coded('draft', 'agreed', 'submitted', 'approved',
                                   name='planstatus'), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('agreed_by', sa.Text(), nullable=False),
        sa.Column('agreed_on', sa.Date(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_words_pictures_stories_case_id_cases'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_words_pictures_stories')),
        sa.UniqueConstraint('case_id', 'number', name='uq_words_pictures_stories_case_number'),
    )
    op.create_index(op.f('ix_words_pictures_stories_case_id'), 'words_pictures_stories',
                    ['case_id'])
    op.create_table(
        'words_pictures_parts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('story_id', sa.Integer(), nullable=False),
        sa.Column('kind', _coded('worried', 'happened', 'safe_now', 'talk_to', 'more',
                                 name='storypart'), nullable=False),
        sa.Column('heading', sa.Text(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('media_type', sa.String(length=20), nullable=True),
        sa.Column('picture', sa.LargeBinary(), nullable=True),
        sa.Column('width', sa.Integer(), nullable=True),
        sa.Column('height', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['story_id'], ['words_pictures_stories.id'],
                                name=op.f('fk_words_pictures_parts_story_id_words_pictures_stories'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_words_pictures_parts')),
    )
    op.create_index(op.f('ix_words_pictures_parts_story_id'), 'words_pictures_parts',
                    ['story_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_words_pictures_parts_story_id'), table_name='words_pictures_parts')
    op.drop_table('words_pictures_parts')
    op.drop_index(op.f('ix_words_pictures_stories_case_id'),
                  table_name='words_pictures_stories')
    op.drop_table('words_pictures_stories')
