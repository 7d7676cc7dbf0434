"""safety house (issue 15.2)

(Placeholder: filled in by the work on issue 15. A migration with nothing to do upgrades and
downgrades as a no-op.)

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
