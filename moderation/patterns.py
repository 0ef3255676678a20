"""One fast search for "does any of these patterns match?".

Python's ``re`` tries every branch of an alternation at every position of the text. Our lexicon
patterns all start at a word boundary, so the combined pattern hoists that ``\\b`` in front of
the branches: at the four positions in five that are inside a word the engine then fails after
one check instead of a hundred branches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

_WORD_START = r"\b"
_QUANTIFIERS = frozenset("?*{")


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, char, depth before it) of each character that is not escaped and not inside a
    character class: the ones that shape groups and alternatives."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1  # a "]" first in a class is a literal
        else:
            yield i, ch, depth
            depth += {"(": 1, ")": -1}.get(ch, 0)
        i += 1


def _closing(pattern: str, start: int) -> int:
    """Index of the ``)`` closing the group opened at ``start``."""
    for i, ch, depth in _structure(pattern, start):
        if ch == ")" and depth == 1:
            return i
    raise ValueError(f"unbalanced group in {pattern!r}")


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern``."""
    bars = [i for i, ch, depth in _structure(pattern) if ch == "|" and depth == 0]
    edges = [-1, *bars, len(pattern)]
    return [pattern[a + 1 : b] for a, b in pairwise(edges)]


def without_word_start(pattern: str) -> str | None:
    """``pattern`` with its leading ``\\b`` removed from every branch, or None when some
    branch can match elsewhere than at a word boundary."""
    branches = _branches(pattern)
    if len(branches) > 1:
        stripped = [without_word_start(b) for b in branches]
        return None if None in stripped else "|".join(stripped)  # type: ignore[arg-type]
    if pattern.startswith(_WORD_START):
        return pattern[len(_WORD_START) :]
    if pattern.startswith("(?:"):
        end = _closing(pattern, 0)
        if pattern[end + 1 : end + 2] in _QUANTIFIERS:
            return None  # an optional group need not be there to start the match
        inner = without_word_start(pattern[3:end])
        return None if inner is None else f"(?:{inner}){pattern[end + 1 :]}"
    return None


def any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern that matches wherever any of ``patterns`` would."""
    hoisted, rest = [], []
    for rx in patterns:
        stripped = without_word_start(rx.pattern)
        if stripped is None:
            rest.append(f"(?:{rx.pattern})")
        else:
            hoisted.append(f"(?:{stripped})")
    branches = ([rf"\b(?:{'|'.join(hoisted)})"] if hoisted else []) + rest
    return re.compile("|".join(branches))
