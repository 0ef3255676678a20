"""A small community on both emulators, and the publish job wired to them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.vk.client import RetryPolicy, VKClient
from bot.vk.publisher import PhotoLoader, VKPublisher
from config.settings import Community
from scheduler.ports import PostContent
from scheduler.publishing import PublishJob
from scheduler.store import NewPost, add_posts
from storage.models import PublicationRow

if TYPE_CHECKING:  # aiogram takes seconds to import: crash-test children for VK skip it
    from aiogram import Bot

    from bot.emulators.telegram import TelegramEmulator

CHANNEL_ID = -1001234567890
MANAGERS_ID = -1005550000001
GROUP_ID = 1001
VK_OWNER = -GROUP_ID
VK_TOKEN = "vk-test-token"
START = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def community(**changes: object) -> Community:
    data: dict = {
        "id": "acme",
        "name": "Acme",
        "language": "en",
        "timezone": "Europe/Berlin",
        "managers": [42],
        "managers_chat_id": MANAGERS_ID,
        "telegram_chats": [{"id": CHANNEL_ID, "kind": "channel", "username": "acme_news"}],
        "vk": {"group_id": GROUP_ID, "token": VK_TOKEN},
    }
    data.update(changes)
    return Community.model_validate(data)


def telegram_world(emu: TelegramEmulator) -> None:
    emu.add_chat("channel", "Acme News", chat_id=CHANNEL_ID, username="acme_news")
    emu.add_chat("supergroup", "Acme managers", chat_id=MANAGERS_ID)
    for chat in (CHANNEL_ID, MANAGERS_ID):
        emu.set_member(chat, emu.bot_id, "administrator")


def make_bot(base_url: str, token: str) -> Bot:
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    return Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(base_url)))


async def _no_wait(_seconds: float) -> None:
    return None


def vk_publisher(base_url: str, *, photo_loader: PhotoLoader | None = None) -> VKPublisher:
    from bot.vk.transport import make_session

    client = VKClient(
        VK_TOKEN,
        session=make_session(base_url),
        sleep=_no_wait,
        policy=RetryPolicy(busy_delays=(0, 0), flood_delays=(0,)),
    )
    return VKPublisher({GROUP_ID: client}, photo_loader=photo_loader)


def publishers(bot: Bot | None, vk_base: str | None) -> dict:
    found: dict[str, Any] = {}
    if bot is not None:
        from bot.telegram.publisher import TelegramPublisher

        found["telegram"] = TelegramPublisher(bot)
    if vk_base is not None:
        found["vk"] = vk_publisher(vk_base)
    return found


def make_job(sessions, comm: Community, pubs: dict, desk, clock, **options) -> PublishJob:
    return PublishJob(sessions, {comm.id: comm}, pubs, desk, clock, **options)


async def plan(
    sessions: async_sessionmaker[AsyncSession],
    text: str,
    at: datetime,
    targets: tuple[str, ...] = (f"telegram:{CHANNEL_ID}",),
    **content: object,
) -> int:
    post = NewPost("acme", PostContent(text, **content), targets, "Europe/Berlin", run_at=at)
    async with sessions() as session, session.begin():
        (post_id,) = await add_posts(session, [post], at)
    return post_id


async def states(sessions: async_sessionmaker[AsyncSession]) -> list[tuple[str, str]]:
    async with sessions() as session:
        rows = await session.scalars(select(PublicationRow).order_by(PublicationRow.id))
        return [(r.platform, r.state) for r in rows.all()]


class FakePublisher:
    """Records what would be published; ids count up from 1."""

    def __init__(self, platform: str = "telegram", *, can_verify: bool = False) -> None:
        self.platform = platform
        self.can_verify = can_verify
        self.sent: list[tuple[PostContent, int]] = []

    async def publish(self, post: PostContent, chat_id: int, *, key: str):
        from scheduler.ports import Published

        self.sent.append((post, chat_id))
        return Published((len(self.sent),))

    async def find_published(self, post, chat_id, *, key, since):
        return None
