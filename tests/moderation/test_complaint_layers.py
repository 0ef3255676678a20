"""Complaint classes named by lemmas and context: delay, charges, threats, rhetorical
questions, wrong items, instability, sarcasm; and the contexts that must not count."""

from __future__ import annotations

import pytest

from moderation.classifier import ModerationClassifier
from moderation.complaint_context import read_context
from moderation.complaint_lemmas import find_more_complaints
from moderation.complaints import find_complaints
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
        ("Fix it or I'm cancelling my membership", "en", "complaint: threat to leave or report"),
        ("Oh great, the printer is jammed again", "en", "complaint: sarcasm"),
        ("Спасибо, что сорвали нам праздник", "ru", "complaint: sarcasm"),
        ("Прекрасная доставка, ага", "ru", "complaint: sarcasm"),
        ("Thanks for ruining my anniversary dinner", "en", "complaint: sarcasm"),
        ("Как всегда, отличный сервис: заказ потеряли", "ru", "complaint: sarcasm"),
        ("Спасибо за остывшую пиццу", "ru", "complaint: sarcasm"),
        ("Спасибо, что отменили запись без предупреждения", "ru", "complaint: sarcasm"),
        ("Price went up again. Cool, cool", "en", "complaint: sarcasm"),
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


@pytest.mark.parametrize(
    ("text", "language", "reason"),
    [
        ("Администратор бросила трубку на полуслове", "ru", "complaint: no answer"),
        ("Верните то, за что я заплатил в прошлом месяце", "ru", "complaint: refund demanded"),
        ("С нас взяли 300 рублей за пакет", "ru", "complaint: overcharged"),
        (
            "После обновления исчезли все мои сохранения",
            "ru",
            "complaint: cancelled or changed without warning",
        ),
        (
            "Приехали к открытию, а там закрыто на учёт",
            "ru",
            "complaint: cancelled or changed without warning",
        ),
        ("Сообщить об этом заранее сложно было?", "ru", "complaint: rhetorical question"),
        ("Хотя в описании указано, что размер стандартный", "ru", "complaint: expectation not met"),
        (
            "The tracking has said 'in transit' for six days now",
            "en",
            "complaint: waiting for an order",
        ),
        ("Support transferred me around four times", "en", "complaint: no answer"),
        ("The bill was twice the quoted amount", "en", "complaint: overcharged"),
        ("My internet connection drops every evening", "en", "complaint: not working"),
        ("Account got suspended and nobody explains why", "en", "complaint: not working"),
        ("The burgers got worse since the new owners", "en", "complaint: poor quality"),
        ("Three hours late is not acceptable", "en", "complaint: unhappy with service"),
        (
            "You said next day delivery, that was last Tuesday",
            "en",
            "complaint: waiting for an order",
        ),
        ("Звонок в колл-центр ходит по кругу", "ru", "complaint: no answer"),
        ("Ручка шкафа через день начала шататься", "ru", "complaint: not working"),
        ("Замену обещали к среде, а сегодня уже пятница", "ru", "complaint: still not done"),
        ("Is anybody even reading the chat?", "en", "complaint: no answer"),
        ("Пятый раз пишу вам в чат", "ru", "complaint: no answer"),
        ("Вы вообще видите комментарии?", "ru", "complaint: no answer"),
        ("Ремонт через неделю развалился, за что мы платили?", "ru", "complaint: overcharged"),
        ("В пицце был волос", "ru", "complaint: poor quality"),
        ("Fourth time I'm asking about my order", "en", "complaint: no answer"),
        ("Found a hair in my noodles", "en", "complaint: poor quality"),
        # Something else delivered than what was paid for, and "it used to be better".
        ("По тарифу скорость 40 мбит вместо 500", "ru", "complaint: poor quality"),
        ("Прислали синий свитер вместо чёрного", "ru", "complaint: poor quality"),
        ("Раньше было гораздо вкуснее", "ru", "complaint: poor quality"),
        ("Пицца стала намного хуже", "ru", "complaint: poor quality"),
        ("Стоматолог поцарапал десну до крови", "ru", "complaint: rude or careless staff"),
        ("Электрик второй день не приезжает", "ru", "complaint: rude or careless staff"),
        ("Оплатили кухню в марте, а уже июнь", "ru", "complaint: still not done"),
        ("И как это понимать", "ru", "complaint: rhetorical question"),
        ("Your chatbot keeps running me in circles", "en", "complaint: no answer"),
        ("Can I talk to a real person please", "en", "complaint: no answer"),
        ("They promised delivery in April and it's July", "en", "complaint: still not done"),
        ("The latest patch wiped all my saves", "en", "complaint: not working"),
        ("The new version logs me out every hour", "en", "complaint: not working"),
        ("Ordered a large, got a medium", "en", "complaint: poor quality"),
    ],
)
def test_complaint_lexicon_names_situations(text: str, language: str, reason: str) -> None:
    found = {c.reason for c in find_complaints(normalize(text), language)}
    assert reason in found


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("My grandfather died two years ago", "en"),  # people die; routers and wifi fail
        ("I charge it every night and use it every day", "en"),
        ("We sent the files back and forth all week", "en"),
        ("Почему с меня начинается очередь, если я пришла последней?", "ru"),
        ("Вы слышите шум моря?", "ru"),
        ("Не приезжайте без записи, мастер занят", "ru"),  # advice, not a no-show
    ],
)
def test_complaint_lexicon_leaves_ordinary_sentences_alone(text: str, language: str) -> None:
    reasons = {c.reason for c in find_complaints(normalize(text), language)}
    assert not reasons & {
        "complaint: not working",
        "complaint: no answer",
        "complaint: keeps happening",
        "complaint: rude or careless staff",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Заказываю у вас уже пятый раз, всё отлично",
        "Would definitely book again",
        "Администратор Ольга очень помогла с переносом записи",
        "The support guy solved my issue in two minutes",
    ],
)
def test_loyalty_and_help_are_not_complaints(classifier: ModerationClassifier, text: str) -> None:
    assert not classifier.classify(text).is_negative
