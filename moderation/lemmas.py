"""Russian lemmas through pymorphy3, memoised: a parse costs ~60 µs, a dict hit ~50 ns."""

from __future__ import annotations

import threading
from functools import lru_cache

from moderation.memo import WordMemo

# At most 2 x 12k words: bounded, and the words a stream keeps using stay in (see memo.py).
_CACHE_LIMIT = 12_000
_cache: WordMemo[str] = WordMemo(_CACHE_LIMIT)
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _analyzer():  # pymorphy3 ships no type hints
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def lemma(word: str) -> str:
    """Normal form of a lower-case Cyrillic word (the word itself for anything else)."""
    if word.isascii():
        return word  # numbers and Latin words: nothing to look up or remember
    found = _cache.get(word)
    if found is not None:
        return found
    if not any("а" <= ch <= "я" for ch in word):
        return word
    result = _analyzer().parse(word)[0].normal_form.replace("ё", "е")
    with _lock:
        _cache.put(word, result)
    return result
