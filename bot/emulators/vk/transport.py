"""A requests transport adapter that sends vk_api's https://api.vk.ru calls to the emulator."""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter

VK_API_PREFIXES = ("https://api.vk.ru/", "https://api.vk.com/")


class VKEmulatorAdapter(HTTPAdapter):
    """Rewrites the fixed VK API host to the emulator's base URL; vk_api stays unmodified."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/") + "/"

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        for prefix in VK_API_PREFIXES:
            if request.url and request.url.startswith(prefix):
                request.url = self.base_url + request.url[len(prefix) :]
                break
        return super().send(request, **kwargs)


def make_session(base_url: str) -> requests.Session:
    session = requests.Session()
    adapter = VKEmulatorAdapter(base_url)
    for prefix in VK_API_PREFIXES:
        session.mount(prefix, adapter)
    return session
