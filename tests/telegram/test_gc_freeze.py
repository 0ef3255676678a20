"""After the first start, what it loaded is out of the garbage collector's sight, so a full
collection under load walks only what came later."""

import gc

import pytest

from bot import bootstrap


def test_startup_objects_are_frozen_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bootstrap, "_frozen", False)
    before = gc.get_freeze_count()
    startup = [{"loaded": n} for n in range(1000)]
    bootstrap.freeze_startup_objects()
    frozen = gc.get_freeze_count()
    assert frozen >= before + len(startup)
    later = [{"later": n} for n in range(1000)]
    bootstrap.freeze_startup_objects()  # a second start freezes nothing more
    assert gc.get_freeze_count() == frozen
    assert later
