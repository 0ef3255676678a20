"""VK API error codes and the exception the method handlers raise."""

from __future__ import annotations

from typing import Any

# Messages exactly as VK words them (errors.json gives only the short description).
ERROR_MESSAGES: dict[int, str] = {
    1: "Unknown error occurred",
    3: "Unknown method passed",
    5: "User authorization failed: invalid access_token (4).",
    6: "Too many requests per second",
    7: "Permission to perform this action is denied",
    8: "Invalid request: v is required",
    9: "Flood control",
    10: "Internal server error",
    14: "Captcha needed",
    15: "Access denied",
    18: "User was deleted or banned",
    100: "One of the parameters specified was missing or invalid",
    113: "Invalid user id",
    203: "Access to group denied",
    210: "Access to wall's post denied",
    211: "Access to wall's comment denied",
    901: "Can't send messages for users without permission",
    914: "Message is too long",
}


class VkApiError(Exception):
    """Raised by method handlers; turned into VK's `{"error": {...}}` answer."""

    def __init__(self, code: int, message: str | None = None, **extra: Any) -> None:
        self.code = code
        self.message = message or ERROR_MESSAGES.get(code, f"Error {code}")
        self.extra = extra
        super().__init__(f"[{code}] {self.message}")


def param_error(detail: str) -> VkApiError:
    """Error 100 with VK's `...: <detail>` suffix."""
    return VkApiError(100, f"{ERROR_MESSAGES[100]}: {detail}")


def error_body(error: VkApiError, method: str, params: dict[str, str]) -> dict[str, Any]:
    """VK's error envelope; request_params echo everything except the token."""
    request_params = [{"key": "method", "value": method}]
    request_params += [
        {"key": key, "value": str(value)} for key, value in params.items() if key != "access_token"
    ]
    body: dict[str, Any] = {"error_code": error.code, "error_msg": error.message}
    body.update(error.extra)
    body["request_params"] = request_params
    return {"error": body}
