"""ISO weeks in a community's time zone: "2026-W47" → the local Monday 00:00 to next Monday."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class BadWeek(ValueError):
    """Not an ISO week like 2026-W47."""


@dataclass(frozen=True, slots=True)
class Week:
    year: int
    number: int
    tz: ZoneInfo

    @classmethod
    def parse(cls, text: str, tz: ZoneInfo) -> Week:
        match = _WEEK.match(text.strip())
        if not match:
            raise BadWeek(f"expected an ISO week like 2026-W47, got {text!r}")
        year, number = int(match[1]), int(match[2])
        try:
            date.fromisocalendar(year, number, 1)
        except ValueError as exc:
            raise BadWeek(f"{text!r}: {exc}") from exc
        return cls(year, number, tz)

    @classmethod
    def containing(cls, day: date, tz: ZoneInfo) -> Week:
        iso = day.isocalendar()
        return cls(iso.year, iso.week, tz)

    @classmethod
    def previous_of(cls, now: datetime, tz: ZoneInfo) -> Week:
        """The last complete Monday–Sunday week before ``now`` (in the community's zone)."""
        return cls.containing(now.astimezone(tz).date(), tz).previous()

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]

    @property
    def start(self) -> datetime:
        """The local Monday midnight, in UTC."""
        return datetime.combine(self.monday, time(0), self.tz).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """Exclusive: the next local Monday midnight, in UTC (DST changes are respected)."""
        return datetime.combine(self.monday + timedelta(days=7), time(0), self.tz).astimezone(UTC)

    def previous(self) -> Week:
        return Week.containing(self.monday - timedelta(days=7), self.tz)

    def __str__(self) -> str:
        return self.label
