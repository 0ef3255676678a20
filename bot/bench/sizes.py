"""How big and how often: the full run (`make bench`, < 10 minutes on 2 cores) and --quick."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Sizes:
    runs: int = 3
    intake_n: int = 10_000
    vk_n: int = 3_000
    latency_rate: float = 500.0
    latency_s: float = 8.0
    latency_warmup_s: float = 1.0
    classifier_n: int = 5_000
    classifier_runs: int = 5
    digest_small: int = 100_000
    digest_large: int = 1_000_000
    digest_runs: int = 5
    memory_n: int = 100_000
    quick: bool = False


FULL = Sizes()
QUICK = Sizes(
    runs=1,
    intake_n=300,
    vk_n=200,
    latency_s=1.5,
    latency_warmup_s=0.3,
    classifier_n=300,
    classifier_runs=1,
    digest_small=1_000,
    digest_large=10_000,
    digest_runs=1,
    memory_n=500,
    quick=True,
)


def choose(quick: bool, runs: int | None) -> Sizes:
    sizes = QUICK if quick else FULL
    if runs is not None:
        if runs < 1:
            raise ValueError("--runs must be at least 1")
        sizes = replace(sizes, runs=runs, classifier_runs=runs, digest_runs=runs)
    return sizes
