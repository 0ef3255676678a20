"""Profanity (Russian мат, English swearing), insults and per-community stop-words.

Obfuscations are undone before matching: Latin look-alike letters (xyй), masks (х*й), spaced
or dotted letters (х у й, х.у.й) and stretched letters (хуууй). Roots are matched at the start
of a word after a known prefix, never anywhere inside it, which keeps "страхуй", "оскорблять",
"команда", "психология" and "Scunthorpe" clean.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import methodcaller

from moderation.text import normalize

# Latin (and digit) look-alikes of Cyrillic letters, used only on tokens that are mixed or that
# map entirely to Cyrillic, so ordinary English words are left alone.
_LOOKALIKE = str.maketrans(
    {
        "a": "а",
        "b": "в",
        "c": "с",
        "e": "е",
        "h": "н",
        "k": "к",
        "m": "м",
        "o": "о",
        "p": "р",
        "t": "т",
        "x": "х",
        "y": "у",
        "u": "и",
        "3": "з",
        "0": "о",
        "6": "б",
        "@": "а",
        "n": "п",
        "r": "г",
    }
)
_MAPPABLE = frozenset("abcehkmoptxyu30@6nr")

_PREFIXES = r"(?:на|по|от|за|рас|раз|рос|до|ни|о|об|у|вы|при|про|с|съ|въ|под|пере|недо|)"
# Whole words only: (?<![\w*]) ... (?![\w*]) so roots inside innocent words never match.
_START, _END = r"(?<![\w*#])", r"(?![\w*#])"
_MAT = re.compile(
    _START + r"(?:"
    rf"{_PREFIXES}ху(?:й|я|е|и|ю|ев|ил|ит)\w*"
    r"|\w*пизд\w*"
    rf"|{_PREFIXES}(?:е|ё)б(?:а|у|л|н|ись|ош|ок|ет|ёт|ты)\w*"
    r"|бля(?:дь|ди|дина|дский|дство|ть|ха|)"
    r"|муд(?:ак|ил|озвон|ач)\w*"
    r"|(?:на|по|)хер(?:ня|ов\w*|ом|а|)"
    r"|залуп\w*|гандон\w*|пид(?:о|а)?р\w*|шлюх\w*|манд(?:а|у|ой|ы|авошк\w*)"
    r"|hui|huy|hyi|xuy|xui|nahui|nahuy|pohui|pohuy|pizd\w*|blya|blyat\w*|bljad\w*|suka"
    r"|ebat\w*|eblan\w*|mudak\w*|pidor\w*|pidar\w*"
    r")" + _END
)
_INSULT = re.compile(
    _START + r"(?:дурак\w*|дур(?:а|ой|еха)|дебил\w*|дибил\w*|идиот\w*|туп(?:ой|ая|ые|ица|орыл\w*)|"
    r"урод\w*|придур\w*|кретин\w*|мраз\w*|твар(?:ь|и)|козл(?:ы|ина)|козел|скотин\w*|даун\w*|"
    r"лох(?:и|ушка)?|быдл\w*|чмо|недоум\w*|дерьм\w*|говн\w*|сука|суки|сучк\w*|ублюд\w*|"
    r"засранц\w*|уебк\w*)" + _END
)
_ENGLISH = re.compile(
    _START + r"(?:fuck\w*|motherfuck\w*|f+u+c+k+\w*|fck|fuk|fkn|shit|shits|shitty|shithead|"
    r"bullshit|bitch(?:es|y)?|asshole\w*|arsehole\w*|cunt\w*|dick(?:head)?s?|bastard\w*|twat\w*|"
    r"wank\w*|moron\w*|idiot\w*|retard\w*|stupid|dumbass|jackass|douche\w*|crap|wtf|stfu)" + _END
)
# Every branch of each pattern above contains one of its "needles" literally, so a text with
# none of them cannot match; substring tests are much cheaper than a search that tries every
# branch at every word (tests/moderation/test_fast_paths.py checks the lists).
_MAT_NEEDLES = (
    "ху", "пизд", "еб", "ёб", "бля", "муд", "хер", "залуп", "гандон", "пид", "шлюх", "манд",
    "hui", "huy", "hyi", "xuy", "xui", "pizd", "blya", "bljad", "suka", "ebat", "eblan", "mudak",
    "pidor", "pidar",
)  # fmt: skip
_INSULT_NEEDLES = (
    "дур", "дебил", "дибил", "идиот", "туп", "урод", "кретин", "мраз", "твар", "козл", "козел",
    "скотин", "даун", "лох", "быдл", "чмо", "недоум", "дерьм", "говн", "сук", "сучк", "ублюд",
    "засранц", "уебк",
)  # fmt: skip
_ENGLISH_NEEDLES = (
    "fu", "fck", "fkn", "shit", "bitch", "asshole", "arsehole", "cunt", "dick", "bastard", "twat",
    "wank", "moron", "idiot", "retard", "stupid", "dumbass", "jackass", "douche", "crap", "wtf",
    "stfu",
)  # fmt: skip


def _needle_search(needles: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    # One search for all the needles costs less than a substring test for each.
    return re.compile("|".join(map(re.escape, needles))).search


class _Family:
    """A toxic pattern and its needles, which rule most texts out unsearched."""

    __slots__ = ("_any_needle", "needles", "rx")

    def __init__(self, rx: re.Pattern[str], needles: tuple[str, ...]) -> None:
        self.rx, self.needles = rx, needles
        self._any_needle = _needle_search(needles)

    def found(self, texts: list[str], joined: str) -> bool:
        """Whether the pattern matches any of ``texts``; ``joined`` holds them (and maybe more,
        which only costs a search) one per line."""
        if self._any_needle(joined) is None:
            return False
        return any(self.rx.search(text) for text in texts)


_MAT_FAMILY = _Family(_MAT, _MAT_NEEDLES)
_INSULT_FAMILY = _Family(_INSULT, _INSULT_NEEDLES)
_ENGLISH_FAMILY = _Family(_ENGLISH, _ENGLISH_NEEDLES)
# Most texts hold no needle of any family: one search clears them of all three.
_ANY_NEEDLE = _needle_search(_MAT_NEEDLES + _INSULT_NEEDLES + _ENGLISH_NEEDLES)


_SPACED = re.compile(r"(?<!\w)(?:\w[\s.\-_*]+){2,}\w(?!\w)")
_SEPARATORS = re.compile(r"[\s.\-_*]+")
# Whole [\w@] runs holding a Latin letter, digit or "@". The lookahead checks each run once
# from its start; "[\w@]*[a-z0-9@][\w@]*" matched the same runs but retried every position of
# a run without one (every Cyrillic word), which is quadratic.
_LATIN_TOKEN = re.compile(r"(?<![\w@])(?=[\w@]*[a-z0-9@])[\w@]+")
_MASKED = re.compile(r"[\w]*[*#%$]+[\w*#%$]*")
_REPEATS = re.compile(r"(\w)\1+")
# What the template r"\1" gives, without the Python-level template expansion per match.
_FIRST_LETTER = methodcaller("group", 1)
_CYRILLIC = re.compile(r"[а-я]")
# Mask patterns are compared with these canonical words: "х*й" → "х.й" matches "хуй".
_MASK_TARGETS_RU = (
    "хуй",
    "хуя",
    "хуе",
    "хуи",
    "пизда",
    "пиздец",
    "пизды",
    "блядь",
    "бля",
    "ебать",
    "ебал",
    "ебаный",
    "нахуй",
    "похуй",
    "мудак",
    "ебан",
    "ебут",
    "хер",
    "охуеть",
    "охуел",
    "сука",
    "хуйня",
    "нихуя",
    "заебал",
    "заебали",
    "уебок",
)
_MASK_TARGETS_EN = ("fuck", "fucking", "shit", "bitch", "asshole", "cunt")


def _unmask_lookalikes(token: re.Match[str]) -> str:
    word = token.group()
    if word.isdigit():
        return word
    # Mixed scripts are always an obfuscation; all-Latin words only if every letter has a
    # Cyrillic twin ("cyka"), so English words like "sunday" stay as they are.
    if _CYRILLIC.search(word) or set(word) <= _MAPPABLE:
        return word.translate(_LOOKALIKE)
    return word


def _variants(normalized: str) -> list[str]:
    """The text with obfuscations undone: spaced letters joined, look-alikes mapped, repeats
    squeezed."""
    joined = _SPACED.sub(lambda m: _SEPARATORS.sub("", m.group()), normalized)
    # Only the characters in _MAPPABLE ever change: a text with none of them stays as it is.
    mapped = (
        joined if _MAPPABLE.isdisjoint(joined) else _LATIN_TOKEN.sub(_unmask_lookalikes, joined)
    )
    variants = [normalized] if joined == normalized else [normalized, joined]
    if mapped != joined:
        variants.append(mapped)
    squeezed = _REPEATS.sub(_FIRST_LETTER, mapped)
    if squeezed != mapped:
        variants.append(squeezed)
    return variants


def _masked(text: str, targets: tuple[str, ...]) -> bool:
    for token in _MASKED.findall(text):
        if len(token) < 3 or not token.strip("*#%$"):
            continue
        exact = "".join("." if ch in "*#%$" else re.escape(ch) for ch in token)
        loose = re.sub(r"\.+", ".{1,4}", exact)
        pattern, looser = re.compile(f"^{exact}$"), re.compile(f"^{loose}$")
        if any(pattern.match(t) or looser.match(t) for t in targets):
            return True
    return False


@dataclass(frozen=True, slots=True)
class ToxicityResult:
    toxic: bool
    reasons: tuple[str, ...]


def _stem(phrase: str) -> str:
    stem = phrase.rstrip("аяоеыиьйую")
    return stem if len(stem) >= 3 else phrase


class ToxicityChecker:
    """Finds мат, insults, English profanity and a community's own stop-words."""

    def __init__(self, extra_stopwords: Iterable[str] = ()) -> None:
        # Inflected forms count too: the last word loses its ending vowel ("ромашка" matches
        # "ромашке", "ромашку") and any suffix is allowed after it.
        phrases = sorted(
            {_stem(normalize(w).strip()) for w in extra_stopwords if w and w.strip()}, key=len
        )[::-1]
        self._stopwords = tuple(phrases)
        self._stop_re = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")\w*")
            if phrases
            else None
        )

    def check(self, normalized: str) -> ToxicityResult:
        reasons: list[str] = []
        variants = _variants(normalized)
        # "\n" cannot be part of a needle, so no needle is found across two variants.
        joined = "\n".join(variants)
        needled = _ANY_NEEDLE(joined) is not None
        masked = "*" in normalized or "#" in normalized
        if (needled and _MAT_FAMILY.found(variants, joined)) or (
            masked and _masked(variants[-1], _MASK_TARGETS_RU)
        ):
            reasons.append("мат")
        if needled and _INSULT_FAMILY.found(variants, joined):
            reasons.append("insult")
        if (needled and _ENGLISH_FAMILY.found(variants[:2], joined)) or (
            masked and _masked(normalized, _MASK_TARGETS_EN)
        ):
            reasons.append("profanity")
        if self._stop_re is not None:
            found = self._stop_re.search(normalized)
            if found:
                reasons.append(f"stop-word: {found.group()}")
        return ToxicityResult(bool(reasons), tuple(reasons))
