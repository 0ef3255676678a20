"""Complaint classes named by lemmas and context: delay, charges, threats, rhetorical
questions, wrong items, instability, sarcasm; and the contexts that must not count."""

from __future__ import annotations

import pytest

from moderation.classifier import ModerationClassifier
from moderation.complaint_context import read_context
from moderation.complaint_lemmas import find_more_complaints
from moderation.text import normalize


@pytest.fixture(scope="module")
def classifier() -> ModerationClassifier:
    return ModerationClassifier()


def _reasons(text: str, language: str) -> set[str]:
    context = read_context(normalize(text), language)
    return {c.reason for c in find_more_complaints(context.text, language, context.sarcasm)}


@pytest.mark.parametrize(
    ("text", "language", "reason"),
    [
        ("Электрик так и не починил розетку", "ru", "complaint: service not delivered"),
        ("Бонусы за покупку не начислили", "ru", "complaint: service not delivered"),
        ("Продержали на линии минут двадцать", "ru", "complaint: waiting for an order"),
        ("Сантехник опоздал на полтора часа", "ru", "complaint: waiting for an order"),
        ("Посылка с 5-го числа, а сегодня уже 20-е", "ru", "complaint: waiting for an order"),
        ("С меня сняли 450 рублей непонятно за что", "ru", "complaint: overcharged"),
        ("Платёж прошёл два раза", "ru", "complaint: overcharged"),
        ("Буду жаловаться в прокуратуру", "ru", "complaint: threat to leave or report"),
        ("Расторгаю договор и ухожу", "ru", "complaint: threat to leave or report"),
        ("Так где же обещанная компенсация?", "ru", "complaint: rhetorical question"),
        ("Сколько мне ещё звонить вам?", "ru", "complaint: fed up waiting"),
        ("Курьер перепутал адрес и увёз пакет", "ru", "complaint: wrong or missing"),
        ("Связь отваливается по ночам", "ru", "complaint: not working"),
        ("The parcel is still stuck in customs", "en", "complaint: waiting for an order"),
        ("They billed my card for a plan I never signed up for", "en", "complaint: overcharged"),
        (
            "I will be reporting this store to consumer protection",
            "en",
            "complaint: threat to leave or report",
        ),
        ("Where on earth is our furniture?", "en", "complaint: rhetorical question"),
        ("How many more days until you fix the lift?", "en", "complaint: fed up waiting"),
        ("The salon had no record of my booking", "en", "complaint: wrong or missing"),
        ("The banking app kicks me out at checkout", "en", "complaint: not working"),
        ("Oh great, the printer is jammed again", "en", "complaint: sarcasm"),
    ],
)
def test_complaint_class_is_named(text: str, language: str, reason: str) -> None:
    assert reason in _reasons(text, language)


@pytest.mark.parametrize(
    "text",
    [
        "Сантехник так и не пришёл, хотя обещали с утра",
        "Спасибо, конечно, за заботу, но запись опять потеряли",
        "Платёж прошёл два раза, верните разницу",
        "Сколько ещё ждать мастера по холодильникам?",
        "Обращусь в Роспотребнадзор, если не решите вопрос",
        "Oh great, the printer is jammed again",
        "They billed my card for a plan I never signed up for",
        "Where on earth is our furniture? Ordered it in May",
    ],
)
def test_complaints_are_negative(classifier: ModerationClassifier, text: str) -> None:
    assert classifier.classify(text).is_negative


@pytest.mark.parametrize(
    "text",
    [
        "А если курьер не застанет меня дома, что будет?",
        "Как вернуть деньги, если передумал покупать?",
        "Ни разу не пожалели, что отдали сына в эту секцию",
        "Без проблем обменяли куртку на другой размер",
        "Не ожидала, что так быстро починят, спасибо!",
        "Ждём новостей о открытии второго зала",
        "Заряд держит три дня, очень довольна",
        "What if the courier misses me, will he come back?",
        "Never regretted moving my account here",
        "Zero issues with the new router, works perfectly",
        "Вы не работаете по праздникам?",
        "Спасибо, конечно, всё на высоте!",
    ],
)
def test_hypotheticals_and_negated_praise_are_not_flagged(
    classifier: ModerationClassifier, text: str
) -> None:
    assert not classifier.classify(text).is_negative


def test_context_blanks_hypothetical_clause_but_keeps_the_rest() -> None:
    context = read_context(normalize("Если и завтра не починят, пойду в суд"), "ru")
    assert context.hypothetical
    assert "не починят" not in context.text
    assert "пойду в суд" in context.text


def test_imperative_after_negation_is_advice_not_failure() -> None:
    assert "complaint: service not delivered" not in _reasons("Не приходите без записи", "ru")
