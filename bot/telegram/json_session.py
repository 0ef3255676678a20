"""aiogram's HTTP session, sending a method without files as one JSON body.

aiogram sends every call as a form: each field encoded on its own, objects JSON-encoded inside
the form and then percent-encoded again. The Bot API takes application/json as well, and one
json.dumps of the call costs a fraction of that: it matters for the managers' cards, sent by the
thousand at peaks. Calls that upload files keep aiogram's multipart form.
"""

from __future__ import annotations

from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiohttp import ClientError

_JSON = {"Content-Type": "application/json"}


class JsonSession(AiohttpSession):
    def json_body(self, bot: Bot, method: TelegramMethod[Any]) -> str | None:
        """The call as a JSON object, or None when it carries files (a form is needed)."""
        files: dict[str, Any] = {}
        body: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            # As aiogram's form: an unset field is left out, not sent as null.
            if prepared is not None and prepared != "":
                body[key] = prepared
        return None if files else self.json_dumps(body)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        body = self.json_body(bot, method)
        if body is None:
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        try:
            async with session.post(
                url,
                data=body,
                headers=_JSON,
                timeout=self.timeout if timeout is None else timeout,
            ) as resp:
                raw_result = await resp.text()
        except TimeoutError as e:
            raise TelegramNetworkError(method=method, message="Request timeout error") from e
        except ClientError as e:
            raise TelegramNetworkError(method=method, message=f"{type(e).__name__}: {e}") from e
        response = self.check_response(
            bot=bot, method=method, status_code=resp.status, content=raw_result
        )
        return cast(TelegramType, response.result)
