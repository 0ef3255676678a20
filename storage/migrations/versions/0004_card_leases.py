"""card claims are leases with an owner

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Claims taken before this revision have no lease time: they count as taken at the flag's
    # creation, as they did before.
    with op.batch_alter_table("flags") as batch:
        batch.add_column(sa.Column("card_claimed_by", sa.String(length=32), nullable=True))
        batch.add_column(
            sa.Column("card_claimed_at", storage.models.UtcDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("flags") as batch:
        batch.drop_column("card_claimed_at")
        batch.drop_column("card_claimed_by")
