"""Shipped model: loads fast, is shared, deterministic, carries provenance metadata."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from moderation.analysis import analyze
from moderation.model import (
    DEFAULT_MODEL_PATH,
    ModelFileError,
    SentimentModel,
    load_default_model,
)
from moderation.train import inputs_hash


def test_default_model_is_loaded_once() -> None:
    assert load_default_model() is load_default_model()


def test_model_is_small() -> None:
    # Its load time is a benchmark figure (`otklik bench`), not a timed test.
    SentimentModel.load(DEFAULT_MODEL_PATH)
    weights = DEFAULT_MODEL_PATH.with_name("sentiment.npy.gz")
    assert weights.stat().st_size < 5_000_000


DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "sentiment"


def test_shipped_model_was_trained_by_this_code_from_this_data() -> None:
    """A rule, feature or training change without `otklik train` fails here."""
    if not DATA.is_dir():
        # CI always has ../shared: there a missing data folder fails the run, not skips.
        assert not os.environ.get("CI"), f"training data missing at {DATA}"
        pytest.skip(f"training data not at {DATA}")
    meta = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    assert meta["inputs_sha256"] == inputs_hash(DATA), "retrain: `otklik train`"


def test_metadata_records_training_provenance() -> None:
    meta = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    assert len(meta["inputs_sha256"]) == 64
    assert meta["format"] == SentimentModel.FORMAT
    assert meta["training_files"]
    assert meta["temperature"] > 0


def test_predictions_are_deterministic() -> None:
    model = load_default_model()
    indices = analyze("Третий день жду ответа").indices
    assert model.logits(indices) == model.logits(indices)
    assert analyze("Третий день жду ответа").indices == indices


def test_save_and_load_round_trip(tmp_path) -> None:
    model = load_default_model()
    path = tmp_path / "m.json"
    model.save(path)
    again = SentimentModel.load(path)
    indices = analyze("всё отлично, спасибо").indices
    assert again.logits(indices) == pytest.approx(model.logits(indices), abs=1e-6)


def test_broken_model_file_is_a_clear_error(tmp_path) -> None:
    (tmp_path / "m.json").write_text("{not json")
    with pytest.raises(ModelFileError):
        SentimentModel.load(tmp_path / "m.json")
    with pytest.raises(ModelFileError):
        SentimentModel.load(tmp_path / "missing.json")


def test_bench_shape() -> None:
    from moderation.bench import bench_classifier

    result = bench_classifier(n=40, runs=2)
    assert set(result) == {"classifier_per_s", "classifier_load_s"}
    for part in result.values():
        assert part["runs"] == 2
        assert part["min"] <= part["median"] <= part["max"]
