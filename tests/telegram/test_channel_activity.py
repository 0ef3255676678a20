"""What the weekly digest counts, arriving from Telegram through the running bot: channel posts,
comments in their discussion threads, members joining and leaving groups and channels,
reactions per person in groups and anonymous totals on channel posts."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import CommentRow, MemberEventRow, PostRow, ReactionCountRow, ReactionRow
from tests.telegram.harness import CHANNEL, DISCUSSION, GROUP, MANAGERS, running_world


async def handled(world, updates: int) -> None:
    """Until the poller has committed this many updates (re-checked after every API call)."""
    await world.emu.wait_for(lambda: world.app.poller.processed >= updates)


async def rows(database, model) -> list:
    async with database.sessions() as session:
        return list(await session.scalars(select(model).order_by(model.id)))


async def test_a_channel_post_and_the_comments_in_its_thread(database):
    async with running_world(database) as world:
        emu = world.emu
        post = emu.channel_posts(CHANNEL, "Новое меню с понедельника")
        # The post, and its automatic forward into the discussion group.
        await handled(world, 2)
        emu.comment_on_post(
            CHANNEL, post["message_id"], world.member, "Ужас, третий день жду заказ"
        )
        [card] = await emu.wait_sent(MANAGERS, count=1)
        assert "Комментарии канала" in card["text"]
        [stored_post] = await rows(database, PostRow)
        assert (stored_post.chat_id, stored_post.post_id) == (CHANNEL, post["message_id"])
        assert stored_post.text == "Новое меню с понедельника"
        assert stored_post.discussion_chat_id == DISCUSSION
        [comment] = await rows(database, CommentRow)
        assert (comment.chat_id, comment.source) == (DISCUSSION, "discussion")
        assert comment.post_id == stored_post.discussion_message_id


async def test_joins_and_leaves_in_a_group_and_a_channel(database):
    async with running_world(database) as world:
        emu = world.emu
        newcomer = emu.add_user("Анна")["id"]
        emu.user_joins(GROUP, newcomer)
        emu.user_leaves(GROUP, world.member)
        emu.user_joins(CHANNEL, newcomer)
        emu.user_leaves(CHANNEL, newcomer)
        # Groups: a service message and a chat_member update each (the latter not counted).
        await handled(world, 6)
        events = [(e.chat_id, e.user_id, e.kind) for e in await rows(database, MemberEventRow)]
        assert events == [
            (GROUP, newcomer, "join"),
            (GROUP, world.member, "leave"),
            (CHANNEL, newcomer, "join"),
            (CHANNEL, newcomer, "leave"),
        ]


async def test_reactions_per_person_in_a_group_and_totals_on_a_channel_post(database):
    async with running_world(database) as world:
        emu = world.emu
        said = emu.user_writes(GROUP, world.member, "Спасибо, всё вкусно")
        post = emu.channel_posts(CHANNEL, "Новое меню")
        await handled(world, 3)
        emu.user_reacts(GROUP, said["message_id"], world.stranger, ["👍"])
        emu.user_reacts(CHANNEL, post["message_id"], world.member, ["🔥"])
        emu.user_reacts(CHANNEL, post["message_id"], world.stranger, ["🔥", "👍"])
        await handled(world, 6)
        [reaction] = await rows(database, ReactionRow)
        assert (reaction.message_id, reaction.user_id) == (said["message_id"], world.stranger)
        totals = {(r.message_id, r.emoji): r.count for r in await rows(database, ReactionCountRow)}
        assert totals == {(post["message_id"], "🔥"): 2, (post["message_id"], "👍"): 1}
