"""aiohttp routes speaking VK's wire format: /method/<name>, photo upload, captcha image."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.emulators.vk.errors import VkApiError, error_body, param_error
from bot.emulators.vk.faults import UploadFault
from bot.emulators.vk.methods import METHODS, Context
from bot.emulators.vk.methods.media import upload_hash
from bot.emulators.vk.state import EmulatorError

if TYPE_CHECKING:
    from bot.emulators.vk.emulator import VKEmulator

log = logging.getLogger(__name__)
# Smallest valid GIF, served as the captcha picture.
_PIXEL_GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)
# What the wall upload server takes for a picture: JPEG, PNG and GIF, told by their first bytes.
IMAGE_SIGNATURES = (b"\xff\xd8", b"\x89PNG", b"GIF8")


async def read_params(request: web.Request) -> dict[str, str]:
    params = {key: value for key, value in request.query.items()}
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        form = await request.post()
        params.update({key: value for key, value in form.items() if isinstance(value, str)})
    return params


class ApiRoutes:
    def __init__(self, emu: VKEmulator) -> None:
        self.emu = emu

    def register(self, app: web.Application) -> None:
        app.router.add_route("*", "/method/{name}", self.call_method)
        app.router.add_post("/upload/wall", self.upload_wall_photo)
        app.router.add_get("/photos/{photo_id}.jpg", self.photo_file)
        app.router.add_get("/captcha.php", self.captcha_image)

    async def call_method(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        params = await read_params(request)
        call = self.emu.record_call(name, params)
        fault = self.emu.faults.take(name)
        if fault is not None:
            if fault.delay:
                await asyncio.sleep(fault.delay)  # a deliberately slow answer
            if fault.http_status:
                call["http_status"] = fault.http_status
                return web.Response(status=fault.http_status, text="emulated HTTP failure")
            if fault.error_code:
                error = VkApiError(fault.error_code, **fault.extra)
                return self._error(call, error, name, params)
        try:
            result = self._dispatch(name, params)
        except VkApiError as error:
            return self._error(call, error, name, params)
        self.emu.notifier.notify()  # wait_for() callers re-check after every call
        return web.json_response({"response": result})

    def _dispatch(self, name: str, params: dict[str, str]) -> Any:
        token = params.get("access_token")
        if not token:
            raise VkApiError(5, "User authorization failed: no access_token passed.")
        group = self.emu.state.group_by_token(token)
        if group is None:
            raise VkApiError(5)
        if not self.emu.rate_cap.admit(token):
            raise VkApiError(6)
        if not params.get("v"):
            raise VkApiError(8)
        if not self.emu.spec.knows(name) or name not in METHODS:
            raise VkApiError(3)
        values = self.emu.spec.validate(name, params)
        self.emu.wall_actions.publish_due()
        ctx = Context(
            state=self.emu.state,
            wall=self.emu.wall_actions,
            messages=self.emu.message_actions,
            events=self.emu.events,
            group=group,
            base_url=self.emu.base_url,
        )
        try:
            return METHODS[name](ctx, values)
        except EmulatorError as exc:
            raise param_error(str(exc)) from None
        except VkApiError:
            raise
        except Exception:
            log.exception("VK emulator: %s failed", name)
            raise VkApiError(10) from None

    def _error(
        self, call: dict[str, Any], error: VkApiError, name: str, params: dict[str, str]
    ) -> web.Response:
        call["error_code"] = error.code
        self.emu.notifier.notify()
        return web.json_response(error_body(error, name, params))

    async def upload_wall_photo(self, request: web.Request) -> web.Response:
        form = await request.post()
        fault = self.emu.faults.take_upload()
        if fault is not None:
            failure = await _upload_failure(request, fault)
            if failure is not None:
                return failure
        files = [value for value in form.values() if isinstance(value, web.FileField)]
        if not files:
            return web.json_response({"error": "ERR_UPLOAD_FILE_NOT_PASSED: no file"})
        token = secrets.token_hex(16)
        data = files[0].file.read()
        if not data.startswith(IMAGE_SIGNATURES):
            # As VK does: HTTP 200 and no photo; only photos.saveWallPhoto would say more.
            return web.json_response({"server": 1, "photo": "[]", "hash": upload_hash(token)})
        self.emu.state.pending_uploads[token] = data
        photo = json.dumps([{"photo": token, "sizes": [], "kid": token[:8]}])
        return web.json_response({"server": 1, "photo": photo, "hash": upload_hash(token)})

    async def photo_file(self, request: web.Request) -> web.Response:
        try:
            photo = self.emu.state.photos[int(request.match_info["photo_id"])]
        except (KeyError, ValueError):
            raise web.HTTPNotFound() from None
        return web.Response(body=photo.data, content_type="image/jpeg")

    async def captcha_image(self, request: web.Request) -> web.Response:
        return web.Response(body=_PIXEL_GIF, content_type="image/gif")


async def _upload_failure(request: web.Request, fault: UploadFault) -> web.Response | None:
    """The upload server's failing answer, or None to go on (after the fault's delay)."""
    if fault.delay:
        await asyncio.sleep(fault.delay)  # a deliberately slow answer
    if fault.drop:
        # Close the socket without a byte of answer: the client sees a disconnect.
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError
    if fault.http_status:
        # A JSON body on purpose: a client must go by the status, not by the body alone.
        body = {"error": "ERR_UPLOAD_SERVER: emulated upload server failure"}
        return web.json_response(body, status=fault.http_status)
    return None
