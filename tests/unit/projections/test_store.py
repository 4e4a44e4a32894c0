"""How many rows each SQLite statement carries: full statements, then the rest in one, or, in a writer
process, in halves down to a few, so that the statements' texts come again."""

from __future__ import annotations

import pytest

from service.projections.store import ROWS_PER_STATEMENT as FULL
from service.projections.store import _statements


@pytest.mark.parametrize(
    ("count", "halving", "sizes"),
    [
        (0, False, []),
        (5, False, [5]),
        (FULL, False, [FULL]),
        (2 * FULL + 1500, False, [FULL, FULL, 1500]),
        (0, True, []),
        (63, True, [63]),
        (64, True, [64]),
        (FULL + 1500, True, [FULL, 1024, 256, 128, 64, 28]),
        (FULL - 1, True, [1024, 512, 256, 128, 64, 63]),
    ],
)
def test_rows_per_statement(count: int, halving: bool, sizes: list[int]) -> None:
    statements = list(_statements(count, halving))

    assert [size for size, _ in statements] == sizes
    assert [start for _, start in statements] == [sum(sizes[:i]) for i in range(len(sizes))]
