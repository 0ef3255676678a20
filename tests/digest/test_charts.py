"""The four charts: real PNGs of a phone-friendly size, with the expected panels and titles."""

from __future__ import annotations

import struct

from scheduler.digest.charts import draw_charts
from scheduler.digest.metrics import build_digest
from scheduler.digest.week import Week
from tests.digest.world import MSK, build_pipeline, fill

PNG = b"\x89PNG\r\n\x1a\n"


async def test_four_valid_pngs_with_their_panels(database):
    world = build_pipeline(database)
    await fill(world)
    async with database.sessions() as session:
        digest = await build_digest(session, world.community, Week.parse("2026-W47", MSK))
    for lang, first_title in (("en", "Comments per day"), ("ru", "Комментарии по дням")):
        charts = draw_charts(digest, lang)
        assert [c.name for c in charts] == ["daily", "sentiment", "response", "heat"]
        assert charts[0].title == first_title
        assert [c.panels for c in charts] == [1, 1, 1, 2]  # the heat map has its colour bar
        for chart in charts:
            assert chart.png.startswith(PNG)
            assert chart.png[12:16] == b"IHDR"
            width, height = struct.unpack(">II", chart.png[16:24])
            assert (width, height) == (1200, 900)
            assert 10_000 < len(chart.png) < 500_000
