"""Hashed sparse features: lemmas, word prefixes, lemma bigrams and tone cues.

The hash is CRC32 (stable across processes, unlike ``hash(str)``), so training and prediction
agree. Per-word features are memoised because comment vocabularies repeat a lot.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from moderation.cues import negation_marked
from moderation.lemmas import lemma
from moderation.memo import WordMemo

HASH_BITS = 19
DIMENSION = 1 << HASH_BITS
_MASK = DIMENSION - 1
_PREFIX = 5  # a cheap stem: "доставка/доставку/доставили" share "доста"
_MAX_WORDS = 400

# At most 2 x 12k words (~5 MB): a comment stream's working vocabulary, not its whole history.
_WORD_CACHE_LIMIT = 12_000
_word_cache: WordMemo[tuple[str, tuple[int, ...]]] = WordMemo(_WORD_CACHE_LIMIT)


def feature_index(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) & _MASK


def _word_features(token: str, language: str) -> tuple[str, tuple[int, ...]]:
    """(lemma, hashed indices) of one possibly negation-marked token."""
    key = language + token
    cached = _word_cache.get(key)
    if cached is not None:
        return cached
    negated = token.startswith("не_")
    word = token[3:] if negated else token
    base = lemma(word) if language == "ru" else word
    mark = "не_" if negated else ""
    names = [f"w:{mark}{base}"]
    if len(word) > _PREFIX + 1:
        names.append(f"p:{mark}{word[:_PREFIX]}")
    # Character 4-grams survive typos, slang and stretched letters ("скууучно") that whole
    # words miss; VK comments are full of them.
    padded = f"<{word[:30]}>"
    names.extend(f"c:{padded[i : i + 4]}" for i in range(max(len(padded) - 3, 1)))
    result = (mark + base, tuple(feature_index(n) for n in names))
    if not word.isdigit():
        # Numbers (order numbers, prices, phone fragments) seldom repeat: memoised, they would
        # only push out the words a comment stream keeps using.
        _word_cache.put(key, result)
    return result


_EMOJI_START = 0x2000


def extract(
    tokens: list[str], language: str, cue_names: list[str], symbols: Sequence[str] = ()
) -> list[int]:
    """Unique feature indices for a tokenised, normalised text in model language ``language``;
    ``symbols`` are its punctuation/emoji runs (each run, cut to 4 chars, and each emoji)."""
    indices = {feature_index("bias:" + language)}
    for run in symbols[:_MAX_WORDS]:
        indices.add(feature_index("s:" + run[:4]))
        indices.update(feature_index("e:" + ch) for ch in run if ord(ch) > _EMOJI_START)
    previous = "<s>"
    for token in negation_marked(tokens[:_MAX_WORDS]):
        base, hashed = _word_features(token, language)
        indices.update(hashed)
        indices.add(feature_index(f"b:{previous} {base}"))
        previous = base
    indices.add(feature_index(f"b:{previous} </s>"))
    for name in cue_names:
        indices.add(feature_index(name))
    return sorted(indices)
