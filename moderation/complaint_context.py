"""Context that changes what a complaint word means: hypotheticals, praise with negative words,
and sarcasm.

"А если товар не подойдет, можно вернуть?" names a problem without having one; "ни разу не
пожалел" and "без проблем вернули деньги" are praise built from complaint words; "спасибо,
конечно, за сервис" is thanks that means the opposite. The first two are blanked out before the
complaint lexicon looks at the text, so their words cannot count; sarcasm is reported so the
thanks in it does not count as praise. Input is text from ``text.normalize``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from moderation.patterns import fast

# A conditional clause up to the next punctuation mark: its problem is imagined. "Если честно"
# and "even if" are fillers, not conditions.
_HYPOTHETICAL = {
    "ru": re.compile(
        r"\b(?:если(?!\s+честно|\s+что\b)|в\s+случае(?:\s+если)?|а\s+вдруг|вдруг)\b[^,.;!?]*"
    ),
    "en": re.compile(
        r"(?<!even\s)\b(?:if|in\s+case|what\s+if|whether|should\s+(?:my|the))\b[^,.;!?]*"
    ),
}

# "Вы не работаете в воскресенье?" asks about opening hours, not about a breakdown.
_SCHEDULE_QUESTION = {
    "ru": re.compile(
        r"\b(?:вы\s+|у\s+вас\s+)?(?:не\s+)?работает(?:е)?\s+(?:ли\s+)?(?:в|во|по|сегодня|завтра|"
        r"до|с|после|ночью|утром|вечером)\b[^?.!]*\?"
    ),
    "en": re.compile(r"\b(?:aren't|are)\s+you\s+open\b[^?.!]*\?"),
}

_PRAISE = {
    "ru": re.compile(
        r"\bни\s+(?:разу|капли|минуты|секунды|на\s+секунду)\s+не\s+(?:пожалел|разочаров|подвел|"
        r"усомнил|жалел)\w*|\bни\s+о\s+чем\s+не\s+жале\w*|\bне\s+(?:пожалел\w*|жалею|жалеем)\b|"
        r"\bне\s+ожидал\w*,?\s+(?:что\s+)?(?:\w+\s+){0,3}?(?:так|настолько|такого)\s+(?:быстро|"
        r"вкусно|хорошо|круто|качественно|удобно|легко|просто|рано|оперативно|здорово|"
        r"классно|внимательн\w*|качеств\w*|сервис\w*)|"
        r"\bбез\s+(?:всяких\s+|каких-либо\s+|лишних\s+)?(?:проблем|нареканий|претензий|задержек|"
        r"очередей|вопросов|заминок|проволочек|лишних\s+вопросов)\b|"
        r"\bникаких\s+(?:проблем|претензий|нареканий|задержек|очередей|вопросов)\b|"
        r"\b(?:претензий|проблем|нареканий|жалоб)\s+(?:нет|никаких|ноль|не\s+было|не\s+возникло)\b|"
        r"\bне\s+(?:подвел|подвели|разочаровал\w*)\b|"
        r"\b(?:очень|сильно|быстро|оперативно|сразу)\s+помог(?:ла|ли|ло)?\b|"
        r"(?<!не\s)\bрешил[аи]?\s+(?:мой\s+|наш\s+|все\s+|мне\s+)?(?:вопрос|проблем)\w*"
    ),
    "en": re.compile(
        r"\b(?:never|don't|do\s+not|won't|not\s+once)\s+regrett?\w*|\bno\s+regrets?\b|"
        r"\b(?:no|zero|not\s+(?:a|one|a\s+single))\s+(?:complaints?|problems?|issues?|hiccups?|"
        r"hassle|delays?)\b|\bwithout\s+(?:any\s+)?(?:problems?|issues?|hassle|delays?|fuss)\b|"
        r"\bhassle[-\s]free\b|\bcan't\s+complain\b|\bnothing\s+to\s+complain\s+about\b|"
        r"\bdidn't\s+expect\s+(?:\w+\s+){0,3}?so\s+(?:fast|quick|quickly|soon|good|well|tasty|"
        r"easy|early)\b|\bnever\s+(?:let\s+(?:me|us)\s+down|disappoint\w*)|"
        r"\bhelped\s+(?:me|us)\s+(?:a\s+lot|so\s+much|right\s+away)|"
        r"(?<!not\s)(?<!never\s)\b(?:solved|sorted|fixed)\s+(?:my|our|the|it|everything)\b"
    ),
}

_SARCASM = {
    "ru": re.compile(
        r"\bспасибо,?\s+(?:вам\s+)?(?:конечно|большое,\s+конечно)\b|"
        r"\bспасибо\s+(?:вам\s+)?за\s+(?:прекрасн|отличн|замечательн|чудесн|великолепн|"
        r"шикарн|превосходн)\w*\s+(?:сервис|обслуживани|работ|качеств)\w*(?=.*(?:\d|раз|опять|"
        r"снова|не\s))|\bну\s+(?:конечно|спасибо|класс|супер|отлично|молодцы)\b|"
        r"\bочень\s+(?:удобно|мило|приятно),?\s+что\b|\bотличн\w+\s+сервис,\s+ничего\s+не\s+скажешь|"
        r"\bвот\s+это\s+(?:сервис|забота|качество)\b|"
        r"\bспасибо,?\s+(?:вам\s+)?(?:большое\s+)?,?\s*что\s+(?:\w+\s+)?(?:испортил|сорвал|потерял|"
        r"заставил|оставил|забыл|продержал|испоганил|угробил|перенесл|отменил|задержал|списал|"
        r"заблокировал|нагрубил|не\s)\w*|"
        r"\bкак\s+всегда,?\s+(?:лучш|прекрасн|отличн|на\s+высоте)\w*|"
        r"\bспасибо\s+(?:вам\s+)?(?:огромное\s+|большое\s+)?за\s+(?:\w+\s+){0,2}?(?:холодн|остывш|"
        r"испорчен|сгоревш|горьк|опоздани|потерянн|сломанн|пересолен)\w*|"
        r"\b(?:отличн|прекрасн|замечательн|великолепн|шикарн|супер)\w*\s+\w+,?\s+(?:ага|угу)\b"
    ),
    "en": re.compile(
        r"\bthanks\s+for\s+nothing\b|\b(?:oh|just|great|wow),?\s+(?:great|another|brilliant|"
        r"perfect)\b|^\W*great,\s+(?:another|now|so)\b|\bthanks\s+a\s+lot\W*$|"
        r"(?<!thanks\s)(?<!thank\syou\s)\bso\s+much\s+for\b|\byeah,?\s+right\b|\blove\s+(?:how|that)\s+(?:i|you|we)\b|"
        r"\bthanks?\s+(?:you\s+)?(?:a\s+lot\s+|so\s+much\s+)?for\s+(?:making|ruining|wasting|losing|"
        r"leaving|forgetting|nothing|cancel\w*)\b|\bcool,\s*cool\b"
    ),
}


# Someone telling of their own dealings or addressing a business: a person (я, мне, вы, ваш)
# or a thing customers deal with. Without either, a complaint word is usually narrative or
# news ("отказался оплатить товар", "ей надоели"), which held-out LiveJournal and Lenta rows
# show the lexicon over-flags; such texts keep only part of the complaint boost. A person alone
# is weaker evidence than a customer's dealings: personal posts and diaries say "я" and "опять"
# as often as customers do (see classifier._NO_DEALINGS_FACTOR).
_PERSON_RU = re.compile(
    r"\b(?:я|мне|меня|мой|моя|мое|мои|моего|моей|мы|нам|нас|наш\w*|вы|вас|вам|вами|ваш\w*)\b"
)
_DEALINGS_RU = re.compile(
    r"\b(?:заказ\w*|доставк\w*|доставил\w*|курьер\w*|оператор\w*|поддержк\w*|магазин\w*|сервис\w*|"
    r"мастер\w*|менеджер\w*|администрат\w*|деньг\w*|денег|оплат\w*|руб\w*|карт[аеуыо]\w*|"
    r"счет\w*|тариф\w*|интернет\w*|приложени\w*|сайт\w*|товар\w*|покупк\w*|купил\w*|услуг\w*|"
    r"клиент\w*|обслуживани\w*|персонал\w*|сотрудник\w*|банк\w*|кафе|ресторан\w*|зал\w*|"
    r"тренер\w*|салон\w*|абонемент\w*|запис\w*|чек\w*|возврат\w*|посылк\w*|номер\w*|"
    r"связ[ьи]|звон\w*|ремонт\w*|гаранти\w*|цен[аыуе]|стоимост\w*|продавц\w*|кассир\w*|"
    r"официант\w*|врач\w*|прием\w*|пицц\w*|блюд\w*|еда|еду|бронь|брони\w*|договор\w*|"
    r"подписк\w*|компани\w*|поездк\w*|такси|водител\w*|филиал\w*|отделени\w*|офис\w*|"
    r"ресепш\w*|касс[аеуы]\w*|продукт\w*|продукци\w*|упаковк\w*|реклам\w*|контент\w*|скидк\w*|"
    r"перезвон\w*|прислал\w*|привезл\w*|заменил\w*|обменял\w*|качеств\w*|подключени\w*|"
    r"монтаж\w*|установк\w*|шиномонтаж\w*|тренировк\w*|расписани\w*|занятия|урок\w*|курс[аеуы]?|"
    r"документ\w*|клиник\w*|аптек\w*|отел\w*|гостиниц\w*|рейс\w*|билет\w*|квитанци\w*|"
    r"управляющ\w*|сантехник\w*|электрик\w*|меню|порци\w*)\b"
)
# Only whether they match is asked: quicker patterns matching at the same places do it.
_PERSON_SEARCH, _DEALINGS_SEARCH = fast(_PERSON_RU), fast(_DEALINGS_RU)


@dataclass(frozen=True, slots=True)
class ComplaintContext:
    text: str  # the text with hypothetical clauses and praise phrases blanked out
    hypothetical: bool
    praise: bool
    sarcasm: bool
    schedule_question: bool = False  # "вы не работаете по праздникам?": opening hours asked


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group())


class _Blanker:
    """Blanks out what ``rx`` matches. Most texts have nothing to blank: a search by a quicker
    pattern matching at the same places (see patterns.fast) is cheaper than a substitution."""

    __slots__ = ("_has_match", "_rx")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self._rx, self._has_match = rx, fast(rx).search

    def __call__(self, text: str) -> tuple[str, bool]:
        if self._has_match(text) is None:
            return text, False
        return self._rx.sub(_spaces, text), True


_BLANKERS = {
    lang: (
        _Blanker(_PRAISE[lang]),
        _Blanker(_HYPOTHETICAL[lang]),
        _Blanker(_SCHEDULE_QUESTION[lang]),
    )
    for lang in _PRAISE
}
_SARCASM_SEARCH = {lang: fast(rx).search for lang, rx in _SARCASM.items()}


def read_context(normalized: str, model_language: str) -> ComplaintContext:
    """Blank out what cannot be a complaint; note whether sarcasm wraps the rest."""
    blank_praise, blank_hypothetical, blank_schedule = _BLANKERS[model_language]
    text, praise = blank_praise(normalized)
    text, hypothetical = blank_hypothetical(text)
    text, schedule = blank_schedule(text)
    sarcasm = _SARCASM_SEARCH[model_language](normalized) is not None
    return ComplaintContext(text, hypothetical or schedule, praise, sarcasm, schedule)


def names_person(normalized: str, model_language: str) -> bool:
    """Whether a Russian text names a person (я, мы, вы and their forms); true for English."""
    return model_language != "ru" or _PERSON_SEARCH.search(normalized) is not None


def names_dealings(normalized: str, model_language: str) -> bool:
    """Whether a Russian text names something customers deal with (an order, a delivery, the
    support line, money, a master, a gym...); true for English."""
    return model_language != "ru" or _DEALINGS_SEARCH.search(normalized) is not None
