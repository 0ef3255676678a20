"""Words the bot says, in Russian and English. One table so nothing is translated twice."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "ru": {
        "btn.reply": "✍️ Ответить",
        "btn.resolve": "✅ Решено",
        "btn.not_negative": "🙂 Не негатив",
        "btn.delete": "🗑 Удалить",
        "btn.ban": "⛔ Бан",
        "label.negative": "негатив",
        "label.neutral": "нейтрально",
        "label.positive": "позитив",
        "status.open": "🔴 Ждёт ответа",
        "status.replied": "✅ Отвечено",
        "status.resolved": "✅ Решено",
        "status.not_negative": "🙂 Не негатив",
        "status.deleted": "🗑 Удалено",
        "card.toxic": "токсично",
        "card.spam": "спам",
        "card.by": "{who}, через {took}",
        "card.acted": "{who}",
        "card.reply": "Ответ",
        "card.reasons": "Причины",
        "source.group": "Группа",
        "source.discussion": "Комментарии канала",
        "source.wall": "Стена VK",
        "source.message": "Сообщения VK",
        "prompt.reply": "✍️ Напишите ответ на флаг #{flag} ответом на это сообщение.",
        "outcome.refused": "Это могут делать только менеджеры этого сообщества.",
        "outcome.gone": "Этот флаг уже не найден.",
        "outcome.failed": "Не получилось: {detail}",
        "outcome.empty": "Пустой ответ не отправлен.",
        "outcome.replied": "Ответ опубликован.",
        "outcome.resolve": "Отмечено как решённое.",
        "outcome.not_negative": "Спасибо, учтём: не негатив.",
        "outcome.delete": "Комментарий удалён.",
        "outcome.ban": "Автор заблокирован.",
        "outcome.reopen": "Флаг снова открыт.",
        "outcome.marked": "Отмечено как негатив, карточка отправлена менеджерам.",
        "help": (
            "Я otklik: собираю комментарии из Telegram и VK и присылаю сюда негатив.\n"
            "Кнопки под карточкой: ответить (ответ уйдёт туда, где был комментарий), "
            "решено, не негатив, удалить, бан.\n"
            "{commands}\n"
            "/negative — ответом на комментарий в группе: отметить пропущенный негатив"
        ),
        "flags.none": "Открытых флагов нет. 🎉",
        "flags.title": "Открытые флаги ({count}):",
        "flags.more": "…и ещё {more}: сначала показаны комментарии людей, потом спам.",
        "stats": (
            "За 7 дней: комментариев {comments}, флагов {flags}, отвечено {replied}, "
            "решено {resolved}, открыто {open}. Медиана первого ответа: {median}."
        ),
        "unknown_chat": "Этот чат не настроен как чат менеджеров ни одного сообщества.",
    },
    "en": {
        "btn.reply": "✍️ Reply",
        "btn.resolve": "✅ Resolved",
        "btn.not_negative": "🙂 Not negative",
        "btn.delete": "🗑 Delete",
        "btn.ban": "⛔ Ban",
        "label.negative": "negative",
        "label.neutral": "neutral",
        "label.positive": "positive",
        "status.open": "🔴 Waiting for an answer",
        "status.replied": "✅ Answered",
        "status.resolved": "✅ Resolved",
        "status.not_negative": "🙂 Not negative",
        "status.deleted": "🗑 Deleted",
        "card.toxic": "toxic",
        "card.spam": "spam",
        "card.by": "{who}, after {took}",
        "card.acted": "{who}",
        "card.reply": "Answer",
        "card.reasons": "Reasons",
        "source.group": "Group",
        "source.discussion": "Channel comments",
        "source.wall": "VK wall",
        "source.message": "VK messages",
        "prompt.reply": "✍️ Write your answer to flag #{flag} as a reply to this message.",
        "outcome.refused": "Only this community's managers can do that.",
        "outcome.gone": "This flag no longer exists.",
        "outcome.failed": "That did not work: {detail}",
        "outcome.empty": "An empty answer was not sent.",
        "outcome.replied": "Answer posted.",
        "outcome.resolve": "Marked as resolved.",
        "outcome.not_negative": "Thanks, noted: not negative.",
        "outcome.delete": "Comment deleted.",
        "outcome.ban": "Author banned.",
        "outcome.reopen": "Flag reopened.",
        "outcome.marked": "Marked as negative; a card went to the managers.",
        "help": (
            "I am otklik: I collect comments from Telegram and VK and bring the negative ones "
            "here.\nButtons under a card: reply (the answer goes where the comment was), "
            "resolved, not negative, delete, ban.\n"
            "{commands}\n"
            "/negative — as a reply to a comment in the group: mark a missed negative"
        ),
        "flags.none": "No open flags. 🎉",
        "flags.title": "Open flags ({count}):",
        "flags.more": "…and {more} more: people's comments are listed first, then spam.",
        "stats": (
            "Last 7 days: {comments} comments, {flags} flags, {replied} answered, "
            "{resolved} resolved, {open} open. Median first response: {median}."
        ),
        "unknown_chat": "This chat is not any community's managers' chat.",
    },
}


def language_of(code: str | None, default: str = "ru") -> str:
    """Telegram's language_code ("ru", "en-US", "uk") → one of ours."""
    if not code:
        return default
    base = code.split("-")[0].lower()
    if base in TEXTS:
        return base
    return "ru" if base in {"uk", "be", "kk"} else "en"


# The managers' chat's commands: its menu in Telegram (bot.telegram.command_menu) and /help.
COMMANDS: dict[str, tuple[tuple[str, str], ...]] = {
    "ru": (
        ("flags", "открытые флаги"),
        ("stats", "статистика за 7 дней"),
        ("schedule", "запланировать пост"),
        ("queue", "запланированные посты"),
        ("cancel", "прервать диалог"),
        ("digest", "дайджест недели: /digest [2026-W47]"),
        ("help", "справка"),
    ),
    "en": (
        ("flags", "open flags"),
        ("stats", "the last 7 days"),
        ("schedule", "plan a post"),
        ("queue", "planned posts"),
        ("cancel", "stop a dialog"),
        ("digest", "a week's digest: /digest [2026-W47]"),
        ("help", "this help"),
    ),
}


def help_text(lang: str) -> str:
    commands = COMMANDS.get(lang, COMMANDS["en"])
    return t(lang, "help", commands="\n".join(f"/{name} — {what}" for name, what in commands))


def t(lang: str, key: str, **values: object) -> str:
    table = TEXTS.get(lang, TEXTS["en"])
    return table.get(key, TEXTS["en"].get(key, key)).format(**values)


def duration(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return "—"
    seconds = max(0, int(seconds))
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    units = ("ч", "мин", "с") if lang == "ru" else ("h", "min", "s")
    if hours:
        return f"{hours} {units[0]} {minutes} {units[1]}"
    if minutes:
        return f"{minutes} {units[1]} {secs} {units[2]}"
    return f"{secs} {units[2]}"
