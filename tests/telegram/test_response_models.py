"""aiogram asks pydantic for Response[Message] on every call; pydantic caches it weakly, so
without our reference the collector drops it and each rebuild costs 10-20 ms."""

import gc

import pytest
from aiogram.methods import SendMessage
from aiogram.methods.base import Response

from bot.telegram.response_models import keep_response_model


def test_a_kept_response_model_survives_garbage_collection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keep_response_model(SendMessage(chat_id=1, text="x"))
    gc.collect()

    def rebuilt(*args: object, **kwargs: object) -> None:
        raise AssertionError("Response[Message] was built again")

    monkeypatch.setattr("pydantic._internal._generics.create_generic_submodel", rebuilt)
    assert Response[SendMessage.__returning__].__name__ == "Response[Message]"
