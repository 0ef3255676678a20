"""Automatic answers: FAQ rules, a greeting for a first message, an acknowledgement of a
negative comment. Hooked in after the intake stored a batch (``Intake.add_after_store``).

At most once per comment, even when an event arrives twice or after a restart: a row in
``autoreplies`` (unique on platform, chat, message) is claimed and committed BEFORE sending. A
crash between claim and send loses that one answer rather than risking two.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import func, select, update

from config.settings import AutoReplies, AutoReplyRule, Community
from handlers.deps import Deps
from handlers.events import Comment
from handlers.ports import DeliveryError, Target
from storage import flags as flag_store
from storage.comments import Stored
from storage.models import AutoReplyRow, CommentRow
from storage.upsert import insert_for

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
# Inflection endings, longest first: "доставка"/"доставку"/"доставкой" all share "доставк".
_ENDING_LIST = (
    "иями ями ами ией ием ого его ому ему ыми ими ых их ой ей ий ый ая яя ое ее ую юю ом ем "
    "ам ям ах ях ов ев ию ия ие ии а я о е у ю ы и ь й ing ed es s"
)
_ENDINGS = sorted(_ENDING_LIST.split(), key=len, reverse=True)
_MIN_STEM = 3


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("ё", "е"))


def stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=1024)
def _keyword_stems(keyword: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _words(keyword))


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def keyword_in(keyword: str, words: Sequence[str]) -> bool:
    """Each word of ``keyword`` (stemmed) starts consecutive words of the text."""
    stems = _keyword_stems(keyword)
    if not stems:
        return False
    for start in range(len(words) - len(stems) + 1):
        if all(words[start + i].startswith(s) for i, s in enumerate(stems)):
            return True
    return False


def matching_rule(rules: Sequence[AutoReplyRule], comment: Comment) -> AutoReplyRule | None:
    words = _words(comment.text)
    for rule in rules:
        if comment.platform not in rule.platforms:
            continue
        if any(keyword_in(k, words) for k in rule.keywords):
            return rule
        if rule.regex and _regex(rule.regex).search(comment.text):
            return rule
    return None


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, comment: Comment) -> str:
    """Fill ``{name}``/``{first_name}``; a template with stray braces is sent as written."""
    first = comment.author.name.split()[0] if comment.author.name.split() else ""
    try:
        return template.format_map(_Blank(name=comment.author.name, first_name=first))
    except (ValueError, IndexError):
        return template


class AutoReplier:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def after_store(self, stored: Sequence[Stored]) -> None:
        for item in stored:
            try:
                await self._consider(item)
            except Exception:
                # One bad answer must not stop the batch (nor the intake that called us).
                log.exception("auto-reply to comment %s failed", item.comment_id)

    async def _choose(
        self, item: Stored, settings: AutoReplies
    ) -> tuple[str, str | None, str] | None:
        comment, verdict = item.comment, item.verdict
        if item.flag_id is not None and verdict.is_negative and settings.negative_ack:
            return "ack", None, settings.negative_ack
        rule = matching_rule(settings.rules, comment)
        if rule is not None:
            return "rule", rule.name, rule.reply
        if settings.greeting and await self._is_first(item):
            return "greeting", None, settings.greeting
        return None

    async def _consider(self, item: Stored) -> None:
        comment, verdict = item.comment, item.verdict
        community = self._deps.communities.get(comment.community)
        if community is None or not community.autoreplies.enabled:
            return
        if comment.from_staff or comment.author.is_bot or verdict.spam or verdict.toxic:
            return  # never answer ourselves, our admins, or what moderation may remove
        settings = community.autoreplies
        choice = await self._choose(item, settings)
        if choice is None or await self._cooling_down(community, comment):
            return
        kind, rule, template = choice
        text = render(template, comment)
        claim = await self._claim(comment, kind, rule, text, settings.dry_run)
        if claim is None:
            return  # answered before (a replayed event, another instance)
        if settings.dry_run:
            timeline = self._deps.timeline
            timeline.record("autoreply-dry-run", comment.community, comment.platform, text)
            return
        await self._send(item, claim, kind, text)

    async def _send(self, item: Stored, claim: int, kind: str, text: str) -> None:
        comment = item.comment
        target = Target.of(comment)
        key = f"autoreply:{comment.platform}:{comment.chat_id}:{comment.message_id}"
        status, sent_id = "sent", None
        try:
            sent_id = await self._deps.outbox(comment.platform).reply(
                target, text, idempotency_key=key
            )
        except DeliveryError as exc:
            status = "failed"
            log.warning("auto-reply to %s not delivered: %s", key, exc.reason)
        async with self._deps.sessions() as session, session.begin():
            await session.execute(
                update(AutoReplyRow)
                .where(AutoReplyRow.id == claim)
                .values(status=status, sent_message_id=sent_id)
            )
            if status == "sent" and kind == "ack" and item.flag_id is not None:
                # The flag stays open: a manager still has to answer.
                await flag_store.set_flag(session, item.flag_id, ack_sent=True)
        if status == "sent":
            self._deps.timeline.record("auto-replied", comment.community, comment.platform, text)

    async def _claim(
        self, comment: Comment, kind: str, rule: str | None, text: str, dry_run: bool
    ) -> int | None:
        table = AutoReplyRow.__table__
        async with self._deps.sessions() as session, session.begin():
            return (
                await session.execute(
                    insert_for(session, table)
                    .values(
                        community=comment.community,
                        platform=comment.platform,
                        chat_id=comment.chat_id,
                        message_id=comment.message_id,
                        author_id=comment.author.user_id,
                        kind=kind,
                        rule=rule and rule[:128],
                        text=text,
                        dry_run=dry_run,
                        status="dry_run" if dry_run else "claimed",
                        at=self._deps.clock.now(),
                    )
                    .on_conflict_do_nothing(index_elements=["platform", "chat_id", "message_id"])
                    .returning(table.c.id)
                )
            ).scalar()

    async def _cooling_down(self, community: Community, comment: Comment) -> bool:
        seconds = community.autoreplies.cooldown_seconds
        if seconds <= 0:
            return False
        since = self._deps.clock.now() - timedelta(seconds=seconds)
        async with self._deps.sessions() as session:
            recent = await session.scalar(
                select(func.count())
                .select_from(AutoReplyRow)
                .where(
                    AutoReplyRow.community == comment.community,
                    AutoReplyRow.platform == comment.platform,
                    AutoReplyRow.author_id == comment.author.user_id,
                    AutoReplyRow.at > since,
                    AutoReplyRow.status != "failed",
                )
            )
        return bool(recent)

    async def _is_first(self, item: Stored) -> bool:
        comment = item.comment
        async with self._deps.sessions() as session:
            earlier = await session.scalar(
                select(CommentRow.id)
                .where(
                    CommentRow.community == comment.community,
                    CommentRow.platform == comment.platform,
                    CommentRow.author_id == comment.author.user_id,
                    CommentRow.id < item.comment_id,
                )
                .limit(1)
            )
        return earlier is None
