"""Documents that cannot be understood are refused with a message naming the file and the problem."""

from __future__ import annotations

import pytest

from service.parsing import DocumentError, Hints, parse_document


@pytest.mark.parametrize(
    ("raw", "hints", "says"),
    [
        (b"", Hints(), "empty"),
        (b"  \n\n \t", Hints(), "empty"),
        (b"\x00\x01\x02binary", Hints(), "binary"),
        ("秘书长公报".encode("gb18030"), Hints(), "not UTF-8"),
        ("今天天气很好。\n我们去公园散步。\n".encode(), Hints(), "does not look like an issuance"),
        ("秘书长公报\n\n一些没有编号的文字。\n".encode(), Hints(symbol="ST/SGB/2099/1"), "numbered"),
        ("1.1 有编号但没有类别的文字。\n".encode(), Hints(symbol="ST/SGB/2099/1"), "--kind"),
    ],
)
def test_refused(raw: bytes, hints: Hints, says: str) -> None:
    with pytest.raises(DocumentError, match=says) as refused:
        parse_document(raw, "bad.txt", hints)
    assert refused.value.source_name == "bad.txt"
    assert str(refused.value).startswith("bad.txt: ")


def test_hinted_kind_makes_numbered_text_an_issuance() -> None:
    parsed = parse_document("1. 有编号的报告段落。\n".encode(), "r.txt", Hints(symbol="A/1/1", kind="report"))
    assert (parsed.metadata.kind, parsed.department, parsed.units) == ("report", None, ())
