"""Index the recorded issuances by the projector position that recorded them (performance only; no data
changes).

After every new recording the API extends its catalogue of issuances with those recorded since the
position it last saw (``feeds.recorded_since``: ``WHERE position > ?``). Without an index that read went
through every issuance: 12–25 ms of the first answer after a recording on an S100 store (30,800
issuances), growing with history; with it, the few new rows are found by key. The rollback drops it.
"""

from __future__ import annotations

from yoyo import step

__depends__ = {"0008_change_points"}

steps = [
    step(
        "CREATE INDEX rm_issuance_position ON rm_issuance (position)",
        "DROP INDEX rm_issuance_position",
    ),
]
