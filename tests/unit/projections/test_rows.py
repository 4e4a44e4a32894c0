"""A document known only by citation takes the first title and the first date its citations give, in
recording order, each from whichever citation gives one first."""

from __future__ import annotations

import orjson
import pytest

from service.projections.rows import cited_view


def _citation(title: str | None = None, on: str | None = None) -> str:
    return orjson.dumps({"cited_title": title, "cited_on": on}).decode()


@pytest.mark.parametrize(
    ("citations", "title", "cited_on"),
    [
        (
            [_citation("Organization of the Secretariat", "1997-09-12")],
            "Organization of the Secretariat",
            "1997-09-12",
        ),
        ([_citation(), _citation("Later title"), _citation(None, "2002-05-01")], "Later title", "2002-05-01"),
        ([_citation("First", "2001-01-01"), _citation("Second", "2002-02-02")], "First", "2001-01-01"),
        ([_citation("", ""), _citation("Named")], "Named", None),
        ([orjson.dumps({"sections": []}).decode()], None, None),  # an abolition's data: no title, no date
        ([], None, None),
    ],
)
def test_first_title_and_first_date(citations: list[str], title: str | None, cited_on: str | None) -> None:
    view = cited_view("ST/SGB/1997/5", citations)
    assert (view.title, view.issued_on, view.recorded) == (title, cited_on, False)
    assert view.kind == "bulletin"
