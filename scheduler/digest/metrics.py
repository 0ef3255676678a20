"""One week's numbers from the rollups and the small tables (flags, members, posts): the cost
grows with hours, authors per day and posts in the week, never with every comment."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from config.settings import Community
from scheduler.digest.numbers import Commenter, Digest, PostEngagement, WeekNumbers
from scheduler.digest.week import Week
from storage.models import (
    ActivityRollupRow,
    AuthorSeenRow,
    AuthorWeekRow,
    CommentRow,
    FlagRow,
    MemberCountRow,
    MemberEventRow,
    PostCommentRollupRow,
    PostRow,
    ReactionCountRow,
    ReactionRow,
)

TOP_COMMENTERS = 5
OPEN_LINKS = 5


async def build_digest(session: AsyncSession, community: Community, week: Week) -> Digest:
    now = await week_numbers(session, community.id, week)
    before = await week_numbers(session, community.id, week.previous())
    return Digest(
        community.id, community.name, community.language, week.label,
        week.start, week.end, now, before,
    )  # fmt: skip


async def week_numbers(session: AsyncSession, community: str, week: Week) -> WeekNumbers:
    by_platform, by_source, sentiment, daily, heat = await _activity(session, community, week)
    active, new = await _commenters(session, community, week)
    flags = await _flags(session, community, week)
    members = await _members(session, community, week)
    followers = await _followers(session, community, week.days[-1])
    posts = await _posts(session, community, week, followers)
    vk = [p for p in posts if p.platform == "vk"]
    return WeekNumbers(
        comments=sum(by_platform.values()),
        by_platform=by_platform,
        by_source=by_source,
        sentiment=sentiment,
        active=active,
        new=new,
        returning=active - new,
        joins=members.get("join", 0),
        leaves=members.get("leave", 0),
        reactions=await _reactions(session, community, week),
        vk_likes=sum(p.likes for p in vk),
        vk_reposts=sum(p.reposts for p in vk),
        vk_views=sum(p.views or 0 for p in vk),
        followers=sum(followers.values()) if followers else None,
        posts=tuple(sorted(posts, key=_rank)),
        top_commenters=await _top_commenters(session, community, week),
        **flags,
        daily=daily,
        heat=heat,
    )


async def _activity(session: AsyncSession, community: str, week: Week) -> tuple:
    r = ActivityRollupRow
    rows = await session.execute(
        select(r.hour, r.platform, r.source, r.label, r.n).where(
            r.community == community, r.hour >= week.start, r.hour < week.end
        )
    )
    by_platform: dict[str, int] = defaultdict(int)
    by_source: dict[str, int] = defaultdict(int)
    sentiment: dict[str, int] = defaultdict(int)
    daily: dict[date, dict[str, int]] = {day: {} for day in week.days}
    heat = [[0] * 24 for _ in range(7)]
    for hour, platform, source, label, n in rows:
        by_platform[platform] += n
        by_source[source] += n
        sentiment[label] += n
        local = hour.astimezone(week.tz)
        day = daily.setdefault(local.date(), {})
        day[platform] = day.get(platform, 0) + n
        heat[local.weekday()][local.hour] += n
    return dict(by_platform), dict(by_source), dict(sentiment), daily, tuple(map(tuple, heat))


async def _commenters(session: AsyncSession, community: str, week: Week) -> tuple[int, int]:
    w, s = AuthorWeekRow, AuthorSeenRow
    active = await session.scalar(
        select(func.count()).where(w.community == community, w.week == week.label)
    )
    new = await session.scalar(
        select(func.count()).where(
            s.community == community, s.first_seen_at >= week.start, s.first_seen_at < week.end
        )
    )
    return active or 0, new or 0


async def _top_commenters(
    session: AsyncSession, community: str, week: Week
) -> tuple[Commenter, ...]:
    w, s = AuthorWeekRow, AuthorSeenRow
    rows = await session.execute(
        select(w.platform, w.author_id, s.name, w.n)
        .outerjoin(
            s,
            and_(s.community == w.community, s.platform == w.platform, s.author_id == w.author_id),
        )
        .where(w.community == community, w.week == week.label)
        .order_by(w.n.desc(), w.platform, w.author_id)
        .limit(TOP_COMMENTERS)
    )
    return tuple(Commenter(p, a, name or str(a), int(n)) for p, a, name, n in rows)


async def _flags(session: AsyncSession, community: str, week: Week) -> dict[str, object]:
    """Counts by status, open links, and first-response percentiles over the week's flags."""
    f, c = FlagRow, CommentRow
    in_week = (f.community == community, f.created_at >= week.start, f.created_at < week.end)
    by_status = select(f.status, func.count()).where(*in_week).group_by(f.status)
    counts: dict[str, int] = {status: n for status, n in await session.execute(by_status)}
    # From the flag (the card reaching the managers) to the first answer: read from the
    # covering index alone; julianday() is a float of days, so round to the millisecond.
    wait = _seconds_between(session, f.first_response_at, f.created_at)
    waits = sorted(
        round(max(0.0, float(value)), 3)
        for value in await session.scalars(
            select(wait).where(*in_week, f.first_response_at.is_not(None))
        )
    )
    links = await session.scalars(
        select(c.link)
        .select_from(f)
        .join(c, c.id == f.comment_id)
        .where(*in_week, f.status == "open", c.link.is_not(None))
        .order_by(f.id)
        .limit(OPEN_LINKS)
    )
    still_open = counts.get("open", 0)
    return {
        "negatives": sum(counts.values()),
        "answered": len(waits),
        "resolved": sum(counts.values()) - still_open,
        "still_open": still_open,
        "open_links": tuple(links),
        "response_median": percentile(waits, 50),
        "response_p90": percentile(waits, 90),
    }


