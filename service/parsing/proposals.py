"""Stage 6e: what a report proposes (recorded; never in force by itself).

A sentence of a report is a proposal when it carries a proposing word (建议, 提议, 提出了, 拟设/拟议/现拟,
需要设立, 应 + a structural verb) *and* a structural statement about a named unit or post:
  设立 X / 在 D 设立 X     X is proposed (the unit_name); D is where it would stand
  X，隶属于 D / 设在 D(内)  X would stand in D (parent_name)
  由 P 主管 / P 应主管 X    P would head X (post)
  P 一职设在 D             the post P would stand in D (unit_name D, post P)
  将 … 转至 X              resources would move to X
Words that only *report* a proposal ("提案") do not make one. Parentheses are kept: "一个单独部门
(信息和通信技术厅)" names the unit. A name must end with a unit suffix; "新部门", "机构" name none.
"""

from __future__ import annotations

import re

from .model import Proposal, Section
from .segment import all_paragraphs, location_of
from .units import unit_suffix

SENTENCE = re.compile(r"[^。；;]+")
PROPOSING = re.compile(r"建议|提议|提出了|拟设|拟议|现拟|需要设立|应(?:主管|设|为)")
ESTABLISH = re.compile(r"设立(?:新的)?(?P<unit>[^，。；、(的]+)")
PLACED_IN = re.compile(r"(?:隶属于|设在)(?P<parent>[^，。；、(]+?)(?:内|之下)?(?=$|[，。；、(]|与)")
PLACED_AT = re.compile(r"在(?P<parent>[^，。；、(在]+?[部厅])内?设立")
HEADED_BY = re.compile(r"由(?:[^，。；]*?级的)?(?P<post>[^，。；由]+?)主管")
HEADS = re.compile(r"(?P<post>[^，。；]+?)应主管[^，。；]*?\((?P<unit>[^()]+)\)")
POST_PLACED = re.compile(r"(?P<post>[^，。；]+?)一职设在(?P<parent>[^，。；]+)")
MOVED_TO = re.compile(r"转至(?:这个)?(?:新的)?(?P<unit>[^，。；、(]+)")
SUBJECT_IS = re.compile(r"(?:是|为)(?P<unit>[^，。；、(]+)[，,]\s*(?:隶属于|设在)")


def _unit(name: str | None) -> str | None:
    name = (name or "").strip()
    return name if name and unit_suffix(name) and not name.startswith(("新", "该", "这个")) else None


def _proposal(sentence: str) -> tuple[str | None, str | None, str | None] | None:
    """(unit_name, post, parent_name) of a proposing sentence, or None when it proposes nothing named."""
    post_placed = POST_PLACED.search(sentence)
    if post_placed:
        return _unit(post_placed.group("parent")), post_placed.group("post").strip(), None
    heads = HEADS.search(sentence)
    unit = _unit(heads.group("unit")) if heads else None
    for pattern in (ESTABLISH, SUBJECT_IS, MOVED_TO):
        match = pattern.search(sentence)
        unit = unit or (_unit(match.group("unit")) if match else None)
    headed = HEADED_BY.search(sentence)
    post = heads.group("post").strip() if heads else headed.group("post").strip() if headed else None
    placed = PLACED_IN.search(sentence) or PLACED_AT.search(sentence)
    parent = _unit(placed.group("parent")) if placed else None
    if unit is None and post is None:
        return None
    return unit, post, parent


def find_proposals(sections: tuple[Section, ...]) -> list[Proposal]:
    found = []
    for paragraph in all_paragraphs(sections):
        for sentence in SENTENCE.findall(paragraph.text):
            if not PROPOSING.search(sentence):
                continue
            proposal = _proposal(sentence.strip())
            if proposal is not None:
                unit, post, parent = proposal
                found.append(Proposal(sentence.strip(), unit, location_of(paragraph), post, parent))
    return found
