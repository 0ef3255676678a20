"""Keep aiogram's response classes alive between calls.

aiogram asks pydantic for ``Response[Message]``, ``Response[list[Update]]``, ... on every call;
pydantic caches those classes weakly and aiogram holds none of them, so the garbage collector
drops them and the next call rebuilds one: 10-20 ms each, dozens of times a minute under load.
This request middleware holds a reference, which makes that a dictionary hit.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

_KEPT: dict[Any, type] = {}


def keep_response_model(method: TelegramMethod[Any]) -> None:
    returning = method.__returning__
    if returning not in _KEPT:
        _KEPT[returning] = Response[returning]  # type: ignore[valid-type]


class KeepResponseModels(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        keep_response_model(method)
        return await make_request(bot, method)
