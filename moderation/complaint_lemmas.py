"""Complaint situations matched on lemmas and time expressions, a second layer to
``complaints``' phrase patterns.

A Russian verb has dozens of forms ("не вернули", "не вернет", "не возвращают"); matching the
lemma after "не" names the situation once for all of them. Durations ("40 минут", "две недели")
turn neutral verbs (ждать, держать, опоздать) into complaints about delay. The English side
uses set phrases, since English morphology is shallow enough for patterns.
"""

from __future__ import annotations

import re
from functools import lru_cache

from moderation.complaints import Complaint
from moderation.lemmas import _analyzer as _morph
from moderation.lemmas import lemma
from moderation.patterns import PatternSet
from moderation.text import words


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NOT_DONE = Complaint("complaint: service not delivered", 2.5)
_DELAY = Complaint("complaint: waiting for an order", 2.5)
_CHARGED = Complaint("complaint: overcharged", 2.5)
_BROKEN = Complaint("complaint: not working", 2.5)
_THREAT = Complaint("complaint: threat to leave or report", 3.0)
_RHETORICAL = Complaint("complaint: rhetorical question", 3.0)
_FED_UP = Complaint("complaint: fed up waiting", 4.0)
_WRONG = Complaint("complaint: wrong or missing", 2.0)
_DECEIVED = Complaint("complaint: deceived", 2.5)
_SARCASM = Complaint("complaint: sarcasm", 1.5)

# Verbs whose negation means a service failed: "не вернули", "не дает войти", "не проходит".
_FAILED_VERBS = _set(
    "работать загружаться грузиться открываться включаться заряжаться обновляться отображаться "
    "проходить начисляться начислить начислять зачислить зачислять зачисляться ловить печатать "
    "отвечать перезвонить "
    "перезванивать реагировать помочь помогать починить чинить исправить исправлять решить "
    "решать вернуть возвращать выдать выдавать доставить доставлять привезти прийти приехать "
    "позвонить связаться объяснить извиниться предупредить "
    "соответствовать устранить отремонтировать поступить поступать "
    "отправить прислать выслать появиться"
)
# Between "не" and the verb: "не сразу", "так и не", "до сих пор не", "даже не", "никак не".
_FILLERS = _set("даже уже больше так никак вообще нам мне еще сразу")
_UNSTABLE = _set(
    "пропадать отключаться отваливаться тормозить лагать виснуть зависать сбоить глючить "
    "вылетать разъединить разъединять сбросить выкидывать выбивать падать"
)
_DELAY_VERBS = _set(
    "ждать прождать ожидать дожидаться продержать опоздать опаздывать "
    "задержать задерживать задержка висеть стоять простоять поздний поздно"
)
_CHARGE_VERBS = _set("списать снять выставить начислить содрать")
_MONEY = re.compile(r"\d|рубл|руб\b|₽|деньг|плат|сумм|счет|средств|подписк|абонемент")

