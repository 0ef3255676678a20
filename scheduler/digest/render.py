"""The digest as a short Telegram HTML message, in Russian or English."""

from __future__ import annotations

from html import escape

from scheduler.digest.numbers import Digest, Pair

TEXT_LIMIT = 4096  # Telegram's message length

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "{name}: weekly digest {week}",
        "comments": "💬 Comments: {v}",
        "sources": "group {group} · channel comments {discussion} · VK wall {wall} · VK messages {message}",  # noqa: E501
        "commenters": "👥 Commenters: {v}, new {new}, returning {ret}",
        "members": "➕ Joined {joins}, left {leaves}, net growth {v}",
        "engagement": "❤️ Reactions {v} · discussion replies {replies}",
        "vk": "VK: likes {likes}, reposts {reposts}, views {views}",
        "er": "📈 ERpost {post} · ERview {view}",
        "formula": "<i>ERpost = (likes + reposts + comments) / followers × 100; "
        "ERview = interactions / views × 100</i>",
        "followers": "followers {v}",
        "no_followers": "followers unknown: ERpost not computed",
        "top_posts": "🏆 Top posts",
        "post": "{n}. {title} ({platform}): {inter} interactions, ERpost {post}, ERview {view}",
        "top_commenters": "🗣 Most active: {v}",
        "sentiment": "🙂 Mood: positive {positive}, neutral {neutral}, negative {negative}",
        "negatives": "⚠️ Negatives: {v}; answered {answered}, resolved {resolved}, open {open}",
        "open_links": "Still open: {v}",
        "response": "⏱ First response: median {median}, 90% within {p90}",
        "busiest": "🕐 Busiest hours: {v}",
        "nothing": "A quiet week: no comments.",
        "unknown": "n/a",
        "min": "{n} min",
        "hour": "{h} h {m} min",
        "link": "link",
    },
    "ru": {
        "title": "{name}: дайджест за неделю {week}",
        "comments": "💬 Комментарии: {v}",
        "sources": "группа {group} · комментарии канала {discussion} · стена VK {wall} · сообщения VK {message}",  # noqa: E501
        "commenters": "👥 Комментаторы: {v}, новые {new}, вернувшиеся {ret}",
        "members": "➕ Вступили {joins}, вышли {leaves}, прирост {v}",
        "engagement": "❤️ Реакции {v} · ответы в обсуждениях {replies}",
        "vk": "VK: лайки {likes}, репосты {reposts}, просмотры {views}",
        "er": "📈 ERpost {post} · ERview {view}",
        "formula": "<i>ERpost = (лайки + репосты + комментарии) / подписчики × 100; "
        "ERview = взаимодействия / просмотры × 100</i>",
        "followers": "подписчиков {v}",
        "no_followers": "число подписчиков неизвестно: ERpost не считается",
        "top_posts": "🏆 Лучшие посты",
        "post": "{n}. {title} ({platform}): взаимодействий {inter}, ERpost {post}, ERview {view}",
        "top_commenters": "🗣 Самые активные: {v}",
        "sentiment": "🙂 Настроение: позитив {positive}, нейтрально {neutral}, негатив {negative}",
        "negatives": "⚠️ Негатив: {v}; отвечено {answered}, решено {resolved}, открыто {open}",
        "open_links": "Ещё открыты: {v}",
        "response": "⏱ Первый ответ: медиана {median}, 90% — за {p90}",
        "busiest": "🕐 Самые активные часы: {v}",
        "nothing": "Тихая неделя: комментариев не было.",
        "unknown": "н/д",
        "min": "{n} мин",
        "hour": "{h} ч {m} мин",
        "link": "ссылка",
    },
}


def duration(seconds: float | None, lang: str) -> str:
    w = WORDS[lang]
    if seconds is None:
        return w["unknown"]
    minutes = round(seconds / 60)
    if minutes < 60:
        return w["min"].format(n=minutes)
    return w["hour"].format(h=minutes // 60, m=minutes % 60)


def _signed(value: float, unit: str = "") -> str:
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):+d}{unit}"
    return f"{value:+.2f}{unit}"


