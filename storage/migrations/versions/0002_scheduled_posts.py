"""scheduled posts and their publications

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "scheduled_posts",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("photos", sa.Text(), nullable=False),
        sa.Column("targets", sa.Text(), nullable=False),
        sa.Column("pin", sa.Boolean(), nullable=False),
        sa.Column("link_preview", sa.Boolean(), nullable=False),
        sa.Column("run_at", storage.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column("cron", sa.String(length=128), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("until", storage.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("materialized_until", storage.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column("created_at", storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=256), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_posts")),
    )
    with op.batch_alter_table("scheduled_posts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_scheduled_posts_community_state", ["community", "state"], unique=False
        )

    op.create_table(
        "publications",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("scheduled_post_id", _ID, nullable=False),
        sa.Column("community", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("due_at", storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", storage.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_at", storage.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column("sending_at", storage.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column("published_at", storage.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column("message_ids", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["scheduled_post_id"],
            ["scheduled_posts.id"],
            name=op.f("fk_publications_scheduled_post_id_scheduled_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
        sa.UniqueConstraint(
            "scheduled_post_id",
            "due_at",
            "platform",
            "chat_id",
            name=op.f("uq_publications_scheduled_post_id_due_at_platform_chat_id"),
        ),
    )
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.create_index("ix_publications_state_due", ["state", "due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_index("ix_publications_state_due")
    op.drop_table("publications")
    with op.batch_alter_table("scheduled_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_scheduled_posts_community_state")
    op.drop_table("scheduled_posts")
