"""Content plan files: the whole file is checked first; one bad row imports nothing."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from scheduler.plan import PlanError, import_plan, load_plan
from storage.models import ScheduledPostRow
from tests.scheduler.helpers import CHANNEL_ID, VK_OWNER, community

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
COMMUNITIES = {"acme": community()}

GOOD_YAML = """\
posts:
  - community: acme
    text: "<b>Monday news</b>"
    every: every Monday 10:00
    until: 2027-01-31
  - community: acme
    text: Sale starts
    at: "2026-12-01 09:00"
    targets: [telegram, vk]
    pin: true
    link_preview: false
"""

BAD_YAML = """\
posts:
  - community: acme
    text: fine
    at: "2026-12-01 09:00"
  - community: acme
    text: "<b>broken"
    at: "2026-12-02 09:00"
  - community: acme
    text: fine again
    every: sometimes
"""


async def _count(database) -> int:
    async with database.sessions() as session:
        return await session.scalar(select(func.count()).select_from(ScheduledPostRow))


async def test_good_yaml_imports_every_row(database, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD_YAML, encoding="utf-8")
    ids = await import_plan(database.sessions, path, COMMUNITIES, NOW)
    assert len(ids) == 2
    async with database.sessions() as session:
        weekly, sale = (await session.scalars(select(ScheduledPostRow))).all()
    assert weekly.cron == "0 10 * * mon" and weekly.until.date().isoformat() == "2027-01-31"
    assert weekly.targets == json.dumps([f"telegram:{CHANNEL_ID}", f"vk:{VK_OWNER}"])
    # 09:00 in Berlin (UTC+1 in December) is 08:00 UTC.
    assert sale.run_at == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert sale.pin and not sale.link_preview
    assert weekly.created_by == "plan.yaml:2"


async def test_one_bad_row_imports_nothing_and_names_its_line(database, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(BAD_YAML, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        await import_plan(database.sessions, path, COMMUNITIES, NOW)
    problems = caught.value.problems
    assert len(problems) == 2
    assert problems[0].startswith(f"{path}:5: ") and "never closed" in problems[0]
    assert problems[1].startswith(f"{path}:8: ") and "sometimes" in problems[1]
    assert await _count(database) == 0


def test_csv_rows_are_checked_with_their_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "community,text,at,every,targets,photos\n"
        "acme,Hello,2026-12-01 10:00,,telegram,\n"
        "acme,Old news,2020-01-01 10:00,,,\n"
        "nobody,Who?,2026-12-01 10:00,,,\n"
        "acme,Album,2026-12-01 10:00,,vk,missing.jpg\n"
        "acme,Weekly,,weekdays 18:00,telegram:@acme_news,\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanError) as caught:
        load_plan(path, COMMUNITIES, NOW)
    lines = [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in caught.value.problems]
    assert lines == ["3", "4", "5"]
    assert "in the past" in caught.value.problems[0]
    assert "unknown community" in caught.value.problems[1]
    assert "photo file not found" in caught.value.problems[2]


def test_targets_and_limits(tmp_path: Path) -> None:
    photos = []
    for n in range(11):
        (tmp_path / f"{n}.jpg").write_bytes(b"x")
        photos.append(f"{n}.jpg")
    path = tmp_path / "plan.yaml"
    rows = [
        {"community": "acme", "text": "x", "at": "2026-12-01 10:00", "targets": ["telegram:-1"]},
        {"community": "acme", "text": "x", "at": "2026-12-01 10:00", "photos": photos},
        {"community": "acme", "text": "x" * 1025, "at": "2026-12-01 10:00", "photos": photos[:1]},
        {"community": "acme", "text": "x", "at": "2026-12-01 10:00", "colour": "red"},
    ]
    path.write_text(json.dumps({"posts": rows}), encoding="utf-8")  # JSON is YAML
    with pytest.raises(PlanError) as caught:
        load_plan(path, COMMUNITIES, NOW)
    text = "\n".join(caught.value.problems)
    assert "does not belong" in text and "at most 10 photos" in text
    assert "longer than 1024" in text and "colour" in text


async def test_cli_import_list_cancel(database, tmp_path: Path, monkeypatch, capsys) -> None:
    communities = tmp_path / "communities.yaml"
    communities.write_text(
        json.dumps({"communities": [community().model_dump(mode="json") | {"vk": None}]}),
        encoding="utf-8",
    )
    monkeypatch.setenv("OTKLIK_COMMUNITIES_FILE", str(communities))
    monkeypatch.setenv("OTKLIK_DATABASE_URL", database.url)
    if database.schema:
        monkeypatch.setenv("OTKLIK_DATABASE_SCHEMA", database.schema)
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_YAML, encoding="utf-8")
    assert await asyncio.to_thread(main, ["plan", "import", str(bad)]) == 1
    assert "bad.yaml:5" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_text("text,every\nWeekly hello,every Friday 17:00\n", encoding="utf-8")
    assert await asyncio.to_thread(main, ["plan", "import", str(good), "--community", "acme"]) == 0
    assert "imported 1 post(s): #1" in capsys.readouterr().out
    assert await asyncio.to_thread(main, ["plan", "list"]) == 0
    listed = capsys.readouterr().out
    assert "#1 acme active next" in listed and "17:00" in listed and "Weekly hello" in listed
    assert await asyncio.to_thread(main, ["plan", "cancel", "1"]) == 0
    assert await asyncio.to_thread(main, ["plan", "cancel", "1"]) == 2
    assert await asyncio.to_thread(main, ["plan", "list"]) == 0
    assert "nothing planned" in capsys.readouterr().out
