"""Managers' corrections become labels: agreement per community, and training rows."""

from __future__ import annotations

import asyncio
import json

from bot.cli import main
from handlers.events import ManagerActed, MissedNegative
from moderation.feedback import agreement, load_labels
from tests.fakes import MANAGER, KeywordClassifier, comment


async def _label_two(world):
    build, _desk, _outbox, clock, database = world
    pipeline = build()
    stored = await pipeline.handle([comment(1, "ужас как вкусно"), comment(2, "Где мой заказ?")])
    await pipeline.command(
        ManagerActed("cafe", stored[0].flag_id, "not_negative", MANAGER, clock.now())
    )
    await pipeline.command(MissedNegative("cafe", "telegram", -100, 2, MANAGER, clock.now()))
    return database


async def test_labels_and_agreement_per_community(world):
    database = await _label_two(world)
    labels = await load_labels(database.sessions)
    assert [(label.text, label.label) for label in labels] == [
        ("ужас как вкусно", "neutral"),
        ("Где мой заказ?", "negative"),
    ]
    report = agreement(labels, lambda _community: KeywordClassifier())
    assert report == {
        "cafe": {"n": 2, "agree": 0, "missed_negatives": 1, "false_flags": 1, "agreement": 0.0}
    }


async def test_eval_feedback_command_reads_the_database(world, monkeypatch, capsys):
    database = await _label_two(world)
    monkeypatch.setenv("OTKLIK_DATABASE_URL", database.url)
    if database.schema:
        monkeypatch.setenv("OTKLIK_DATABASE_SCHEMA", database.schema)
    monkeypatch.setenv("OTKLIK_COMMUNITIES_FILE", "/nonexistent/communities.yaml")
    code = await asyncio.to_thread(main, ["eval", "--feedback", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["cafe"]["n"] == 2
