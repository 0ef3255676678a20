"""What keeps the classifier from over-flagging general (VK-like) posts: source-balanced
training weights, a flagging point calibrated with the rules' nudges, complaint words in
narrative text, unclosed brackets, and bounded per-word memos."""

from __future__ import annotations

import numpy as np
import pytest

from moderation.analysis import analyze
from moderation.calibration import calibrate
from moderation.classifier import rule_nudges
from moderation.complaint_context import names_dealings, names_person
from moderation.cues import find_cues
from moderation.memo import WordMemo
from moderation.model import SentimentModel
from moderation.text import normalize
from moderation.toxicity import ToxicityChecker
from moderation.train import source_balanced


def test_source_balanced_weights_equalise_classes_within_each_source() -> None:
    labels = ["negative"] * 3 + ["neutral"] + ["negative", "positive"]
    sources = ["tw"] * 4 + ["news"] * 2
    weights = source_balanced(labels, sources)
    tw = dict.fromkeys(("negative", "neutral"), 0.0)
    for label, source, weight in zip(labels, sources, weights, strict=True):
        if source == "tw":
            tw[label] += weight
    assert tw["negative"] == pytest.approx(tw["neutral"])
    assert sum(weights[:4]) == pytest.approx(4)  # a source keeps its total weight
    assert weights[4:] == [1.0, 1.0]


@pytest.mark.parametrize(
    ("text", "sad"),
    [
        ("жаль(", True),
        ("ну вот (", True),
        ("опять отвалился(((", True),
        ("так себе :(", True),
        ("задан вопрос (скажем, странный", False),
        ("радуйся ( а как же", False),
        ("цены (в рублях) выросли", False),
    ],
)
def test_only_a_frowning_bracket_is_a_sad_emoticon(text: str, sad: bool) -> None:
    assert ("cue:emoticon_sad" in find_cues(text, normalize(text)).features) is sad


def test_complaint_words_in_narrative_count_for_less() -> None:
    checker = ToxicityChecker()
    customer = rule_nudges(analyze("Официант нагрубил и ушёл"), checker)
    narrative = rule_nudges(analyze("Сосед нагрубил и ушёл"), checker)
    assert "complaint: rude or careless staff" in narrative.reasons
    assert 0 < narrative.negative < customer.negative
    # A person without a customer's dealings sits in between: diaries say "мне" too.
    mine = rule_nudges(analyze("Мне нагрубили и ушли"), checker)
    assert narrative.negative < mine.negative < customer.negative
    mine_at_the_desk = rule_nudges(analyze("Мне нагрубили на ресепшене"), checker)
    assert mine_at_the_desk.negative == customer.negative


@pytest.mark.parametrize(
    ("text", "person", "dealings"),
    [
        ("опять всё не так", False, False),
        ("мне опять всё не так", True, False),
        ("курьер опять опоздал", False, True),
        ("вы опять перенесли мою запись", True, True),
        ("прислали не тот размер", False, True),
        ("в филиале нахамили", False, True),
    ],
)
def test_person_and_dealings_are_told_apart(text: str, person: bool, dealings: bool) -> None:
    normalized = normalize(text)
    assert names_person(normalized, "ru") is person
    assert names_dealings(normalized, "ru") is dealings
    # English complaint phrases are first-person already: both always hold.
    assert names_person(normalized, "en") and names_dealings(normalized, "en")


def test_calibration_counts_the_rules_nudges() -> None:
    # Two features: 0 leans negative, 1 neutral; rows mix them so scores overlap.
    rng = np.random.default_rng(0)
    rows = 400
    targets = (rng.random(rows) < 0.3).astype(np.int64)  # 0 = negative, 1 = neutral
    targets = np.where(targets == 1, 0, 1)
    columns = np.where(rng.random(rows) < np.where(targets == 0, 0.7, 0.3), 0, 1)
    starts = np.arange(rows + 1, dtype=np.int64)
    weights = np.asarray([[1.0, 0.0, -1.0], [0.0, 1.0, -1.0]], dtype=np.float32)
    held = np.arange(rows, dtype=np.int64)
    plain = SentimentModel(weights, np.zeros(3), {})
    _, plain_shift = calibrate(plain, starts, columns, targets, held, held)
    nudged = SentimentModel(weights, np.zeros(3), {})
    pushes = np.zeros((rows, 3))
    pushes[:, 0] = 1.0  # rules that push every row towards negative
    _, nudged_shift = calibrate(nudged, starts, columns, targets, held, held, pushes)
    assert nudged_shift < plain_shift


def test_word_memo_is_bounded_and_keeps_hot_words() -> None:
    memo: WordMemo[int] = WordMemo(limit=3)
    for i in range(50):
        memo.put(f"w{i}", i)
        assert memo.get("hot") is None or memo.get("hot") == -1
        if i == 0:
            memo.put("hot", -1)
        assert len(memo) <= 6
    assert memo.get("hot") == -1
    assert memo.get("w0") is None
    memo.clear()
    assert len(memo) == 0
    with pytest.raises(ValueError):
        WordMemo(0)
