"""consultant path

(Placeholder: filled in by the work on issue 13 (consultant path). A migration with nothing to do upgrades and
downgrades as a no-op.)

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
