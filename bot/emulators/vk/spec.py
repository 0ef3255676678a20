"""VK's official methods.json: which methods exist and how their parameters are checked."""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.emulators.vk.errors import VkApiError, param_error
from bot.emulators.vk.spec_fallback import FALLBACK_MAX_LENGTHS, FALLBACK_METHODS

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_SPEC_DIR = REPO_ROOT / ".." / "shared" / "specs" / "vk"
_INT_RE = re.compile(r"^-?\d+$")
_BOOL_VALUES = {"1": True, "true": True, "0": False, "false": False}


@dataclass(frozen=True)
class ParamSpec:
    name: str
    type: str | list[str]
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    item_type: str | None = None
    max_length: int | None = None  # strings: characters


def resolve_spec_dir(spec_dir: Path | None = None) -> Path:
    """Explicit argument, then env OTKLIK_VK_SPEC, then ../shared/specs/vk from the repo root."""
    if spec_dir is not None:
        return Path(spec_dir)
    env = os.environ.get("OTKLIK_VK_SPEC")
    return Path(env) if env else DEFAULT_SPEC_DIR.resolve()


class MethodSpec:
    """Parameter rules per method name; `from_dir` falls back to the built-in table."""

    def __init__(self, methods: dict[str, dict[str, ParamSpec]], source: str) -> None:
        self.methods = methods
        self.source = source

    @classmethod
    def from_dir(cls, spec_dir: Path | None = None) -> MethodSpec:
        path = resolve_spec_dir(spec_dir) / "methods.json"
        if not path.is_file():
            log.info("VK spec not found at %s; using the built-in method table", path)
            return cls.builtin()
        raw = json.loads(path.read_text(encoding="utf-8"))
        methods = {m["name"]: _params_from_json(m.get("parameters", [])) for m in raw["methods"]}
        return cls(methods, str(path))

    @classmethod
    def builtin(cls) -> MethodSpec:
        methods = {
            name: {
                pname: ParamSpec(
                    pname,
                    ptype,
                    required,
                    minimum,
                    maximum,
                    max_length=FALLBACK_MAX_LENGTHS.get((name, pname)),
                )
                for pname, (ptype, required, minimum, maximum) in params.items()
            }
            for name, params in FALLBACK_METHODS.items()
        }
        return cls(methods, "builtin")

    def knows(self, method: str) -> bool:
        return method in self.methods

    def validate(self, method: str, params: dict[str, str]) -> dict[str, Any]:
        """Coerce known parameters to Python values; unknown ones pass through as strings."""
        rules = self.methods.get(method)
        if rules is None:
            raise VkApiError(3)
        values: dict[str, Any] = dict(params)
        for rule in rules.values():
            raw = params.get(rule.name)
            if raw is None or raw == "":
                if rule.required:
                    raise param_error(f"{rule.name} is undefined")
                values.pop(rule.name, None)
                continue
            if rule.max_length is not None and len(raw) > rule.max_length:
                raise too_long(method, rule)
            values[rule.name] = _coerce(rule, raw)
        return values


def _params_from_json(parameters: list[dict[str, Any]]) -> dict[str, ParamSpec]:
    result = {}
    for p in parameters:
        items = p.get("items") or {}
        item_type = items.get("type") if isinstance(items.get("type"), str) else None
        result[p["name"]] = ParamSpec(
            p["name"],
            p.get("type", "string"),
            bool(p.get("required", False)),
            p.get("minimum"),
            p.get("maximum"),
            item_type,
            p.get("maxLength"),
        )
    return result


def too_long(method: str, rule: ParamSpec) -> VkApiError:
    # A message's text past its limit has an error of its own; other strings are bad parameters.
    if method.startswith("messages.") and rule.name == "message":
        return VkApiError(914)
    return param_error(f"{rule.name} is too long (at most {rule.max_length} characters)")


def _coerce(rule: ParamSpec, raw: str) -> Any:
    if rule.type == "integer":
        if not _INT_RE.match(raw.strip()):
            raise param_error(f"{rule.name} not integer")
        value: Any = int(raw)
    elif rule.type == "number":
        try:
            value = float(raw)
        except ValueError:
            raise param_error(f"{rule.name} not a number") from None
    elif rule.type == "boolean":
        if raw.strip().lower() not in _BOOL_VALUES:
            raise param_error(f"{rule.name} not boolean")
        return _BOOL_VALUES[raw.strip().lower()]
    elif rule.type == "array":
        items = [item.strip() for item in raw.split(",") if item.strip()]
        if rule.item_type == "integer" and not all(_INT_RE.match(i) for i in items):
            raise param_error(f"{rule.name} should contain integers")
        return [int(i) for i in items] if rule.item_type == "integer" else items
    else:
        return raw
    if rule.minimum is not None and value < rule.minimum:
        raise param_error(f"{rule.name} should be not less than {rule.minimum}")
    if rule.maximum is not None and value > rule.maximum:
        raise param_error(f"{rule.name} should be not more than {rule.maximum}")
    return value
