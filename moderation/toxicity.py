"""Profanity (Russian мат, English swearing), insults and per-community stop-words.

Obfuscations are undone before matching: Latin look-alike letters (xyй), masks (х*й), spaced
or dotted letters (х у й, х.у.й) and stretched letters (хуууй). Roots are matched at the start
of a word after a known prefix, never anywhere inside it, which keeps "страхуй", "оскорблять",
"команда", "психология" and "Scunthorpe" clean.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from moderation.text import normalize

# Latin (and digit) look-alikes of Cyrillic letters, used only on tokens that are mixed or that
# map entirely to Cyrillic, so ordinary English words are left alone.
_LOOKALIKE = str.maketrans({
    "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м", "o": "о", "p": "р",
    "t": "т", "x": "х", "y": "у", "u": "и", "3": "з", "0": "о", "6": "б", "@": "а", "n": "п",
    "r": "г",
})
_MAPPABLE = frozenset("abcehkmoptxyu30@6nr")

_PREFIXES = r"(?:на|по|от|за|рас|раз|рос|до|ни|о|об|у|вы|при|про|с|съ|въ|под|пере|недо|)"
_MAT = re.compile(
    r"^(?:"
    rf"{_PREFIXES}ху(?:й|я|е|и|ю|ев|ил|ит)\w*"
    rf"|\w*пизд\w*"
    rf"|{_PREFIXES}(?:е|ё)б(?:а|у|л|н|ись|ош|ок|ет|ёт|ты)\w*"
    r"|бля(?:дь|ди|дина|дский|дство|ть|ха|)"
    r"|муд(?:ак|ил|озвон|ач)\w*"
    r"|(?:на|по|)хер(?:ня|ов\w*|ом|а|)"
    r"|залуп\w*|гандон\w*|пид(?:о|а)?р\w*|шлюх\w*|манд(?:а|у|ой|ы|авошк\w*)"
    r")$"
)
_INSULT = re.compile(
    r"^(?:дурак\w*|дур(?:а|ой|еха)|дебил\w*|дибил\w*|идиот\w*|туп(?:ой|ая|ые|ица|орыл\w*)|"
    r"урод\w*|придур\w*|кретин\w*|мраз\w*|твар(?:ь|и)|козл(?:ы|ина)|козел|скотин\w*|даун\w*|"
    r"лох(?:и|ушка)?|быдл\w*|чмо|недоум\w*|дерьм\w*|говн\w*|сука|суки|сучк\w*|ублюд\w*|"
    r"засранц\w*|уебк\w*)$"
)
_TRANSLIT = re.compile(
    r"^(?:hui|huy|hyi|xuy|xui|nahui|nahuy|pohui|pohuy|pizd\w*|blya|blyat\w*|bljad\w*|suka|"
    r"ebat\w*|eblan\w*|mudak\w*|pidor\w*|pidar\w*)$"
)
_ENGLISH = re.compile(
    r"^(?:fuck\w*|motherfuck\w*|f+u+c+k+|fck|fuk|fkn|shit|shits|shitty|shithead|bullshit|"
    r"bitch(?:es|y)?|asshole\w*|arsehole\w*|cunt\w*|dick(?:head)?s?|bastard\w*|twat\w*|wank\w*|"
    r"moron\w*|idiot\w*|retard\w*|stupid|dumbass|jackass|douche\w*|crap|wtf|stfu)$"
)
_SPACED = re.compile(r"(?<!\w)(?:\w[\s.\-_*]+){2,}\w(?!\w)")
_MASKED = re.compile(r"\w*[*#%$]+\w*")
_REPEATS = re.compile(r"(\w)\1+")
# Mask patterns map to these canonical words, e.g. "х*й" → "х.й" matches "хуй".
_MASK_TARGETS = ("хуй", "хуя", "хуе", "хуи", "пизда", "пиздец", "пизды", "блядь", "бля", "ебать",
                 "ебал", "ебаный", "нахуй", "похуй", "сука", "fuck", "shit", "bitch", "mudak",
                 "мудак", "ебан", "ебут", "хер", "охуеть", "охуел")


@dataclass(frozen=True, slots=True)
class ToxicityResult:
    toxic: bool
    reasons: tuple[str, ...]


def _candidates(text: str) -> list[str]:
    """Tokens to check, with obfuscations undone (each token may yield a few forms)."""
    joined = _SPACED.sub(lambda m: re.sub(r"[\s.\-_*]+", "", m.group()), text)
    tokens = re.findall(r"[\w*#%$@]+", joined)
    forms: list[str] = []
    for token in tokens:
        forms.append(token)
        has_cyrillic = any("а" <= ch <= "я" for ch in token)
        latin = set(token) - set("абвгдежзийклмнопрстуфхцчшщъыьэюя_")
        if latin and (has_cyrillic or latin <= _MAPPABLE) and not token.isdigit():
            forms.append(token.translate(_LOOKALIKE))
    squeezed = [_REPEATS.sub(r"\1", form) for form in forms]
    return forms + [s for s in squeezed if s not in forms]


def _masked_match(token: str) -> bool:
    if not _MASKED.fullmatch(token) or len(token) < 3 or not token.strip("*#%$"):
        return False
    exact = "".join("." if ch in "*#%$" else re.escape(ch) for ch in token)
    loose = re.sub(r"\.+", ".{1,4}", exact)
    pattern, looser = re.compile(f"^{exact}$"), re.compile(f"^{loose}$")
    return any(pattern.match(t) or looser.match(t) for t in _MASK_TARGETS)


class ToxicityChecker:
    """Finds мат, insults, English profanity and a community's own stop-words."""

    def __init__(self, extra_stopwords: Iterable[str] = ()) -> None:
        phrases = sorted({normalize(w).strip() for w in extra_stopwords if w and w.strip()})
        self._stopwords = tuple(phrases)
        self._stop_re = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")
            if phrases else None
        )

    def check(self, normalized: str) -> ToxicityResult:
        reasons: list[str] = []
        candidates = _candidates(normalized)
        if any(_MAT.match(t) or _TRANSLIT.match(t) or _masked_match(t) for t in candidates):
            reasons.append("мат")
        if any(_INSULT.match(t) for t in candidates):
            reasons.append("insult")
        if any(_ENGLISH.match(t) for t in candidates):
            reasons.append("profanity")
        if self._stop_re is not None:
            found = self._stop_re.search(normalized)
            if found:
                reasons.append(f"stop-word: {found.group()}")
        return ToxicityResult(bool(reasons), tuple(reasons))
