"""A process's peak resident memory, read from /proc (Linux)."""

from __future__ import annotations

from pathlib import Path


def peak_rss_mb(pid: int) -> float:
    """``VmHWM``: the peak of the process's own memory. ``getrusage``'s ``ru_maxrss`` is not that: Linux
    carries it over from the parent a process was forked from."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")
