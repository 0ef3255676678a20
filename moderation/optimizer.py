"""Weighted multinomial logistic regression on CSR data with full-batch Adam (numpy only).

Full batch keeps training bit-for-bit deterministic; ~200 passes over ~120k rows take under a
minute on one core.
"""

from __future__ import annotations

import numpy as np

L2 = 2e-6
STEPS = 200
LEARNING_RATE = 0.08


def scores(
    weights: np.ndarray,
    bias: np.ndarray,
    starts: np.ndarray,
    columns: np.ndarray,
    values: np.ndarray,
) -> np.ndarray:
    """Row-wise sum of feature weights (rows x classes)."""
    contributions = weights[columns] * values[:, None]
    return np.add.reduceat(contributions, starts[:-1], axis=0) + bias


def fit_softmax_regression(
    starts: np.ndarray,
    columns: np.ndarray,
    values: np.ndarray,
    targets: np.ndarray,
    sample_weights: np.ndarray,
    dimension: int,
    steps: int = STEPS,
) -> tuple[np.ndarray, np.ndarray]:
    classes = 3
    weights = np.zeros((dimension, classes), dtype=np.float32)
    bias = np.zeros(classes, dtype=np.float32)
    onehot = np.eye(classes, dtype=np.float32)[targets]
    row_of = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    norm = np.float32(1.0 / max(float(sample_weights.sum()), 1e-9))
    m_w = np.zeros_like(weights)
    v_w = np.zeros_like(weights)
    m_b = np.zeros_like(bias)
    v_b = np.zeros_like(bias)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        logits = scores(weights, bias, starts, columns, values)
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        residual = (probs - onehot) * (sample_weights * norm)[:, None]
        per_entry = residual[row_of] * values[:, None]
        grad_w = np.stack(
            [
                np.bincount(columns, weights=per_entry[:, k], minlength=dimension)
                for k in range(classes)
            ],
            axis=1,
        ).astype(np.float32)
        grad_w += L2 * weights
        grad_b = residual.sum(axis=0)
        lr = LEARNING_RATE * np.sqrt(1 - beta2**step) / (1 - beta1**step)
        m_w = beta1 * m_w + (1 - beta1) * grad_w
        v_w = beta2 * v_w + (1 - beta2) * grad_w * grad_w
        weights -= lr * m_w / (np.sqrt(v_w) + eps)
        m_b = beta1 * m_b + (1 - beta1) * grad_b
        v_b = beta2 * v_b + (1 - beta2) * grad_b * grad_b
        bias -= lr * m_b / (np.sqrt(v_b) + eps)
    return weights, bias
