from __future__ import annotations

from datetime import date

import pytest

from events.issuance import issuance_id, normalise_symbol
from events.values import DatePrecision, PartialDate


@pytest.mark.parametrize(
    ("text", "precision", "earliest"),
    [
        ("2008-12", DatePrecision.MONTH, date(2008, 12, 1)),
        ("2010-03-04", DatePrecision.DAY, date(2010, 3, 4)),
        ("2007", DatePrecision.YEAR, date(2007, 1, 1)),
    ],
)
def test_partial_dates_keep_their_precision(text: str, precision: DatePrecision, earliest: date) -> None:
    parsed = PartialDate.parse(text)
    assert (parsed.precision, parsed.earliest(), parsed.isoformat()) == (precision, earliest, text)


@pytest.mark.parametrize("text", ["2008-13", "2008-02-30", "March 2008", ""])
def test_bad_partial_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is the calendar's own
        PartialDate.parse(text)


def test_one_stream_per_symbol_however_it_is_spaced() -> None:
    assert normalise_symbol(" A/72/6  (Sect. 29E) ") == "A/72/6 (Sect. 29E)"
    assert issuance_id("st/sgb/2010/2") == issuance_id("ST/SGB/2010/2")
