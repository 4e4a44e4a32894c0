import os
import subprocess
import sys
from pathlib import Path

from benchmarks.rss import peak_rss_mb

PARENT_MB = 300
REPOSITORY = Path(__file__).parents[3]


def test_a_child_reports_its_own_peak_not_the_one_of_the_process_it_was_forked_from() -> None:
    held = bytearray(PARENT_MB * 1024 * 1024)
    held[::4096] = b"\x01" * len(held[::4096])  # touched, so resident
    assert peak_rss_mb(os.getpid()) > PARENT_MB
    child = "import os; from benchmarks.rss import peak_rss_mb; print(peak_rss_mb(os.getpid()))"
    printed = subprocess.run(
        [sys.executable, "-c", child], check=True, capture_output=True, text=True, cwd=REPOSITORY
    ).stdout
    assert 0 < float(printed) < PARENT_MB / 3
