"""HTTP sessions for vk_api: plain in production, or pointed at another API host, and never
without a timeout.

vk_api always posts to ``https://api.vk.ru/method/...``. When ``Settings.vk_api_base`` names
another server (a local VK emulator, a proxy), a transport adapter rewrites that host; vk_api
itself stays unmodified. vk_api sends its API calls with no timeout, so a VK that accepts a
connection and never answers would hold the call, and its thread, forever: every request
without a timeout of its own gets ours (the long poll's wait and the photo upload set theirs).
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter

VK_API_HOSTS = ("https://api.vk.ru/", "https://api.vk.com/")
# (connect, read) seconds: VK answers an API call in well under a second.
TIMEOUT = (5.0, 30.0)


class TimeoutAdapter(HTTPAdapter):
    def __init__(self, *, timeout: tuple[float, float] = TIMEOUT, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.timeout = timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


class RewriteHostAdapter(TimeoutAdapter):
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


def make_session(
    api_base: str | None = None, *, timeout: tuple[float, float] = TIMEOUT
) -> requests.Session:
    """A session for ``VkApi(session=...)``; ``api_base=None`` talks to the real VK."""
    session = requests.Session()
    plain = TimeoutAdapter(timeout=timeout)
    for scheme in ("https://", "http://"):
        session.mount(scheme, plain)
    if api_base:
        adapter = RewriteHostAdapter(api_base, timeout=timeout)
        for host in VK_API_HOSTS:
            session.mount(host, adapter)
    return session
