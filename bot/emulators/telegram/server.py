"""HTTP front: /bot<token>/<method> routing, body parsing, faults, error answers, and the
/file/bot<token>/<path> downloads getFile points at."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .errors import NOT_FOUND, UNAUTHORIZED, ApiError, bad_request, too_many_requests
from .faults import DOWNLOAD, Fault
from .registry import RawJson

if TYPE_CHECKING:
    from .emulator import TelegramEmulator

MAX_BODY = 60 * 1024 * 1024  # uploads up to 50 MB like the real API, plus form overhead


def _json_response(body: dict[str, Any] | str, status: int = 200) -> web.Response:
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return web.Response(text=text, status=status, content_type="application/json")


def error_response(error: ApiError) -> web.Response:
    return _json_response(error.payload(), error.code)


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Query string plus a JSON, urlencoded or multipart body; uploaded parts kept apart."""
    params: dict[str, Any] = dict(request.query)
    files: dict[str, tuple[str, bytes]] = {}
    if not request.body_exists:
        return params, files
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON request body") from None
        if not isinstance(body, dict):
            raise bad_request("request body must be a JSON object")
        params.update(body)
        return params, files
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            data = value.file.read()
            files[name] = (value.filename or name, data)
            params.setdefault(name, (value.filename or name, data))
        else:
            params[name] = value
    return params, files


def build_api_app(emu: TelegramEmulator) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)

    async def handle(request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != emu.token:
            return error_response(UNAUTHORIZED)
        spec = emu.spec_table.get(request.match_info["method"].lower())
        if spec is None:
            return error_response(NOT_FOUND)
        try:
            raw, files = await read_params(request)
        except ApiError as error:
            return error_response(error)
        record = emu.record_call(spec.name, raw)
        fault = emu.faults.take(spec.name, raw)
        if fault is not None:
            record["fault"] = fault.kind
            early = await _apply_fault(request, fault)
            if early is not None:
                return early
        try:
            result = await emu.execute(spec.name, raw, files, record)
        except ApiError as error:
            return error_response(error)
        if isinstance(result, RawJson):
            return _json_response('{"ok":true,"result":' + result + "}")
        return _json_response({"ok": True, "result": result})

    async def download(request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != emu.token:
            return error_response(UNAUTHORIZED)
        fault = emu.faults.take(DOWNLOAD, {})
        if fault is not None:
            early = await _apply_fault(request, fault)
            if early is not None:
                return early
        data = emu.files.download(request.match_info["path"])
        if data is None:
            return error_response(NOT_FOUND)
        return web.Response(body=data, content_type="application/octet-stream")

    app.router.add_route("*", "/bot{token}/{method}", handle)
    app.router.add_get("/file/bot{token}/{path:.+}", download)
    return app


async def _apply_fault(request: web.Request, fault: Fault) -> web.StreamResponse | None:
    """The response a fault produces, or None to go on (after a delay, for "slow")."""
    if fault.kind == "429":
        return error_response(too_many_requests(fault.retry_after))
    if fault.kind == "500":
        return error_response(ApiError(500, "Internal Server Error"))
    if fault.kind == "502":
        return error_response(ApiError(502, "Bad Gateway"))
    if fault.kind == "drop":
        # Close the socket without a byte of answer: the client sees a disconnect.
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError
    await asyncio.sleep(fault.delay)
    return None
