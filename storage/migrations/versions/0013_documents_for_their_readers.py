"""documents for their readers

(Placeholder: filled in by the work on issue 12. A migration with nothing to do upgrades and
downgrades as a no-op.)

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
