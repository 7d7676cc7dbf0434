"""meeting interactions (issue 13.4)

(Placeholder: filled in by the work on issue 13. A migration with nothing to do upgrades and
downgrades as a no-op.)

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
