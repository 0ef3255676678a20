"""A lexicon of customer-complaint situations, for complaints written without emotional words.

Emotion corpora teach a model that "ужасно" is negative but not that "третий день жду ответа"
is. These patterns name the situations customers complain about (waiting, refunds, things not
working, rude or absent staff, cancellations, overcharging, poor quality, leaving for a rival)
by verb stems and set phrases, so they match sentences never seen before. Input is text from
``text.normalize`` (lower case, ё → е).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_W = r"(?:\W+\w+){0,5}?\W+"  # up to five words in between, same or next clause

_TIME = (
    r"(?:уже|до\s+сих\s+пор|все\s+еще|\d+|втор\w+|трет\w+|четверт\w+|пят\w+|несколько|"
    r"дн\w+|день|недел\w+|месяц\w*|час\w*|полгода|год\w*)"
)
_WAIT_OBJECT = (
    r"(?:ответ\w*|возврат\w*|заказ\w*|посылк\w*|доставк\w*|курьер\w*|звон\w*|деньг\w*|"
    r"мастер\w*|решени\w*|товар\w*|оператор\w*|менеджер\w*|специалист\w*)"
)
_WAIT = r"(?:жду|ждем|ждала?|ждали|ожидаю|ожидаем|ожидал\w*|прождал\w*|дождаться)"

RU_PATTERNS: tuple[tuple[str, float, str], ...] = (
    ("complaint: waiting for an order", 2.5,
     rf"\b{_WAIT}\b{_W}{_TIME}|\b{_WAIT}\b{_W}{_WAIT_OBJECT}|\b{_TIME}{_W}{_WAIT}\b|"
     rf"\b{_WAIT}\W+{_WAIT_OBJECT}|\bпрошл[оа]?\s+(?:уже\s+)?(?:\d+|дв\w+|тр\w+|пят\w+|"
     r"несколько|больше|более|почти|целы\w+|недел\w+|месяц\w*|сутки)"),
    ("complaint: still not done", 2.0,
     r"\bтак\s+и\s+не\b|\bдо\s+сих\s+пор\s+(?:не|нет|ничего)\b|\bвсе\s+еще\s+(?:не|нет)\b|"
     r"\bникак\s+не\b|\bвместо\s+обещанн|\bидет\s+\w+\s+недел"),
    ("complaint: no answer", 2.5,
     r"\bникто\s+(?:ничего\s+)?не\b|\bне\s+(?:отвеча\w+|ответил\w*|перезвон\w+|реагиру\w+|"
     r"дозвон\w+|предупредил\w*|извинил\w*|объяснил\w*)|\bмолч\w+|\bигнор\w*|\bотписыва\w+|"
     r"\bбез\s+(?:ответа|объяснени\w+)|\bни\s+ответа"),
    ("complaint: broken promise", 1.5, r"\bобеща(?:л|ла|ли|ете|ют|нн\w+)\b"),
    ("complaint: refund demanded", 3.0,
     r"\bверн(?:ите|уть|ете)\b(?:\W+\w+){0,3}?\W+(?:деньг|средств|оплат|стоимост)|"
     r"\bвозврат\w*|\bкомпенсац\w*"),
    ("complaint: overcharged", 2.5,
     r"\bсписа(?:ли|л|ла|ны|но)\b|\bсписани\w+|\bсняли\s+деньг|\bпереплат\w*|\bобсчита\w*|"
     r"\bбез\s+(?:моего\s+|нашего\s+)?(?:согласия|спроса|предупреждени\w+|ведома)|\bнавяза\w+|"
     r"\bвырос\w*|\bподорожа\w*|\bдорож[еа]\b|\bв\s+(?:полтора|два|три)\s+раза\b|"
     r"\bподняли\s+цен|\bдорого\b"),
    ("complaint: deceived", 2.5,
     r"\bобман\w*|\bмошен\w*|\bразвод\w*|\bлохотрон|\bкидал\w*|\bкинули\b|\bвранье|\bврете\b"),
    ("complaint: not working", 2.5,
     r"\bне\s+(?:работа\w+|груз\w+|загружа\w+|открыва\w+|открыл\w+|включа\w+|заряжа\w+|"
     r"приход\w+|пришл\w+|пришел|доставил\w*|привезл\w+|привез|выдал\w*|дали|соответству\w+|"
     r"подош\w+|подходит|заводит\w*|ловит|проход\w+|получается|удается|пускают|починил\w*|"
     r"исправил\w*|помог\w*)\b|\bперестал\w*\s+работать|\bсломал\w*|\bсломан\w*|\bполомк\w*|"
     r"\bбрак\b|\bбраком|\bбракован\w*|\bнеисправ\w*|\bглюч\w*|\bглюк\w*|\bзавис\w*|"
     r"\bвылета\w*|\bотвалил\w*|\bотвалива\w*|\bошибк\w*|\bневозможно\b|\bзаблокирова\w+|"
     r"\bне\s+(?:могу|можем|смог\w*)\s+(?:войти|зайти|оплатить|вернуть|дозвониться|записаться|"
     r"получить|попасть|отменить|оформить|связаться|пользоваться)|\bтот\s+же\s+(?:стук|шум|"
     r"проблем\w*)|\bопять\s+(?:не|сломал\w*|отвалил\w*)"),
    ("complaint: poor quality", 2.0,
     r"\bпросроч\w*|\bиспорч\w*|\bпротух\w*|\bтухл\w*|\bнесвеж\w*|\bгрязн\w*|\bгрязь|"
     r"\bхолодн\w*|\bсыр(?:ой|ое|ая)\b|\bпересол\w*|\bневкусн\w*|\bволос\w*\s+в\b|\bтаракан\w*|"
     r"\bвоня\w*|\bне\s+то\b|\bне\s+тот\b|\bне\s+та\b|\bменьше\s+на|\bбольше\s+на\s+\w+\s+размер|"
     r"\bприносят\s+другое|\bпривезли\s+не|\bпереполнен\w*|\bдушно|\bтесно|\bочеред\w*|"
     r"\bнекачествен\w*|\bкачество\s+(?:упало|ужасн\w*|хуже)|\bбез\s+чека|\bне\s+выдали\s+чек"),
    ("complaint: rude or careless staff", 2.5,
     r"\bнагруб\w*|\bгруб\w*|\bхам(?:ство|ят|ит|ка|ло|ов\w*|ск\w*|ил\w*|и)?\b|\bнахам\w*|"
     r"\bорал\w*|\bкричал\w*|\bнеприветлив\w*|\bравнодуш\w*|\bнепрофессионал\w*|"
     r"\bнекомпетент\w*|\bопозда\w*|\bопаздыва\w*|\bне\s+(?:пришел|пришла|приехал\w*|явил\w*)|"
     r"\bсид(?:ел|ела|ит|ят)\s+в\s+телефоне|\bспорит|\bогрыза\w*|\bпосылают\b"),
    ("complaint: cancelled or changed without warning", 2.5,
     r"\bотменил[иа]?\b|\bотмен[её]н\w*|\bперенесли\b|\bсорвал\w*|\bпотерял\w*|"
     r"\bпропал[аио]?\b|\bтеперь\s+(?:ее|его|их)\s+нет|\bоставил\w*\s+(?:у|под)\s+двер"),
    ("complaint: unhappy with service", 2.0,
     r"\bотписыва\w*|\bотписал\w*|\bотписываюсь|\bу\s+конкурент\w*|\bбольше\s+(?:не\s+приду|"
     r"ни\s+ногой|не\s+буду|не\s+закажу|не\s+пойду|к\s+вам)|\bноги\s+моей|\bне\s+(?:советую|"
     r"рекомендую)|\bхуже\s+(?:не|некуда)|\bхудш\w*|\bпозор\w*|\bкошмар\w*|\bужас\w*|"
     r"\bотврат\w*|\bбезобраз\w*|\bвозмут\w*|\bразочаров\w*|\bбесит|\bнадоел\w*|\bзадолбал\w*|"
     r"\bсколько\s+можно|\bчто\s+за\s+(?:бардак|фигн\w*|сервис|безобраз\w*)|\bиздева\w*|"
     r"\bзачем\s+(?:вы\s+)?(?:убрали|сделали|поменяли|отменили|подняли|испортили)|"
     r"\bиспортил\w*|\bскучн\w*|\bоднообраз\w*|\bслишком\s+много|\bмного\s+рекламы|"
     r"\bжалоб\w*|\bпретензи\w*|\bнедовол\w*|\bбардак\w*|\bхалтур\w*|\bне\s+понравил\w*"),
    ("complaint: rhetorical question", 1.5,
     r"\bэто\s+(?:вообще\s+)?нормально\s*\?|\bэто\s+как\s*\?|\bсерьезно\s*\?|\bкак\s+так\b|"
     r"\bкуда\s+смотр\w+|\bпочему\s+(?:я|мне|нам|вы|у\s+вас|до\s+сих\s+пор|никто|опять|"
     r"снова)\b|\bкогда\s+(?:уже|наконец|вернете)\b|\bи\s+это\s+(?:сервис|качество)"),
    ("complaint: keeps happening", 1.5,
     r"\b(?:опять|снова|в\s+очередной\s+раз|который\s+раз|постоянно|вечно)\b|"
     r"\b(?:второй|третий|четвертый|пятый|\d+)\s+раз\b|\bпишу\s+уже"),
)

EN_PATTERNS: tuple[tuple[str, float, str], ...] = (
    ("complaint: waiting for an order", 2.5,
     r"\bstill\s+(?:waiting|haven't|hasn't|have\s+not|no|not)\b|\b(?:been|keep)\s+waiting|"
     r"\bwait(?:ed|ing)\s+(?:for\s+)?(?:over\s+)?(?:\d+|an?|two|three|several|days|weeks|hours)|"
     r"\b(?:days|weeks|hours|months)\s+(?:ago|later|now)\b|\byet\s+to\s+(?:receive|hear|get)|"
     r"\b(?:hasn't|has\s+not|never)\s+(?:arrived|been\s+delivered|came|received|got)"),
    ("complaint: no answer", 2.5,
     r"\b(?:no\s+one|nobody|noone)\b|\bno\s+(?:response|reply|answer|callback|call\s+back)|"
     r"\bnot\s+(?:answering|responding|replying)|\bignor\w+|\bnever\s+(?:called|replied|"
     r"responded|answered|got\s+back|showed)|\bdidn't\s+(?:call|reply|respond|answer|show)|"
     r"\bcan't\s+(?:reach|get\s+through)|\bunreachable\b"),
    ("complaint: broken promise", 1.5, r"\bpromised\b|\bsupposed\s+to\b|\bwas\s+told\b"),
    ("complaint: refund demanded", 3.0,
     r"\brefund\w*|\bmoney\s+back\b|\bcharge\s?back\b|\bcompensat\w+"),
    ("complaint: overcharged", 2.5,
     r"\bovercharg\w*|\bcharged\s+(?:me\s+)?(?:twice|double|again|extra)|\bdouble\s+charged|"
     r"\bwithout\s+(?:asking|consent|permission|my\s+consent|notice|warning)|\bhidden\s+fees?|"
     r"\bdoubled\b|\bprice\s+(?:hike|went\s+up)|\boverpriced\b|\btoo\s+expensive"),
    ("complaint: deceived", 2.5, r"\bscam\w*|\bfraud\w*|\brip\s?off\b|\bripped\s+off|\blied\b"),
    ("complaint: not working", 2.5,
     r"\bnot\s+working|\b(?:doesn't|don't|didn't|isn't|won't|wouldn't|can't|cannot)\s+(?:even\s+)?"
     r"(?:work|load|open|start|turn|log|get|access|sign|pay|connect|charge|fix|help|cancel)|"
     r"\bstopped\s+working|\b(?:is|are|been|was|went|still)\s+down\b|\bcrash\w*|\bbroken\b|"
     r"\bbroke\b|\bbug(?:s|gy)?\b|\bglitch\w*|\berror\w*|\boutage\w*|\bfail(?:s|ed|ing|ure)?\b|"
     r"\bunusable\b|\bdefective\b|\bfaulty\b|\bmalfunction\w*|\bsame\s+problem"),
    ("complaint: poor quality", 2.0,
     r"\bexpired\b|\bspoil(?:ed|t)\b|\bstale\b|\brotten\b|\bmou?ldy\b|\bdirty\b|\bfilthy\b|"
     r"\bcold\s+food|\bundercooked\b|\bwrong\s+(?:order|item|size|colou?r|dish)|"
     r"\bnot\s+as\s+described|\bdamaged\b|\bmissing\b|\bdisgusting\b|\bovercrowded\b|"
     r"\bcrowded\b|\bcramped\b|\btoo\s+(?:many|much|loud|slow|long|small)\b|\bsmells?\b"),
    ("complaint: rude or careless staff", 2.5,
     r"\brude\w*|\bunprofessional\b|\bimpolite\b|\byell(?:ed|ing)\b|\bcareless\b|"
     r"\bincompetent\b|\blate\b|\bno[-\s]show\b|\bargu(?:ed|ing)\b|\battitude\b"),
    ("complaint: cancelled or changed without warning", 2.5,
     r"\bcancell?ed\b|\brescheduled\b|\b(?:no\s+one|nobody)\s+(?:told|warned|informed)|"
     r"\blost\s+(?:my|our|the)\b"),
    ("complaint: unhappy with service", 2.0,
     r"\bunfollow\w*|\bunsubscrib\w*|\bswitching\s+to\b|\bnever\s+again\b|\bnever\s+coming\s+back|"
     r"\bwon't\s+be\s+back|\bworst\b|\bterrible\b|\bhorrible\b|\bawful\b|\bdisappoint\w*|"
     r"\bridiculous\b|\bunacceptable\b|\bpathetic\b|\bannoy\w*|\bfed\s+up\b|\bsick\s+of\b|"
     r"\btired\s+of\b|\bwaste\s+of\b|\buseless\b|\bcomplain\w*|\bnot\s+happy\b|"
     r"\bdon't\s+recommend|\bnot\s+recommend|\bavoid\b"),
    ("complaint: rhetorical question", 1.5,
     r"\bseriously\s*\?|\breally\s*\?|\bhow\s+(?:is\s+this|come)\b|\bwhy\s+(?:is|do|does|did|"
     r"can't|won't|would|are|am)\b|\bis\s+this\s+(?:normal|ok|a\s+joke)"),
    ("complaint: keeps happening", 1.5,
     r"\b(?:again|every\s+time|keeps?|always)\b|\b(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))"
     r"\s+time\b"),
)


@dataclass(frozen=True, slots=True)
class Complaint:
    reason: str
    weight: float


def _compile(patterns: tuple[tuple[str, float, str], ...]) -> tuple[tuple[Complaint, re.Pattern[str]], ...]:
    return tuple((Complaint(reason, weight), re.compile(rx)) for reason, weight, rx in patterns)


_BY_LANGUAGE = {"ru": _compile(RU_PATTERNS), "en": _compile(EN_PATTERNS)}


def find_complaints(normalized: str, model_language: str) -> list[Complaint]:
    """Complaint situations named in the text, strongest first."""
    found = [c for c, rx in _BY_LANGUAGE[model_language] if rx.search(normalized)]
    return sorted(found, key=lambda c: -c.weight)
