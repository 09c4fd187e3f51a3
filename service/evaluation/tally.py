"""Counting for the eval: hits over totals per figure, times, and the misses the report lists."""

from __future__ import annotations

from typing import Any

from service.evaluation.scoring import ratio


class Tally:
    def __init__(self) -> None:
        self.cells: dict[str, list[int]] = {}
        self.times: dict[str, list[float]] = {}
        self.failures: list[dict[str, Any]] = []

    def add(self, key: str, hit: bool) -> None:
        self.merge(key, (int(hit), 1))

    def merge(self, key: str, pair: tuple[int, int]) -> None:
        cell = self.cells.setdefault(key, [0, 0])
        cell[0] += pair[0]
        cell[1] += pair[1]

    def time(self, key: str, seconds: float) -> None:
        self.times.setdefault(key, []).append(seconds)

    def ratio(self, key: str) -> float | None:
        return ratio(*self.cells.get(key, [0, 0]))

    def total(self, key: str) -> int:
        return self.cells.get(key, [0, 0])[1]

    def mean_time(self, key: str) -> float | None:
        times = self.times.get(key, [])
        return round(sum(times) / len(times), 2) if times else None
