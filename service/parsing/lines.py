"""Stage 6b: lines between posts other than a head's own reporting line (``ReportingLine``).

A line is read only between *posts*: its subject and every recorded counterpart end like a person
(…副秘书长, …主任, …顾问, …干事). Units that "coordinate with" other units (a function's wording) are not
lines. Clause by clause (，), with the subject carried over from the clause before when a clause has none
("…由办公室主任领导，对 A 和 B 负责"; "…，同时确保与 C 充分协调"):
  REPORTS_TO               P 向 Q 报告 (one Q)
  ACCOUNTABLE_TO           P 向 Q1 和 Q2 报告 / P (分别)对 Q1 和 Q2 负责 — two or more superiors, each a
                           秘书长-level title, i.e. heads of different departments. One superior is the
                           head's own line (a HeadDefinition), not recorded here.
  RECEIVES_DIRECTION_FROM  P 接受 Q 的指令/指示;  P 向 Q 报告并接受指令/指示 (both lines)
  COORDINATES_WITH         P 与/同 Q (密切|充分)?协调
  ADVISES                  P 向 Q 提供(…)咨询;  P 可直接与 Q 联系 (direct access to Q)
Scope: the phrases that limit the line — 在…方面, 就…问题/事项, 通过 X (the channel), 应要求/按要求,
如果必要/必要时 — joined as the text gives them. ``from_unit_key``: the unit named in the subject
("…办公室主任" -> that office), else the unit the post heads (preferring a head stated in the same
paragraph); None for another department's post.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .assemble import Assembly
from .lookup import key_of, unit_headed_by, unit_named
from .model import LineKind, Paragraph, ReportingLine, Section
from .recognise import LEADS, Context, any_of, paragraph_contexts, without_asides
from .resolve import Unit
from .units import SPLIT_CACHE_SIZE, ends_like_person, split_posts, split_unit_and_post

SENTENCE = re.compile(r"[^。；;]+")
SCOPE = re.compile(
    r"在[^，,]*?方面|就[^，,]*?(?:问题|事项|事宜)|通过[^，,向与同]+?(?=向|与|同)|[应按]要求|如果必要|必要时|视需要"
)
SUBJECT_START = re.compile(r"^(?:并且?|同时|确保|还|也|，|,)+")
SUBJECT_END = re.compile(r"(?:还可|还|也|可|都|均|负责|直接|分别|确保)+$")
COUNTED = re.compile(r"(?:二|两|各)位")
REPORT = re.compile(r"^(?P<subj>.*?)向(?P<to>[^，,]+?)报告(?P<direction>并接受(?:指令|指示))?$")
# Each pattern with the verb it cannot match without: most clauses have none, and are not matched.
PATTERNS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (REPORT, "report", "报告"),
    (re.compile(r"^(?P<subj>.*?)接受(?P<to>[^，,]+?)的(?:指令|指示)$"), "direction", "接受"),
    (re.compile(r"^(?P<subj>.*?)(?:对|向)(?P<to>[^，,]+?)负责$"), "accountable", "负责"),
    (re.compile(r"^(?P<subj>.*?)(?:与|同)(?P<to>[^，,]+?)(?:密切|充分)?协调"), "coordinates", "协调"),
    (re.compile(r"^(?P<subj>.*?)向(?P<to>[^，,]+?)提供[^，,]{0,6}?咨询"), "advises", "咨询"),
    (re.compile(r"^(?P<subj>.*?)直接与(?P<to>[^，,]+?)联系"), "advises", "联系"),
)
TOP_LEVEL = "秘书长"
SCOPE_MARKERS = ("方面", "就", "通过", "要求", "必要", "视需要")  # one for each SCOPE alternative
SCOPE_WORDS = any_of(*SCOPE_MARKERS)
# Text without a verb states no line, and is not split into clauses; unless it has a scope, whose removal
# could join the halves of a verb.
MAY_STATE_LINE = any_of(*dict.fromkeys(verb for _, _, verb in PATTERNS), *SCOPE_MARKERS)
CLAUSE_SEPARATOR = re.compile(r"[，,]")
LIST_SEPARATOR = re.compile(r"、|以及")
JOINER = re.compile(r"(和|及)")


@dataclass(frozen=True, slots=True)
class _Clause:
    subject: str
    to_posts: tuple[str, ...]
    kinds: tuple[LineKind, ...]
    scope: str | None


def _joined_posts(text: str) -> Iterator[str]:
    """ "秘书长和安全理事会" -> "秘书长": fragments joined until they end like a person; the rest dropped."""
    pending = ""
    for fragment in JOINER.split(text):
        pending += fragment
        if ends_like_person(pending):
            yield pending
            pending = ""
        elif fragment in ("和", "及") and not pending.strip("和及"):
            pending = ""


@lru_cache(maxsize=SPLIT_CACHE_SIZE)
def posts_in(text: str) -> tuple[str, ...]:
    """The posts of a list that may also name bodies ("主管政治事务副秘书长、秘书长和安全理事会")."""
    posts: list[str] = []
    for segment in LIST_SEPARATOR.split(COUNTED.sub("", text).removeprefix("分别")):
        for piece in split_posts(segment):
            posts.extend([piece] if ends_like_person(piece) else _joined_posts(piece))
    return tuple(dict.fromkeys(post for post in posts if post))


def _kinds(pattern: str, match: re.Match[str], to_posts: tuple[str, ...]) -> tuple[LineKind, ...]:
    several_heads = len(to_posts) >= 2 and all(post.endswith(TOP_LEVEL) for post in to_posts)
    if pattern == "report":
        kind = LineKind.ACCOUNTABLE_TO if several_heads else LineKind.REPORTS_TO
        return (kind, LineKind.RECEIVES_DIRECTION_FROM) if match.group("direction") else (kind,)
    if pattern == "accountable":
        return (LineKind.ACCOUNTABLE_TO,) if several_heads else ()
    return {
        "direction": (LineKind.RECEIVES_DIRECTION_FROM,),
        "coordinates": (LineKind.COORDINATES_WITH,),
        "advises": (LineKind.ADVISES,),
    }[pattern]


def _scopes(text: str) -> tuple[list[str], str]:
    """The phrases of a clause that limit its line, and the clause without them."""
    if not SCOPE_WORDS.search(text):
        return [], text
    return [match.group(0) for match in SCOPE.finditer(text)], SCOPE.sub("", text)


def _clause(unscoped: str, carried: str | None, scopes: list[str]) -> _Clause | None:
    bare = SUBJECT_START.sub("", unscoped.strip())
    for pattern, name, verb in PATTERNS:
        match = pattern.match(bare) if verb in bare else None
        if match is None:
            continue
        subject = SUBJECT_END.sub("", SUBJECT_START.sub("", match.group("subj"))) or carried
        to_posts = posts_in(match.group("to"))
        if subject is None or not ends_like_person(subject) or not to_posts:
            return None
        return _Clause(subject, to_posts, _kinds(name, match, to_posts), "，".join(scopes) or None)
    return None


def _from_unit(
    assembly: Assembly, post: str, context: Context, heads_by_place: dict[tuple[str, int], Unit]
) -> Unit | None:
    split = split_unit_and_post(post)
    if split is not None:
        return unit_named(assembly, split[0], context)
    here = heads_by_place.get((post, context.paragraph_index))
    return here if here is not None else unit_headed_by(assembly, post)


def _heads_by_place(assembly: Assembly) -> dict[tuple[str, int], Unit]:
    """The unit of the first head stated for each (post, paragraph): looked up for every line."""
    heads: dict[tuple[str, int], Unit] = {}
    for head in assembly.heads:
        heads.setdefault((head.post, head.context.paragraph_index), head.unit)
    return heads


def _sentence_clauses(sentence: str) -> Iterator[_Clause]:
    """A clause that is only a scope ("在…方面，P 向 Q 报告") limits the clause after it."""
    carried: str | None = None
    pending_scopes: list[str] = []
    for text in (part.strip() for part in CLAUSE_SEPARATOR.split(sentence)):
        stated, unscoped = _scopes(text)
        scopes = pending_scopes + stated
        pending_scopes = scopes if not unscoped.strip() else []
        leads = LEADS.match(text) if "领导" in text else None
        if leads:
            carried = leads.group("post")
            continue
        clause = _clause(unscoped, carried, scopes)
        if clause is not None:
            carried = clause.subject
            yield clause


def find_lines(assembly: Assembly, sections: tuple[Section, ...], department: str) -> list[ReportingLine]:
    lines: list[ReportingLine] = []
    heads_by_place = _heads_by_place(assembly)
    for paragraph, context in paragraph_contexts(sections, _may_state_line):
        for clause in _paragraph_clauses(paragraph):
            unit_key = key_of(_from_unit(assembly, clause.subject, context, heads_by_place), department)
            lines.extend(
                ReportingLine(clause.subject, unit_key, clause.to_posts, kind, clause.scope, context.location)
                for kind in clause.kinds
            )
    return lines


def _may_state_line(paragraph: Paragraph) -> bool:
    return MAY_STATE_LINE.search(without_asides(paragraph.text)) is not None


def _paragraph_clauses(paragraph: Paragraph) -> Iterator[_Clause]:
    for sentence in SENTENCE.findall(without_asides(paragraph.text)):
        if MAY_STATE_LINE.search(sentence):
            yield from _sentence_clauses(sentence.strip())