def percentile(sorted_values: list[float], pct: int) -> float | None:
    """Nearest-rank percentile; the median of an even count is the mean of the middle two."""
    n = len(sorted_values)
    if not n:
        return None
    if pct == 50 and n % 2 == 0:
        return (sorted_values[n // 2 - 1] + sorted_values[n // 2]) / 2
    return sorted_values[max(1, -(-pct * n // 100)) - 1]  # rank = ceil(pct/100 × n)


def _seconds_between(session: AsyncSession, later: Any, earlier: Any) -> Any:
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


async def _members(session: AsyncSession, community: str, week: Week) -> dict[str, int]:
    m = MemberEventRow
    rows = await session.execute(
        select(m.kind, func.count())
        .where(m.community == community, m.at >= week.start, m.at < week.end)
        .group_by(m.kind)
    )
    return {kind: count for kind, count in rows}


async def _reactions(session: AsyncSession, community: str, week: Week) -> int:
    """Reactions set by people this week plus anonymous channel totals updated this week."""
    r, rc = ReactionRow, ReactionCountRow
    personal = await session.scalar(
        select(func.count()).where(
            r.community == community, r.at >= week.start, r.at < week.end, r.emojis != ""
        )
    )
    anonymous = await session.scalar(
        select(func.coalesce(func.sum(rc.count), 0)).where(
            rc.community == community, rc.at >= week.start, rc.at < week.end
        )
    )
    return int(personal or 0) + int(anonymous or 0)


async def _followers(
    session: AsyncSession, community: str, last_day: date
) -> dict[tuple[str, int], int]:
    """The latest member count of each chat, as of the week's last day (within 30 days)."""
    m = MemberCountRow
    rows = await session.execute(
        select(m.platform, m.chat_id, m.day, m.count)
        .where(m.community == community, m.day <= last_day, m.day > last_day - timedelta(30))
        .order_by(m.day)
    )
    return {(platform, chat_id): count for platform, chat_id, _, count in rows}


async def _posts(
    session: AsyncSession, community: str, week: Week, followers: dict[tuple[str, int], int]
) -> list[PostEngagement]:
    p = PostRow
    posts = (
        (
            await session.execute(
                select(p).where(
                    p.community == community,
                    p.published_at >= week.start,
                    p.published_at < week.end,
                )
            )
        )
        .scalars()
        .all()
    )
    if not posts:
        return []
    pr, rc = PostCommentRollupRow, ReactionCountRow
    # Only the week's posts: threads (Telegram discussion roots, VK wall posts) and messages.
    threads = {p.discussion_message_id if p.platform == "telegram" else p.post_id for p in posts}
    counted = {
        (platform, chat, post): n
        for platform, chat, post, n in await session.execute(
            select(pr.platform, pr.chat_id, pr.post_id, pr.n).where(
                pr.community == community, pr.post_id.in_(threads - {None})
            )
        )
    }
    reactions = {
        (chat, message): int(total)
        for chat, message, total in await session.execute(
            select(rc.chat_id, rc.message_id, func.sum(rc.count))
            .where(
                rc.community == community,
                rc.platform == "telegram",
                rc.message_id.in_({p.post_id for p in posts}),
            )
            .group_by(rc.chat_id, rc.message_id)
        )
    }
    return [_engagement(post, counted, reactions, followers) for post in posts]


def _engagement(
    post: PostRow,
    counted: dict[tuple[str, int, int], int],
    reactions: dict[tuple[int, int], int],
    followers: dict[tuple[str, int], int],
) -> PostEngagement:
    if post.platform == "telegram":
        thread = ("telegram", post.discussion_chat_id, post.discussion_message_id)
        stored_comments = counted.get(thread, 0)  # type: ignore[arg-type]
        own = reactions.get((post.chat_id, post.post_id), 0)
        likes = post.likes if post.likes is not None else own
    else:
        stored_comments = counted.get((post.platform, post.chat_id, post.post_id), 0)
        likes = post.likes or 0
    return PostEngagement(
        platform=post.platform,
        chat_id=post.chat_id,
        post_id=post.post_id,
        text=post.text,
        published_at=post.published_at,
        likes=likes,
        reposts=post.reposts or 0,
        # The platform's own counter when known (it includes comments we never saw).
        comments=post.comments if post.comments is not None else stored_comments,
        views=post.views,
        followers=followers.get((post.platform, post.chat_id)),
        link=_post_link(post),
    )


def _post_link(post: PostRow) -> str | None:
    if post.platform == "vk":
        return f"https://vk.com/wall{post.chat_id}_{post.post_id}"
    if str(post.chat_id).startswith("-100"):
        return f"https://t.me/c/{str(post.chat_id)[4:]}/{post.post_id}"
    return None


def _rank(post: PostEngagement) -> tuple:
    return (-post.interactions, -(post.views or 0), post.published_at)
