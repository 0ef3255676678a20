"""sendMessage, sendPhoto, sendMediaGroup, edits, deletion, callback answers, pins."""

from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING, Any

from .errors import bad_request
from .files import resolve_photo, resolve_upload
from .formatting import format_text
from .registry import Call, api_method, find_chat, require_admin, writable_chat
from .state import ChatRecord

if TYPE_CHECKING:
    from .emulator import TelegramEmulator

MAX_TEXT, MAX_CAPTION = 4096, 1024
_media_group_ids = itertools.count(13_000_000_000_000_001)


def _start_bot_message(emu: TelegramEmulator, chat: ChatRecord, params: dict) -> dict[str, Any]:
    """Sender, thread and reply of a message the bot sends, before its content keys."""
    thread_id = params.get("message_thread_id")
    if thread_id is not None and chat.kind != "private" and thread_id not in chat.messages:
        raise bad_request("message thread not found")
    replied = None
    reply = params.get("reply_parameters") or {}
    if "reply_to_message_id" in params:  # the pre-7.0 spelling some clients still send
        reply = {"message_id": params["reply_to_message_id"]}
    if reply.get("message_id") is not None:
        source = chat
        if reply.get("chat_id") not in (None, chat.id):
            source = find_chat(emu, reply["chat_id"])
        replied = source.messages.get(reply["message_id"])
        if replied is None and not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        if replied is not None and thread_id is None:
            thread_id = replied.get("message_thread_id")
    if chat.kind == "channel":
        message = emu.new_message(chat, None, sender_chat=chat.info)
    else:
        message = emu.new_message(chat, emu.bot_user)
    if thread_id is not None:
        message["message_thread_id"] = thread_id
    if replied is not None:
        message["reply_to_message"] = emu.quoted(replied)
    return message


def _inline_markup(markup: dict | None) -> dict | None:
    """Only inline keyboards are shown on messages; other keyboards are accepted and dropped."""
    if not markup or "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard button: InlineKeyboardMarkup is invalid")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request("can't parse inline keyboard button: Text buttons are unallowed")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
    return {"inline_keyboard": rows}


def _checked_text(params: dict, text: str) -> tuple[str, list[dict[str, Any]]]:
    text, entities = format_text(text, params.get("parse_mode"), params.get("entities"))
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    if not text.strip():
        raise bad_request("message text is empty")
    return text, entities


def _put_text(message: dict, params: dict, checked: tuple[str, list[dict[str, Any]]]) -> None:
    message["text"], entities = checked
    message.pop("entities", None)
    if entities:
        message["entities"] = entities
    if params.get("link_preview_options"):
        message["link_preview_options"] = params["link_preview_options"]


def _checked_caption(params: dict) -> tuple[str, list[dict[str, Any]]] | None:
    if not params.get("caption"):
        return None
    text, entities = format_text(
        params["caption"], params.get("parse_mode"), params.get("caption_entities")
    )
    if len(text) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return text, entities


def _put_caption(message: dict, checked: tuple[str, list[dict[str, Any]]] | None) -> None:
    if checked is None:
        return
    message["caption"], entities = checked
    if entities:
        message["caption_entities"] = entities


def _finish(emu: TelegramEmulator, chat: ChatRecord, message: dict, params: dict) -> dict:
    if markup := _inline_markup(params.get("reply_markup")):
        message["reply_markup"] = markup
    emu.bot_sent(chat, message)
    return message


@api_method("sendMessage")
async def send_message(emu: TelegramEmulator, call: Call) -> dict:
    params = call.params
    chat = writable_chat(emu, params["chat_id"])
    checked = _checked_text(params, params["text"])
    message = _start_bot_message(emu, chat, params)
    _put_text(message, params, checked)
    return _finish(emu, chat, message, params)


@api_method("sendPhoto")
async def send_photo(emu: TelegramEmulator, call: Call) -> dict:
    params = call.params
    chat = writable_chat(emu, params["chat_id"])
    sizes = resolve_photo(emu, params["photo"], call.files)
    caption = _checked_caption(params)
    message = _start_bot_message(emu, chat, params)
    message["photo"] = sizes
    _put_caption(message, caption)
    return _finish(emu, chat, message, params)


