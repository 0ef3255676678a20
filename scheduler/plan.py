"""A content plan file (YAML or CSV) → validated posts. The whole file is checked first; one
bad row means nothing is imported, and every bad row is named by its line number.

YAML:  posts: [{community, text, photos, targets, at | every | cron, until, pin, link_preview}]
CSV:   the same columns; photos separated by "|", targets by ",".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.settings import Community
from scheduler.markup import MarkupError, check_html, to_plain
from scheduler.ports import PostContent
from scheduler.recurrence import ScheduleError, parse_local, to_cron
from scheduler.store import NewPost, add_posts
from scheduler.targets import resolve_targets

MAX_PHOTOS, MAX_TEXT, MAX_CAPTION = 10, 4096, 1024


class PlanError(Exception):
    """Every problem of a plan file, one "file:line: message" per entry."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


class PlanRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    community: str | None = None
    text: str = ""
    photos: list[str] = []
    targets: list[str] = []
    at: str | datetime | date | None = None
    every: str | None = None
    cron: str | None = None
    until: str | datetime | date | None = None
    pin: bool = False
    link_preview: bool = True

    @field_validator("photos", "targets", mode="before")
    @classmethod
    def _split(cls, value: Any, info: Any) -> Any:
        if isinstance(value, str):
            sep = "|" if info.field_name == "photos" else ","
            return [part.strip() for part in value.split(sep) if part.strip()]
        return value if value is not None else []


def read_rows(path: Path) -> list[tuple[int, Any]]:
    """(line number, raw row) for every row of a YAML or CSV plan file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        rows = []
        for raw in reader:
            cleaned = {k.strip(): v for k, v in raw.items() if k and v not in (None, "")}
            rows.append((reader.line_num, cleaned))
        return rows
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PlanError([f"{path}: not valid YAML: {exc}"]) from exc
    if isinstance(data, dict) and isinstance(data.get("posts"), list):
        items_node = next(v for k, v in node.value if k.value == "posts")
        items = data["posts"]
    elif isinstance(data, list):
        items_node, items = node, data
    else:
        raise PlanError([f"{path}: expected a 'posts' list"])
    return [(n.start_mark.line + 1, item) for n, item in zip(items_node.value, items, strict=True)]


def load_plan(
    path: Path,
    communities: Mapping[str, Community],
    now: datetime,
    *,
    default_community: str | None = None,
) -> list[NewPost]:
    """Every row of the file as a NewPost; PlanError naming every bad row otherwise."""
    try:
        rows = read_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PlanError([f"{path}: cannot read: {exc}"]) from exc
    posts: list[NewPost] = []
    problems: list[str] = []
    for line, raw in rows:
        try:
            if not isinstance(raw, dict):
                raise ValueError("a row must be a mapping of fields")
            row = PlanRow.model_validate(raw)
            posts.append(
                build_post(
                    row, communities, now, default_community, path.parent, f"{path.name}:{line}"
                )
            )
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(p) for p in error["loc"]) or "row"
                problems.append(f"{path}:{line}: {field}: {error['msg']}")
        except (ValueError, ScheduleError, MarkupError) as exc:
            problems.append(f"{path}:{line}: {exc}")
    if not rows:
        problems.append(f"{path}: the plan has no posts")
    if problems:
        raise PlanError(problems)
    return posts


def build_post(
    row: PlanRow,
    communities: Mapping[str, Community],
    now: datetime,
    default_community: str | None = None,
    base_dir: Path | None = None,
    source: str | None = None,
) -> NewPost:
    """One row checked against its community; ValueError says what is wrong."""
    name = row.community or default_community
    if name is None:
        raise ValueError("community is missing (add a column or pass --community)")
    community = communities.get(name)
    if community is None:
        raise ValueError(f"unknown community {name!r}")
    photos = tuple(_photo(ref, base_dir) for ref in row.photos)
    _check_content(row.text, photos)
    tz = community.tz
    cron = to_cron(row.every or row.cron) if (row.every or row.cron) else None
    if row.every and row.cron:
        raise ValueError("give either 'every' or 'cron', not both")
    run_at = parse_local(row.at, tz) if row.at is not None else None
    if cron is None and run_at is None:
        raise ValueError("when? give 'at' (a local time) or 'every'/'cron'")
    if cron is None and run_at is not None and run_at < now:
        local = run_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        raise ValueError(f"at {local} ({community.timezone}) is in the past")
    until = parse_local(row.until, tz, end_of_day=True) if row.until is not None else None
    if until is not None and until <= (run_at or now):
        raise ValueError("'until' is before the first publication")
    return NewPost(
        community=community.id,
        content=PostContent(row.text, photos, row.pin, row.link_preview),
        targets=resolve_targets(community, row.targets),
        timezone=community.timezone,
        run_at=run_at,
        cron=cron,
        until=until,
        created_by=source,
    )


def _photo(ref: str, base_dir: Path | None) -> str:
    if ref.startswith(("http://", "https://", "tg:")):
        return ref
    path = Path(ref).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if not path.is_file():
        raise ValueError(f"photo file not found: {ref}")
    return str(path.resolve())


def _check_content(text: str, photos: Sequence[str]) -> None:
    if not text.strip() and not photos:
        raise ValueError("a post needs text or at least one photo")
    if len(photos) > MAX_PHOTOS:
        raise ValueError(f"at most {MAX_PHOTOS} photos per post, got {len(photos)}")
    check_html(text)
    limit = MAX_CAPTION if photos else MAX_TEXT
    if len(to_plain(text)) > limit:
        raise ValueError(
            f"text is longer than {limit} characters" + (" (a photo caption)" if photos else "")
        )


async def import_plan(
    sessions: async_sessionmaker[AsyncSession],
    path: Path,
    communities: Mapping[str, Community],
    now: datetime,
    *,
    default_community: str | None = None,
) -> list[int]:
    """Validate the whole file, then store every post in one transaction; returns their ids."""
    posts = load_plan(path, communities, now, default_community=default_community)
    async with sessions() as session, session.begin():
        return await add_posts(session, posts, now)
