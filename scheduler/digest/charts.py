"""The digest's four charts as PNGs readable on a phone: big fonts, few elements, no pyplot
(the object API keeps no global state, so charts can be drawn in a worker thread)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from scheduler.digest.numbers import Digest

SIZE = (8, 6)  # inches; at DPI 150 → 1200 × 900 px, sharp on a phone screen
DPI = 150
FONT = 16
COLORS = {"telegram": "#2AABEE", "vk": "#4C3FA0", "negative": "#E5484D",
          "neutral": "#A0A0A0", "positive": "#30A46C"}  # fmt: skip

TITLES = {
    "en": {
        "daily": "Comments per day", "sentiment": "Mood of comments",
        "response": "First response to negatives", "heat": "When people write (local time)",
        "this": "this week", "last": "last week", "minutes": "minutes",
        "median": "median", "p90": "90th percentile", "none": "no data",
        "days": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        "labels": {"positive": "positive", "neutral": "neutral", "negative": "negative"},
    },
    "ru": {
        "daily": "Комментарии по дням", "sentiment": "Настроение комментариев",
        "response": "Первый ответ на негатив", "heat": "Когда пишут (местное время)",
        "this": "эта неделя", "last": "прошлая", "minutes": "минуты",
        "median": "медиана", "p90": "90-й процентиль", "none": "нет данных",
        "days": ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"),
        "labels": {"positive": "позитив", "neutral": "нейтрально", "negative": "негатив"},
    },
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Chart:
    name: str  # file name stem: daily, sentiment, response, heat
    title: str
    png: bytes
    panels: int  # axes drawn (the heat map counts its colour bar)

    @property
    def filename(self) -> str:
        return f"{self.name}.png"


def draw_charts(digest: Digest, lang: str | None = None) -> list[Chart]:
    from matplotlib import rcParams

    rcParams.update({"font.size": FONT, "axes.titlesize": FONT + 4, "axes.titleweight": "bold"})
    t = TITLES[lang or digest.language]
    return [
        _draw("daily", t["daily"], lambda fig: _daily(fig, digest, t)),
        _draw("sentiment", t["sentiment"], lambda fig: _sentiment(fig, digest, t)),
        _draw("response", t["response"], lambda fig: _response(fig, digest, t)),
        _draw("heat", t["heat"], lambda fig: _heat(fig, digest, t)),
    ]


def _draw(name: str, title: str, paint) -> Chart:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    paint(fig)
    fig.axes[0].set_title(title)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return Chart(name, title, buffer.getvalue(), len(fig.axes))


def _daily(fig, digest: Digest, t: dict) -> None:
    ax = fig.add_subplot()
    days = sorted(digest.now.daily)
    platforms = sorted({p for day in digest.now.daily.values() for p in day}) or ["telegram"]
    bottom = [0] * len(days)
    for platform in platforms:
        values = [digest.now.daily[d].get(platform, 0) for d in days]
        name = "VK" if platform == "vk" else platform.capitalize()
        ax.bar(range(len(days)), values, bottom=bottom, label=name, color=COLORS.get(platform))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_xticks(range(len(days)), [f"{t['days'][d.weekday()]}\n{d.day}" for d in days])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)


def _sentiment(fig, digest: Digest, t: dict) -> None:
    ax = fig.add_subplot()
    labels = ("positive", "neutral", "negative")
    weeks = ((t["last"], digest.before.sentiment), (t["this"], digest.now.sentiment))
    for row, (_, mix) in enumerate(weeks):
        total = sum(mix.get(k, 0) for k in labels) or 1
        left = 0.0
        for label in labels:
            share = mix.get(label, 0) / total * 100
            ax.barh(row, share, left=left, color=COLORS[label], label=t["labels"][label]
                    if row == 0 else None)  # fmt: skip
            if share >= 8:
                ax.text(left + share / 2, row, f"{share:.0f}%", ha="center", va="center")
            left += share
    ax.set_yticks([0, 1], [w for w, _ in weeks])
    ax.set_xlim(0, 100)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=3, frameon=False)


def _response(fig, digest: Digest, t: dict) -> None:
    ax = fig.add_subplot()
    names = (t["median"], t["p90"])
    now = [digest.now.response_median, digest.now.response_p90]
    before = [digest.before.response_median, digest.before.response_p90]
    width = 0.38
    for offset, label, values, color in (
        (-width / 2, t["last"], before, "#C8C8C8"), (width / 2, t["this"], now, "#2AABEE"),
    ):  # fmt: skip
        minutes = [(v or 0) / 60 for v in values]
        bars = ax.bar([i + offset for i in range(2)], minutes, width, label=label, color=color)
        ax.bar_label(bars, [f"{m:.0f}" if v is not None else "—" for m, v in
                            zip(minutes, values, strict=True)], padding=3)  # fmt: skip
    ax.set_xticks(range(2), names)
    ax.set_ylabel(t["minutes"])
    ax.legend()
    ax.spines[["top", "right"]].set_visible(False)


def _heat(fig, digest: Digest, t: dict) -> None:
    ax = fig.add_subplot()
    image = ax.imshow(digest.now.heat, aspect="auto", cmap="YlOrRd")
    ax.set_yticks(range(7), t["days"])
    ax.set_xticks(range(0, 24, 3), [f"{h:02d}" for h in range(0, 24, 3)])
    fig.colorbar(image, ax=ax, shrink=0.8)
