"""When a post goes out: one local time, a cron expression, or a friendly phrase turned into
cron. Every occurrence is computed in the community's own time zone, so 10:00 stays 10:00
local on both sides of a daylight-saving change."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

_WEEKDAYS = {
    "mon": ("monday", "понедельник", "пн"),
    "tue": ("tuesday", "вторник", "вт"),
    "wed": ("wednesday", "среда", "среду", "ср"),
    "thu": ("thursday", "четверг", "чт"),
    "fri": ("friday", "пятница", "пятницу", "пт"),
    "sat": ("saturday", "суббота", "субботу", "сб"),
    "sun": ("sunday", "воскресенье", "вс"),
}
_DAY_WORDS = {word: key for key, words in _WEEKDAYS.items() for word in (key, *words)}
_EVERY = r"(?:every|each|каждый|каждую|каждое|по)"
_TIME = r"(\d{1,2})[:.](\d{2})"
_DAILY = re.compile(rf"^(?:{_EVERY}\s+)?(?:day|daily|день|ежедневно)\s+(?:at\s+|в\s+)?{_TIME}$")
_WORKDAYS = re.compile(
    rf"^(?:{_EVERY}\s+)?(?:weekdays?|workdays?|будни|будням|рабочий день)\s+(?:at\s+|в\s+)?{_TIME}$"
)
_ON_DAYS = re.compile(rf"^(?:{_EVERY}\s+)?([a-zа-яё, ]+?)\s+(?:at\s+|в\s+)?{_TIME}$")


class ScheduleError(ValueError):
    """A time, cron expression or phrase we cannot read; the message says what is wrong."""


def friendly_to_cron(phrase: str) -> str | None:
    """ "every Monday 10:00", "каждый понедельник 10:00", "every day 09:30", "weekdays 18:00",
    "mon,thu 12:00" → a cron expression; None when the phrase is not one of these forms."""
    text = " ".join(phrase.lower().replace("ё", "е").split())
    for pattern, days in ((_DAILY, "*"), (_WORKDAYS, "mon-fri")):
        match = pattern.match(text)
        if match:
            return _cron(match.group(1), match.group(2), days)
    match = _ON_DAYS.match(text)
    if match:
        words = [w for w in re.split(r"[,\s]+|\s+и\s+|\s+and\s+", match.group(1)) if w]
        words = [w for w in words if w not in ("and", "и")]
        keys = [_DAY_WORDS.get(w.rstrip("s")) or _DAY_WORDS.get(w) for w in words]
        if words and all(keys):
            return _cron(match.group(2), match.group(3), ",".join(dict.fromkeys(keys)))  # type: ignore[arg-type]
    return None


def _cron(hour: str, minute: str, days: str) -> str:
    if int(hour) > 23 or int(minute) > 59:
        raise ScheduleError(f"no such time of day: {hour}:{minute}")
    return f"{int(minute)} {int(hour)} * * {days}"


def to_cron(rule: str) -> str:
    """A cron expression (checked) from either a cron expression or a friendly phrase."""
    cron = friendly_to_cron(rule)
    if cron is None:
        cron = " ".join(rule.split())
        if len(cron.split()) != 5:
            raise ScheduleError(
                f"{rule!r} is neither a cron expression (5 fields) nor a phrase such as "
                "'every Monday 10:00'"
            )
    trigger(cron, ZoneInfo("UTC"))
    return cron


_DOW_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _standard_weekdays(field: str) -> str:
    """Crontab numbers weekdays from Sunday = 0; APScheduler 3 from Monday = 0. Names are
    read the same by both, so numbers become names ("1-5" → "mon-fri")."""
    named = re.sub(
        r"\d+", lambda m: _DOW_NAMES[int(m.group())] if int(m.group()) < 8 else "?", field
    )
    # A range that starts on Sunday wraps in APScheduler's Monday-first week: split it.
    return re.sub(
        r"\bsun-(\w+)", lambda m: "sun" if m.group(1) == "sun" else f"sun,mon-{m.group(1)}", named
    )


def trigger(cron: str, tz: ZoneInfo) -> CronTrigger:
    fields = cron.split()
    if len(fields) == 5:
        fields[4] = _standard_weekdays(fields[4])
    try:
        return CronTrigger.from_crontab(" ".join(fields), timezone=tz)
    except ValueError as exc:
        raise ScheduleError(f"invalid cron expression {cron!r}: {exc}") from exc


def next_times(
    cron: str, tz: ZoneInfo, after: datetime, *, until: datetime | None = None, limit: int = 100
) -> list[datetime]:
    """Fire times strictly after ``after`` (at most ``limit``, none after ``until``), in UTC."""
    rule = trigger(cron, tz)
    found: list[datetime] = []
    cursor = after
    while len(found) < limit:
        fire = rule.get_next_fire_time(None, cursor + timedelta(microseconds=1))
        if fire is None or (until is not None and fire > until):
            break
        found.append(fire.astimezone(UTC))
        cursor = fire
    return found


def parse_local(
    value: str | datetime | date, tz: ZoneInfo, *, end_of_day: bool = False
) -> datetime:
    """ "2026-12-01 10:00" (or a date, or an ISO time with an offset) read in ``tz`` → UTC."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(23, 59, 59) if end_of_day else time())
    else:
        text = value.strip().replace("T", " ")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ScheduleError(
                f"cannot read {value!r} as a time (expected YYYY-MM-DD HH:MM)"
            ) from None
        if len(text) <= 10 and end_of_day:
            moment = datetime.combine(moment.date(), time(23, 59, 59))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)
