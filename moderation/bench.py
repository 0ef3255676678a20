"""Classifier throughput, one text at a time: `python -m moderation.bench`."""

from __future__ import annotations

import json
import statistics
import time

_SAMPLES = (
    "Третий день жду ответа от поддержки, никто не отвечает",
    "Спасибо большое, всё очень понравилось!)))",
    "Подскажите, до скольки вы работаете в субботу?",
    "Верните деньги за отменённый заказ",
    "Интернет опять отвалился((( сколько можно",
    "Отличный мастер, рекомендую всем 👍",
    "А доставка в Подольск есть?",
    "Не плохо, но могло быть лучше",
    "Still waiting for my refund, nobody answers",
    "Great service, thank you so much!",
    "Do you deliver on Sundays?",
    "The app keeps crashing 😡",
    "Пишите в личку, заработок от 5000 в день t.me/+abc",
    "Курьер опоздал на два часа и нагрубил",
    "Зал чистый, тренеры внимательные",
    "Когда будет новая коллекция?",
)


def _summary(values: list[float]) -> dict[str, float | int]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": len(values),
    }


def bench_classifier(n: int = 5000, runs: int = 5) -> dict[str, dict[str, float | int]]:
    """Texts/s classifying ``n`` mixed ru/en comments one by one, and model load seconds."""
    from moderation.classifier import ModerationClassifier
    from moderation.model import DEFAULT_MODEL_PATH, SentimentModel

    load_times, rates = [], []
    model = None
    for _ in range(runs):
        started = time.perf_counter()
        model = SentimentModel.load(DEFAULT_MODEL_PATH)
        load_times.append(time.perf_counter() - started)
    classifier = ModerationClassifier(model)
    # Vary each text a little so the per-word caches see a realistic, not perfect, hit rate.
    texts = [f"{_SAMPLES[i % len(_SAMPLES)]} {i % 97}" for i in range(n)]
    for text in _SAMPLES:
        classifier.classify(text)  # warm-up: pymorphy dictionaries, regex compilation
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            classifier.classify(text)
        rates.append(n / (time.perf_counter() - started))
    return {"classifier_per_s": _summary(rates), "classifier_load_s": _summary(load_times)}


if __name__ == "__main__":
    print(json.dumps(bench_classifier(), indent=2))