_RU = (
    (
        _DELAY,
        r"\bстатус\w*\b(?:\W+\w+){0,6}?\W+(?:не\s+(?:меня|обновля)|все\s+еще|до\s+сих\s+пор|"
        r"висит|завис)|(?:все\s+еще|до\s+сих\s+пор|по-прежнему|уже\s+\w+\s+\w+)\s+в\s+статусе|"
        r"\b\d{1,2}(?:-?го|\s+числа)\b(?:\W+\w+){0,8}?\W+(?:сегодня|до\s+сих\s+пор|все\s+еще|"
        r"а\s+(?:воз|товар|заказ))|\bна\s+(?:линии|удержании)\b",
    ),
    (
        _CHARGED,
        r"\b(?:дважды|двойн\w+|два\s+раза|повторно)\b(?:\W+\w+){0,3}?\W+(?:спис|оплат|плат|сня)\w*|"
        r"\b(?:спис|оплат|платеж|сня)\w*(?:\W+\w+){0,3}?\W+(?:дважды|два\s+раза|повторно)\b|"
        r"\b(?:цен|стоимост|сумм)\w*(?:\W+\w+){0,3}?\W+(?:выше|больше|друг\w+),?\s+чем|"
        r"\bдороже,?\s+чем\s+(?:на|в|по)\b|\bне\s+совпада\w*\s+с\s+(?:ценник|сайт|прайс)|"
        r"\b(?:котор\w+|что)\s+(?:я|мы)\s+(?:уже\s+|давно\s+)?(?:не\s+заказыва|отменял|отключал|"
        r"не\s+подключа|не\s+оформля)\w*",
    ),
    (
        _THREAT,
        r"\b(?:напиш\w*|пожалу\w*|обращ\w*|обрат\w*|пойд\w*|подам|подаю|подадим)\b(?:\W+\w+){0,3}?"
        r"\W+(?:роспотребнадзор|прокуратур|суд|цб|центробанк|банк\s+росси|фас|жалоб|претензи|"
        r"омбудсмен|финомбудсмен)\w*|\bроспотребнадзор\w*|\bпрокуратур\w*|\bбуду\s+жаловат\w*|"
        r"\bоставить\s+жалоб\w*|\bотпишусь|\bрасторг\w*|\bразорв\w+\s+договор|"
        r"\bуйду\s+(?:к|в)\s+\w+|\bперейду\s+(?:к|в)\s+(?:друг|конкурент)\w*|"
        r"\bзакро\w+\s+(?:счет|карт|вклад|договор)\w*",
    ),
    (
        _RHETORICAL,
        r"\bгде\s+(?:же\s+|все-таки\s+|вообще\s+)?"
        r"(?:мой|моя|мое|мои|наш\w*|обещанн\w*|деньги|возврат|компенсаци)",
    ),
    (
        _FED_UP,
        r"\bсколько\s+(?:еще|можно|мне|нам)\s+(?:\w+\s+)?(?:ждать|терпеть|ходить|звонить|писать)",
    ),
    (
        _WRONG,
        r"\bчуж\w+\s+(?:заказ|посылк|товар|блюд)|\bперепута\w*|\bне\s+(?:того|той|тех)\s+"
        r"(?:цвет|размер|модел|товар)|\b(?:меня|нас|записи|заказа|брони)\s+(?:\w+\s+){0,3}?нет\s+в\s+"
        r"(?:журнал|баз|систем|списк|расписани)|\bнет\s+(?:горяч\w+\s+вод\w*|отоплени\w*|связи|"
        r"интернета|сигнала|света)\b|\bне\s+хватает\b|\bнедоложил\w*|\bнедовес\w*",
    ),
    (
        _BROKEN,
        r"\bпосле\s+(?:ремонта|починки|замены|обслуживания|чистки|обновления)\b(?:\W+\w+){0,6}?"
        r"\W+(?:так\s+же|то\s+же|опять|снова|по-прежнему|все\s+равно|хуже|не\s)",
    ),
    (_DECEIVED, r"\bввели\s+в\s+заблуждени\w*|\bвешают\s+лапшу|\bразвод\b"),
)

_EN = (
    (
        _DELAY,
        r"\bstill\s+(?:isn't|aren't|doesn't|don't|can't|says|shows|pending|processing|stuck|in\s+"
        r"(?:processing|transit)|on\s+(?:hold|the\s+way))\b|\b(?:on|kept\s+(?:me\s+)?on|put\s+me\s+on)"
        r"\s+hold\s+(?:for|again)\b|\bbeen\s+on\s+hold\b|\bstuck\s+(?:in|on|at)\b|"
        r"\b(?:hasn't|haven't|has\s+not|not)\s+(?:\w+\s+)?(?:moved|changed|updated)\s+since\b",
    ),
    (
        _CHARGED,
        r"\b(?:charged|billed|took\s+(?:my\s+)?money)\b[^.!?]*\b(?:cancel(?:l?ed)|never\s+(?:ordered|"
        r"used|signed)|didn't\s+(?:order|sign|use)|twice|double)|\b(?:higher|more|different)\s+than"
        r"\s+(?:on\s+|what\s+)?(?:the\s+|your\s+)?(?:website|site|app|tag|shelf|advertised|listed|"
        r"quoted|stated)|\bpaid\s+twice\b",
    ),
    (
        _THREAT,
        r"\b(?:i'll|i\s+will|going\s+to|gonna|i'm|i\s+am|we'll|we\s+will)\s+(?:be\s+)?report(?:ing)?\b|"
        r"\breport(?:ing)?\s+(?:you|this|them|it)\s+to\b|\breporting\s+(?:you|this)\b|"
        r"\bbetter\s+business\s+bureau|\bbbb\b|\bsu(?:e|ing)\s+(?:you|them)\b|"
        r"\b(?:one[-\s]star|bad)\s+review\b|\bclosing\s+my\s+account|\bcancel(?:l?ing)?\s+my\s+"
        r"(?:subscription|membership|account|contract)|"
        r"\bombudsman|\btrading\s+standards|\bconsumer\s+(?:protection|rights)|"
        r"\b(?:file|filing|lodge|make)\s+a\s+(?:formal\s+)?complaint|\bdispute\s+(?:the|this|a)\s+"
        r"charge|\btake\s+my\s+business\s+elsewhere|\bi'm\s+done\b|\bi\s+am\s+done\b|"
        r"\bclose\s+my\s+account|\blawyer|\bsmall\s+claims|\bleaving\s+for\s+\w+",
    ),
    (
        _RHETORICAL,
        r"\bwhere(?:'s|\s+is|\s+are)?\s+(?:exactly\s+|the\s+hell\s+|on\s+earth\s+|even\s+)?"
        r"(?:is\s+|are\s+)?(?:my|our)\b",
    ),
    (
        _FED_UP,
        r"\bhow\s+(?:much\s+)?longer\b|\bhow\s+long\s+(?:do|must|should|will)\s+(?:i|we)\s+"
        r"(?:have\s+to\s+)?(?:wait|keep)|\bhow\s+many\s+more\s+(?:times|days|weeks)",
    ),
    (
        _WRONG,
        r"\bsomeone\s+else's\b|\bmixed\s+up\b|\bnot\s+what\s+(?:i|we)\s+ordered|"
        r"\bno\s+(?:hot\s+water|heating|signal|internet|wi-?fi|power|electricity|connection)\b|"
        r"\bno\s+record\s+of\s+(?:my|our)\b|\bshort\s+(?:changed|delivered)\b",
    ),
    (
        _BROKEN,
        r"\b(?:logs?|kicks?|throws?)\s+(?:me|us)\s+out\b|\b(?:internet|connection|signal|wi-?fi|"
        r"line|calls?|app|site)\s+(?:keeps\s+)?(?:drops|disconnects|cuts\s+out|freezes|lags)\b|"
        r"\bkeeps\s+(?:dropping|disconnecting|freezing|logging)|\bbreaks\s+(?:the|my|our)\s+(?:app|"
        r"site|website|phone|device|login|account|printer|laptop)\b|\bafter\s+(?:the\s+)?(?:repair|fix|"
        r"service|update)\b[^.!?]*\b(?:still|same|again|worse)\b",
    ),
    (_DECEIVED, r"\bmisled\b|\bfalse\s+advertising|\bbait\s+and\s+switch"),
)

