"""Spam by content: links, invite links, shorteners, phone numbers, "write me in private",
easy-money offers. Behaviour (repeats, floods, join-post-leave) is in ``spam_guard``."""

from __future__ import annotations

import re
from collections.abc import Callable

from moderation.patterns import PatternSet
from moderation.spam_guard import SpamGuard

_SHORTENER = re.compile(
    r"(?<![\w.])(?:bit\.ly|clck\.ru|vk\.cc|goo\.gl|tinyurl\.com|t\.co|cutt\.ly|is\.gd|ow\.ly|"
    r"rebrand\.ly|u\.to|qps\.ru)/\S+"
)
_INVITE = re.compile(
    r"(?<![\w.])(?:t\.me|telegram\.me)/(?:joinchat/|\+)\S+|(?<![\w.])vk\.me/\S+|"
    r"(?<![\w.])chat\.whatsapp\.com/\S+|(?<![\w.])discord\.gg/\S+"
)
# "tagging @dan_r", "отмечаю @masha_k": a member calling a friend in, not a channel's ad.
_NOT_A_FRIEND_TAG = "".join(
    rf"(?<!\b{word}\s)"
    for word in ("tagging", "tag", "cc", "with", "and", "отмечаю", "зову", "и", "с")
)
_CHANNEL = re.compile(
    r"(?<![\w.])(?:t\.me|telegram\.me|vk\.com|vk\.ru|instagram\.com|youtube\.com|youtu\.be)"
    r"/(?!joinchat/|\+)[\w.]+|(?<![\w@])(?<!^)" + _NOT_A_FRIEND_TAG + r"@[a-z][\w]{4,31}\b(?!\.\w)"
    r"(?!\W+(?:because|смотри|глянь|look|you|ты|тебе|тебя|пойдем|пошли)\b)"
)
_LINK = re.compile(
    r"\bhttps?://\S+|\bwww\.\S+|(?<![@\w.])[a-z0-9-]{2,63}\."
    r"(?:ru|com|net|org|info|biz|io|me|su|рф|online|site|shop|store|xyz|top|club|pro|cc|ly|"
    r"ua|by|kz|app|link)(?:/\S*)?(?!\w)"
)
_PHONE = re.compile(
    r"(?<!\d)(?:\+7|8|\+380|\+375|\+\d{1,3})[\s(.-]*\d{3}[\s).-]*\d{3}[\s.-]*\d{2}[\s.-]*\d{2}"
    r"(?!\d)|(?<!\d)\+\d[\d\s().-]{9,16}\d(?!\d)"
)
_PRIVATE = re.compile(
    r"\b(?:пиши(?:те)?|напиши(?:те)?|обращайтесь|стучи(?:те)?|жду)\s+(?:мне\s+)?(?:в\s+)?"
    r"(?:личк\w*|лс|личные|директ|телеграм\w*|телегу|вотсап|whatsapp|ватсап)\b"
    r"(?!(?:\W+\w+){0,2}?\W+(?:цен|стоимост|сколько|прайс))|"
    r"\b(?:подробност\w*|вопрос\w*|детали|заказ\w*|запис\w*|цены|прайс\w*|условия)\s+"
    r"(?:пишите\s+|только\s+)?в\s+(?:лс|личк\w*|личные\s+сообщения|директ)\b|"
    r"\b(?:dm|pm|message|text|write)\s+me\b|\bcheck\s+(?:my|our)\s+(?:profile|bio|channel)|"
    r"\bподробности\s+(?:в\s+)?(?:профиле|лс|личке)|\bссылка\s+в\s+профиле"
)
_EARNINGS = re.compile(
    r"\bзаработ(?:ок|ка|ать|аешь|ай)\b|\bпассивн\w+\s+доход|\bдоход\s+от\s+\d|"
    r"\bудаленн\w+\s+работ\w*|\bработа\s+на\s+дому|\bот\s+\d[\d\s]*(?:руб|р\b|₽|\$|usd)\w*\s+"
    r"в\s+(?:день|неделю|час)|\bинвестиц\w+\s+от|\bкрипт\w+|\bказино\b|\bставк\w+\s+на\s+спорт|"
    r"\bearn\s+\$?\d|\bmake\s+money|\bpassive\s+income|\bwork\s+from\s+home|\bcrypto\w*|"
    r"\bcasino\b|\bforex\b|\bbinary\s+options"
)

_THREE_DIGITS = re.compile(r"\d{3}")


def _has_slash(text: str) -> bool:
    return "/" in text


def _has_slash_or_at(text: str) -> bool:
    return "/" in text or "@" in text


def _maybe_phone(text: str) -> bool:
    # Either branch of _PHONE needs a "+" or three digits in a row.
    return "+" in text or _THREE_DIGITS.search(text) is not None


# The bare-domain branch of _LINK needs a name glued to a dot and a domain's first letter.
_DOTTED_NAME = re.compile(r"\.(?<=[a-z0-9-]\.)[a-zр]")


def _maybe_link(text: str) -> bool:
    return "://" in text or "www." in text or _DOTTED_NAME.search(text) is not None


# (reason, pattern, cheap test that is true whenever the pattern can match): most comments
# have no "/", "@" or run of digits, and a substring test costs far less than a search.
_RULES: tuple[tuple[str, re.Pattern[str], Callable[[str], bool]], ...] = (
    ("invite link", _INVITE, _has_slash),
    ("shortened link", _SHORTENER, _has_slash),
    ("link to another channel", _CHANNEL, _has_slash_or_at),
    ("phone number", _PHONE, _maybe_phone),
)
# Wordings no cheap test rules out: one scan finds which of them a text holds.
_WORDINGS = (("invite to private messages", _PRIVATE), ("earnings offer", _EARNINGS))
_WORDING_SCAN = PatternSet([rx for _, rx in _WORDINGS])


def spam_reasons(normalized: str) -> tuple[str, ...]:
    """Content spam reasons for a text from ``text.normalize``."""
    reasons = [
        reason for reason, rx, possible in _RULES if possible(normalized) and rx.search(normalized)
    ]
    reasons += [_WORDINGS[i][0] for i in _WORDING_SCAN.matching(normalized)]
    if (
        not any("link" in r for r in reasons)
        and _maybe_link(normalized)
        and _LINK.search(normalized)
    ):
        reasons.append("link")
    return tuple(reasons)


__all__ = ["SpamGuard", "spam_reasons"]
