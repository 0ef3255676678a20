"""Tone cues that emotion-trained n-grams miss: emoticons, emoji, shouting and negation.

Each cue becomes a model feature (so training weighs it) and, where it is strong on its own, a
named reason with a nudge to the negative or positive logit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ANGRY_EMOJI = frozenset("😡🤬😠😤👿🖕")
SAD_EMOJI = frozenset("😢😭😞😔😟😩😫🙁☹💔😿😥😪😓😰")
# 🤡 and 🙃 under a business's post are mockery and irony, not fun.
DISAPPROVING_EMOJI = frozenset("👎🤮🤢💩🙄😒😑🤦😖😣😕🤡🙃")
HAPPY_EMOJI = frozenset("👍😊😀😃😄😁😍🥰❤💕💖💗💓🙏👏🔥✨🎉😘🤗☺😉💪🌹💐♥👌😂🤣🥳😻💯⭐🌟🤩😎🙂")

_SAD_EMOTICON = re.compile(r"[:;=]['`]?-?\(|\({2,}|\)[:;=]|\bт_т\b|\bt_t\b|;_;")
_HAPPY_EMOTICON = re.compile(r"[:;=]-?[)dр]|\){2,}|\(:|\bxd\b|\^_\^|:3\b")
_UPPER = re.compile(r"[A-ZА-ЯЁІЇЄҐ]")
_LETTER = re.compile(r"[^\W\d_]")
_MULTI_EXCLAIM = re.compile(r"!{2,}|[!?]{3,}")
# Closed brackets are asides, not faces. Of the unclosed "(" only one glued to the word before
# it ("жаль(") or opening no word ("( (", "(!", at the end) frowns: "вопрос (скажем, странный"
# cut off before its ")" is not sad.
_PAIRED = re.compile(r"\([^()]{0,300}\)")
_FROWN = re.compile(r"(?<=[^\s(])\(|\((?![\w\s])|\(\s*$|\(\s+(?=[^\w\s])")

NEGATORS = frozenset({"не", "нет", "ни", "никогда", "not", "no", "never", "cannot", "without"})
_NEGATED_POSITIVE = re.compile(
    r"\b(?:не|not|never|isn't|wasn't|aren't|don't|didn't|doesn't)\s+(?:очень\s+|very\s+|so\s+|"
    r"особо\s+|слишком\s+|really\s+)?(?:хорош|понрав|нрав|доволь|доволен|рад[ау]?\b|вкусн|удобн|"
    r"отличн|приятн|помог|good|great|happy|satisfied|worth|recommend|like|love|helpful|nice|"
    r"pleased|impressed)"
)
_NEGATED_NEGATIVE = re.compile(
    r"\b(?:не|not|nothing|no)\s+(?:так\s+уж\s+|так\s+|too\s+|that\s+|so\s+)?"
    r"(?:плох|ужасн|отвратит|страшн|дорог|скучн|проблем|жаль|пожалел|разочаров|bad|terrible|awful|problem|worries|"
    r"complaints?|issue|wrong|regret|disappoint)|\bнеплох|\bнедорог|\bбез\s+проблем"
)


@dataclass(slots=True)
class Cues:
    features: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    negative_boost: float = 0.0
    positive_boost: float = 0.0
    intensified: bool = False
    information_question: bool = False


# The lowest code point of any emoji above: text without a character this high has none.
_FIRST_EMOJI = min(ANGRY_EMOJI | SAD_EMOJI | DISAPPROVING_EMOJI | HAPPY_EMOJI)


def _emoji_cues(raw: str, cues: Cues) -> None:
    if not raw or max(raw) < _FIRST_EMOJI:
        return
    chars = set(raw)
    if chars & ANGRY_EMOJI:
        cues.features.append("cue:emoji_angry")
        cues.reasons.append("angry emoji")
        cues.negative_boost += 2.0
    if chars & SAD_EMOJI:
        cues.features.append("cue:emoji_sad")
        cues.reasons.append("sad emoji")
        cues.negative_boost += 1.2
    if chars & DISAPPROVING_EMOJI:
        cues.features.append("cue:emoji_disapproving")
        cues.reasons.append("disapproving emoji")
        cues.negative_boost += 1.5
    if chars & HAPPY_EMOJI:
        cues.features.append("cue:emoji_happy")
        cues.positive_boost += 0.8


def _has_any(text: str, chars: str) -> bool:
    return any(ch in text for ch in chars)


# Every emoticon needs one of a few characters: without them the search cannot match, and a
# substring test is far cheaper than a search.
def _sad_emoticon(normalized: str) -> bool:
    return _has_any(normalized, ":;=(_") and _SAD_EMOTICON.search(normalized) is not None


def _happy_emoticon(normalized: str) -> bool:
    possible = _has_any(normalized, ":;=()^") or "xd" in normalized
    return possible and _HAPPY_EMOTICON.search(normalized) is not None


def _emoticon_cues(normalized: str, cues: Cues) -> None:
    # Russian writers smile with a bare ")" and frown with "(": a surplus of either counts.
    unpaired = normalized
    if "(" in unpaired and ")" in unpaired:
        for _ in range(3):  # nested asides: a few passes, never an unbounded loop
            unpaired = _PAIRED.sub(" ", unpaired)
    frowns = len(_FROWN.findall(unpaired)) if "(" in unpaired else 0
    surplus = unpaired.count(")") - frowns
    if surplus <= -1 or _sad_emoticon(normalized):
        cues.features.append("cue:emoticon_sad")
        cues.reasons.append("sad emoticon")
        cues.negative_boost += 1.0
    elif surplus >= 1 or _happy_emoticon(normalized):
        cues.features.append("cue:emoticon_happy")
        cues.positive_boost += 0.6


def _shouting_cues(raw: str, cues: Cues) -> None:
    head = raw[:2000]
    upper = len(_UPPER.findall(head))
    caps = upper >= 8 and upper >= 0.7 * len(_LETTER.findall(head))
    exclaim = ("!" in head or "?" in head) and _MULTI_EXCLAIM.search(head) is not None
    if caps:
        cues.features.append("cue:caps")
    if exclaim:
        cues.features.append("cue:exclaim")
    if caps or exclaim:
        cues.intensified = True
        cues.reasons.append("caps and !!!" if caps and exclaim else "caps" if caps else "!!!")


def _negation_cues(normalized: str, cues: Cues) -> None:
    if _NEGATED_POSITIVE.search(normalized):
        cues.features.append("cue:negated_positive")
        cues.reasons.append("negation")
        cues.negative_boost += 1.5
    elif _NEGATED_NEGATIVE.search(normalized):
        cues.features.append("cue:negated_negative")
        cues.reasons.append("negation")
        cues.positive_boost += 1.2


_QUESTION = re.compile(
    r"^\W*(?:подскажите|скажите|а\s+)?\W*(?:как|где|когда|сколько|какой|какая|какие|какое|"
    r"есть\s+ли|можно\s+ли|нужн\w+\s+ли|работаете\s+ли|принимаете\s+ли|до\s+скольки|"
    r"до\s+какого|во\s+сколько|у\s+вас\s+есть|а\s+можно|можно|вы\s+\w+\s*\?|what|how|when|"
    r"where|which|do\s+you|does|is\s+there|are\s+there|are\s+you|can\s+i|can\s+you|could|will)\b"
)


def _question_cue(normalized: str, cues: Cues) -> None:
    # A short information question is the commonest neutral comment under a brand's post.
    stripped = normalized.strip()
    if stripped.endswith("?") and len(stripped) < 160 and _QUESTION.search(stripped):
        cues.features.append("cue:info_question")
        cues.information_question = True


def find_cues(raw: str, normalized: str) -> Cues:
    cues = Cues()
    _question_cue(normalized, cues)
    _emoji_cues(raw[:4000], cues)
    _emoticon_cues(normalized, cues)
    _shouting_cues(raw, cues)
    _negation_cues(normalized, cues)
    return cues


def negation_marked(tokens: list[str]) -> list[str]:
    """Tokens with the two words after a negator prefixed 'не_' so "не плохо" ≠ "плохо"."""
    marked: list[str] = []
    scope = 0
    for token in tokens:
        if token in NEGATORS or token.endswith("n't"):
            marked.append(token)
            scope = 2
        elif scope:
            marked.append("не_" + token)
            scope -= 1
        else:
            marked.append(token)
    return marked
