"""words and pictures (issue 15.4)

(Placeholder: filled in by the work on issue 15. A migration with nothing to do upgrades and
downgrades as a no-op.)

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
