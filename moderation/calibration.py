"""Temperature scaling and the negative-logit shift, fitted on held-out training rows.

The shift is chosen for the whole classifier: the rules' nudges (complaints, emoticons,
toxicity) are added before the flagging point is judged, so the rules and the model do not
both push the same texts over it.
"""

from __future__ import annotations

import numpy as np

from moderation.model import SentimentModel
from moderation.optimizer import scores

# Assumed share of negative comments in a community's stream (an assumption, not measured on
# any evaluation file): the flagging point is chosen for this mix, not the corpora's 25%.
DEPLOYMENT_NEGATIVE_SHARE = 0.12


def _held_scores(
    model: SentimentModel, starts: np.ndarray, columns: np.ndarray, rows: np.ndarray
) -> np.ndarray:
    out = np.empty((len(rows), 3), dtype=np.float64)
    for i, row in enumerate(rows):
        cols = columns[starts[row] : starts[row + 1]]
        out[i] = model.weights[cols].sum(axis=0) / np.sqrt(len(cols)) + model.bias
    return out


def _calibrated(
    raw: np.ndarray,
    temperature: float,
    shift: float,
    nudges: np.ndarray | None = None,
    capped: np.ndarray | None = None,
) -> np.ndarray:
    logits = raw / temperature
    logits[:, 0] += shift
    if nudges is not None:
        logits += nudges
    if capped is not None:
        logits[capped, 2] = np.minimum(logits[capped, 2], logits[capped, 1])
    logits -= logits.max(axis=1, keepdims=True)
    probs = np.exp(logits)
    return probs / probs.sum(axis=1, keepdims=True)


def _f1(
    probs: np.ndarray, targets: np.ndarray, negative_share: float | None = None
) -> tuple[float, float, float]:
    """Negative-class P/R/F1 at 0.5; with ``negative_share`` rows are reweighted so negatives
    make up that share (the emotion corpora are ~25% negative, comment streams far fewer)."""
    predicted = probs[:, 0] >= 0.5
    actual = targets == 0
    weight = np.ones(len(targets))
    if negative_share is not None and actual.any() and (~actual).any():
        weight[actual] = negative_share / actual.mean()
        weight[~actual] = (1 - negative_share) / (~actual).mean()
    hits = float(weight[predicted & actual].sum())
    precision = hits / max(float(weight[predicted].sum()), 1e-9)
    recall = hits / max(float(weight[actual].sum()), 1e-9)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


def calibrate(
    model: SentimentModel,
    starts: np.ndarray,
    columns: np.ndarray,
    targets: np.ndarray,
    held: np.ndarray,
    ru_held: np.ndarray,
    nudges: np.ndarray | None = None,
    capped: np.ndarray | None = None,
    groups: np.ndarray | None = None,
) -> tuple[float, float]:
    """Set and return (temperature, negative_shift): NLL-optimal temperature on all held rows
    (the model alone), then the shift giving the best negative F1 at 0.5 on the Russian held
    rows with the rules' ``nudges`` (rows x labels, aligned with ``ru_held``; ``capped``: rows
    whose positive logit is capped at the neutral one) added. With ``groups`` (each Russian
    held row's corpus) the F1 is averaged over corpora, so the corpus whose negatives are easiest
    (CEDR's tweets) does not set the flagging point for the rest."""
    raw = _held_scores(model, starts, columns, held)
    truth = targets[held]
    best_t, best_nll = 1.0, np.inf
    for temperature in np.arange(0.3, 3.01, 0.05):
        probs = _calibrated(raw, float(temperature), 0.0)
        nll = -np.log(probs[np.arange(len(truth)), truth] + 1e-12).mean()
        if nll < best_nll:
            best_t, best_nll = round(float(temperature), 2), nll
    # Tiny or English-only data has no Russian held rows: fall back to all held rows.
    ru_position = np.searchsorted(held, ru_held) if len(ru_held) else np.arange(len(held))
    if nudges is not None and len(nudges) != len(ru_position):
        nudges = capped = groups = None  # no Russian rows: the fallback rows have no nudges
    ru_truth = truth[ru_position]
    parts = [np.ones(len(ru_position), dtype=bool)]
    if groups is not None and len(groups) == len(ru_position):
        parts = [groups == g for g in np.unique(groups)]
        parts = [m for m in parts if (ru_truth[m] == 0).any() and (ru_truth[m] != 0).any()]
        parts = parts or [np.ones(len(ru_position), dtype=bool)]
    best_shift, best_f1 = 0.0, -1.0
    for shift in np.arange(-3.0, 1.51, 0.05):
        probs = _calibrated(raw[ru_position], best_t, float(shift), nudges, capped)
        f1 = float(
            np.mean([_f1(probs[m], ru_truth[m], DEPLOYMENT_NEGATIVE_SHARE)[2] for m in parts])
        )
        if f1 > best_f1 + 1e-9:
            best_shift, best_f1 = round(float(shift), 2), f1
    model.temperature, model.negative_shift = best_t, best_shift
    return best_t, best_shift


def negative_prf(
    model: SentimentModel,
    starts: np.ndarray,
    columns: np.ndarray,
    targets: np.ndarray,
    rows: np.ndarray,
    nudges: np.ndarray | None = None,
    capped: np.ndarray | None = None,
) -> dict[str, float]:
    """Negative P/R/F1 at 0.5 on ``rows`` (at their own class mix), optionally with nudges."""
    raw = _held_scores(model, starts, columns, rows)
    probs = _calibrated(raw, model.temperature, model.negative_shift, nudges, capped)
    p, r, f = _f1(probs, targets[rows])
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


__all__ = ["calibrate", "negative_prf", "scores"]
