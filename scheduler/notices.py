"""What the managers are told about scheduled posts, in the community's language."""

from __future__ import annotations

TEXTS = {
    "en": {
        "missed": "Scheduled post #{post} ({where}) was due at {due} while otklik was down; "
        "it is more than {grace} min late, so it was NOT published.",
        "failed": "Scheduled post #{post} could not be published to {where}: {reason}",
        "uncertain": "Scheduled post #{post} may or may not have been published to {where} "
        "(otklik stopped while sending at {at}). It was not sent again: please check the "
        "chat and run `otklik plan resend {pub}` if it is missing.",
        "warning": "Scheduled post #{post} was published to {where}, but: {reason}",
        "preview": "Preview of scheduled post #{post}: goes out at {due} to {where}",
        "no_publisher": "no publisher for {platform} is configured",
    },
    "ru": {
        "missed": "Запланированный пост #{post} ({where}) должен был выйти в {due}, пока otklik "
        "не работал; опоздание больше {grace} мин, поэтому он НЕ опубликован.",
        "failed": "Не удалось опубликовать пост #{post} в {where}: {reason}",
        "uncertain": "Пост #{post} мог выйти, а мог и не выйти в {where} (otklik остановился "
        "во время отправки в {at}). Повторно он не отправлен: проверьте чат и выполните "
        "`otklik plan resend {pub}`, если поста там нет.",
        "warning": "Пост #{post} опубликован в {where}, но: {reason}",
        "preview": "Предпросмотр поста #{post}: выйдет в {due} в {where}",
        "no_publisher": "публикация в {platform} не настроена",
    },
}


def notice(lang: str, key: str, **values: object) -> str:
    table = TEXTS.get(lang, TEXTS["en"])
    return table[key].format(**values)


def where(platform: str, chat_id: int) -> str:
    return f"VK wall {chat_id}" if platform == "vk" else f"Telegram {chat_id}"
