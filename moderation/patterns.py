"""Faster searches for lexicon patterns: "where does this match?" and "which of these match?".

Python's ``re`` tries every branch of an alternation in turn at every position of the text, and
only skips a branch at a glance when it opens with a plain character that differs from the
text's. Our lexicons are alternations of hundreds of branches such as ``\\bне\\s+(?:работа|...)``,
so most of a search is spent entering branches that cannot match. Rewritten as a trie (branches
sharing a first element share one copy of it, groups that open a branch spread over what
follows them), the same pattern is decided after a few dozen quick checks per word, and matches
at exactly the same places: good for ``search(...) is None`` and ``start()``, though the text
matched may differ, so never for ``sub`` or ``group``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

_WORD_START = r"\b"
_QUANTIFIER = re.compile(r"(?:[?*+]|\{\d*(?:,\d*)?\})[?+]?")
# Escapes that stand for one fixed thing; others (\1, \x41, \N{...}) end the trie there.
_SIMPLE_ESCAPES = frozenset("bBdDsSwWAZ.-\\/'’()[]{}?*+|^$!@#%&,:;<=>\"`~ ")


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


def _class_end(pattern: str, start: int) -> int:
    """Index just past the character class opened at ``start``."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1  # a "]" first in a class is a literal
    while pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern``."""
    bars = [i for i, ch, depth in _structure(pattern) if ch == "|" and depth == 0]
    edges = [-1, *bars, len(pattern)]
    return [pattern[a + 1 : b] for a, b in pairwise(edges)]


def _first_atom(branch: str) -> tuple[str, str] | None:
    """(first element with its quantifier, the rest) of a branch with no top-level ``|``, or
    None where that element is empty or unusual."""
    if not branch:
        return None
    ch = branch[0]
    if ch == "\\":
        if branch[1:2] not in _SIMPLE_ESCAPES:
            return None
        end = 2
    elif ch == "[":
        end = _class_end(branch, 0)
    elif ch == "(":
        end = _closing(branch, 0) + 1
    elif ch in ")|{}]":
        return None
    else:
        end = 1
    quantifier = _QUANTIFIER.match(branch, end)
    if quantifier is not None:
        end = quantifier.end()
    elif branch[end : end + 1] in ("{", "?", "*", "+"):
        return None  # something this reader does not know: leave the branch whole
    return branch[:end], branch[end:]


def _spread(branch: str) -> list[str]:
    """``branch`` as alternatives that do not open with a group: a leading non-repeated
    ``(?:...)`` spreads over what follows it ("(?:a|b)c" -> "ac", "bc")."""
    if branch.startswith("(?:"):
        end = _closing(branch, 0)
        if _QUANTIFIER.match(branch, end + 1) is None:
            rest = branch[end + 1 :]
            return [s for inner in _branches(branch[3:end]) for s in _spread(inner + rest)]
    return [branch]


def _trie(pattern_branches: list[str]) -> list[str]:
    """Alternatives matching at the places where any of ``pattern_branches`` matches, branches
    that open with the same element sharing one copy of it."""
    by_first: dict[str, list[str]] = {}
    whole: list[str] = []
    for branch in (s for b in pattern_branches for s in _spread(b)):
        split = _first_atom(branch)
        if split is None:
            whole.append(branch)
        else:
            by_first.setdefault(split[0], []).append(split[1])
    parts = []
    for first, rests in by_first.items():
        if "" in rests:
            parts.append(first)  # the element alone already matches here
            continue
        rest = _trie(rests)
        parts.append(first + rest[0] if len(rest) == 1 else f"{first}(?:{'|'.join(rest)})")
    return parts + whole


def _plain(rx: re.Pattern[str]) -> str:
    if rx.flags != re.UNICODE or rx.groups:
        raise ValueError(f"only flagless patterns without groups are rewritten: {rx.pattern!r}")
    return rx.pattern


def fast(rx: re.Pattern[str]) -> re.Pattern[str]:
    """A quicker pattern that matches at exactly the places ``rx`` does (see above)."""
    return re.compile("|".join(_trie(_branches(_plain(rx)))))


def any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One quick pattern that matches wherever any of ``patterns`` would."""
    return re.compile("|".join(_trie([b for rx in patterns for b in _branches(_plain(rx))])))


def _starts(branch: str, width: int = 2) -> set[str] | None:
    """The ways a match of ``branch`` can begin: up to ``width`` plain characters each (fewer
    where what follows is not plain), or None when it may begin with anything."""
    while branch.startswith(_WORD_START):
        branch = branch[len(_WORD_START) :]
    spread = _spread(branch)
    if len(spread) > 1:
        found = [_starts(s, width) for s in spread]
        return None if None in found else set().union(*found)  # type: ignore[arg-type]
    split = _first_atom(branch)
    if split is None or len(split[0]) != 1 or split[0] in "\\[(.^$":
        return None
    letter, rest = split
    more = _starts(rest, width - 1) if width > 1 and rest else None
    return {letter} if more is None else {letter + m for m in more}


class PatternSet:
    """Which of several patterns match a text, in about one scan of it instead of one each.

    The scan stops at each place where some pattern matches; there the patterns that can start
    with the two characters found are tried one by one, and it goes on from the next one.
    """

    __slots__ = ("_anywhere", "_by_start", "_patterns", "_scan")

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self._patterns = list(patterns)
        self._scan = any_of(patterns)
        starts: list[tuple[str, int]] = []
        anywhere: set[int] = set()
        for index, rx in enumerate(patterns):
            for branch in _branches(rx.pattern):
                found = _starts(branch)
                if found is None:
                    anywhere.add(index)
                starts += [(start, index) for start in found or ()]
        self._anywhere = tuple(sorted(anywhere))
        # A text beginning with "ab" at a place may match there the patterns starting "ab" or
        # "a"; one beginning with "a" and no known second letter, only those starting "a".
        keys = {start for start, _ in starts} | {start[0] for start, _ in starts}
        self._by_start = {
            key: tuple(sorted(anywhere | {i for start, i in starts if key.startswith(start)}))
            for key in keys
        }

    def matching(self, text: str) -> list[int]:
        """Indices of the patterns that match somewhere in ``text``, in order."""
        found: set[int] = set()
        patterns, by_start, anywhere = self._patterns, self._by_start, self._anywhere
        scan = self._scan.search
        pos, count = 0, len(patterns)
        while len(found) < count and (hit := scan(text, pos)) is not None:
            where = hit.start()
            candidates = by_start.get(text[where : where + 2])
            if candidates is None:
                candidates = by_start.get(text[where : where + 1], anywhere)
            for index in candidates:
                if index not in found and patterns[index].match(text, where):
                    found.add(index)
            pos = where + 1
        return sorted(found)
