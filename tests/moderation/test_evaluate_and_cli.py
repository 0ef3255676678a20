"""evaluate() JSON shape, `otklik eval` and `otklik train` on tiny synthetic CSVs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from bot.cli import main
from handlers.verdict import Verdict
from moderation import train as train_module
from moderation.evaluate import evaluate
from moderation.model import SentimentModel


class KeywordClassifier:
    """Negative when 'плохо'/'bad' appears, toxic on 'дурак': enough to check the arithmetic."""

    def classify(self, text: str) -> Verdict:
        negative = "плохо" in text or "bad" in text
        label = "negative" if negative else "positive" if "!" in text else "neutral"
        return Verdict(label, 1.0, "ru", 1.0 if negative else 0.0, toxic="дурак" in text)


def _write_csv(path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_evaluate_shape_and_numbers() -> None:
    rows = [
        {"text": "плохо", "label": "negative"},
        {"text": "очень плохо", "label": "neutral"},
        {"text": "ура!", "label": "positive"},
        {"text": "bad", "label": "negative", "lang": "en"},
        {"text": "what time?", "label": "neutral"},
    ]
    report = evaluate(rows, KeywordClassifier())
    assert set(report) == {"overall", "ru", "en"}
    for scope in report.values():
        assert {"negative", "neutral", "positive", "macro_f1", "n"} <= set(scope)
        assert {"precision", "recall", "f1"} <= set(scope["negative"])
    assert report["overall"]["n"] == 5
    assert report["ru"]["n"] == 3 and report["en"]["n"] == 2
    assert report["ru"]["negative"]["precision"] == 0.5
    assert report["ru"]["negative"]["recall"] == 1.0
    assert report["en"]["negative"]["f1"] == 1.0


def test_evaluate_counts_the_flag_apart_from_the_label() -> None:
    # The flag adds toxicity and spam to the label: a toxic negative the label missed is caught,
    # a toxic neutral comment is one card too many.
    rows = [
        {"text": "плохо", "label": "negative"},
        {"text": "сам дурак, сколько ждать", "label": "negative"},
        {"text": "ну ты дурак, смешно же", "label": "neutral"},
        {"text": "когда открытие?", "label": "neutral"},
        {"text": "опять задержка", "label": "negative"},
    ]
    report = evaluate(rows, KeywordClassifier())
    assert report["ru"]["negative"]["recall"] == pytest.approx(1 / 3, abs=1e-4)
    flag = report["ru"]["flag"]
    assert (flag["caught"], flag["negatives"], flag["flagged"]) == (2, 3, 3)
    assert flag["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert flag["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["en"]["flag"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "caught": 0,
        "negatives": 0,
        "flagged": 0,
    }


def test_cli_eval_json_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_csv(
        tmp_path / "eval.csv",
        [
            ("Верните деньги, третий день жду", "negative", "ru"),
            ("Спасибо, всё отлично!", "positive", "ru"),
            ("Do you deliver on Sundays?", "neutral", "en"),
        ],
        ("text", "label", "lang"),
    )
    assert main(["eval", str(data), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["overall"]["n"] == 3
    assert report["ru"]["negative"]["recall"] == 1.0
    assert main(["eval", str(data)]) == 0
    table = capsys.readouterr().out
    assert "macro-F1" in table and "negative" in table
    assert "1 of 1 negatives caught, 1 flagged" in table
    assert report["ru"]["flag"]["caught"] == 1


def test_cli_eval_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write_csv(tmp_path / "bad.csv", [("x", "angry")], ("text", "label"))
    assert main(["eval", str(bad)]) == 2
    assert "angry" in capsys.readouterr().err
    assert main(["eval", str(tmp_path / "missing.csv")]) == 2


@pytest.fixture
def tiny_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A synthetic data dir, and a 3-step optimiser so the test takes a second or two."""
    real_fit = train_module.fit_softmax_regression
    monkeypatch.setattr(
        train_module, "fit_softmax_regression", lambda *a, **k: real_fit(*a, steps=3)
    )
    rows = []
    for i in range(30):
        rows += [
            (f"ужасно плохо {i}", "negative"),
            (f"какое время {i}", "neutral"),
            (f"great thanks {i}", "positive"),
            (f"terrible {i}", "negative"),
        ]
    (tmp_path / "data" / "train").mkdir(parents=True)
    _write_csv(tmp_path / "data" / "train" / "tiny.csv", rows, ("text", "label"))
    return tmp_path / "data"


def test_train_is_deterministic_and_takes_feedback(tiny_data: Path, tmp_path: Path) -> None:
    first = train_module.train(tiny_data, tmp_path / "a" / "m.json")
    train_module.train(tiny_data, tmp_path / "b" / "m.json")
    assert first["rows"] > 120
    for name in ("m.json", "m.npy.gz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    with_feedback = train_module.train(
        tiny_data, tmp_path / "c" / "m.json", feedback=[("норм всё", "neutral")]
    )
    assert with_feedback["rows"] == first["rows"] + 1
    meta_a = SentimentModel.load(tmp_path / "a" / "m.json").meta
    meta_c = SentimentModel.load(tmp_path / "c" / "m.json").meta
    assert meta_a["inputs_sha256"] != meta_c["inputs_sha256"]
    with pytest.raises(ValueError):
        train_module.train(tiny_data, tmp_path / "d" / "m.json", feedback=[("x", "meh")])


def test_cli_train(tiny_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feedback = _write_csv(tmp_path / "fb.csv", [("не негатив", "neutral")], ("text", "label"))
    out = tmp_path / "cli" / "m.json"
    code = main(
        ["train", "--data", str(tiny_data), "--out", str(out), "--with-feedback", str(feedback)]
    )
    assert code == 0
    metrics = json.loads(capsys.readouterr().out)
    assert "held_out_negative_ru" in metrics
    assert out.exists() and out.with_name("m.npy.gz").exists()
    assert main(["train", "--data", str(tmp_path / "nowhere"), "--out", str(out)]) == 2
