"""The owner's weekly digest: rollups kept as comments arrive, metrics, text, charts, sending.

Wiring (composition root):
- counts: ``pipeline.intake.add_in_store(rollups.in_store_hook(communities))``
- weekly: ``job.send_weekly_digest(sessions, community, week, TelegramDigestSender(bot),
  readings=bootstrap.digest_readings(bot, vk))`` at the community's digest weekday/time, for
  ``Week.previous_of(now, community.tz)``; ``job.due_week(community, now)`` tells a catch-up
  run at start (or an hourly tick) which week is due. Repeating a call never sends twice.
- /digest: ``bot.telegram.routers.digest.build()``, included before the managers' router.
"""
