"""List splitting, kinds and posts: (text, expected) rows."""

from __future__ import annotations

import pytest

from service.parsing.model import Kind
from service.parsing.units import Member, kind_of, split_posts, split_unit_and_post, split_units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "司长办公室、外勤人事业务处和外勤人事专家支助业务处",
            ["司长办公室", "外勤人事业务处", "外勤人事专家支助业务处"],
        ),
        (
            "副司长/处长办公室、政策、指导和组织设计科、质量保证和信息管理科",
            ["副司长/处长办公室", "政策、指导和组织设计科", "质量保证和信息管理科"],
        ),
        (
            "助理秘书长办公室、警务司、刑法和司法咨询科、解除武装、复员和重返社会科",
            ["助理秘书长办公室", "警务司", "刑法和司法咨询科", "解除武装、复员和重返社会科"],
        ),
        (
            "行为和纪律股、审计和调查委员会小组、外地采购和联络队",
            ["行为和纪律股", "审计和调查委员会小组", "外地采购和联络队"],
        ),
        (
            "警务顾问办公室、战略政策和发展科及常设警察能力",
            ["警务顾问办公室", "战略政策和发展科", "常设警察能力"],
        ),
        (
            "非洲一司(东部和中部非洲区域及非洲联盟维和支助组)、亚洲和中东司及欧洲和拉丁美洲司",
            ["非洲一司", "亚洲和中东司", "欧洲和拉丁美洲司"],
        ),
        ("政策、规划和协调股以及合规、评价和监测科", ["政策、规划和协调股", "合规、评价和监测科"]),
        (
            "保护协调股以及位于纽约联合国总部、总部以外办事处和国际法庭的安保和安全处/科",
            ["保护协调股", "安保和安全处/科"],
        ),
        ("前台、政策与合规处和行政办公室", ["前台", "政策与合规处", "行政办公室"]),
        ("长期规划组及航空和海上活动专业规划员", ["长期规划组"]),
    ],
)
def test_split_units(text: str, expected: list[str]) -> None:
    assert [member.name for member in split_units(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "副司长办公室和 4 个综合区域人力资源管理科",
            [Member("副司长办公室"), Member("综合区域人力资源管理科", "4个")],
        ),
        ("两个科", [Member("科", "两个")]),
        ("3 个基于地域的小组", [Member("基于地域的小组", "3个")]),
        ("若干综合行动小组", [Member("综合行动小组", "若干")]),
    ],
)
def test_counted_collectives(text: str, expected: list[Member]) -> None:
    assert split_units(text) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("外勤支助部", Kind.DEPARTMENT),
        ("行动厅", Kind.OFFICE),
        ("前台", Kind.OFFICE),
        ("副秘书长前沿办公室", Kind.OFFICE),
        ("警务司", Kind.DIVISION),
        ("地雷行动处", Kind.SERVICE),
        ("公共事务科", Kind.SECTION),
        ("行为和纪律股", Kind.UNIT),
        ("审计和调查委员会小组", Kind.TEAM),
        ("外地采购和联络队", Kind.TEAM),
        ("维持和平情况中心", Kind.CENTRE),
        ("常设警察能力", Kind.OTHER),
        ("安保和安全处/科", Kind.SERVICE),
    ],
)
def test_kind_from_suffix(name: str, kind: Kind) -> None:
    assert kind_of(name) is kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "主管维持和平行动副秘书长和主管外勤支助事务副秘书长",
            ("主管维持和平行动副秘书长", "主管外勤支助事务副秘书长"),
        ),
        (
            "主管维持和平行动和外勤支助事务的副秘书长",
            ("主管维持和平行动副秘书长", "主管外勤支助事务副秘书长"),
        ),
        ("各自的区域司长", ("区域司长",)),
        ("股长和科长", ("股长", "科长")),
        ("主任/执行秘书或其指定代表", ("主任/执行秘书或其指定代表",)),
        ("副司长/处长", ("副司长/处长",)),
    ],
)
def test_split_posts(text: str, expected: tuple[str, ...]) -> None:
    assert split_posts(text) == expected


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("综合培训处处长", ("综合培训处", "处长")),
        ("政策、评价和培训司司长", ("政策、评价和培训司", "司长")),
        ("维持和平情况中心主任", ("维持和平情况中心", "主任")),
        ("安全部门改革股股长", ("安全部门改革股", "股长")),
        ("大规模毁灭性武器处的处长", ("大规模毁灭性武器处", "处长")),
        ("办公室主任办公室的办公室主任", ("办公室主任办公室", "办公室主任")),
        ("主管外勤行政支助助理秘书长", None),
        ("特别助理", None),
    ],
)
def test_split_unit_and_post(subject: str, expected: tuple[str, str] | None) -> None:
    assert split_unit_and_post(subject) == expected
