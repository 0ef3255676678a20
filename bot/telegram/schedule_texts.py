"""Strings of the /schedule dialog and /queue, in Russian and English."""

from __future__ import annotations

TEXTS = {
    "en": {
        "refused": "Only the community's managers and owners can plan posts.",
        "ask_content": "Send the post: text (HTML formatting allowed) or one photo with a "
        "caption. /cancel stops.",
        "bad_content": "{why}. Send the text or a photo again, or /cancel.",
        "ask_targets": "Where should it go?",
        "ask_time": "When? A local time ({tz}) such as 2026-12-01 10:00, or a rule such as "
        "'every Monday 10:00' or a cron expression.",
        "bad_time": "{why}. Try again, or /cancel.",
        "confirm": "Post to {targets}, {when}:\n\n{text}",
        "planned": "Planned as #{id}.",
        "cancelled_dialog": "Cancelled, nothing planned.",
        "dialogs_down": "Dialogs are paused: their storage (Redis) is not answering. Cards' "
        "buttons and /queue still work; try /schedule again in a minute.",
        "empty": "Nothing is planned.",
        "queue": "Planned posts:",
        "cancelled": "Post #{id} cancelled.",
        "not_found": "Post #{id} is not planned any more.",
        "previewed": "Preview sent.",
        "no_preview": "Previews are not available right now.",
        "btn.both": "Telegram + VK",
        "btn.confirm": "✅ Plan it",
        "btn.abort": "✖️ Cancel",
        "btn.preview": "👁 #{id}",
        "btn.cancel": "❌ #{id}",
    },
    "ru": {
        "refused": "Планировать посты могут только менеджеры и владельцы сообщества.",
        "ask_content": "Пришлите пост: текст (можно HTML-разметку) или одно фото с подписью. "
        "/cancel — отмена.",
        "bad_content": "{why}. Пришлите текст или фото ещё раз, или /cancel.",
        "ask_targets": "Куда публиковать?",
        "ask_time": "Когда? Местное время ({tz}), например 2026-12-01 10:00, или правило: "
        "«каждый понедельник 10:00», или cron-выражение.",
        "bad_time": "{why}. Попробуйте ещё раз или /cancel.",
        "confirm": "Публикация в {targets}, {when}:\n\n{text}",
        "planned": "Запланировано, №{id}.",
        "cancelled_dialog": "Отменено, ничего не запланировано.",
        "dialogs_down": "Диалоги на паузе: их хранилище (Redis) не отвечает. Кнопки карточек и "
        "/queue работают; попробуйте /schedule через минуту.",
        "empty": "Ничего не запланировано.",
        "queue": "Запланированные посты:",
        "cancelled": "Пост №{id} отменён.",
        "not_found": "Пост №{id} уже не запланирован.",
        "previewed": "Предпросмотр отправлен.",
        "no_preview": "Предпросмотр сейчас недоступен.",
        "btn.both": "Telegram + VK",
        "btn.confirm": "✅ Запланировать",
        "btn.abort": "✖️ Отмена",
        "btn.preview": "👁 №{id}",
        "btn.cancel": "❌ №{id}",
    },
}


def st(lang: str, key: str, **values: object) -> str:
    return TEXTS.get(lang, TEXTS["en"])[key].format(**values)
