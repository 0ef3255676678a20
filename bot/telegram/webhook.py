"""Webhook mode for running several instances behind a load balancer.

Telegram retries a delivery until it gets a 2xx, so the update is answered only after the core
committed it; a crash before that means Telegram delivers it again and dedupe drops the copy.
"""

from __future__ import annotations

import hmac
import logging

from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.telegram.polling import process_updates, update_id
from handlers.pipeline import Pipeline

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_app(
    bot: Bot, dispatcher: Dispatcher, pipeline: Pipeline, *, secret: str, path: str
) -> web.Application:
    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=401)
        try:
            update = await request.json()
        except ValueError:
            update = None
        if not isinstance(update, dict) or update_id(update) is None:
            # Malformed: answering 4xx would make Telegram retry it forever; log and accept.
            log.warning("malformed webhook update dropped")
            return web.Response(status=200)
        try:
            # A malformed update is logged and dropped there; an error of ours answers 500.
            await process_updates(bot, dispatcher, pipeline, [update])
        except Exception:
            log.exception("update %s failed; Telegram will deliver it again", update_id(update))
            return web.Response(status=500)
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post(path, receive)
    return app
