"""The precision the embedder picks follows the CPU's flags, and NEWSDESK_CPU_WITHOUT masks flags."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index import cpu


@pytest.fixture(autouse=True)
def fresh_flags() -> Iterator[None]:
    cpu.cpu_flags.cache_clear()
    yield
    cpu.cpu_flags.cache_clear()


def test_native_precision_by_flags() -> None:
    assert cpu.native_precision(frozenset({"avx512f", "avx512_vnni", "avx512_bf16"})) == "bf16"
    assert cpu.native_precision(frozenset({"amx_bf16"})) == "bf16"
    assert cpu.native_precision(frozenset({"avx512f", "avx512_vnni"})) == "int8"
    assert cpu.native_precision(frozenset({"avx2", "avx_vnni"})) == "int8"
    assert cpu.native_precision(frozenset({"avx2"})) == "f32"


def test_masked_flags_are_read_as_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_CPU_WITHOUT", "avx512_bf16, amx_bf16")
    flags = cpu.cpu_flags()
    assert not flags & {"avx512_bf16", "amx_bf16"}
    assert not cpu.has_native_bf16()
    assert cpu.features()["avx512_bf16"] is False
    assert cpu.native_precision() in {"int8", "f32"}


def test_unmasked_flags_are_the_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDESK_CPU_WITHOUT", raising=False)
    with open("/proc/cpuinfo") as f:
        line = next(ln for ln in f if ln.startswith("flags"))
    assert cpu.cpu_flags() == frozenset(line.partition(":")[2].split())
