"""What the CPU runs natively, and so which precision the embedder runs at.

Why: the same MiniLM runs at very different speeds by precision, and what is fast depends on the
CPU. bf16 is fast only where the CPU has bf16 instructions (AVX-512 BF16 or AMX); emulated, it is
slower than f32. int8 is fast where the CPU has VNNI dot products (AVX-512 VNNI, AVX-VNNI, AMX INT8).
So `auto` (the default) picks bf16 on a BF16 CPU, int8 on a VNNI CPU without BF16, f32 elsewhere.
The flags are read from /proc/cpuinfo (Linux), the same list `lscpu` prints, and every benchmark
prints them next to its figures.

`NEWSDESK_CPU_WITHOUT=avx512_bf16,amx_bf16` reads the CPU as lacking those flags, so one machine can
rehearse another's path: the precision picked, and the float left over in an int8 graph. It cannot
take instructions away from code compiled for this CPU (llama.cpp builds with -march=native)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

# The flags that decide a fast path, as /proc/cpuinfo names them.
WATCHED = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_bf16", "amx_int8")


@cache
def cpu_flags() -> frozenset[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return frozenset()
    line = next((ln for ln in text.splitlines() if ln.startswith("flags")), "")
    masked = {f.strip() for f in os.environ.get("NEWSDESK_CPU_WITHOUT", "").split(",")}
    return frozenset(line.partition(":")[2].split()) - masked


def features() -> dict[str, bool]:
    """The watched flags and whether this CPU has each (as read, after NEWSDESK_CPU_WITHOUT)."""
    flags = cpu_flags()
    return {flag: flag in flags for flag in WATCHED}


def has_native_bf16(flags: frozenset[str] | None = None) -> bool:
    flags = cpu_flags() if flags is None else flags
    return bool(flags & {"avx512_bf16", "amx_bf16"})


def native_float(flags: frozenset[str] | None = None) -> str:
    """ "bf16" or "f32": the float precision this CPU runs natively (what an int8 graph's remaining
    float ops run at)."""
    return "bf16" if has_native_bf16(flags) else "f32"


def native_precision(flags: frozenset[str] | None = None) -> str:
    """ "bf16", "int8" or "f32": the fastest precision this CPU runs natively."""
    flags = cpu_flags() if flags is None else flags
    if has_native_bf16(flags):
        return "bf16"
    if flags & {"avx512_vnni", "avx_vnni", "amx_int8"}:
        return "int8"
    return "f32"
