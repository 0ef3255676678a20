"""TelegramEmulator: the world, the HTTP server, and the inspection/fault API for tests."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.emulators.notify import ChangeNotifier

from . import methods_bot, methods_chats, methods_messages  # noqa: F401  (register methods)
from .audience import AudienceActions
from .control import add_control_routes
from .errors import bad_request
from .faults import FaultRegistry
from .registry import METHODS, Call
from .server import build_api_app
from .spec import check_params, load_table
from .state import ChatRecord
from .webhook import WebhookSender

SentPredicate = Callable[[dict[str, Any]], bool]


class TelegramEmulator(AudienceActions):
    def __init__(
        self,
        token: str = "123456:TEST-token",
        *,
        bot_id: int = 123456,
        bot_username: str = "otklik_bot",
        bot_name: str = "Otklik",
        host: str = "127.0.0.1",
        port: int = 0,
        spec_path: Path | None = None,
        max_calls: int = 100_000,
    ) -> None:
        super().__init__(bot_id=bot_id, bot_username=bot_username, bot_name=bot_name)
        self.token = token
        self.host, self.port = host, port
        self.spec_table = load_table(spec_path)
        self.faults = FaultRegistry()
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.webhook = WebhookSender(self.queue, self._execute_reply)
        self._calls: deque[dict[str, Any]] = deque(maxlen=max_calls)
        self._bot_messages: list[tuple[int, int]] = []  # (chat id, message id), in send order
        self._sent_waiters: list[tuple[Callable[[], bool], asyncio.Future]] = []
        self._runner: web.AppRunner | None = None
        self.changes = ChangeNotifier()

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        self.queue.reopen()
        app = build_api_app(self)
        add_control_routes(app, self)
        # No access log: request paths carry the bot token.
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        self.queue.close()
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> TelegramEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # --- calls ----------------------------------------------------------------------------

    def record_call(self, method: str, raw: dict[str, Any]) -> dict[str, Any]:
        shown = {k: (f"<file {v[0]}>" if isinstance(v, tuple) else v) for k, v in raw.items()}
        record = {"method": method, "params": shown, "at": time.time()}
        self._calls.append(record)
        return record

    async def execute(
        self,
        method: str,
        raw: dict[str, Any],
        files: dict[str, tuple[str, bytes]] | None = None,
        record: dict[str, Any] | None = None,
    ) -> Any:
        """Check parameters against the spec and run the method (raises ApiError)."""
        spec = self.spec_table[method.lower()]
        impl = METHODS.get(spec.name)
        if impl is None:
            raise bad_request(f"method {spec.name} is not supported by the emulator")
        params = check_params(spec, raw)
        if record is not None:
            record["params"] = {
                k: (f"<file {v[0]}>" if isinstance(v, tuple) else v) for k, v in params.items()
            }
        try:
            return await impl(self, Call(params, files or {}))
        finally:
            # Whatever the bot did may be what a test is waiting for.
            self.changes.notify()

    async def _execute_reply(self, method: str, raw: dict[str, Any]) -> Any:
        if method.lower() not in self.spec_table:
            return None
        spec_name = self.spec_table[method.lower()].name
        return await self.execute(spec_name, raw, None, self.record_call(spec_name, raw))

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """The first truthy value of ``predicate()``, re-checked after every call the bot makes."""
        return await self.changes.wait_for(predicate, timeout)

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """Every API call the bot made: {"method", "params", "at", ["fault"]}."""
        if method is None:
            return list(self._calls)
        wanted = method.lower()
        return [c for c in self._calls if c["method"].lower() == wanted]

    def inject(
        self,
        method: str,
        *,
        kind: str,
        times: int = 1,
        chat_id: int | str | None = None,
        retry_after: int = 1,
        delay: float = 1.0,
    ) -> None:
        """Make the next `times` calls of `method` ("*" = any) fail: 429/500/502/drop/slow.
        `method="download"` aims at file downloads instead, which "*" leaves alone."""
        self.faults.add(
            method, kind=kind, times=times, chat_id=chat_id, retry_after=retry_after, delay=delay
        )

    # --- what the bot sent ----------------------------------------------------------------

    def bot_sent(self, chat: ChatRecord, message: dict[str, Any]) -> None:
        chat.bot_message_ids.append(message["message_id"])
        self._bot_messages.append((chat.id, message["message_id"]))
        if chat.kind == "channel":
            self.forward_to_discussion(chat, message)
        self._wake_sent_waiters()

    def bot_edited(self, chat: ChatRecord, message: dict[str, Any]) -> None:
        self._wake_sent_waiters()

    def sent(self, chat_id: int | None = None, *, method: str | None = None) -> list[dict]:
        """Messages the bot sent, as they are now (edited; deleted ones left out); with
        `method`, the raw calls of that method instead (optionally for one chat_id)."""
        if method is not None:
            calls = self.calls(method)
            if chat_id is None:
                return calls
            return [c for c in calls if str(c["params"].get("chat_id")) == str(chat_id)]
        if chat_id is not None:
            chat = self.chats.get(chat_id)
            if chat is None:
                return []
            found = (chat.messages.get(i) for i in chat.bot_message_ids)
        else:
            found = (self.message(c, m) for c, m in self._bot_messages)
        return [m for m in found if m is not None]

    async def wait_sent(
        self,
        chat_id: int | None,
        *,
        count: int = 1,
        timeout: float = 5.0,
        predicate: SentPredicate | None = None,
    ) -> list[dict]:
        """Wait until the bot has `count` messages in the chat (matching `predicate`)."""

        def matching() -> list[dict]:
            found = self.sent(chat_id)
            return [m for m in found if predicate(m)] if predicate else found

        def done() -> bool:
            return len(matching()) >= count

        if not done():
            future = asyncio.get_running_loop().create_future()
            waiter = (done, future)
            self._sent_waiters.append(waiter)
            try:
                await asyncio.wait_for(future, timeout)
            except TimeoutError:
                raise TimeoutError(
                    f"bot sent {len(matching())} of {count} expected messages to {chat_id}"
                ) from None
            finally:
                if waiter in self._sent_waiters:
                    self._sent_waiters.remove(waiter)
        return matching()

    def _wake_sent_waiters(self) -> None:
        for done, future in list(self._sent_waiters):
            if not future.done() and done():
                future.set_result(None)
