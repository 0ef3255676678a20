"""/schedule (a short guided dialog) and /queue (what is planned, with Preview and Cancel) in
a community's managers' chat, for its managers and owners only.

Include this router BEFORE the managers' router: that one takes every message and every
button press in the managers' chat. Its handlers need `core` (for the database sessions) and,
for the Preview button, `scheduler` (a scheduler.runtime.SchedulerRuntime) in the
dispatcher's data. FSM storage: `fsm_storage(settings)` (Redis when settings.redis_url).
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter, Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import (
    CallbackQuery,
    ErrorEvent,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.telegram.directory import Directory
from bot.telegram.schedule_texts import st
from config.settings import Community, Settings
from handlers.pipeline import Pipeline
from scheduler.markup import MarkupError
from scheduler.plan import PlanRow, build_post
from scheduler.queue import describe, queue
from scheduler.recurrence import ScheduleError
from scheduler.store import NewPost, add_posts, cancel_post
from storage.redis_outage import RedisUnavailable

PREFIX = "sch:"


def fsm_storage(settings: Settings) -> BaseStorage:
    """Dialog state kept in Redis when several instances serve one bot, else in memory."""
    if settings.redis_url:
        from bot.telegram.dialog_storage import DialogStorage

        return DialogStorage.from_url(settings.redis_url, prefix=f"{settings.redis_prefix}:fsm")
    return MemoryStorage()


class Planning(StatesGroup):
    content = State()
    targets = State()
    when = State()
    confirm = State()


class StaffCommand(Filter):
    """/<name> from a manager or owner in their community's managers' chat (async filter)."""

    def __init__(self, *names: str) -> None:
        self.names = names

    async def __call__(self, message: Message, directory: Directory) -> bool | dict[str, Any]:
        text = message.text or ""
        if (
            not text.startswith("/")
            or text.split(maxsplit=1)[0].split("@")[0][1:] not in self.names
        ):
            return False
        community = directory.managers_chat(message.chat.id)
        return {"community": community} if community is not None else False


class InDialog(Filter):
    """A message in the managers' chat while its sender is in the /schedule dialog."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def __call__(self, message: Message, state: FSMContext, directory: Directory) -> Any:
        community = directory.managers_chat(message.chat.id)
        if community is None or await state.get_state() != self.state.state:
            return False
        return {"community": community}


class OurButton(Filter):
    async def __call__(self, query: CallbackQuery, directory: Directory) -> Any:
        if not (query.data or "").startswith(PREFIX) or query.message is None:
            return False
        community = directory.managers_chat(query.message.chat.id)
        return {"community": community} if community is not None else False


def _lang(community: Community) -> str:
    return community.language


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=PREFIX + data)


