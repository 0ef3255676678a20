"""NB-LR training: informative features get larger scales and the fit separates toy classes."""

from __future__ import annotations

import numpy as np

from moderation.optimizer import NB_FLOOR, fit_softmax_regression, nb_scales


def _toy() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    # Feature 0 only in negatives, feature 1 only in positives, feature 2 everywhere.
    rows = [[0, 2], [0, 2], [2], [2], [1, 2], [1, 2]]
    starts = np.cumsum([0] + [len(r) for r in rows]).astype(np.int64)
    columns = np.asarray([c for r in rows for c in r], dtype=np.int64)
    values = np.ones(len(columns), dtype=np.float32)
    targets = np.asarray([0, 0, 1, 1, 2, 2], dtype=np.int64)
    return starts, columns, values, targets


def test_nb_scales_favour_class_specific_features() -> None:
    starts, columns, _, targets = _toy()
    scale = nb_scales(starts, columns, targets, np.ones(6, dtype=np.float32), 8)
    assert scale[0, 0] > scale[2, 0]  # the negative-only feature beats the everywhere one
    assert scale[1, 2] > scale[2, 2]
    assert scale.min() > 0 and np.isclose(scale[:3].mean(), 1.0)
    assert NB_FLOOR > 0


def test_held_out_rows_do_not_shape_the_scales() -> None:
    starts, columns, _, targets = _toy()
    weights = np.asarray([1, 1, 1, 1, 1, 0], dtype=np.float32)
    with_all = nb_scales(starts, columns, targets, np.ones(6, dtype=np.float32), 8)
    assert not np.allclose(nb_scales(starts, columns, targets, weights, 8), with_all)


def test_fit_separates_and_is_deterministic() -> None:
    starts, columns, values, targets = _toy()
    weights = np.ones(6, dtype=np.float32)
    first = fit_softmax_regression(starts, columns, values, targets, weights, 8, steps=60)
    second = fit_softmax_regression(starts, columns, values, targets, weights, 8, steps=60)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])
    table, bias = first
    assert np.argmax(table[0] + table[2] + bias) == 0
    assert np.argmax(table[1] + table[2] + bias) == 2
