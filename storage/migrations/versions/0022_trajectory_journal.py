"""trajectory and safety journal (issue 15.5, 15.6)

The road to closure (how long the plan must work, the closure criteria in the family's
words, and planned steps) and the safety journal (how each agreement of an agreed plan
version went). All three hang from the case: exported and destroyed with it.

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _coded(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=False, length=40)


def upgrade() -> None:
    op.create_table(
        'trajectories',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('works_weeks', sa.Integer(), nullable=True),
        sa.Column('closure_words', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_trajectories_case_id_cases'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_trajectories')),
        sa.UniqueConstraint('case_id', name=op.f('uq_trajectories_case_id')),
    )
    op.create_table(
        'trajectory_steps',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('on_date', sa.Date(), nullable=False),
        sa.Column('kind', _coded('network_meeting', 'plan_review', 'other', name='stepkind'),
                  nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('done', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_trajectory_steps_case_id_cases'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_trajectory_steps')),
    )
    op.create_index(op.f('ix_trajectory_steps_case_id'), 'trajectory_steps', ['case_id'])
    op.create_table(
        'journal_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('rule_id', sa.Integer(), nullable=False),
        sa.Column('on_date', sa.Date(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('who_name', sa.Text(), nullable=False),
        sa.Column('kept', sa.Boolean(), nullable=False),
        sa.Column('what_happened', sa.Text(), nullable=False),
        sa.Column('source', _coded('told', 'paper', name='journalsource'), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_journal_entries_case_id_cases'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['rule_id'], ['plan_rules.id'],
                                name=op.f('fk_journal_entries_rule_id_plan_rules'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['persons.id'],
                                name=op.f('fk_journal_entries_person_id_persons'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_journal_entries_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entries')),
    )
    op.create_index(op.f('ix_journal_entries_case_id'), 'journal_entries', ['case_id'])
    op.create_index(op.f('ix_journal_entries_rule_id'), 'journal_entries', ['rule_id'])


def downgrade() -> None:
    op.drop_table('journal_entries')
    op.drop_table('trajectory_steps')
    op.drop_table('trajectories')
