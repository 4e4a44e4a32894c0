"""The genre's vocabulary of units and posts: suffixes, kinds, lists of names, posts.

Unit names contain 、和及 themselves (政策、评价和培训司), so a list is split on every conjunction and the
fragments are joined again until a piece ends with a unit suffix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .model import Kind

# Longest first: 小组 before 组, 办公室 before 室.
UNIT_SUFFIXES: tuple[tuple[str, Kind], ...] = (
    ("办公室", Kind.OFFICE),
    ("小组", Kind.TEAM),
    ("中心", Kind.CENTRE),
    ("前台", Kind.OFFICE),
    ("部", Kind.DEPARTMENT),
    ("厅", Kind.OFFICE),
    ("司", Kind.DIVISION),
    ("处", Kind.SERVICE),
    ("科", Kind.SECTION),
    ("股", Kind.UNIT),
    ("组", Kind.TEAM),
    ("队", Kind.TEAM),
)
POST = re.compile(r"(?:副)?(?:司|处|科|股|组|队|厅|部)长|(?:.*?)(?:主任|干事|顾问|特别助理|秘书长|代表)")
PERSON_ENDINGS = ("员", "长", "干事", "顾问", "官", "主任", "助理", "专家", "人员", "代表")
# "主管维持和平行动和外勤支助事务的副秘书长": two posts sharing one title.
SHARED_TITLE = re.compile(r"^主管(?P<first>.+)和(?P<second>[^和]+?)的(?P<title>\S*秘书长)$")
# Counted collectives: "4 个综合区域人力资源管理科", "两个科", "各个区域科", "若干综合行动小组".
COUNT = re.compile(r"^(?P<count>\d+\s*个|[一二两三四五六七八九十]+个|若干|各个|多个|每个)\s*")
LIST_SEPARATOR = re.compile(r"(、|以及|及|和|,|，)")
# Post titles and subjects repeat within a document and across a department's bulletins; splitting them
# is pure, so each is split once (bounded: a long run reads many documents).
SPLIT_CACHE_SIZE = 8192
PARENTHETICAL = re.compile(r"\([^()]*\)|“[^”]*”")
ALTERNATIVE_KINDS = re.compile(r"[处科股组司]/[处科股组司]$")
CHUNK_SEPARATOR = re.compile(r"以及")
POST_PREFIX = re.compile(r"^(?:各自的|各自|其)")
POST_SEPARATOR = re.compile(r"(和|及|、)")


@dataclass(frozen=True, slots=True)
class Member:
    """One item of a list of units; ``count`` is set for a counted collective ("4 个…科")."""

    name: str
    count: str | None = None


def _suffixes_by_last_character() -> dict[str, tuple[str, ...]]:
    """The suffixes grouped by their last character, longest first as above: names are tested only
    against the suffixes they can end with (this test runs for nearly every word the parser reads)."""
    grouped: dict[str, tuple[str, ...]] = {}
    for suffix, _ in UNIT_SUFFIXES:
        grouped[suffix[-1]] = (*grouped.get(suffix[-1], ()), suffix)
    return grouped


SUFFIXES_BY_LAST_CHARACTER = _suffixes_by_last_character()
KIND_OF_SUFFIX = dict(UNIT_SUFFIXES)
BARE_SUFFIXES = frozenset(KIND_OF_SUFFIX) - {"前台"}


def unit_suffix(name: str) -> str | None:
    for suffix in SUFFIXES_BY_LAST_CHARACTER.get(name[-1:], ()):
        if name.endswith(suffix):
            return suffix
    return None


def kind_of(name: str) -> Kind:
    """Kind from the last character(s) of the name; an alternative "处/科" takes the first one."""
    first = name.split("/")[0] if ALTERNATIVE_KINDS.search(name) else name
    suffix = unit_suffix(first)
    return KIND_OF_SUFFIX[suffix] if suffix else Kind.OTHER


def is_bare_suffix(name: str) -> bool:
    """ "科", "两个科": a classifier, not the name of a unit. 前台 (front office) is a name."""
    return name in BARE_SUFFIXES


def is_post(text: str) -> bool:
    return bool(POST.fullmatch(text))


def ends_like_person(text: str) -> bool:
    return text.endswith(PERSON_ENDINGS)


def _head_noun(chunk: str) -> str:
    """ "位于纽约…和国际法庭的安保和安全处/科" -> "安保和安全处/科": what precedes 的 only qualifies.
    A counted collective keeps its description ("3 个基于地域的小组"), and so does a bare suffix."""
    if "的" not in chunk or not unit_suffix(chunk) or COUNT.match(chunk):
        return chunk
    head = chunk.rsplit("的", 1)[1]
    return chunk if is_bare_suffix(head) else head


def _member(piece: str) -> Member:
    count = COUNT.match(piece)
    if count:
        return Member(piece[count.end() :].strip(), count.group("count").replace(" ", ""))
    return Member(piece.strip())


def split_units(text: str, allow_unsuffixed_last: bool = True) -> list[Member]:
    """Split "A、B和C及D" into unit names, re-joining fragments of names that contain 、和及 themselves."""
    return list(_split_units(text, allow_unsuffixed_last))


@lru_cache(maxsize=SPLIT_CACHE_SIZE)
def _split_units(text: str, allow_unsuffixed_last: bool) -> tuple[Member, ...]:
    members: list[Member] = []
    for chunk in CHUNK_SEPARATOR.split(PARENTHETICAL.sub("", text)):
        chunk = _head_noun(chunk.strip())
        pending = ""
        for fragment in LIST_SEPARATOR.split(chunk):
            if not pending and LIST_SEPARATOR.fullmatch(fragment):
                continue
            pending += fragment
            stripped = pending.strip()
            if not LIST_SEPARATOR.fullmatch(fragment) and unit_suffix(stripped):
                members.append(_member(stripped))
                pending = ""
        last = pending.strip().strip("、和及,，").strip()
        if last and allow_unsuffixed_last and not ends_like_person(last) and not COUNT.match(last):
            members.append(Member(last))
    return tuple(member for member in members if member.name)


@lru_cache(maxsize=SPLIT_CACHE_SIZE)
def split_posts(text: str) -> tuple[str, ...]:
    """ "主管维持和平行动副秘书长和主管外勤支助事务副秘书长" -> two posts; "A和B的副秘书长" stays one.

    Post titles contain 和 themselves (维持和平), so fragments are joined until a piece ends like a post.
    """
    text = POST_PREFIX.sub("", text.strip())
    shared = SHARED_TITLE.match(text)
    if shared:
        title = shared.group("title")
        return (f"主管{shared.group('first')}{title}", f"主管{shared.group('second')}{title}")
    posts: list[str] = []
    pending = ""
    for fragment in POST_SEPARATOR.split(text):
        if not pending and fragment in ("和", "及", "、"):
            continue
        pending += fragment
        if fragment not in ("和", "及", "、") and ends_like_person(pending):
            posts.append(pending)
            pending = ""
    if pending or len(posts) < 2:
        return (text,)
    return tuple(posts)


@lru_cache(maxsize=SPLIT_CACHE_SIZE)
def split_unit_and_post(subject: str) -> tuple[str, str] | None:
    """ "综合培训处处长" -> ("综合培训处", "处长"); "办公室主任办公室的办公室主任" -> (…办公室, 办公室主任).

    The latest cut that leaves a unit name before and a post title after wins, so that a unit whose
    name contains a post (办公室主任办公室) is not cut inside its own name.
    """
    for cut in range(len(subject) - 1, 1, -1):
        unit, post = subject[:cut], subject[cut:].removeprefix("的")
        if (
            unit_suffix(unit)
            and not is_bare_suffix(unit)
            and "的" not in unit
            and is_post(post)
            and not post.startswith(("长", "/"))
        ):
            return unit, post
    return None
