"""A VK emulator, a community configured for it, and a core with a real database."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.emulators.vk import VKEmulator
from bot.vk.runtime import VKRuntime
from config.settings import Community, Settings
from handlers.autoreply import AutoReplier
from handlers.deps import Deps
from handlers.pipeline import Pipeline
from tests.fakes import FakeDesk, KeywordClassifier

GROUP = 1001
TOKEN = "vk-test-token"


@dataclass
class Sleeps:
    """An instant sleep that remembers what it was asked to wait."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        await asyncio.sleep(0)


def vk_community(**changes: object) -> Community:
    values: dict[str, object] = {
        "id": "shop",
        "name": "Shop",
        "managers": (7,),
        "managers_chat_id": -500,
        "vk": {"group_id": GROUP, "token": TOKEN, "admins": (900,)},
        "autoreplies": {
            "cooldown_seconds": 0,
            "rules": [{"name": "delivery", "keywords": ["доставка"], "reply": "Доставка 1–2 дня."}],
        },
    }
    values.update(changes)
    return Community.model_validate(values)


def make_runtime(emu: VKEmulator, community: Community, sleeps: Sleeps, **kwargs) -> VKRuntime:
    settings = Settings(communities=(community,), _env_file=None)  # type: ignore[call-arg]
    kwargs.setdefault("wait", 5)
    return VKRuntime(settings, session_factory=emu.make_session, sleep=sleeps, **kwargs)


def make_pipeline(database, community: Community, runtime: VKRuntime, desk=None) -> Pipeline:
    deps = Deps(
        sessions=database.sessions,
        communities={community.id: community},
        classifier_for=lambda _c: KeywordClassifier(),
        desk=desk or FakeDesk(),
        outboxes={"vk": runtime.outbox},
    )
    pipeline = Pipeline(deps)
    pipeline.intake.add_after_store(AutoReplier(deps).after_store)
    return pipeline
