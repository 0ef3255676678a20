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

from moderation.patterns import PatternSet

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
_MONTH = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
_EN_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)

_NOT_WAITING = (
    r"нетерпени|нетерпень|не\s+дожд|\b(?:жду|ждем)\s+(?:тебя|вас|всех|встреч|продолжени|новост|"
    r"новинк|анонс|открыти|старт|сезон|когда\s+(?:вы\s+)?(?:выложите|откроете|запустите|объявите|"
    r"опубликуете|покажете))"
)

# (reason, logit weight, pattern[, pattern that cancels it for the whole text])
RU_PATTERNS: tuple[tuple, ...] = (
    (
        "complaint: waiting for an order",
        2.5,
        rf"\b{_WAIT}\b{_W}{_TIME}|\b{_WAIT}\b{_W}{_WAIT_OBJECT}|\b{_TIME}{_W}{_WAIT}\b|"
        rf"\b{_WAIT}\W+{_WAIT_OBJECT}|\bпрошл[оа]?\s+(?:уже\s+)?(?:\d+|дв\w+|тр\w+|пят\w+|"
        r"несколько|больше|более|почти|целы\w+|недел\w+|месяц\w*|сутки)|"
        r"\b(?:дн\w+|день|недел\w+|месяц\w*|час\w*)\s+назад\b|"
        r"\bгде\s+(?:мой|моя|мои|мое|наш|наша|наши)\s+(?:заказ|посылк|деньг|возврат|товар|покупк)",
        _NOT_WAITING,
    ),
    (
        "complaint: still not done",
        2.0,
        r"\bтак\s+и\s+не\b|\bдо\s+сих\s+пор\s+(?:не|нет|ничего)\b|\bвсе\s+еще\s+(?:не|нет)\b|"
        r"\bвместо\s+обещанн|\bидет\s+\w+\s+недел|"
        r"\bобеща\w+(?:\W+\w+){0,5}?\W+(?:а\s+)?сегодня\s+(?:уже\s+)?(?:понедельник|вторник|"
        r"среда|четверг|пятница|суббота|воскресенье|\d+)|"
        # "оплатил в ноябре, на дворе февраль": a month gone by since the money or the promise
        rf"\b(?:в|до|к)\s+{_MONTH}(?:\W+\w+){{0,4}}?\W+(?:на\s+дворе|а\s+(?:уже|сейчас)|уже|"
        rf"сейчас)\s+{_MONTH}",
    ),
    (
        "complaint: no answer",
        2.5,
        r"\bникто\s+(?:ничего\s+|так\s+и\s+)?не\s+(?:отвеча|ответил|перезвон|звонил|предупредил|"
        r"сказал|объяснил|помог|приш|связал|реагир|извинил|решил|слыш|выда|вернул|позвонил)\w*|"
        r"\bне\s+(?:отвеча\w+|ответил\w*|перезвон\w+|реагиру\w+|дозвон\w+|предупредил\w*|"
        r"извинил\w*|объяснил\w*)|\b(?:поддержк|оператор|менеджер|администрац|магазин|банк|сервис|"
        r"компани|служб|чат|вы)\w*\s+(?:все\s+время\s+|опять\s+|снова\s+)?(?:молч|игнор)\w*|"
        r"\bмолчите\b|\bмолчат\b|\bигнорируете|\bигнорируют|\bотписываетесь|\bотписываются|"
        r"\bбез\s+(?:ответа|объяснени\w+)|\bни\s+ответа|\bтишина\b|\bни\s+слуху|\bноль\s+реакции|"
        r"\bответьте\s+(?:уже|наконец|хоть)|\bне\s+объясня\w+|\bне\s+объяснили|\bшаблон\w*|"
        r"\bотписк\w*|\b(?:брос|полож|клад)\w*\s+трубк\w*|\bпо\s+кругу\b|"
        r"\bраз\s+(?:вам\s+)?пишу\b|\bпишу\s+(?:вам\s+)?(?:уже|снова|опять|повторно)\b|"
        r"\bвы\s+вообще\s+(?:читаете|видите|слышите)\b|\b(?:читаете|видите)\s+(?:вообще\s+)?"
        r"(?:сообщения|комментарии|что\s+вам\s+пишут)\b|"
        r"\b(?:человека|оператора|ответа|мастера|специалиста)\s+не\s+дожд\w*|"
        r"\bне\s+дождаться\s+(?:ответа|оператора|человека|мастера|курьера|специалиста)",
    ),
    ("complaint: broken promise", 1.5, r"\bобеща(?:ли|ете|ют|нн\w+)\b"),
    (
        "complaint: refund demanded",
        3.0,
        r"\bверн(?:ите|уть|ете)\b(?:\W+\w+){0,3}?\W+(?:деньг|средств|оплат|стоимост)|"
        r"\bвозврат(?:а|у|ом|е|ы)?\b|\bкомпенсац\w*|"
        r"\bверните\b(?:\W+\w+){0,4}?\W+за\s+что\s+(?:я\s+|мы\s+)?(?:платил|заплатил|оплатил)\w*",
    ),
    (
        "complaint: overcharged",
        2.5,
        r"\bсписа(?:ли|л|ла|ны|но)\b|\bсписани\w+|\bсняли\s+деньг|\bпереплат\w*|\bобсчита\w*|"
        r"\bбез\s+(?:моего\s+|нашего\s+)?(?:согласия|спроса|предупреждени\w+|ведома)|\bнавяза\w+|"
        r"\b(?:цен|стоимост|тариф|плат|счет|абонемент|чек)\w*(?:\W+\w+){0,3}?\W+(?:вырос|"
        r"подорож|увелич|подня)\w*|\bподорожа\w*|\bдорож[еа]\b|\bподняли\s+цен|"
        r"\b(?:слишком|очень|как-то|так)\s+дорого\b|\bдороговато|\bвзяли\s+(?:больше|лишн)|"
        r"\bбольше,?\s+чем\s+(?:было\s+)?(?:указано|обещали|написано|договаривались)|"
        r"\bподключили\s+(?:плат|какую)|\bне\s+(?:просил|заказывал|подключал)\w*|"
        r"\bбез\s+(?:моего\s+)?запроса|\bза\s+такие\s+деньги|\bденьги\s+на\s+ветер|"
        r"\bне\s+стоит\s+(?:своих\s+)?денег|\bза\s+что\s+(?:я\s+|мы\s+)?(?:плат|заплат|оплат)\w*|"
        r"\bс\s+(?:меня|нас)\s+(?:взяли|списали|сняли|требуют)\b",
    ),
    (
        "complaint: deceived",
        2.5,
        r"\bобман\w*|\bмошен\w*|\bразводят|\bразвели\b|\bразводилов\w*|\bлохотрон|\bкидал\w*|"
        r"\bкинули\b|\bвранье|\bврете\b",
    ),
    (
        "complaint: not working",
        2.5,
        r"\bне\s+(?:работа|груз|загружа|открыва|открыл|включа|включи|заряжа|приход|пришл|пришел|"
        r"дош|доставил|привез|выдал|дали|соответству|подош|заводи|лов|пускают|починил|исправил|"
        r"помог|пропуска|печата|отправля|отобража|списыва|начисл|отслежива|обновля)\w*(?<![йь])(?<!йте)\b|"
        r"\bперестал\w*\s+работать|\bсломал\w*|\bсломан\w*|\bполомк\w*|\bбракован\w*|"
        r"\b(?:оказал\w*|попал\w*|менять|заменить|вернуть|сплошной)\s+брак\w*|\bнеисправ\w*|"
        r"\bглюч\w*|\bглюк\w*|\bзавис(?:ает|ло|ла|ют)\b|\bвылета\w*|\bотвалил\w*|"
        r"\bотвалива\w*|\b(?:выда\w+|пиш\w+|выскакива\w+|появля\w+|показыва\w+)\s+ошибк\w*|"
        r"\bошибк\w+\s+при\b|\bневозможно\b|\bзаблокирова\w+|"
        r"\bне\s+(?:могу|можем|получается|удается)\s+(?:войти|зайти|оплатить|вернуть|дозвониться|"
        r"записаться|получить|попасть|отменить|оформить|связаться|пользоваться)|"
        r"\bтот\s+же\s+(?:стук|шум|проблем\w*)|\bопять\s+(?:не|сломал\w*|отвалил\w*)|"
        r"\b(?:начал\w*|стал\w*)\s+(?:болтаться|скрипеть|течь|протекать|шататься|отваливаться|"
        r"ломаться|глючить|тормозить|греться|перегреваться|шуметь|стучать|вылетать)\b",
    ),
    (
        "complaint: poor quality",
        2.0,
        r"\bпросроч\w*|\bиспорч\w*|\bпротух\w*|\bтухл\w*|\bнесвеж\w*|\bгрязно\b|\bгрязь\b|"
        r"\bгрязн\w+\s+(?:пол|посуд|зал|номер|туалет|раздевалк|стол|ванн|душ|полотен)\w*|"
        r"\b(?:душ|вода|еда|блюд\w*|суп|кофе|пицц\w*|батаре\w*|в\s+зале|в\s+номере)\s+(?:\w+\s+)?"
        r"холодн\w*|\bхолодн\w+\s+(?:душ|вод\w+|ед\w+|суп|кофе|пицц\w+|блюд\w+)|\bпересол\w*|"
        r"\bневкусн\w*|\bволос\w*\s+в\b|\bтаракан\w*|\bвоня\w*|"
        r"\b(?:прислали|привезли|принесли|доставили|выдали|дали|продали)\s+не\s+(?:то|тот|ту|те)\b|"
        r"\bне\s+(?:тот|та|те)\s+(?:размер|цвет|товар|заказ|модел)|\bменьше\s+на|"
        r"\bбольше\s+на\s+\w+\s+размер|\bприносят\s+другое|\bпереполнен\w*|\bдушно|\bтесно|"
        r"\b(?:огромн|длинн|больш)\w*\s+очеред\w*|\bстоял\w*\s+в\s+очеред\w*|"
        r"\bнекачествен\w*|\bцарапин\w*|\bвмятин\w*|\bсколы?\b|\bтрещин\w*|\bповредил\w*|"
        r"\bповрежд\w*|\bразбит\w*|\bпомят\w*|\bпятн[оаы]\b|\bчерств\w*|\bмутн\w*|"
        r"\bпосле\s+(?:первой\s+|одной\s+)?стирки|\bполинял\w*|\bпорвал\w*|"
        r"\bв\s+\w+\s+(?:был\w*\s+)?волос(?:ы|ок)?\b|\bразвалил\w*|\bотклеил\w*|\bпротек\w*|"
        r"\bтреснул\w*|\bлопнул\w*|\bоблез\w*|"
        r"\bслез\w*\s+через|\bостыл\w*|\bостывш\w*|\bсовсем\s+не\s+(?:так|то|такую|такой|такое)\b|"
        r"\bне\s+так\w*,?\s+как\s+(?:я\s+)?(?:просил|заказ|хотел|договарива)\w*|"
        r"\bочеред\w*(?:\W+\w+){0,3}?\W+(?:\d+\s*мин|час|полчаса)|\bработает\s+одна\s+касса|"
        r"\bкачество\s+(?:упало|ужасн\w*|хуже)|\bбез\s+чека|\bне\s+выдали\s+чек|"
        # "3 мегабита вместо 100", "привезли в пункт выдачи вместо двери"
        r"\b\d+\s+\w+\s+вместо\s+\d+|\b(?:привезли|прислали|принесли|доставили|выдали|положили|"
        r"сделали|поставили|пришл[аои]|пришел)\b(?:\W+\w+){0,4}?\W+вместо\b|"
        r"\bраньше\s+(?:было\s+|был[аи]?\s+)?(?:намного\s+|гораздо\s+|куда\s+|в\s+разы\s+|"
        r"значительно\s+)?(?:лучше|вкуснее|качественнее)|\bстал[аио]?\s+(?:намного\s+|гораздо\s+|"
        r"еще\s+)?хуже\b",
    ),
    (
        "complaint: rude or careless staff",
        2.5,
        r"\bнагруб\w*|\bгруб(?:о|ый|ая|ые|ит|ят|ил\w*|ост\w*)\b|"
        r"\bхам(?:ство|ят|ит|ка|ло|ов\w*|ск\w*|ил\w*|и)?\b|\bнахам\w*|\b(?:наорал|накричал)\w*|"
        r"\bнеприветлив\w*|\bравнодуш\w*|\bнепрофессионал\w*|\bнекомпетент\w*|\bопоздал[аи]?\b|"
        r"\bопаздыва(?:ет|ют|л|ла|ли)\b|\bне\s+(?:пришел|пришла|приехал\w*|явил\w*)|"
        r"\bсид(?:ел|ела|ит|ят)\s+в\s+телефоне|\bспорит|\bогрыза\w*|\bпосылают\b|"
        r"\bотказал(?:ись|ся|ась|и)\b|\bнахамил\w*|\bхамил\w*|\bперебива\w*|\bнавязыва\w*|"
        r"\bотклонил\w*|\bотказыва(?:ются|ется|ете)\b|\bкричит\b|\bорет\b|\bдо\s+крови\b|"
        r"\bпоранил[аи]?\b|\bне\s+приезжа\w*(?<!йте)\b",
    ),
    (
        "complaint: cancelled or changed without warning",
        2.5,
        r"\bотменил[иа]?\b|\bотмен[её]н\w*|\bперенесли\b|\bсорвали\b|\bпотерял[иа]\b|"
        r"\b(?:заказ|посылк|деньг|товар|бонус|балл|запис|доступ|интернет|связь|сигнал)\w*\s+"
        r"(?:\w+\s+)?(?:пропал|потерял|исчез)\w*|\b(?:пропал|исчез)\w*\s+(?:\w+\s+){0,2}?(?:заказ|посылк|"
        r"деньг|бонус|балл|связь|интернет|инвентар|покупк|подписк|аккаунт|прогресс|сохранени|"
        r"фото|файл)\w*|\b(?:приехал|пришл|пришел)\w*(?:\W+\w+){0,5}?\W+закрыт\w*|"
        r"\bзакрыт\w*\s+двер\w*|\bтеперь\s+(?:ее|его|их)\s+нет|"
        r"\bперенос(?:ите|ят|или)\b|\bнет\s+в\s+списк\w*|"
        r"\bоставил\w*\s+(?:у|под)\s+двер",
    ),
    (
        "complaint: unhappy with service",
        2.0,
        r"\bотписываюсь|\bотписал(?:ся|ась|ись)|\bу\s+конкурент\w*|\bбольше\s+(?:не\s+приду|"
        r"ни\s+ногой|не\s+буду|не\s+закажу|не\s+пойду|к\s+вам)|\bноги\s+моей|\bне\s+(?:советую|"
        r"рекомендую)|\bхуже\s+(?:не|некуда)|\bхудш\w*|\bпозор\w*|\bкошмар\w*|\bужасн\w*|\bужас\b|"
        r"\bотврат\w*|\bбезобраз\w*|\bвозмут\w*|\bразочаров\w*|\bбесит|\bнадоел\w*|\bзадолбал\w*|"
        r"\bсколько\s+можно|\bчто\s+за\s+(?:бардак|фигн\w*|сервис|безобраз\w*)|\bиздева\w*|"
        r"\bзачем\s+(?:вы\s+)?(?:убрали|сделали|поменяли|отменили|подняли|испортили)|"
        r"\bиспортил\w*|\bскучн\w*|\bоднообраз\w*|\bслишком\s+много|\bмного\s+рекламы|"
        r"\bжалоб\w*|\bпретензи\w*|\bнедовол\w*|\bбардак\w*|\bхалтур\w*|\bне\s+понравил\w*|"
        r"\bнеудобн\w*|\bожидал\w*\s+(?:гораздо\s+|намного\s+)?(?:большего|лучшего|другого)|"
        r"\bне\s+оправдал\w*|\bраньше\s+было\s+лучше|\bв\s+стрессе|\bиспортил\w*\s+(?:все|весь|"
        r"настроени\w*|праздник|вечер|отдых)|\bобидно|\bнеприятно|\bстыдно\s+за\s+вас|"
        r"\bверните\s+(?:нормальн|как\s+было|стар|прежн)\w*|\bплачу\s+за\s+что|"
        r"\bне\s+цен(?:ят|ите|ится|ит)\b",
    ),
    (
        "complaint: rhetorical question",
        1.5,
        r"\bэто\s+(?:вообще\s+)?нормально\s*\?|\bэто\s+как\s*\?|\bэто\s+как\s+вообще\b|"
        r"\bкак\s+это\s+(?:вообще\s+)?понимать\b|\bсерьезно\s*\?|\bкак\s+так\b|"
        r"\bкуда\s+смотр\w+|\bпочему\s+(?:мне|нам|вы|у\s+вас|с\s+меня|с\s+нас|до\s+сих\s+пор|"
        r"никто|опять|снова)\b|\bкогда\s+(?:уже|наконец|вернете)\b|\bи\s+это\s+(?:сервис|качество)|"
        r"\b(?:нельзя|сложно|трудно|тяжело)\s+было\b[^.!?]*\?",
    ),
    (
        "complaint: keeps happening",
        1.0,
        r"\b(?:опять|снова|в\s+очередной\s+раз|который\s+раз|постоянно|вечно)\b|"
        r"\b(?:второй|третий|четвертый|пятый|\d+)\s+раз\b|\bтрижды\b|\bкаждый\s+раз\b",
    ),
    (
        "complaint: expectation not met",
        1.0,
        r"\bхотя\s+(?:я|мы|у\s+меня)\b|\bдаже\s+не\s+(?:извинил|предупредил|позвонил|"
        r"объяснил)\w*|\bа\s+(?:потом|теперь|в\s+итоге)\b|\bв\s+итоге\b|"
        r"\b(?:если|хотя|а)\s+(?:же\s+)?(?:на\s+сайте|в\s+(?:описании|объявлении|приложении|"
        r"условиях|договоре))\s+(?:же\s+)?(?:написано|указано|сказано)",
    ),
)

