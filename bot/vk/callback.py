"""VK Callback API: VK POSTs each event to us (deployments with several instances).

VK retries an event until it gets the plain answer "ok", so "ok" is sent only after the core
committed the event; a crash or an error answers 500 and VK delivers the event again (the core's
unique keys make the repeat harmless).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Mapping

from aiohttp import web

from bot.vk.feed import EventFeed
from handlers.pipeline import Pipeline

log = logging.getLogger(__name__)


class VKCallback:
    def __init__(self, feeds: Mapping[int, EventFeed], pipeline: Pipeline) -> None:
        self._feeds = dict(feeds)  # group id → feed
        self._pipeline = pipeline

    def register(self, app: web.Application, path: str = "/vk/callback") -> None:
        app.router.add_post(path, self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        try:
            body = json.loads(await request.text())
            group_id = int(body["group_id"])
            kind = str(body["type"])
        except (ValueError, KeyError, TypeError):
            return web.Response(status=400, text="bad request")
        feed = self._feeds.get(group_id)
        if feed is None or feed.community.vk is None:
            log.warning("VK callback for an unknown group %s", group_id)
            return web.Response(status=404, text="unknown group")
        vk = feed.community.vk
        if vk.secret is not None:
            given = str(body.get("secret", ""))
            if not hmac.compare_digest(given.encode(), vk.secret.get_secret_value().encode()):
                log.warning("VK callback for group %s with a wrong secret", group_id)
                return web.Response(status=403, text="forbidden")
        if kind == "confirmation":
            if not vk.confirmation_code:
                log.error("VK asks to confirm group %s but no confirmation_code is set", group_id)
                return web.Response(status=500, text="no confirmation code configured")
            return web.Response(text=vk.confirmation_code)
        try:
            await feed.deliver(self._pipeline, [body])
        except Exception:
            log.exception("VK callback event for group %s not handled; VK will retry", group_id)
            return web.Response(status=500, text="retry")
        return web.Response(text="ok")
