"""Logging set-up: one format, and no secret ever printed.

Tokens can appear in URLs that libraries log (the Bot API puts the token in the path); the
filter masks anything shaped like a Telegram token, an access_token parameter or a password in
a URL (postgresql://otklik:...@db, redis://:...@cache), in the message and in the traceback.
"""

from __future__ import annotations

import logging
import re

_SECRETS = (
    (re.compile(r"\b\d{5,12}:[A-Za-z0-9_-]{20,}\b"), "***"),  # Telegram bot tokens
    (re.compile(r"(access_token=)[^&\s\"']+"), r"\1***"),  # VK tokens in query strings
    (re.compile(r"(/bot)[^/\s]+(/)"), r"\1***\2"),  # Bot API URL paths
    # Passwords in URLs: postgresql://otklik:...@db, redis://:...@cache
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^/\s:@]*:)[^@\s/]+(@)", re.IGNORECASE), r"\1***\2"),
)


def mask(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class SecretFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text once it is set: the traceback is printed masked too.
            record.exc_text = mask(_traceback.formatException(record.exc_info))
        return True


_traceback = logging.Formatter()


def setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # aiogram logs every update at INFO: noise at thousands per second.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
