"""registration for the annual figures: minors, contact log, procedures, outcomes, survey

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'case_minors',
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_case_minors_case_id_cases'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['persons.id'],
                                name=op.f('fk_case_minors_person_id_persons'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('case_id', 'person_id', name=op.f('pk_case_minors')),
    )
    op.create_index(op.f('ix_case_minors_person_id'), 'case_minors', ['person_id'])
    op.create_table(
        'case_contacts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('kind', sa.Enum('face_to_face', 'phone', 'external_consultation',
                                  name='contactkind', native_enum=False,
                                  create_constraint=False, length=40), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_case_contacts_case_id_cases'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_case_contacts_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_contacts')),
    )
    op.create_index(op.f('ix_case_contacts_case_id'), 'case_contacts', ['case_id'])
    op.create_table(
        'case_procedures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('m_document', 'vist', name='procedurekind', native_enum=False,
                                  create_constraint=False, length=40), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_case_procedures_case_id_cases'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_procedures')),
    )
    op.create_index(op.f('ix_case_procedures_case_id'), 'case_procedures', ['case_id'])
    op.create_table(
        'case_outcomes',
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.Enum(
            'placement_avoided', 'crisis_resolved', 'safe_enough', 'routines_restored',
            'no_or_light_help', 'stable_housing', 'living_alone', 'work_or_day_activity',
            'balanced_finances', 'supportive_network', name='outcome', native_enum=False,
            create_constraint=False, length=40), nullable=False),
        sa.Column('reached', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_case_outcomes_case_id_cases'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('case_id', 'outcome', name=op.f('pk_case_outcomes')),
    )
    op.create_table(
        'survey_responses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('respondent', sa.Enum('parent', 'young_person', name='respondent',
                                        native_enum=False, create_constraint=False, length=40),
                  nullable=False),
        sa.Column('filled_in', sa.Boolean(), nullable=False),
        sa.Column('score_tenths', sa.Integer(), nullable=True),
        sa.Column('remarks', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_survey_responses_case_id_cases'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
    )
    op.create_index(op.f('ix_survey_responses_case_id'), 'survey_responses', ['case_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_survey_responses_case_id'), table_name='survey_responses')
    op.drop_table('survey_responses')
    op.drop_table('case_outcomes')
    op.drop_index(op.f('ix_case_procedures_case_id'), table_name='case_procedures')
    op.drop_table('case_procedures')
    op.drop_index(op.f('ix_case_contacts_case_id'), table_name='case_contacts')
    op.drop_table('case_contacts')
    op.drop_index(op.f('ix_case_minors_person_id'), table_name='case_minors')
    op.drop_table('case_minors')
