"""Parameter tables from the Bot API spec, and checking/coercing a call's parameters.

The spec lives outside the repo (../shared/specs/telegram by default, or OTKLIK_TELEGRAM_SPEC).
When it is absent, a small table generated from it (_spec_fallback.json, for the methods the
emulator implements) keeps the emulator usable; `python -m bot.emulators.telegram.spec` rewrites
that table and a test checks it still agrees with the spec.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import bad_request

SPEC_FILE_NAME = "aiogram-butcher-schema.json"
FALLBACK_PATH = Path(__file__).with_name("_spec_fallback.json")
_REPO_ROOT = Path(__file__).resolve().parents[3]

# Methods with an implementation (methods_*.py, files.py); the fallback table covers exactly these.
IMPLEMENTED_METHODS: tuple[str, ...] = (
    "getMe", "logOut", "close", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo",
    "sendMessage", "sendPhoto", "sendMediaGroup", "editMessageText", "editMessageReplyMarkup",
    "deleteMessage", "answerCallbackQuery", "pinChatMessage", "banChatMember", "unbanChatMember",
    "restrictChatMember", "getChat", "getChatMember", "getChatAdministrators",
    "getChatMemberCount", "setMyCommands", "deleteMyCommands", "getMyCommands", "getFile",
)  # fmt: skip

Param = tuple[str, str, bool]  # (name, spec type, required)


@dataclass(frozen=True)
class MethodSpec:
    name: str
    params: tuple[Param, ...]


def default_spec_path() -> Path:
    override = os.environ.get("OTKLIK_TELEGRAM_SPEC")
    path = Path(override) if override else _REPO_ROOT.parent / "shared" / "specs" / "telegram"
    return path / SPEC_FILE_NAME if path.is_dir() else path


def table_from_spec(spec_file: Path) -> dict[str, MethodSpec]:
    """Every method of the spec (a method's name starts lower-case, a type's upper-case)."""
    data = json.loads(spec_file.read_text(encoding="utf-8"))
    table: dict[str, MethodSpec] = {}
    for section in data["items"]:
        for item in section["children"]:
            name = item["name"]
            if not name[:1].islower():
                continue
            params = tuple(
                (a["name"], a["type"], bool(a["required"])) for a in item.get("annotations", [])
            )
            table[name.lower()] = MethodSpec(name, params)
    return table


def fallback_rows(table: dict[str, MethodSpec]) -> dict[str, list[list[Any]]]:
    return {m: [list(p) for p in table[m.lower()].params] for m in IMPLEMENTED_METHODS}


@lru_cache(maxsize=4)
def load_table(spec_file: Path | None = None) -> dict[str, MethodSpec]:
    """Parsed once per path: many emulators in one test run share it."""
    path = spec_file or default_spec_path()
    if path.is_file():
        return table_from_spec(path)
    rows = json.loads(FALLBACK_PATH.read_text(encoding="utf-8"))
    return {n.lower(): MethodSpec(n, tuple((a, t, r) for a, t, r in ps)) for n, ps in rows.items()}


_TRUE = {"true", "1", "True"}
_FALSE = {"false", "0", "False"}


def _coerce(name: str, kind: str, value: Any) -> Any:
    if kind == "Integer":
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise bad_request(f"invalid {name} specified")
        try:
            return int(value)
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None
    if kind == "Integer or String":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value)
        try:
            return int(text)
        except ValueError:
            return text
    if kind == "Boolean":
        if isinstance(value, bool):
            return value
        if str(value) in _TRUE:
            return True
        if str(value) in _FALSE:
            return False
        raise bad_request(f"invalid {name} specified")
    if kind == "Float":
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None
    if kind == "String":
        return value if isinstance(value, str) else json.dumps(value)
    if kind.startswith("InputFile"):
        return value  # a string (file_id, URL, attach://) or an uploaded part
    # Everything else is a JSON-serialized object or array inside a form field.
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None
    expected = list if kind.startswith("Array") else dict
    if not isinstance(value, expected):
        raise bad_request(f"can't parse {name} JSON object")
    return value


def check_params(spec: MethodSpec, raw: dict[str, Any]) -> dict[str, Any]:
    """Known parameters, coerced to their spec types; unknown ones are ignored like the API."""
    params: dict[str, Any] = {}
    for name, kind, required in spec.params:
        value = raw.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(_missing_reason(spec.name, name))
            continue
        params[name] = _coerce(name, kind, value)
    return params


def _missing_reason(method: str, name: str) -> str:
    # The real server words a few of these specially.
    if name == "text":
        return "message text is empty"
    if name in ("chat_id", "user_id", "message_id"):
        return f"{name} is empty"
    return f'parameter "{name}" is required'


def main() -> None:
    """Regenerate the fallback table from the spec."""
    table = table_from_spec(default_spec_path())
    FALLBACK_PATH.write_text(
        json.dumps(fallback_rows(table), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {FALLBACK_PATH}")


if __name__ == "__main__":
    main()
