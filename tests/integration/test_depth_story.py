"""Extraction in depth, recorded and read, once per store: functions on unit versions, a past establishment
at month precision with its authority, proposals that are recorded and never in force, posts moved, and the
DPKO bulletin's §7.1 settled in the open."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from service.bootstrap import Sgb
from service.ingest import DocumentRequest
from service.parsing import Hints
from service.projections.views import PassageView, ProvenanceView, UnitView

OICT = "信息和通信技术厅"
BUDGET = "A/72/6 (Sect. 29E)"


def unit_named(sgb: Sgb, name: str, day: date) -> UnitView | None:
    return next((u for u in sgb.read_model.organization(day).units if u.name == name), None)


def passage(sgb: Sgb, source: ProvenanceView | None) -> PassageView | None:
    """Where the provision a source refers to stands, and its words."""
    if source is None:
        return None
    key = (source.symbol, source.seq)
    return sgb.read_model.passages([key]).get(key)


def test_a_past_establishment_is_in_force_from_its_own_month_on_its_authority(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()

    assert unit_named(sgb, OICT, date(2008, 6, 30)) is None
    assert unit_named(sgb, OICT, date(2008, 11, 30)) is None
    oict = unit_named(sgb, OICT, date(2009, 1, 1))
    assert oict is not None
    # "2008 年 12 月": in force from the month's first day, and the month is all we claim to know.
    assert (oict.valid_from, oict.valid_from_precision) == (date(2008, 12, 1), "MONTH")
    [source] = [s for s in oict.sources if s.role == "unit"]
    words = passage(sgb, source)
    assert words is not None and (source.symbol, words.paragraph) == (BUDGET, "29E.1")
    assert (source.authority, source.stated_on) == ("A/RES/63/262", "2008-12")
    assert "63/262" in words.text
    [established] = [c for c in sgb.read_model.unit_history(oict.id) if c.change == "ESTABLISHED"]
    assert established.effective_on == date(2008, 12, 1)
    assert established.source is not None and established.source.authority == "A/RES/63/262"


def test_proposals_are_recorded_and_never_in_force(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    read = sgb.read_model

    proposals = [p for p in read.provisions("A/61/765") if p.kind == "PROPOSAL"]
    assert proposals
    assert all(json.loads(p.data)["text"] for p in proposals)
    for day in [*read.change_points(), date(2007, 3, 1), date(2030, 1, 1)]:
        assert not any(s.symbol == "A/61/765" for u in read.organization(day).units for s in u.sources)


def test_functions_are_part_of_a_unit_version(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    units = sgb.read_model.organization(date(2010, 3, 4)).units
    with_functions = [u for u in units if u.functions]
    assert len(with_functions) > 10
    for unit in with_functions:
        [source] = [s for s in unit.sources if s.role == "functions"]
        assert source.symbol in ("ST/SGB/2010/1", "ST/SGB/2010/2")
    assert not unit_named(sgb, "后勤支助司", date(2010, 1, 1))  # DFS's divisions not before 2010-03-04


REVISION = """秘书长公报

外勤支助部的组织

第 1 节

一般规定

1.1 本公报自 2011 年 1 月 1 日起生效。

第 2 节

后勤支助司

2.1 后勤支助司由司长领导，司长对主管外勤支助事务副秘书长负责。该司由运输和调度处组成。

2.2 运输和调度处由处长领导，处长对司长负责。

2.3 运输和调度处的核心职能如下：

(a) 管理全球空运和海运；

(b) 部署和轮调特遣队。
"""


def test_later_functions_replace_earlier_ones_with_a_change(sgb: Sgb, tmp_path: Path) -> None:
    sgb.ingest_bundled_corpus()
    transport = unit_named(sgb, "运输和调度处", date(2010, 3, 4))
    assert transport is not None and len(transport.functions) == 8
    revision = tmp_path / "revision.txt"
    revision.write_text(REVISION, "utf-8")
    sgb.ingestor.ingest([DocumentRequest(revision, Hints(symbol="ST/SGB/2099/7", kind="bulletin"))])

    before = sgb.read_model.unit(transport.id, date(2010, 12, 31))
    after = sgb.read_model.unit(transport.id, date(2011, 1, 1))
    assert before is not None and before.functions == transport.functions
    assert after is not None and after.functions == ("管理全球空运和海运", "部署和轮调特遣队")
    [functions] = [s for s in after.sources if s.role == "functions"]
    words = passage(sgb, functions)
    assert words is not None and (functions.symbol, words.paragraph) == ("ST/SGB/2099/7", "2.3")
    changed = [c for c in sgb.read_model.unit_history(transport.id) if c.change == "FUNCTIONS_CHANGED"]
    places = [(c.effective_on, passage(sgb, c.source)) for c in changed]
    assert [(day, words and words.paragraph) for day, words in places] == [(date(2011, 1, 1), "2.3")]


def test_posts_moved_are_recorded_as_provisions(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    moved = [json.loads(p.data) for p in sgb.read_model.provisions(BUDGET) if p.kind == "POSTS_MOVED"]
    assert moved
    assert moved[0]["from_unit"] == "安全和安保部危机管理信息支助科"
    assert moved[0]["count"] == sum(count for _grade, count in moved[0]["grades"])


def test_the_military_adviser_heads_the_office_of_military_affairs_despite_section_7_1(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    military = unit_named(sgb, "军事厅", date(2010, 1, 1))
    operations = unit_named(sgb, "行动厅", date(2010, 1, 1))
    assert military is not None and operations is not None
    assert military.head_post == "军事顾问"
    assert operations.head_post != "军事顾问"
    [head] = [s for s in military.sources if s.role == "head"]
    words = passage(sgb, head)
    assert words is not None and words.paragraph == "7.1"
    # The audit trail keeps why: §7.1 said 行动厅, read as 军事厅.
    [why] = [
        json.loads(p.data)
        for p in sgb.read_model.provisions("ST/SGB/2010/1")
        if p.kind == "NAME_RESOLVED" and p.paragraph == "7.1"
    ]
    assert why["name"] == "行动厅" and "军事厅" in why["reason"]
