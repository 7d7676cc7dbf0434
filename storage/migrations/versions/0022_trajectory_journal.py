"""trajectory and safety journal (issue 15.5, 15.6)

(Placeholder: filled in by the work on issue 15. A migration with nothing to do upgrades and
downgrades as a no-op.)

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