@api_method("sendMediaGroup")
async def send_media_group(emu: TelegramEmulator, call: Call) -> list[dict]:
    params = call.params
    chat = writable_chat(emu, params["chat_id"])
    media = params["media"]
    if not 2 <= len(media) <= 10:
        raise bad_request("wrong number of media in the group: must be 2-10")
    contents = []
    for item in media:
        if not isinstance(item, dict) or item.get("type") not in ("photo", "document"):
            raise bad_request("media type must be photo or document in the emulator")
        if item["type"] == "photo":
            content = resolve_photo(emu, item.get("media", ""), call.files)
        else:
            content = resolve_upload(emu, item.get("media", ""), call.files)
        contents.append((item["type"], content, _checked_caption(item)))
    group_id = str(next(_media_group_ids))
    messages = []
    for kind, content, caption in contents:
        message = _start_bot_message(emu, chat, params)
        message["media_group_id"] = group_id
        message[kind] = content
        _put_caption(message, caption)
        messages.append(_finish(emu, chat, message, {}))
    return messages


def _bot_message(emu: TelegramEmulator, params: dict, missing: str) -> tuple[ChatRecord, dict]:
    if params.get("inline_message_id"):
        raise bad_request("inline messages are not supported by the emulator")
    if "chat_id" not in params or "message_id" not in params:
        raise bad_request("message identifier is not specified")
    chat = find_chat(emu, params["chat_id"])
    message = chat.messages.get(params["message_id"])
    if message is None:
        raise bad_request(missing)
    if message.get("from", {}).get("id") != emu.bot_id and chat.kind != "channel":
        raise bad_request("message can't be edited")
    return chat, message


@api_method("editMessageText")
async def edit_message_text(emu: TelegramEmulator, call: Call) -> dict:
    params = call.params
    if not params.get("text"):
        raise bad_request("message text is empty")
    chat, message = _bot_message(emu, params, "message to edit not found")
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    checked = _checked_text(params, params["text"])
    markup = _inline_markup(params.get("reply_markup"))
    if checked[0] == message["text"] and markup == message.get("reply_markup"):
        raise bad_request(
            "message is not modified: specified new message content and reply markup are "
            "exactly the same as a current content and reply markup of the message"
        )
    _put_text(message, params, checked)
    _set_markup(message, markup)
    emu.bot_edited(chat, message)
    return message


@api_method("editMessageReplyMarkup")
async def edit_message_reply_markup(emu: TelegramEmulator, call: Call) -> dict:
    chat, message = _bot_message(emu, call.params, "message to edit not found")
    markup = _inline_markup(call.params.get("reply_markup"))
    if markup == message.get("reply_markup"):
        raise bad_request(
            "message is not modified: specified new message content and reply markup are "
            "exactly the same as a current content and reply markup of the message"
        )
    _set_markup(message, markup)
    emu.bot_edited(chat, message)
    return message


def _set_markup(message: dict, markup: dict | None) -> None:
    message.pop("reply_markup", None)  # editing without a keyboard removes it, as in the API
    message["edit_date"] = max(int(time.time()), message["date"])
    if markup:
        message["reply_markup"] = markup


@api_method("deleteMessage")
async def delete_message(emu: TelegramEmulator, call: Call) -> bool:
    chat = find_chat(emu, call.params["chat_id"])
    message = chat.messages.get(call.params["message_id"])
    if message is None:
        raise bad_request("message to delete not found")
    own = message.get("from", {}).get("id") == emu.bot_id
    if not own and chat.kind != "private":
        require_admin(emu, chat, "message can't be deleted")
    del chat.messages[call.params["message_id"]]
    emu.bot_edited(chat, message)
    return True


@api_method("answerCallbackQuery")
async def answer_callback_query(emu: TelegramEmulator, call: Call) -> bool:
    entry = emu.callback_queries.get(call.params["callback_query_id"])
    if entry is None or entry["answer"] is not None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    entry["answer"] = {k: v for k, v in call.params.items() if k != "callback_query_id"}
    return True


@api_method("pinChatMessage")
async def pin_chat_message(emu: TelegramEmulator, call: Call) -> bool:
    chat = writable_chat(emu, call.params["chat_id"])
    if call.params["message_id"] not in chat.messages:
        raise bad_request("message to pin not found")
    if chat.kind != "private":
        require_admin(emu, chat, "not enough rights to manage pinned messages in the chat")
    chat.pinned_message_id = call.params["message_id"]
    return True