EN_PATTERNS: tuple[tuple, ...] = (
    (
        "complaint: waiting for an order",
        2.5,
        r"\bstill\s+(?:waiting|haven't|hasn't|have\s+not|no|not|nothing)\b|"
        r"\bwhere\s+is\s+my\s+(?:order|package|parcel|refund|money|delivery)|\b(?:been|keep)\s+waiting|"
        r"\bwait(?:ed|ing)\s+(?:for\s+)?(?:over\s+)?(?:\d+|an?|two|three|several|days|weeks|hours)|"
        r"\b(?:days|weeks|hours|months)\s+(?:ago|later|now)\b|\byet\s+to\s+(?:receive|hear|get)|"
        r"\b(?:hasn't|has\s+not|never)\s+(?:arrived|been\s+delivered|came|received|got)|"
        r"\bfor\s+(?:\d+|a\s+few|two|three|four|five|six|several)\s+(?:days|weeks|hours|months)\s+"
        r"now\b|\b(?:it's|it\s+has|has|it\s+had)\s+been\s+(?:\d+|two|three|four|five|several|"
        r"a\s+few)\s+(?:days|weeks|hours|months)\b|\bthat\s+was\s+(?:yesterday|last\s+\w+|"
        r"on\s+\w+day|\w+\s+(?:days|weeks)\s+ago)\b",
        r"can't\s+wait|looking\s+forward",
    ),
    (
        "complaint: no answer",
        2.5,
        r"\b(?:no\s+one|nobody|noone)\s+(?:\w+\s+)?(?:answer|respond|repl|call|told|warned|"
        r"informed|help|came|showed|pick|got\s+back|cares|contacted|fixed)\w*|"
        r"\bno\s+(?:response|reply|answer|callback|call\s+back)|"
        r"\bnot\s+(?:answering|responding|replying)|\bignor\w+|\bnever\s+(?:called|replied|"
        r"responded|answered|got\s+back|showed)|\bdidn't\s+(?:call|reply|respond|answer|show)|"
        r"\bcan't\s+(?:reach|get\s+through)|\bunreachable\b|\brunaround\b|\bjust\s+a\s+bot\b|"
        r"\bis\s+(?:anyone|anybody)\s+(?:actually\s+|even\s+)?(?:reading|there|listening|working)\b|"
        r"\b(?:time|times)\s+i'?m\s+(?:writing|asking|calling)\b|"
        r"\b(?:writing|asking)\s+(?:you\s+)?again\b|"
        r"\banswer\s+me\b|\b(?:send\w*|run\w*|go\w*)\s+(?:me\s+|us\s+)?(?:round\s+|around\s+)?in\s+"
        r"circles\b|\b(?:is\s+there|talk\s+to|speak\s+(?:to|with)|get)\s+an?\s+(?:actual|real|live)\s+"
        r"(?:human|person|agent)\b|"
        r"\b(?:sent|sending|send|bounced|transferred)\s+(?:me|us)\s+(?:back\s+and\s+forth|around|"
        r"from\s+one|to\s+another|elsewhere)",
    ),
    ("complaint: broken promise", 1.5, r"\bpromised\b|\bsupposed\s+to\b|\bwas\s+told\b"),
    (
        "complaint: still not done",
        2.0,
        # "You said restock in March. It's May."
        rf"\b(?:said|promised|told\s+(?:me|us))\b(?:\W+\w+){{0,5}}?\W+{_EN_MONTH}\b(?:\W+\w+){{0,3}}?"
        rf"\W+it'?s\s+(?:already\s+|now\s+)?{_EN_MONTH}\b",
    ),
    (
        "complaint: refund demanded",
        3.0,
        r"\brefund\w*|\bmoney\s+back\b|\bcharge\s?back\b|\bcompensat\w+",
    ),
    (
        "complaint: overcharged",
        2.5,
        r"\bovercharg\w*|\b(?:charged|billed)\s+(?:me\s+)?(?:twice|double|two\s+times|again|extra)|"
        r"\bnever\s+asked\s+for|\bdidn't\s+ask\s+for|"
        r"\bwithout\s+(?:asking|consent|permission|my\s+consent|notice|warning)|\bhidden\s+fees?|"
        r"\bdoubled\b|\bprice\s+(?:hike|went\s+up)|\boverpriced\b|\btoo\s+expensive|"
        r"\bdouble\s+charg\w*|\bwhat\s+(?:am\s+i|are\s+we|did\s+i)\s+pay\w*\s+for\b|"
        r"\b(?:double|twice|triple)\s+(?:the|what)\s+(?:estimate|quote|quoted|price|fare|usual|"
        r"amount)|\bmore\s+than\s+(?:quoted|the\s+(?:estimate|quote))|"
        r"\bthe\s+long\s+way\b|\b(?:charge|payment|it|one|them)\s+reversed\b",
    ),
    ("complaint: deceived", 2.5, r"\bscam\w*|\bfraud\w*|\brip\s?off\b|\bripped\s+off|\blied\b"),
    (
        "complaint: not working",
        2.5,
        r"\bnot\s+working|\b(?:doesn't|don't|didn't|isn't|won't|wouldn't|can't|cannot)\s+(?:even\s+)?"
        r"(?:work|load|open|start|turn|log|get|access|sign|pay|connect|charge|fix|help|cancel)|"
        r"\bstopped\s+working|\b(?:is|are|been|was|went|still)\s+down\b|\bcrash\w*|\bbroken\b|"
        r"\bbroke\b|\bbug(?:s|gy)?\b|\bglitch\w*|\berror\w*|\boutage\w*|\bfail(?:s|ed|ing|ure)?\b|"
        r"\bunusable\b|\bdefective\b|\bfaulty\b|\bmalfunction\w*|\bsame\s+problem|"
        r"\bwon't\s+let\s+me|\b(?:hasn't|haven't|not|isn't)\s+(?:been\s+)?updat\w*|\bplease\s+fix|"
        r"\b(?:wi-?fi|internet|connection|signal|battery|phone|app|router|modem|tv|power|network|"
        r"laptop|charger|engine)\s+(?:\w+\s+)?(?:dies|died|keeps\s+dying|drops|dropped|cuts\s+out)\b|"
        r"\bkeeps\s+(?:disconnect|dropp|dying|freez)\w*|\b(?:card|account|app|screen|"
        r"payment|phone|order)s?\s+(?:is\s+|was\s+|got\s+|been\s+|has\s+been\s+)?(?:frozen|froze|"
        r"blocked|locked|suspended)\b|\blogs?\s+(?:me|us|everyone|you)\s+out\b|"
        r"\bdelet(?:es|ed)\s+(?:my|our|all|saved)\b|\bwiped\s+(?:my|our|all)\b",
    ),
    (
        "complaint: poor quality",
        2.0,
        r"\bexpired\b|\bspoil(?:ed|t)\b|\bstale\b|\brotten\b|\bmou?ldy\b|\bdirty\b|\bfilthy\b|"
        r"\bcold\s+food|\bundercooked\b|\bwrong\s+(?:order|item|size|colou?r|dish)|"
        r"\bnot\s+as\s+described|\bdamaged\b|\b(?:is|are|was|were)\s+missing\b|"
        r"\bmissing\s+(?:item|part|piece|order)s?\b|\bdisgusting\b|\bovercrowded\b|"
        r"\bcrowded\b|\bcramped\b|\btoo\s+(?:many|much|loud|slow|long|small)\b|"
        r"\bsmell\w*\s+(?:bad|awful|terrible|like)|"
        r"\b(?:arrived|came|was|were|served)\s+(?:\w+\s+)?cold\b|\bscratch\w*|\bdent(?:s|ed)?\b|"
        r"\bstain\w*|\btorn\b|\bcracked\b|\bdowngrade\w*|\bworse\s+than\s+(?:before|ever|last)|"
        r"\b(?:got|getting|gotten)\s+worse\b|\bhalf\s+(?:of\s+)?what\s+(?:they|it)\s+(?:was|were|"
        r"used)|\b(?:portions?|servings?)\s+(?:are|is|got|have\s+gotten)\s+(?:tiny|smaller|half)|"
        r"\bshrinkflation\b|\bhair\s+in\s+(?:my|the|our)\b|"
        r"\bordered\s+(?:a|an|the)?\s*\w+,?\s+(?:but\s+)?(?:got|received)\s+(?:a|an|the)\s+\w+",
    ),
    (
        "complaint: rude or careless staff",
        2.5,
        r"\brude\w*|\bunprofessional\b|\bimpolite\b|\byell(?:ed|ing)\b|\bcareless\b|"
        r"\bincompetent\b|\b(?:was|were|is|are|came|arrived|always|again)\s+late\b|"
        r"\bno[-\s]show\b|\bargu(?:ed|ing)\b|\battitude\b|\b(?:hours?|minutes|mins|days?)\s+late\b|"
        r"\bon\s+(?:his|her|their)\s+phone|\brefused\b|\bdeclined\b|\brejected\b|\bdenied\b|"
        r"\bhung\s+up\b",
    ),
    (
        "complaint: cancelled or changed without warning",
        2.5,
        r"\bcancel(?:l?ed|l?ing|s)\b|\brescheduled\b|\bat\s+the\s+last\s+minute|"
        r"\bgave\s+(?:my|our)\s+\w+\s+away|\bkept\s+(?:cancel|chang|postpon|moving)\w*|\b(?:no\s+one|nobody)\s+(?:told|warned|informed)|"
        r"\blost\s+(?:my|our|the)\b",
    ),
    (
        "complaint: unhappy with service",
        2.0,
        r"\bunfollow\w*|\bunsubscrib\w*|\bswitching\s+to\b|\bnever\s+again\b|\bnever\s+coming\s+back|"
        r"\bwon't\s+be\s+back|\bworst\b|\bterrible\b|\bhorrible\b|\bawful\b|\bdisappoint\w*|"
        r"\bridiculous\b|\bunacceptable\b|\bpathetic\b|\bannoy\w*|\bfed\s+up\b|\bsick\s+of\b|"
        r"\btired\s+of\b|\bwaste\s+of\b|\buseless\b|\bcomplain\w*|\bnot\s+happy\b|"
        r"\bdon't\s+recommend|\bnot\s+recommend|\bavoid\b|\bexpected\s+(?:more|better)|"
        r"\bnot\s+worth\b|\bwaste\s+of\s+money|\bfor\s+this\s+price|"
        r"\bnot\s+(?:ok|okay|cool|fine|acceptable|great|good\s+enough)\b|\bfor\s+no\s+reason\b|"
        r"\blost\s+(?:your|their)\s+minds?\b|\bare\s+you\s+(?:kidding|serious|insane)\b",
    ),
    (
        "complaint: rhetorical question",
        1.5,
        r"\bseriously\s*\?|\breally\s*\?|\bhow\s+(?:is\s+this|come)\b|\bwhy\s+(?:is|do|does|did|"
        r"can't|won't|would|are|am)\b|\bis\s+this\s+(?:normal|ok|a\s+joke)",
    ),
    (
        "complaint: keeps happening",
        1.0,
        r"\b(?:again|every\s+(?:single\s+)?time)\b|\bkeeps\s+(?:crash|fail|break|happen|drop|cancel)\w*|"
        r"\b(?:been|it's\s+been)\s+like\s+this\b|"
        r"\b(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+time\b|\ball\s+the\s+time\b|"
        r"\bconstantly\b",
    ),
    (
        "complaint: expectation not met",
        1.0,
        r"\beven\s+though\b|\balthough\s+(?:i|we)\b|\bdespite\b|\binstead\s+of\b",
    ),
)


@dataclass(frozen=True, slots=True)
class Complaint:
    reason: str
    weight: float


_Compiled = tuple[Complaint, re.Pattern[str], re.Pattern[str] | None]


def _compile(patterns: tuple[tuple, ...]) -> tuple[_Compiled, ...]:
    return tuple(
        (Complaint(p[0], p[1]), re.compile(p[2]), re.compile(p[3]) if len(p) > 3 else None)
        for p in patterns
    )


_BY_LANGUAGE = {"ru": _compile(RU_PATTERNS), "en": _compile(EN_PATTERNS)}


# Most comments name no complaint and the rest only a few: one scan finds which patterns match.
_SCANS = {
    lang: PatternSet([rx for _, rx, _ in compiled]) for lang, compiled in _BY_LANGUAGE.items()
}


def find_complaints(normalized: str, model_language: str) -> list[Complaint]:
    """Complaint situations named in the text, strongest first."""
    matching = _SCANS[model_language].matching(normalized)
    if not matching:
        return []
    compiled = _BY_LANGUAGE[model_language]
    found = [
        complaint
        for complaint, _, unless in (compiled[i] for i in matching)
        if not (unless and unless.search(normalized))
    ]
    return sorted(found, key=lambda c: -c.weight)
