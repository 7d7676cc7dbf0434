"""drawing screen versions (issue 15: the Three Houses page shows them, never the originals)

Each child's drawing keeps, next to the re-encoded original, the version the page shows:
at most 480 pixels wide, in the original's format (PNG or JPEG), pixels only. Drawings
already stored get theirs here. The resize is written out in this file on purpose: a later
change to the app's own picture code must not change what this migration does.

Revision ID: 0023
Revises: 0022
"""

import io
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from PIL import Image

revision: str = '0023'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCREEN_WIDTH = 480


def _screen(content: bytes) -> tuple[bytes, str]:
    """The screen version of a stored drawing and its format (PNG or JPEG)."""
    with Image.open(io.BytesIO(content)) as opened:
        kind = 'PNG' if opened.format == 'PNG' else 'JPEG'
        if kind == 'JPEG':
            opened.draft('RGB', (SCREEN_WIDTH, SCREEN_WIDTH))
        opened.load()
        mode = 'RGBA' if kind == 'PNG' and 'A' in opened.getbands() else 'RGB'
        pixels = opened.convert(mode)
    if pixels.width > SCREEN_WIDTH:
        height = max(1, round(pixels.height * SCREEN_WIDTH / pixels.width))
        pixels = pixels.resize((SCREEN_WIDTH, height), Image.Resampling.LANCZOS)
    bare = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if kind == 'PNG':
        bare.save(out, format='PNG', optimize=True)
    else:
        bare.save(out, format='JPEG', quality=88)
    return out.getvalue(), kind


def upgrade() -> None:
    with op.batch_alter_table('child_drawings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('screen', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('screen_format', sa.String(length=4), nullable=True))
    connection = op.get_bind()
    drawings = sa.table('child_drawings', sa.column('id', sa.Integer()),
                        sa.column('content', sa.LargeBinary()),
                        sa.column('screen', sa.LargeBinary()),
                        sa.column('screen_format', sa.String()))
    ids = connection.execute(sa.select(drawings.c.id).order_by(drawings.c.id)).scalars().all()
    for drawing_id in ids:  # one picture in memory at a time
        content = connection.execute(sa.select(drawings.c.content)
                                     .where(drawings.c.id == drawing_id)).scalar_one()
        screen, kind = _screen(content)
        connection.execute(drawings.update().where(drawings.c.id == drawing_id)
                           .values(screen=screen, screen_format=kind))
    with op.batch_alter_table('child_drawings', schema=None) as batch_op:
        batch_op.alter_column('screen', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.alter_column('screen_format', existing_type=sa.String(length=4),
                              nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('child_drawings', schema=None) as batch_op:
        batch_op.drop_column('screen_format')
        batch_op.drop_column('screen')
