"""Tables. Every idempotency rule lives here as a unique key, never only in memory."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL ids are BIGINT.
Id = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite forgets the zone, so we put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: otklik stores aware UTC times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CommentRow(Base):
    __tablename__ = "comments"
    __table_args__ = (
        UniqueConstraint("platform", "chat_id", "message_id"),
        # Covers the digest's per-week aggregates without touching the table.
        Index("ix_comments_digest", "community", "created_at", "author_id", "label"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(16))
    post_id: Mapped[int | None] = mapped_column(BigInteger)
    reply_to_id: Mapped[int | None] = mapped_column(BigInteger)
    author_id: Mapped[int] = mapped_column(BigInteger)
    author_name: Mapped[str] = mapped_column(String(256))
    author_username: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    chat_title: Mapped[str | None] = mapped_column(String(256))
    link: Mapped[str | None] = mapped_column(String(512))
    from_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    edited_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    label: Mapped[str] = mapped_column(String(8))
    score: Mapped[float] = mapped_column(Float)
    negative_score: Mapped[float] = mapped_column(Float)
    language: Mapped[str] = mapped_column(String(8))
    toxic: Mapped[bool] = mapped_column(Boolean, default=False)
    spam: Mapped[bool] = mapped_column(Boolean, default=False)
    reasons: Mapped[str] = mapped_column(Text, default="")


class CommentEditRow(Base):
    """The text a comment had before each edit."""

    __tablename__ = "comment_edits"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    previous_text: Mapped[str] = mapped_column(Text)
    edited_at: Mapped[datetime] = mapped_column(UtcDateTime())


class FlagRow(Base):
    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_community_status", "community", "status"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), unique=True
    )
    community: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    card_message_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    # A claim on the card is a lease: the instance that holds it renews it while the card waits
    # in its courier; another instance takes it over only once the lease has run out.
    card_claimed_by: Mapped[str | None] = mapped_column(String(32))
    card_claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    prompt_message_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    acted_by_id: Mapped[int | None] = mapped_column(BigInteger)
    acted_by_name: Mapped[str | None] = mapped_column(String(256))
    acted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    first_response_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reply_text: Mapped[str | None] = mapped_column(Text)
    reply_message_id: Mapped[int | None] = mapped_column(BigInteger)
    ack_sent: Mapped[bool] = mapped_column(Boolean, default=False)


class ReactionRow(Base):
    """One person's current reactions on one message: replaying an update changes nothing."""

    __tablename__ = "reactions"
    __table_args__ = (UniqueConstraint("platform", "chat_id", "message_id", "user_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    emojis: Mapped[str] = mapped_column(String(256), default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class ReactionCountRow(Base):
    """Anonymous reaction totals (channels), the latest snapshot per message and emoji."""

    __tablename__ = "reaction_counts"
    __table_args__ = (UniqueConstraint("platform", "chat_id", "message_id", "emoji"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    emoji: Mapped[str] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class MemberEventRow(Base):
    __tablename__ = "member_events"
    __table_args__ = (
        UniqueConstraint("platform", "event_key"),
        Index("ix_member_events_community_at", "community", "at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    user_name: Mapped[str] = mapped_column(String(256))
    kind: Mapped[str] = mapped_column(String(8))  # join | leave
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    # The platform's event id, or one derived from the event's content when it has none.
    event_key: Mapped[str] = mapped_column(String(128))


class PostRow(Base):
    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("platform", "chat_id", "post_id"),
        Index("ix_posts_community_published", "community", "published_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    post_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column(UtcDateTime())
    discussion_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    discussion_message_id: Mapped[int | None] = mapped_column(BigInteger)
    views: Mapped[int | None] = mapped_column(Integer)
    likes: Mapped[int | None] = mapped_column(Integer)
    reposts: Mapped[int | None] = mapped_column(Integer)
    comments: Mapped[int | None] = mapped_column(Integer)
    stats_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AutoReplyRow(Base):
    """At most one automatic answer per comment, claimed before it is sent."""

    __tablename__ = "autoreplies"
    __table_args__ = (
        UniqueConstraint("platform", "chat_id", "message_id"),
        Index("ix_autoreplies_author", "community", "platform", "author_id", "at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    author_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))  # rule | greeting | ack
    rule: Mapped[str | None] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="claimed")  # claimed|sent|failed
    sent_message_id: Mapped[int | None] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class FeedbackRow(Base):
    """A manager's correction of the classifier: training and evaluation labels."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("comment_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64), index=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(8))
    predicted: Mapped[str] = mapped_column(String(8))
    by_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class StateRow(Base):
    """Small named values that must survive a restart (a VK long poll ts, ...)."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- weekly digest (scheduler/digest): rollups kept as comments arrive, and what was sent ---


class ActivityRollupRow(Base):
    """Audience comments per UTC hour, platform, source and label: the digest reads these
    (a few thousand rows a week) instead of scanning every comment."""

    __tablename__ = "activity_rollups"
    __table_args__ = (UniqueConstraint("community", "hour", "platform", "source", "label"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    hour: Mapped[datetime] = mapped_column(UtcDateTime())
    platform: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(8))
    n: Mapped[int] = mapped_column(Integer)


class AuthorWeekRow(Base):
    """How many comments one author wrote in one ISO week (the community's local week): distinct
    and top commenters grow with the week's authors, not with its comments."""

    __tablename__ = "author_weeks"
    __table_args__ = (
        UniqueConstraint("community", "week", "platform", "author_id"),
        Index("ix_author_weeks_top", "community", "week", "n"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    week: Mapped[str] = mapped_column(String(8))  # ISO week, "2026-W47"
    platform: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int] = mapped_column(BigInteger)
    n: Mapped[int] = mapped_column(Integer)


class AuthorSeenRow(Base):
    """When an author first commented in a community (new vs returning), and their last name."""

    __tablename__ = "authors_seen"
    __table_args__ = (
        UniqueConstraint("community", "platform", "author_id"),
        Index("ix_authors_seen_first", "community", "first_seen_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(256))
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PostCommentRollupRow(Base):
    """Comments under one post (Telegram: the discussion thread root; VK: the wall post)."""

    __tablename__ = "post_comment_rollups"
    __table_args__ = (UniqueConstraint("platform", "chat_id", "post_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    post_id: Mapped[int] = mapped_column(BigInteger)
    n: Mapped[int] = mapped_column(Integer)


class MemberCountRow(Base):
    """A chat's (or VK group's) member count, one snapshot per local day: followers for ERpost."""

    __tablename__ = "member_counts"
    __table_args__ = (UniqueConstraint("community", "platform", "chat_id", "day"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    day: Mapped[date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class DigestSentRow(Base):
    """One owner's digest for one ISO week, claimed before sending: never sent twice."""

    __tablename__ = "digests_sent"
    __table_args__ = (UniqueConstraint("community", "owner_id", "week"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    owner_id: Mapped[int] = mapped_column(BigInteger)
    week: Mapped[str] = mapped_column(String(8))  # ISO week, "2026-W47"
    status: Mapped[str] = mapped_column(String(16))  # claimed | sent | blocked
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    message_ids: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str | None] = mapped_column(Text)


# The digest reads flags and reactions by community and time (flags: from the index alone).
Index(
    "ix_flags_digest", FlagRow.community, FlagRow.created_at, FlagRow.status,
    FlagRow.first_response_at,
)  # fmt: skip
Index("ix_reactions_community_at", ReactionRow.community, ReactionRow.at)


class ScheduledPostRow(Base):
    """A planned post: what to publish, where, and when (once, or by a cron rule)."""

    __tablename__ = "scheduled_posts"
    __table_args__ = (Index("ix_scheduled_posts_community_state", "community", "state"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    community: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    photos: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of photo references
    targets: Mapped[str] = mapped_column(Text)  # JSON list of "telegram:<chat>" / "vk:<owner>"
    pin: Mapped[bool] = mapped_column(Boolean, default=False)
    link_preview: Mapped[bool] = mapped_column(Boolean, default=True)
    run_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cron: Mapped[str | None] = mapped_column(String(128))
    timezone: Mapped[str] = mapped_column(String(64))
    until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    state: Mapped[str] = mapped_column(String(16), default="active")  # active|done|cancelled
    # The latest occurrence already turned into publications rows.
    materialized_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str | None] = mapped_column(String(256))


class PublicationRow(Base):
    """One occurrence of a scheduled post on one target: claimed, sent and recorded once."""

    __tablename__ = "publications"
    __table_args__ = (
        UniqueConstraint("scheduled_post_id", "due_at", "platform", "chat_id"),
        Index("ix_publications_state_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    scheduled_post_id: Mapped[int] = mapped_column(
        ForeignKey("scheduled_posts.id", ondelete="CASCADE")
    )
    community: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # planned → claimed → sending → published | failed | uncertain; planned → missed | cancelled
    state: Mapped[str] = mapped_column(String(16), default="planned")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sending_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    message_ids: Mapped[str | None] = mapped_column(Text)  # JSON list of platform ids
    error: Mapped[str | None] = mapped_column(Text)