def change(pair: Pair, kind: str = "count", lang: str = "en") -> str:
    """ " (+6, +300%)" for counts, " (+0.42 pp)" for rates, " (−20 min)" for durations."""
    delta = pair.change
    if delta is None:
        return ""
    if kind == "duration":
        sign = "+" if delta > 0 else "−" if delta < 0 else "±"
        return f" ({sign}{duration(abs(delta), lang)})"
    if kind == "rate":
        return f" ({_signed(delta, ' pp')})"
    pct = pair.change_pct
    return f" ({_signed(delta)}, {pct:+.0f}%)" if pct is not None else f" ({_signed(delta)})"


def _num(pair: Pair, kind: str, lang: str) -> str:
    if pair.now is None:
        return WORDS[lang]["unknown"]
    if kind == "rate":
        text = f"{pair.now:.2f}%"
    elif kind == "duration":
        text = duration(pair.now, lang)
    else:
        text = f"{int(pair.now)}"
    return f"<b>{text}</b>{change(pair, kind, lang)}"


def _rate(value: float | None, lang: str) -> str:
    return f"{value:.2f}%" if value is not None else WORDS[lang]["unknown"]


def render(digest: Digest, lang: str | None = None) -> str:
    lang = lang or digest.language
    w = WORDS[lang]
    now = digest.now

    def n(name: str, kind: str = "count") -> str:
        return _num(digest.pair(name), kind, lang)

    lines = [f"<b>{escape(w['title'].format(name=digest.name, week=digest.week))}</b>", ""]
    platforms = " · ".join(
        f"{p.capitalize() if p == 'telegram' else p.upper()} {_num(digest.platform_pair(p), 'count', lang)}"  # noqa: E501
        for p in sorted(set(now.by_platform) | set(digest.before.by_platform))
    )
    lines.append(w["comments"].format(v=n("comments")) + (f" · {platforms}" if platforms else ""))
    if now.comments:
        lines.append(w["sources"].format(**{s: now.by_source.get(s, 0) for s in _SOURCES}))
    else:
        lines.append(w["nothing"])
    lines.append(w["commenters"].format(v=n("active"), new=n("new"), ret=n("returning")))
    lines.append(w["members"].format(joins=n("joins"), leaves=n("leaves"), v=n("net_growth")))
    lines.append(w["engagement"].format(v=n("reactions"), replies=n("discussion_replies")))
    lines.append(w["vk"].format(likes=n("vk_likes"), reposts=n("vk_reposts"), views=n("vk_views")))
    followers = w["followers"].format(v=n("followers")) if now.followers else w["no_followers"]
    lines.append(w["er"].format(post=n("er_post", "rate"), view=n("er_view", "rate")))
    lines.append(f"{w['formula']}; {followers}")
    if now.posts:
        lines.append(w["top_posts"])
        for i, post in enumerate(now.posts[:3], 1):
            title = escape(_short(post.text or f"#{post.post_id}", 40))
            if post.link:
                title = f'<a href="{escape(post.link)}">{title}</a>'
            lines.append(
                w["post"].format(
                    n=i, title=title, platform=post.platform.upper() if post.platform == "vk"
                    else "Telegram", inter=post.interactions,
                    post=_rate(post.er_post, lang), view=_rate(post.er_view, lang),
                )
            )  # fmt: skip
    if now.top_commenters:
        names = ", ".join(f"{escape(c.name)} {c.comments}" for c in now.top_commenters)
        lines.append(w["top_commenters"].format(v=names))
    lines.append(w["sentiment"].format(**{k: n_label(digest, k, lang) for k in _LABELS}))
    lines.append(
        w["negatives"].format(
            v=n("negatives"), answered=n("answered"), resolved=n("resolved"), open=n("still_open")
        )
    )
    if now.open_links:
        links = ", ".join(
            f'<a href="{escape(link)}">{w["link"]} {i}</a>'
            for i, link in enumerate(now.open_links, 1)
        )
        lines.append(w["open_links"].format(v=links))
    lines.append(
        w["response"].format(
            median=n("response_median", "duration"), p90=n("response_p90", "duration")
        )
    )
    if now.busiest_hours:
        hours = ", ".join(f"{h:02d}:00 ({count})" for h, count in now.busiest_hours)
        lines.append(w["busiest"].format(v=hours))
    text = "\n".join(lines)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


_SOURCES = ("group", "discussion", "wall", "message")
_LABELS = ("positive", "neutral", "negative")


def n_label(digest: Digest, label: str, lang: str) -> str:
    return _num(digest.sentiment_pair(label), "count", lang)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