def build() -> Router:
    router = Router(name="schedule")

    @router.message(StaffCommand("schedule", "cancel", "queue"))
    async def on_command(
        message: Message, community: Community, state: FSMContext, core: Pipeline
    ) -> None:
        lang = _lang(community)
        if message.from_user is None or not community.is_staff(message.from_user.id):
            await message.reply(st(lang, "refused"))
            return
        command = (message.text or "").split(maxsplit=1)[0].split("@")[0]
        if command == "/cancel":
            await state.clear()
            await message.reply(st(lang, "cancelled_dialog"))
        elif command == "/schedule":
            await state.set_state(Planning.content)
            await message.reply(st(lang, "ask_content"))
        else:
            await _show_queue(message, community, core)

    @router.message(InDialog(Planning.content))
    async def on_content(message: Message, community: Community, state: FSMContext) -> None:
        lang = _lang(community)
        text = message.html_text if (message.text or message.caption) else ""
        photos = [f"tg:{message.photo[-1].file_id}"] if message.photo else []
        try:
            _check(community, {"text": text, "photos": photos, "at": "2100-01-01 00:00"})
        except (ValueError, MarkupError) as exc:
            await message.reply(st(lang, "bad_content", why=escape(str(exc))))
            return
        await state.update_data(text=text, photos=photos)
        options = [("telegram", "Telegram")] * bool(community.telegram_chats)
        options += [("vk", "VK")] * bool(community.vk)
        if len(options) == 2:
            options.append(("telegram,vk", st(lang, "btn.both")))
        if len(options) == 1:
            await state.update_data(targets=options[0][0])
            await state.set_state(Planning.when)
            await message.reply(st(lang, "ask_time", tz=community.timezone))
            return
        await state.set_state(Planning.targets)
        keyboard = [[_button(label, f"t:{value}") for value, label in options]]
        await message.reply(
            st(lang, "ask_targets"), reply_markup=InlineKeyboardMarkup(inline_keyboard=keyboard)
        )

    @router.message(InDialog(Planning.when))
    async def on_when(message: Message, community: Community, state: FSMContext) -> None:
        lang = _lang(community)
        data = await state.get_data()
        when = (message.text or "").strip()
        timing = {"at": when} if when[:1].isdigit() and "-" in when[:8] else {"every": when}
        try:
            _check(community, {**data, **timing})
        except (ValueError, ScheduleError, MarkupError) as exc:
            await message.reply(st(lang, "bad_time", why=escape(str(exc))))
            return
        await state.update_data(**timing)
        await state.set_state(Planning.confirm)
        keyboard = [[_button(st(lang, "btn.confirm"), "ok"), _button(st(lang, "btn.abort"), "no")]]
        await message.reply(
            st(lang, "confirm", targets=data["targets"], when=escape(when), text=data["text"]),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=keyboard),
        )

    @router.callback_query(OurButton())
    async def on_button(
        query: CallbackQuery, community: Community, state: FSMContext, core: Pipeline, **data: Any
    ) -> None:
        lang = _lang(community)
        if not community.is_staff(query.from_user.id):
            await query.answer(st(lang, "refused"), show_alert=True)
            return
        action, _, arg = (query.data or "")[len(PREFIX) :].partition(":")
        if action == "t" and await state.get_state() == Planning.targets.state:
            await state.update_data(targets=arg)
            await state.set_state(Planning.when)
            await query.message.answer(st(lang, "ask_time", tz=community.timezone))  # type: ignore[union-attr]
        elif action == "ok" and await state.get_state() == Planning.confirm.state:
            answer = await _plan(community, await state.get_data(), core, query.from_user.id)
            await query.message.answer(answer)  # type: ignore[union-attr]
            await state.clear()
        elif action == "no":
            await state.clear()
            await query.message.answer(st(lang, "cancelled_dialog"))  # type: ignore[union-attr]
        elif action == "cancel" and arg.isdigit():
            async with core.deps.sessions() as session, session.begin():
                done = await cancel_post(session, int(arg), community.id)
            await query.answer(st(lang, "cancelled" if done else "not_found", id=arg))
            return
        elif action == "preview" and arg.isdigit():
            runtime = data.get("scheduler")
            shown = runtime is not None and await runtime.job.previews.show(int(arg))
            await query.answer(st(lang, "previewed" if shown else "no_preview"))
            return
        await query.answer()

    @router.errors(ExceptionTypeFilter(RedisUnavailable))
    async def on_dialogs_down(event: ErrorEvent, directory: Directory) -> None:
        """Redis (the dialogs' storage, with several instances) is not answering."""
        update = event.update
        query = update.callback_query
        message = update.message or (query.message if query is not None else None)
        community = directory.managers_chat(message.chat.id) if message is not None else None
        text = st(_lang(community) if community is not None else "en", "dialogs_down")
        if query is not None:
            await query.answer(text, show_alert=True)
        elif isinstance(message, Message):
            await message.reply(text)

    return router


def _check(community: Community, data: dict[str, Any], source: str | None = None) -> NewPost:
    """The dialog's answers so far, checked exactly like a plan file's row."""
    default = "telegram" if community.telegram_chats else "vk"
    row = PlanRow(
        text=data.get("text", ""),
        photos=data.get("photos", []),
        targets=data.get("targets", default).split(","),
        at=data.get("at"),
        every=data.get("every"),
    )
    return build_post(
        row, {community.id: community}, datetime.now(UTC), community.id, source=source
    )


async def _plan(community: Community, data: dict[str, Any], core: Pipeline, user_id: int) -> str:
    now = datetime.now(UTC)
    try:
        post = _check(community, data, source=f"telegram:{user_id}")
    except (ValueError, ScheduleError, MarkupError) as exc:  # the time passed while confirming
        return st(community.language, "bad_time", why=escape(str(exc)))
    async with core.deps.sessions() as session, session.begin():
        (post_id,) = await add_posts(session, [post], now)
    return st(community.language, "planned", id=post_id)


async def _show_queue(message: Message, community: Community, core: Pipeline) -> None:
    lang = _lang(community)
    async with core.deps.sessions() as session:
        items = (await queue(session, None, community.id))[:10]
    if not items:
        await message.reply(st(lang, "empty"))
        return
    lines = [st(lang, "queue")] + [escape(describe(item)) for item in items]
    keyboard = [
        [_button(st(lang, "btn.preview", id=i.id), f"preview:{i.id}"),
         _button(st(lang, "btn.cancel", id=i.id), f"cancel:{i.id}")]
        for i in items
    ]  # fmt: skip
    await message.reply(
        "\n".join(lines), reply_markup=InlineKeyboardMarkup(inline_keyboard=keyboard)
    )
