"""The polling loop's own mapping: audience updates become core events without the dispatcher;
commands, the managers' chat, private chats and buttons are left to the routers."""

from typing import Any

from aiogram.types import Update

from bot.telegram.audience import audience_events
from bot.telegram.directory import Directory
from config.settings import Community, TelegramChat
from handlers.events import Comment, CommentEdited, ReactionChanged
from tests.emulators.telegram_helpers import sample

GROUP = -1001987654321
MANAGERS = -1001000000009


def _directory() -> Directory:
    return Directory(
        [
            Community(
                id="shop",
                name="Shop",
                managers=(42,),
                managers_chat_id=MANAGERS,
                telegram_chats=(TelegramChat(id=GROUP, kind="group", title="Community Chat"),),
            )
        ]
    )


def _update(name: str, **message_changes: Any) -> Update:
    raw = sample(name)
    if message_changes:
        raw["message"].update(message_changes)
    return Update.model_validate(raw)


def test_a_comment_in_an_audience_group_is_mapped() -> None:
    events = audience_events(_update("group_text_message"), _directory())
    assert events is not None and len(events) == 1
    assert isinstance(events[0], Comment) and events[0].community == "shop"


def test_edits_and_reactions_are_mapped() -> None:
    directory = _directory()
    for name, kind in (("edited_message", CommentEdited), ("message_reaction", ReactionChanged)):
        raw = sample(name)
        body = raw.get("edited_message") or raw.get("message_reaction")
        body["chat"]["id"] = GROUP
        events = audience_events(Update.model_validate(raw), directory)
        assert events is not None and [type(e) for e in events] == [kind]


def test_commands_other_chats_and_buttons_go_to_the_routers() -> None:
    directory = _directory()
    command = _update("group_text_message", text="/negative")
    assert audience_events(command, directory) is None
    managers_chat = sample("group_text_message")
    managers_chat["message"]["chat"]["id"] = MANAGERS
    assert audience_events(Update.model_validate(managers_chat), directory) is None
    assert audience_events(Update.model_validate(sample("callback_query")), directory) is None
