"""whose words and the consultant report

(Placeholder: filled in by the work on issue 13 (whose words and the consultant report). A migration with nothing to do upgrades and
downgrades as a no-op.)

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
