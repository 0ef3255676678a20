"""Text clean-up, language routing and tokenising shared by every moderation module."""

from __future__ import annotations

import re
import unicodedata

# Longer texts are cut: a comment's tone is set early and a 100k-char paste must stay cheap.
MAX_CHARS = 4000

# Zero-width characters and other invisible format marks split words for no visible reason
# (a common trick to slip мат past filters).
_INVISIBLE = dict.fromkeys(
    [
        0x00AD,
        0x034F,
        0x061C,
        0x180E,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        0x2060,
        0x2061,
        0x2062,
        0x2063,
        0x2064,
        0xFEFF,
    ],
)
# Almost no text holds one: a search for them is far cheaper than a translate() of every text.
_HAS_INVISIBLE = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")
_COMBINING = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_WORD = re.compile(r"[a-zа-яёіїєґ0-9]+(?:['’][a-zа-яё]+)*")


def normalize(text: str) -> str:
    """Lower-case NFC text without invisible marks or stray combining accents; ё → е."""
    text = text[:MAX_CHARS]
    text = unicodedata.normalize("NFC", text)
    if _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    if _COMBINING.search(text):
        # Accents that did not compose into a letter (stress marks, Zalgo) carry no meaning.
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower().replace("ё", "е")


# Runs, not single letters: the letter count is the runs' total length, and findall builds one
# string per run instead of one per letter.
_CYRILLIC = re.compile(r"[а-яёіїєґ]+", re.IGNORECASE)
_UKRAINIAN = re.compile(r"[іїєґ]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]+", re.IGNORECASE)
_OTHER_LETTER = re.compile(r"[^\W\d_a-zA-Z\u0400-\u04ff]+")


def _count(rx: re.Pattern[str], text: str) -> int:
    return sum(map(len, rx.findall(text)))


def detect_language(text: str) -> str:
    """'ru', 'uk', 'en' or 'other' from letter counts: free, and right on short texts."""
    text = text[:MAX_CHARS]
    if text.isascii():
        # No Cyrillic and no other script: English as soon as there is a letter.
        return "en" if _LATIN.search(text) else "other"
    cyrillic = _count(_CYRILLIC, text)
    latin = _count(_LATIN, text)
    other = _count(_OTHER_LETTER, text)
    if cyrillic + latin + other == 0:
        return "other"
    if cyrillic >= latin and cyrillic >= other:
        return "uk" if _UKRAINIAN.search(text) else "ru"
    if latin >= other:
        return "en"
    return "other"


def model_language(language: str) -> str:
    """The vocabulary a language is scored with: Ukrainian shares most stems with Russian."""
    return "ru" if language in ("ru", "uk") else "en"


def words(normalized: str) -> list[str]:
    return _WORD.findall(normalized)


_SYMBOL_RUN = re.compile(r"[^\w\s]+")


def symbol_runs(normalized: str) -> list[str]:
    """Runs of punctuation and emoji (")))", "?!", "😢"): tone that words do not carry."""
    return _SYMBOL_RUN.findall(normalized)
