"""HTTP sessions for vk_api: plain in production, or pointed at another API host.

vk_api always posts to ``https://api.vk.ru/method/...``. When ``Settings.vk_api_base`` names
another server (a local VK emulator, a proxy), a transport adapter rewrites that host; vk_api
itself stays unmodified.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter

VK_API_HOSTS = ("https://api.vk.ru/", "https://api.vk.com/")


class RewriteHostAdapter(HTTPAdapter):
    """Sends requests for the VK API hosts to ``base_url`` instead."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/") + "/"

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = request.url or ""
        for host in VK_API_HOSTS:
            if url.startswith(host):
                request.url = self.base_url + url[len(host) :]
                break
        return super().send(request, **kwargs)


def make_session(api_base: str | None = None) -> requests.Session:
    """A session for ``VkApi(session=...)``; ``api_base=None`` talks to the real VK."""
    session = requests.Session()
    if api_base:
        adapter = RewriteHostAdapter(api_base)
        for host in VK_API_HOSTS:
            session.mount(host, adapter)
    return session