_COMPILED = {
    "ru": tuple((c, re.compile(p)) for c, p in _RU),
    "en": tuple((c, re.compile(p)) for c, p in _EN),
}
# Most texts match none of these: one scan finds which do (see patterns.PatternSet).
_SCANS = {lang: PatternSet([rx for _, rx in compiled]) for lang, compiled in _COMPILED.items()}
_DURATION = re.compile(
    r"\b(?:\d+|пол|полтора|полторы|два|две|три|четыре|пять|шесть|десять|двадцать|тридцать|сорок|пятьдесят|"
    r"несколько|целы\w+|больше|более|почти)\s*(?:-?\s*)?(?:мин\w*|час\w*|суток|сутки|дн\w+|день|"
    r"недел\w+|месяц\w*|год\w*|лет)\b|\bполчаса\b|\bполдня\b|\bполгода\b|\bвторой\s+(?:день|"
    r"недел\w+|месяц|час)|\bтретий\s+(?:день|месяц|час)|\bтретью\s+неделю"
)


@lru_cache(maxsize=4096)
def _imperative(word: str) -> bool:
    # "не приходи", "не извиняйтесь" advise; they do not report a failure.
    return _morph().parse(word)[0].tag.mood == "impr"


def _lemma_complaints(text: str, tokens: list[str]) -> list[Complaint]:
    lemmas = [lemma(t) for t in tokens]
    found: list[Complaint] = []
    for i, token in enumerate(tokens):
        if token != "не":
            continue
        j = i + 1
        while j < len(tokens) and j < i + 3 and tokens[j] in _FILLERS:
            j += 1
        if j < len(tokens) and lemmas[j] in _FAILED_VERBS and not _imperative(tokens[j]):
            found.append(_NOT_DONE)
            break
    lemma_set = set(lemmas)
    if lemma_set & _UNSTABLE:
        found.append(_BROKEN)
    if lemma_set & _DELAY_VERBS and _DURATION.search(text):
        found.append(_DELAY)
    if lemma_set & _CHARGE_VERBS and _MONEY.search(text):
        found.append(_CHARGED)
    return found


def find_more_complaints(
    text: str, model_language: str, sarcasm: bool = False, tokens: list[str] | None = None
) -> list[Complaint]:
    """Complaint situations this layer names in ``text`` (normalized, context-blanked);
    ``tokens`` are ``words(text)`` when the caller has them already."""
    compiled = _COMPILED[model_language]
    found = [compiled[i][0] for i in _SCANS[model_language].matching(text)]
    if model_language == "ru":
        found += _lemma_complaints(text, words(text) if tokens is None else tokens)
    if sarcasm:
        found.append(_SARCASM)
    return found
