"""The moderation classifier: sentiment model + complaint lexicon + cues + toxicity + spam."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from handlers.verdict import Verdict
from moderation.analysis import Analysis, analyze
from moderation.complaint_context import names_dealings, names_person, read_context
from moderation.complaint_lemmas import find_more_complaints
from moderation.complaints import Complaint, find_complaints
from moderation.flagging import DEFAULT_NEGATIVE_THRESHOLD
from moderation.model import LABELS, SentimentModel, load_default_model, softmax
from moderation.spam import spam_reasons
from moderation.toxicity import ToxicityChecker

# Logit nudges, tuned on the community dev set and a private set of varied comments.
_COMPLAINT_CAP = 4.5
_INTENSIFIER_BOOST = 0.7
_TOXIC_BOOST = 1.0
_QUESTION_BOOST = 1.0
_PRAISE_BOOST = 1.5
# Topics customers ask about before anything went wrong ("как оформить возврат?"): in an
# information question they are policy, not a grievance, and count for less.
_POLICY_TOPICS = frozenset(
    {
        "complaint: refund demanded",
        "complaint: cancelled or changed without warning",
        "complaint: overcharged",
        "complaint: not working",
        "complaint: service not delivered",
        "complaint: waiting for an order",
    }
)
_POLICY_QUESTION_FACTOR = 0.4
# A Russian complaint word in a text naming no person and no customer's dealings is mostly
# narrative or news; chosen on held-out LiveJournal/Lenta/GoEmotions-MT training rows.
_NO_CUSTOMER_FACTOR = 0.5
# ...and one naming a person but nothing a customer deals with (no order, delivery, support,
# money, master, gym...) is as often a diary or a personal post as a complaint to a business:
# it keeps half as well, a quarter with neither. Chosen on held-out training rows (average
# precision of negatives, LiveJournal 0.702 -> 0.706, Lenta 0.570 -> 0.595, translated
# GoEmotions 0.535 -> 0.553, Twitter 0.985 -> 0.986), checked on the community dev set.
_NO_DEALINGS_FACTOR = 0.5
_LOUD = frozenset({"caps", "!!!", "caps and !!!"})
# Hints that make a complaint stronger but are none on their own: "уже третий раз заказываю"
# and "would order again" are loyalty, "опять" and "every time" only repeat a grievance.
_AMPLIFIERS = frozenset({"complaint: keeps happening", "complaint: expectation not met"})


def _merged(*groups: list[Complaint]) -> list[Complaint]:
    """One complaint per reason (the heaviest), strongest first."""
    best: dict[str, Complaint] = {}
    for group in groups:
        for complaint in group:
            if complaint.reason not in best or complaint.weight > best[complaint.reason].weight:
                best[complaint.reason] = complaint
    return sorted(best.values(), key=lambda c: -c.weight)


def _complaint_boost(weights: list[float]) -> float:
    # The strongest situation counts fully, further ones add less: three weak hints are not
    # three times the evidence.
    total = sum(w if i == 0 else 0.5 * w for i, w in enumerate(weights))
    return min(total, _COMPLAINT_CAP)


@dataclass(slots=True)
class Nudges:
    """What the rules add to the model's logits for one text (independent of the model)."""

    negative: float
    neutral: float
    positive: float
    cap_positive: bool  # sarcasm: the positive logit may not exceed the neutral one
    reasons: list[str]
    toxic: bool

    def apply(self, logits: list[float]) -> list[float]:
        out = [logits[0] + self.negative, logits[1] + self.neutral, logits[2] + self.positive]
        if self.cap_positive:
            out[2] = min(out[2], out[1])
        return out


def rule_nudges(analysis: Analysis, toxicity: ToxicityChecker) -> Nudges:
    """Complaint, cue and toxicity nudges for an analysed, non-empty text; training calls this
    too, so the flagging point it calibrates is that of the whole classifier."""
    cues = analysis.cues
    language = analysis.model_language
    context = read_context(analysis.normalized, language)
    # Where nothing was blanked out the analysis has the context's words already.
    tokens = analysis.tokens if context.text == analysis.normalized else None
    complaints = _merged(
        find_complaints(context.text, language),
        find_more_complaints(context.text, language, context.sarcasm, tokens),
    )
    if all(c.reason in _AMPLIFIERS for c in complaints):
        complaints = []
    toxic = toxicity.check(analysis.normalized)

    weights = [c.weight for c in complaints]
    if cues.information_question or context.hypothetical:
        weights = [
            w * _POLICY_QUESTION_FACTOR if c.reason in _POLICY_TOPICS else w
            for c, w in zip(complaints, weights, strict=True)
        ]
    complaint_boost = _complaint_boost(sorted(weights, reverse=True))
    if complaint_boost and not names_dealings(analysis.normalized, language):
        complaint_boost *= _NO_DEALINGS_FACTOR
        if not names_person(analysis.normalized, language):
            complaint_boost *= _NO_CUSTOMER_FACTOR
    negative_boost = cues.negative_boost + complaint_boost
    if toxic.toxic:
        negative_boost += _TOXIC_BOOST
    if cues.intensified and negative_boost > 0:
        negative_boost += _INTENSIFIER_BOOST
    positive = cues.positive_boost + (_PRAISE_BOOST if context.praise else 0.0)
    # Asking for opening hours is asking for information, though "не работаете" reads as a fault.
    asking = cues.information_question or context.schedule_question
    question = asking and not complaints and negative_boost == 0
    return Nudges(
        negative=negative_boost,
        neutral=_QUESTION_BOOST if question else 0.0,
        positive=positive,
        # The thanks in sarcasm is not praise: its positive evidence counts for nothing.
        cap_positive=context.sarcasm and len(complaints) > 1,
        reasons=[c.reason for c in complaints] + cues.reasons + list(toxic.reasons),
        toxic=toxic.toxic,
    )


class ModerationClassifier:
    """``classify(text) -> Verdict``; cheap to create per community, the model is shared."""

    def __init__(
        self,
        model: SentimentModel | None = None,
        *,
        extra_stopwords: Iterable[str] = (),
        negative_threshold: float = DEFAULT_NEGATIVE_THRESHOLD,
    ) -> None:
        if not 0.0 < negative_threshold < 1.0:
            raise ValueError("negative_threshold must be between 0 and 1")
        self.model = model if model is not None else load_default_model()
        self.negative_threshold = negative_threshold
        self.toxicity = ToxicityChecker(extra_stopwords)

    def classify(self, text: str) -> Verdict:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        analysis = analyze(text)
        if not analysis.normalized.strip():
            return Verdict("neutral", 1.0, analysis.language, 0.0)
        nudges = rule_nudges(analysis, self.toxicity)
        logits = nudges.apply(self.model.logits(analysis.indices))
        probs = softmax(logits)

        # Negative wins at the community's threshold; otherwise the likelier of the other two.
        index = 0 if probs[0] >= self.negative_threshold else (1 if probs[1] >= probs[2] else 2)
        reasons = nudges.reasons
        if index != 0:
            # On a verdict that is not negative, complaint hints and shouting explain nothing.
            reasons = [r for r in reasons if not r.startswith("complaint") and r not in _LOUD]
        spam = spam_reasons(analysis.normalized)
        return Verdict(
            label=LABELS[index],
            score=round(probs[index], 4),
            language=analysis.language,
            negative_score=round(probs[0], 4),
            reasons=tuple(dict.fromkeys(reasons)),
            toxic=nudges.toxic,
            spam=bool(spam),
            spam_reasons=spam,
        )
