"""The managers' side: card buttons, answers written as replies, and admin commands."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, ForceReply, Message, ReplyParameters, User

from bot.telegram.desk import parse_callback
from bot.telegram.directory import Directory
from bot.telegram.mapping import author_of
from bot.telegram.texts import duration, help_text, language_of, t
from handlers.events import Author, ManagerActed, ManagerReplied, MissedNegative
from handlers.pipeline import Pipeline
from storage import flags as flag_store
from storage.stats import recent_stats


def _author(user: User) -> Author:
    """The same Author the audience mapping builds from the update's JSON."""
    return author_of(user.model_dump(exclude_none=True))


class InManagersChat(Filter):
    """Async, so aiogram does not run it in a thread for every update."""

    async def __call__(self, message: Message, directory: Directory) -> bool:
        return directory.managers_chat(message.chat.id) is not None


class StaffCommandInCommunity(Filter):
    """/negative written by staff as a reply to an audience comment in a community chat."""

    async def __call__(self, message: Message, directory: Directory) -> bool:
        text = message.text or ""
        if not text.startswith("/negative") or message.reply_to_message is None:
            return False
        info = directory.chat(message.chat.id)
        return bool(info and message.from_user and message.from_user.id in info.staff)


def _lang(user: Any) -> str:
    return language_of(getattr(user, "language_code", None))


def build() -> Router:
    router = Router(name="managers")

    @router.callback_query()
    async def on_button(
        query: CallbackQuery, bot: Bot, directory: Directory, core: Pipeline
    ) -> None:
        lang = _lang(query.from_user)
        parsed = parse_callback(query.data)
        community = directory.managers_chat(query.message.chat.id) if query.message else None
        if parsed is None or community is None:
            await query.answer()
            return
        flag_id, action = parsed
        if not community.is_staff(query.from_user.id):
            await query.answer(t(lang, "outcome.refused"), show_alert=True)
            return
        if action == "reply":
            prompt = await bot.send_message(
                community.managers_chat_id,
                t(lang, "prompt.reply", flag=flag_id),
                reply_parameters=ReplyParameters(message_id=query.message.message_id),
                reply_markup=ForceReply(selective=True),
            )
            async with core.deps.sessions() as session, session.begin():
                await flag_store.set_flag(session, flag_id, prompt_message_id=prompt.message_id)
            await query.answer()
            return
        outcome = await core.command(
            ManagerActed(
                community.id,
                flag_id,
                action,
                _author(query.from_user),
                datetime.now(UTC),
            )
        )
        await query.answer(t(lang, f"outcome.{outcome.key}", detail=outcome.detail))

    @router.message(StaffCommandInCommunity())
    async def on_missed(message: Message, directory: Directory, core: Pipeline) -> None:
        info = directory.chat(message.chat.id)
        assert info is not None and message.reply_to_message is not None
        outcome = await core.command(
            MissedNegative(
                info.community,
                "telegram",
                message.chat.id,
                message.reply_to_message.message_id,
                _author(message.from_user),  # type: ignore[arg-type]
                datetime.now(UTC),
            )
        )
        if outcome.ok and outcome.detail:
            await core.intake.send_card(int(outcome.detail))

    @router.message(InManagersChat())
    async def in_managers_chat(
        message: Message, bot: Bot, directory: Directory, core: Pipeline
    ) -> None:
        community = directory.managers_chat(message.chat.id)
        assert community is not None
        user = message.from_user
        lang = _lang(user)
        text = message.text or message.caption or ""
        command = text.split(maxsplit=1)[0].split("@")[0] if text.startswith("/") else None
        replied_to = message.reply_to_message
        if command is None and (
            replied_to is None or replied_to.from_user is None or replied_to.from_user.id != bot.id
        ):
            return  # managers talking among themselves
        if user is None or not community.is_staff(user.id):
            await message.reply(t(lang, "outcome.refused"))
            return
        if command in ("/help", "/start"):
            await message.reply(help_text(lang))
        elif command == "/flags":
            await _show_flags(message, community.id, core, lang)
        elif command == "/stats":
            await _show_stats(message, community.id, core, lang)
        elif command is None and replied_to is not None:
            async with core.deps.sessions() as session:
                flag_id = await flag_store.flag_for_card_message(
                    session, community.id, replied_to.message_id
                )
            if flag_id is None:
                return
            outcome = await core.command(
                ManagerReplied(community.id, flag_id, text, _author(user), datetime.now(UTC))
            )
            if not outcome.ok:
                await message.reply(t(lang, f"outcome.{outcome.key}", detail=outcome.detail))

    return router


# /flags lists this many open flags: one message, readable on a phone.
FLAGS_LISTED = 20


async def _show_flags(message: Message, community: str, core: Pipeline, lang: str) -> None:
    async with core.deps.sessions() as session:
        cards = await flag_store.open_cards(session, community, limit=FLAGS_LISTED)
        total = (await flag_store.flag_counts(session, community)).get("open", 0)
    if not cards:
        await message.reply(t(lang, "flags.none"))
        return
    lines = [t(lang, "flags.title", count=total)]
    for card in cards:
        snippet = card.text if len(card.text) <= 80 else card.text[:80] + "…"
        spam = f" · {t(lang, 'card.spam')}" if card.spam else ""
        lines.append(f"#{card.flag_id} · {card.platform}{spam} · {card.author_name}: {snippet}")
    if total > len(cards):
        lines.append(t(lang, "flags.more", more=total - len(cards)))
    await message.reply("\n".join(lines))


async def _show_stats(message: Message, community: str, core: Pipeline, lang: str) -> None:
    since = datetime.now(UTC) - timedelta(days=7)
    async with core.deps.sessions() as session:
        stats = await recent_stats(session, community, since)
    median = duration(stats.pop("median_response_s"), lang)  # type: ignore[arg-type]
    await message.reply(t(lang, "stats", median=median, **stats))
