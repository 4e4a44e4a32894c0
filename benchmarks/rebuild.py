"""One rebuild, timed in a process of its own as `sgb rebuild` runs: prints its seconds, its peak RSS, its
writer process's, both processes' CPU seconds, what the projector's memory did (units read from the tables,
read again, forgetting their past), and the interpreter (JSON).

    python -m benchmarks.rebuild URL

The benchmark runs this in a child process rather than rebuilding in the process that has just ingested: a
user rebuilds with `sgb rebuild`, in a new process, and what the ingest left in the benchmark's heap is no
part of that (it made an S10 rebuild up to a tenth slower).

Its own peak RSS is read from /proc (``VmHWM``), not from ``getrusage``: Linux carries a process's
``ru_maxrss`` over from the parent it was forked from, so a rebuild started by the benchmark after an S100
ingest reported the benchmark's 2.4 GB rather than its own 1.6–1.8 GB. Its writer's figure is
``getrusage``'s for children: the larger of the writer's own peak and this process's RSS when it started
the writer, at the start of the rebuild.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from dataclasses import asdict

from benchmarks import yardstick
from benchmarks.rss import peak_rss_mb
from service.bootstrap import open_sgb
from service.settings import StoreSettings


def main() -> None:
    sgb = open_sgb(StoreSettings.from_url(sys.argv[1]), catch_up=False)
    try:
        started = time.perf_counter()
        sgb.projector.rebuild()
        seconds = time.perf_counter() - started
    finally:
        sgb.close()
    own, writer = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(os.getpid()),
        "writer_peak_rss_mb": writer.ru_maxrss / 1024,  # the writer process
        "cpu_s": own.ru_utime + own.ru_stime,
        "writer_cpu_s": writer.ru_utime + writer.ru_stime,
        "memory": asdict(sgb.projector.memory_counts),
        "python": yardstick.interpreter(),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
