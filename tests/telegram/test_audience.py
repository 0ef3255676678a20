"""The polling loop's own mapping: audience updates become core events without the dispatcher;
commands, the managers' chat, private chats and buttons are left to the routers."""

from typing import Any

import pytest
from aiogram.types import Update

from bot.telegram.audience import audience_events
from bot.telegram.directory import Directory
from bot.telegram.mapping import MalformedUpdate
from bot.telegram.polling import process_updates
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


def _update(name: str, **message_changes: Any) -> dict[str, Any]:
    raw = sample(name)
    if message_changes:
        raw["message"].update(message_changes)
    return raw


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
        events = audience_events(raw, directory)
        assert events is not None and [type(e) for e in events] == [kind]


def test_commands_other_chats_and_buttons_go_to_the_routers() -> None:
    directory = _directory()
    command = _update("group_text_message", text="/negative")
    assert audience_events(command, directory) is None
    managers_chat = sample("group_text_message")
    managers_chat["message"]["chat"]["id"] = MANAGERS
    assert audience_events(managers_chat, directory) is None
    assert audience_events(sample("callback_query"), directory) is None


def test_every_audience_sample_maps_without_aiogram_models() -> None:
    directory = _directory()
    for name in ("group_text_message", "group_reply", "photo_with_caption"):
        raw = sample(name)
        raw["message"]["chat"]["id"] = GROUP
        events = audience_events(raw, directory)
        assert events is not None and [type(e) for e in events] == [Comment], name
        comment = events[0]
        assert isinstance(comment, Comment)
        assert comment.text == raw["message"].get("text", raw["message"].get("caption"))
        assert comment.author.user_id == raw["message"]["from"]["id"]
        assert comment.at.tzinfo is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"chat": "a string"}, "chat"),
        ({"chat": {"type": "supergroup"}}, "id"),
        ({"date": "yesterday"}, "date"),
        ({"text": 42}, "text"),
        ({"from": {"id": "7"}}, "id"),
        ({"message_id": True}, "message_id"),
    ],
)
def test_a_malformed_update_names_the_field_and_lets_no_wrong_type_through(
    change: dict[str, Any], field: str
) -> None:
    raw = sample("group_text_message")
    raw["message"]["chat"]["id"] = GROUP
    raw["message"].update(change)
    with pytest.raises(MalformedUpdate, match=field):
        audience_events(raw, _directory())


class _RecordingDispatcher:
    def __init__(self, directory: Directory) -> None:
        self.directory, self.fed = directory, []

    def __getitem__(self, key: str) -> Directory:
        assert key == "directory"
        return self.directory

    async def feed_update(self, bot: object, update: Update) -> None:
        self.fed.append(update)


class _RecordingCore:
    def __init__(self) -> None:
        self.batches: list[list[Any]] = []

    async def handle(self, events: list[Any]) -> None:
        self.batches.append(list(events))


async def test_only_what_the_mapping_declines_is_parsed_for_the_routers() -> None:
    dispatcher, core = _RecordingDispatcher(_directory()), _RecordingCore()
    comment = sample("group_text_message")
    comment["message"]["chat"]["id"] = GROUP
    bot_joined = sample("new_chat_members_bot_added")  # an audience update with no event
    bot_joined["message"]["chat"]["id"] = GROUP
    for user in bot_joined["message"]["new_chat_members"]:
        user["is_bot"] = True
    button = sample("callback_query")
    await process_updates(None, dispatcher, core, [comment, bot_joined, button])  # type: ignore[arg-type]
    assert [type(e) for e in core.batches[0]] == [Comment]
    assert [u.update_id for u in dispatcher.fed] == [button["update_id"]]
