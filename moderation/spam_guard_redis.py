"""The spam guard's memory in Redis, shared by every instance of otklik.

Behind a load balancer each instance receives only some of a community's messages, so a guard
in one process's memory would miss the same text posted by three accounts through three
instances, or a flood spread over them. This one keeps ``SpamGuard``'s rules (``SpamRules``)
in Redis: one script call per batch of messages, run atomically in order, so two instances
never both see "the first" copy.

Times are the messages' own (as in memory); Redis expiry only clears what no window can reach
any more. Redis going away must not stop intake: the guard then reports no behaviour for a
short pause (comments are still stored, classified and flagged on their content) and says so
in the log once per outage (storage.redis_outage).
"""

from __future__ import annotations

import contextlib
import itertools
import math
import uuid
from collections.abc import Sequence
from datetime import datetime

from redis.asyncio import Redis

from handlers.ports import Said
from moderation.spam_guard import FLOOD, MANY_AUTHORS, REPEATED, SpamRules, text_digest
from storage.redis_outage import CONNECTION_OPTIONS, RedisOutage, RedisUnavailable

# Keys per message: when its author last wrote this text, the author's recent messages
# (a sorted set by time), the authors of this text (by time), and the author's join record.
# One argument per message, "time author has-text id" (packing arguments is most of the
# client's cost), which is also its unique member in the author's recent messages.
_CHECK = """
local repeat_w, flood_w = tonumber(ARGV[1]), tonumber(ARGV[2])
local flood_n, many, cap = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local repeat_ttl, flood_ttl = ARGV[6], ARGV[7]
local out = {}
for i = 0, #KEYS / 4 - 1 do
  local seen, recent, authors, joined = KEYS[4*i+1], KEYS[4*i+2], KEYS[4*i+3], KEYS[4*i+4]
  local member = ARGV[8+i]
  local at, author, has_text = string.match(member, '^(%S+) (%S+) (%d)')
  local now = tonumber(at)
  local reasons = ''
  if has_text == '1' then
    local last = redis.call('GET', seen)
    if last and now - tonumber(last) <= repeat_w then reasons = reasons .. 'r' end
    if not last or tonumber(last) < now then redis.call('SET', seen, at, 'EX', repeat_ttl) end
  end
  redis.call('ZADD', recent, now, member)
  redis.call('ZREMRANGEBYSCORE', recent, '-inf', string.format('(%.6f', now - flood_w))
  redis.call('ZREMRANGEBYRANK', recent, 0, -cap - 1)
  redis.call('EXPIRE', recent, flood_ttl)
  if redis.call('ZCOUNT', recent, now - flood_w, '+inf') >= flood_n then
    reasons = reasons .. 'f'
  end
  if has_text == '1' then
    redis.call('ZADD', authors, now, author)
    redis.call('ZREMRANGEBYSCORE', authors, '-inf', string.format('(%.6f', now - repeat_w))
    redis.call('EXPIRE', authors, repeat_ttl)
    if redis.call('ZCARD', authors) >= many then reasons = reasons .. 'm' end
  end
  if redis.call('EXISTS', joined) == 1 then redis.call('HSET', joined, 'posted', '1') end
  out[#out+1] = reasons
end
return table.concat(out, ',')
"""
# The script answers one string, each message's reasons as letters, comma-separated: a reply
# of nested arrays cost the client more to read than the whole check.
_REASONS = {"r": REPEATED, "f": FLOOD, "m": MANY_AUTHORS}
# Redis forgets a key this long after the last window that could still use it has passed.
_SLACK_S = 60


class RedisSpamGuard:
    def __init__(
        self,
        redis: Redis,
        rules: SpamRules | None = None,
        *,
        prefix: str,
        outage: RedisOutage | None = None,
    ) -> None:
        self.rules = rules or SpamRules()
        self.prefix = prefix
        self.outage = outage or RedisOutage("the spam guard's memory (repeats, floods, join-leave)")
        self._redis = redis
        self._check = redis.register_script(_CHECK)
        repeat_s = self.rules.repeat_window.total_seconds()
        flood_s = self.rules.flood_window.total_seconds()
        # The script's first arguments: the rules, the same for every batch.
        self._rule_args: tuple[float | int, ...] = (
            repeat_s,
            flood_s,
            self.rules.flood_messages,
            self.rules.many_authors,
            self.rules.history_cap,
            math.ceil(repeat_s) + _SLACK_S,
            math.ceil(flood_s) + _SLACK_S,
        )
        # Message ids unique across instances: this guard's own prefix, then a count.
        own = uuid.uuid4().hex[:12]
        self._ids = (f"{own}.{n}" for n in itertools.count())

    @classmethod
    def from_url(cls, url: str, rules: SpamRules | None = None, *, prefix: str) -> RedisSpamGuard:
        return cls(Redis.from_url(url, **CONNECTION_OPTIONS), rules, prefix=prefix)

    def _author_key(self, community: str, author_id: int) -> str:
        return f"{self.prefix}:{community}:{author_id}"

    async def check(self, messages: Sequence[Said]) -> list[tuple[str, ...]]:
        if not messages or self.outage.ongoing:
            return [() for _ in messages]
        keys: list[str] = []
        args: list[object] = list(self._rule_args)
        for said in messages:
            author = self._author_key(said.community, said.author_id)
            digest = text_digest(said.text).hex()
            keys += [
                f"{author}:seen:{digest}",
                f"{author}:recent",
                f"{self.prefix}:{said.community}:text:{digest}",
                f"{author}:joined",
            ]
            has_text = 1 if said.text.strip() else 0
            args.append(f"{said.at.timestamp()!r} {said.author_id} {has_text} {next(self._ids)}")
        try:
            found = await self.outage.call(lambda: self._check(keys=keys, args=args))
        except RedisUnavailable:
            return [() for _ in messages]
        return [tuple(_REASONS[code] for code in codes) for codes in found.decode().split(",")]

    async def note_join(self, community: str, author_id: int, at: datetime) -> None:
        key = f"{self._author_key(community, author_id)}:joined"
        ttl = math.ceil(self.rules.join_leave_window.total_seconds()) + _SLACK_S
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping={"at": repr(at.timestamp()), "posted": "0"})
            pipe.expire(key, ttl)
            with contextlib.suppress(RedisUnavailable):
                await self.outage.call(pipe.execute)

    async def note_leave(self, community: str, author_id: int, at: datetime) -> bool:
        key = f"{self._author_key(community, author_id)}:joined"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hmget(key, ["at", "posted"])
            pipe.delete(key)
            try:
                [(joined_at, posted), _deleted] = await self.outage.call(pipe.execute)
            except RedisUnavailable:
                return False
        if joined_at is None:
            return False
        window = self.rules.join_leave_window.total_seconds()
        return posted == b"1" and at.timestamp() - float(joined_at) <= window

    async def close(self) -> None:
        await self._redis.aclose()
