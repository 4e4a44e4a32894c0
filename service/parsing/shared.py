"""Stage 6c: units that serve more than their own department — 共有资源, 共享资源, 综合资源.

  "U1、U2 以及 D 的 U3 是 D1 和 D2 的共有资源，并…为 D3 提供服务"
  "U1、U2 和 U3 共享资源，向 D1 和 D2 提供服务";  "U 是综合资源，向 D1、D2、…和会员国提供服务"
The units are the list before 是 (or before the marker); "D 的 …" says whose units follow, so a unit
prefixed with another department's name is listed with no key. The departments served are those of
"D1 和 D2 的…资源" and of "向/为 … 提供服务", in order: names ending in 部 or 厅 (not "…部领导的行动",
not 会员国). In a list of units, fragments are joined until they end with a unit suffix or with 能力
(the genre's capacities: 常设警察能力, 信息管理能力), since unit names contain 、和及 themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .assemble import Assembly
from .lookup import key_of, unit_named
from .model import Section, SharedResource
from .recognise import Context, paragraph_contexts, without_asides
from .units import unit_suffix

SENTENCE = re.compile(r"[^。；;]+")
MARKER = re.compile(r"(?:共有|共享|综合)资源")
SERVED = re.compile(r"(?:向|为)(?P<served>[^，,。]+?)提供服务")
OWNER_PREFIX = re.compile(r"^(?P<department>[^、，,]{2,}?[部厅])的(?P<rest>.+)$")
SEPARATOR = re.compile(r"(、|和|及)")
CAPACITY = "能力"
DEPARTMENT_SEPARATOR = re.compile(r"(、|，|,|以及|和|及)")
CHUNK_SEPARATOR = re.compile(r"以及")


def _names(text: str) -> Iterator[str]:
    pending = ""
    for fragment in SEPARATOR.split(text):
        if not pending and SEPARATOR.fullmatch(fragment):
            continue
        pending += fragment
        if not SEPARATOR.fullmatch(fragment) and (unit_suffix(pending) or pending.endswith(CAPACITY)):
            yield pending.strip()
            pending = ""


def departments_in(text: str) -> list[str]:
    """Department names of a list; names contain 和 themselves (维持和平行动部), so soft separators
    (和, 及) are joined until the piece ends in 部/厅, and a hard one (、，) drops what did not."""
    found: list[str] = []
    pending = ""
    for fragment in DEPARTMENT_SEPARATOR.split(text):
        if fragment in ("、", "，", ",", "以及"):
            pending = ""
            continue
        pending += fragment
        if pending.strip("和及").endswith(("部", "厅")) and "的" not in pending:
            found.append(pending.strip("和及 "))
            pending = ""
    return found


def _units(
    text: str, assembly: Assembly, context: Context, department: str
) -> Iterator[tuple[str, str | None]]:
    for chunk in CHUNK_SEPARATOR.split(text):
        owner = OWNER_PREFIX.match(chunk.strip())
        foreign = owner is not None and owner.group("department") != department
        for name in _names(owner.group("rest") if owner else chunk.strip()):
            unit = None if foreign else unit_named(assembly, name, context)
            yield name, key_of(unit, department)


def _shared(sentence: str, assembly: Assembly, context: Context, department: str) -> SharedResource | None:
    marker = MARKER.search(sentence)
    if marker is None:
        return None
    before = sentence[: marker.start()]
    owners = ""
    if before.endswith("的") and "是" in before:
        before, owners = before.rsplit("是", 1)
    units_text = before.removesuffix("是").removesuffix("为").strip()
    served = [match.group("served") for match in SERVED.finditer(sentence, marker.end())]
    departments = list(
        dict.fromkeys(departments_in(owners.removesuffix("的")) + departments_in("、".join(served)))
    )
    units = list(_units(units_text, assembly, context, department))
    if not units:
        return None
    return SharedResource(
        tuple(name for name, _ in units), tuple(key for _, key in units), tuple(departments), context.location
    )


def find_shared_resources(
    assembly: Assembly, sections: tuple[Section, ...], department: str
) -> list[SharedResource]:
    found = []
    # Every marker says 资源: the other paragraphs are spared the scans.
    for paragraph, context in paragraph_contexts(sections, lambda p: "资源" in without_asides(p.text)):
        for sentence in SENTENCE.findall(without_asides(paragraph.text)):
            shared = _shared(sentence.strip(), assembly, context, department)
            if shared is not None:
                found.append(shared)
    return found
