"""The classifier end to end with the shipped model: labels, reasons, odd input."""

from __future__ import annotations

import pytest

from handlers.verdict import Verdict
from moderation.classifier import ModerationClassifier
from moderation.model import load_default_model


@pytest.fixture(scope="module")
def classifier() -> ModerationClassifier:
    return ModerationClassifier()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Третий день жду ответа по заказу", "complaint: waiting for an order"),
        ("Верните деньги за отменённую тренировку", "complaint: refund demanded"),
        ("Никто не отвечает в чате поддержки", "complaint: no answer"),
        ("Приложение не работает с утра", "complaint: not working"),
        ("Администратор нагрубила на ресепшене", "complaint: rude or careless staff"),
        ("Списали деньги дважды", "complaint: overcharged"),
        ("Still waiting for my refund", "complaint: waiting for an order"),
        ("The app is not working again", "complaint: not working"),
        ("Nobody answers the phone", "complaint: no answer"),
    ],
)
def test_complaints_without_emotional_words_are_negative(
    classifier: ModerationClassifier, text: str, reason: str
) -> None:
    verdict = classifier.classify(text)
    assert verdict.label == "negative", verdict
    assert reason in verdict.reasons


@pytest.mark.parametrize("text", ["Очень даже не плохо!", "Not bad at all, thanks"])
def test_negated_negative_is_not_flagged(classifier: ModerationClassifier, text: str) -> None:
    verdict = classifier.classify(text)
    assert verdict.label != "negative"
    assert "negation" in verdict.reasons


def test_negated_positive_is_negative(classifier: ModerationClassifier) -> None:
    verdict = classifier.classify("Мне совсем не понравилось обслуживание")
    assert verdict.label == "negative"
    assert "negation" in verdict.reasons


def test_emoticons(classifier: ModerationClassifier) -> None:
    sad = classifier.classify("ну вот опять(((")
    assert "sad emoticon" in sad.reasons
    happy = classifier.classify("спасибо большое)))")
    assert happy.label == "positive"
    assert happy.negative_score < sad.negative_score


@pytest.mark.parametrize(
    ("emoji", "reason"),
    [
        ("😡", "angry emoji"),
        ("🤬", "angry emoji"),
        ("👎", "disapproving emoji"),
        ("🤡", "disapproving emoji"),
    ],
)
def test_emoji(classifier: ModerationClassifier, emoji: str, reason: str) -> None:
    verdict = classifier.classify(f"доставка {emoji}")
    assert reason in verdict.reasons
    assert verdict.label == "negative"


def test_caps_and_exclamations(classifier: ModerationClassifier) -> None:
    verdict = classifier.classify("ГДЕ МОЙ ЗАКАЗ?! УЖЕ НЕДЕЛЮ ЖДУ!!!")
    assert verdict.label == "negative"
    assert "caps and !!!" in verdict.reasons


def test_information_question_is_neutral(classifier: ModerationClassifier) -> None:
    assert classifier.classify("Подскажите, до скольки вы работаете?").label == "neutral"
    assert classifier.classify("Do you deliver on Sundays?").label == "neutral"


def test_toxicity_and_spam_flags(classifier: ModerationClassifier) -> None:
    toxic = classifier.classify("вы все дебилы")
    assert toxic.toxic and "insult" in toxic.reasons
    spam = classifier.classify("Заработок от 3000 в день, пишите в личку t.me/+xyz")
    assert spam.spam
    assert {"invite link", "invite to private messages", "earnings offer"} <= set(spam.spam_reasons)


def test_per_community_stopwords_and_threshold() -> None:
    model = load_default_model()
    strict = ModerationClassifier(model, extra_stopwords=["ромашка"], negative_threshold=0.2)
    lenient = ModerationClassifier(model, negative_threshold=0.99)
    assert strict.classify("а в Ромашке дешевле").toxic
    text = "Курьер опоздал на час"
    assert strict.classify(text).negative_score == lenient.classify(text).negative_score
    assert strict.classify(text).label == "negative"
    assert lenient.classify(text).label != "negative"
    with pytest.raises(ValueError):
        ModerationClassifier(model, negative_threshold=1.5)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("", "other"),
        ("   ", "other"),
        ("👍🔥", "other"),
        ("Дякую, їжа дуже смачна, але чекали годину!", "uk"),
        ("Заказ опять задерживают, жду refund", "ru"),  # mixed: the majority script decides
        ("My order from магазин is delayed", "en"),
        ("o\u0301k\u200d", "en"),
        ("з\u0336а\u0336ч\u0336е\u0336м", "ru"),
    ],
)
def test_odd_input_never_breaks(classifier: ModerationClassifier, text: str, language: str) -> None:
    verdict = classifier.classify(text)
    assert isinstance(verdict, Verdict)
    assert verdict.language == language
    assert verdict.label in ("negative", "neutral", "positive")
    assert 0.0 <= verdict.negative_score <= 1.0


def test_huge_text(classifier: ModerationClassifier) -> None:
    verdict = classifier.classify("Отличный сервис! " * 6000)  # ~100k characters
    assert verdict.language == "ru"


def test_non_string_is_a_clear_error(classifier: ModerationClassifier) -> None:
    with pytest.raises(TypeError):
        classifier.classify(None)  # type: ignore[arg-type]


def test_score_is_probability_of_label(classifier: ModerationClassifier) -> None:
    verdict = classifier.classify("Верните деньги!")
    assert verdict.score == verdict.negative_score
