"""The digest's numbers: frozen values, one week's and the previous week's side by side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Pair:
    """A number this week and the week before; ``change`` is None when either is unknown."""

    now: float | None
    before: float | None

    @property
    def change(self) -> float | None:
        if self.now is None or self.before is None:
            return None
        return self.now - self.before

    @property
    def change_pct(self) -> float | None:
        if self.change is None or not self.before:
            return None
        return self.change / self.before * 100


@dataclass(frozen=True, slots=True)
class PostEngagement:
    platform: str
    chat_id: int
    post_id: int
    text: str
    published_at: datetime
    likes: int
    reposts: int
    comments: int
    views: int | None
    followers: int | None
    link: str | None

    @property
    def interactions(self) -> int:
        return self.likes + self.reposts + self.comments

    @property
    def er_post(self) -> float | None:
        """ERpost = (likes + reposts + comments) / followers × 100."""
        return self.interactions / self.followers * 100 if self.followers else None

    @property
    def er_view(self) -> float | None:
        """ERview = interactions / views × 100, only where the platform reports views."""
        return self.interactions / self.views * 100 if self.views else None


@dataclass(frozen=True, slots=True)
class Commenter:
    platform: str
    author_id: int
    name: str
    comments: int


@dataclass(frozen=True, slots=True)
class WeekNumbers:
    """Everything measured over one week (local Monday 00:00 to the next Monday)."""

    comments: int
    by_platform: dict[str, int]
    by_source: dict[str, int]
    sentiment: dict[str, int]
    active: int
    new: int
    returning: int
    joins: int
    leaves: int
    reactions: int
    vk_likes: int
    vk_reposts: int
    vk_views: int
    followers: int | None
    posts: tuple[PostEngagement, ...]
    top_commenters: tuple[Commenter, ...]
    negatives: int
    answered: int
    resolved: int
    still_open: int
    open_links: tuple[str, ...]
    response_median: float | None  # seconds from the comment to the first answer
    response_p90: float | None
    daily: dict[date, dict[str, int]]  # local day → platform → comments
    heat: tuple[tuple[int, ...], ...]  # [weekday 0=Mon][local hour] → comments

    @property
    def net_growth(self) -> int:
        return self.joins - self.leaves

    @property
    def discussion_replies(self) -> int:
        return self.by_source.get("discussion", 0)

    @property
    def er_post(self) -> float | None:
        """The mean ERpost over the week's posts whose followers are known."""
        return _mean([p.er_post for p in self.posts])

    @property
    def er_view(self) -> float | None:
        return _mean([p.er_view for p in self.posts])

    @property
    def busiest_hours(self) -> list[tuple[int, int]]:
        """The three local hours with the most comments, over all days: (hour, comments)."""
        totals = [sum(day[h] for day in self.heat) for h in range(24)]
        ranked = sorted(range(24), key=lambda h: (-totals[h], h))
        return [(h, totals[h]) for h in ranked[:3] if totals[h]]


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


# The numbers a digest compares week over week (name → how to read it from WeekNumbers).
COMPARED = (
    "comments", "active", "new", "returning", "joins", "leaves", "net_growth", "reactions",
    "discussion_replies", "vk_likes", "vk_reposts", "vk_views", "followers", "er_post",
    "er_view", "negatives", "answered", "resolved", "still_open", "response_median",
    "response_p90",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Digest:
    community: str
    name: str
    language: str
    week: str
    start: datetime
    end: datetime
    now: WeekNumbers
    before: WeekNumbers

    def pair(self, name: str) -> Pair:
        return Pair(getattr(self.now, name), getattr(self.before, name))

    def pairs(self) -> dict[str, Pair]:
        return {name: self.pair(name) for name in COMPARED}

    def platform_pair(self, platform: str) -> Pair:
        return Pair(self.now.by_platform.get(platform, 0), self.before.by_platform.get(platform, 0))

    def sentiment_pair(self, label: str) -> Pair:
        return Pair(self.now.sentiment.get(label, 0), self.before.sentiment.get(label, 0))
