"""What the simulated audience writes: a realistic mix of Russian and English comments.

Written for the demo (not taken from any data set). Negative ones are the kind a community
manager must answer fast; the rest is the everyday noise around them.
"""

from __future__ import annotations

NEGATIVE = (
    "Третий день жду ответа в личке, никто не отвечает",
    "Заказ так и не привезли, верните деньги",
    "Кофе был холодный, а бариста нахамил. Больше не приду",
    "Списали деньги дважды, поддержка молчит!!!",
    "Отменили запись за час до визита, очень неприятно (((",
    "Уже неделю не могу дозвониться, это ужасный сервис",
    "I have been waiting two weeks for my refund, nobody answers",
    "The delivery was late again and the food was cold 😡",
    "Your app charged me twice and support ignores me",
)
NEUTRAL = (
    "Во сколько вы открываетесь в субботу?",
    "Сколько стоит доставка до Химок?",
    "А есть безлактозное молоко?",
    "Подскажите, какие у вас цены на капучино?",
    "Можно ли забронировать столик на вечер пятницы?",
    "What are your opening hours on Sunday?",
    "Do you deliver to the city centre?",
    "Всем привет! Давно читаю канал",
)
POSITIVE = (
    "Спасибо, всё очень вкусно! Приду ещё)))",
    "Лучший раф в городе, обожаю вас ❤️",
    "Курьер приехал быстро, всё горячее, спасибо!",
    "Отличная новость, ждём открытия 👍",
    "Great coffee and friendly staff, thank you!",
    "Love the new menu 😍",
)
# Real people rarely write the very same words: each comment gets an opening and an ending, so
# the spam guard's "same text from many authors" rule sees a normal audience.
OPENINGS = {
    "ru": ("", "", "Добрый день! ", "Коллеги, ", "Эх. ", "Так, ", "Честно говоря, "),
    "en": ("", "", "Hi! ", "Hello, ", "Honestly, ", "Guys, "),
}
ENDINGS = {
    "ru": ("", "", " 🙏", " Спасибо.", "!", " P.S. читаю вас давно", " Ответьте, пожалуйста"),
    "en": ("", "", " 🙏", " Thanks.", "!", " :)", " Please reply"),
}

MANAGER_ANSWERS = (
    "Извините, пожалуйста! Уже разбираемся, менеджер напишет вам в течение часа.",
    "Нам очень жаль. Вернём деньги сегодня, напишите номер заказа в личные сообщения.",
    "Sorry about that! We are on it and will get back to you within the hour.",
)
POSTS = (
    "Открываем новую кофейню на Тверской! Ждём всех в субботу ☕",
    "Новое сезонное меню: тыквенный латте и пироги с вишней 🍂",
)
