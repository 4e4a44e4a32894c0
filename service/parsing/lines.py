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

from .assemble import Assembly
from .lookup import key_of, unit_headed_by, unit_named
from .model import LineKind, ReportingLine, Section
from .recognise import ASIDE, LEADS, Context, paragraph_contexts
from .resolve import Unit
from .units import ends_like_person, split_posts, split_unit_and_post

SENTENCE = re.compile(r"[^。；;]+")
SCOPE = re.compile(
    r"在[^，,]*?方面|就[^，,]*?(?:问题|事项|事宜)|通过[^，,向与同]+?(?=向|与|同)|[应按]要求|如果必要|必要时|视需要"
)
SUBJECT_START = re.compile(r"^(?:并且?|同时|确保|还|也|，|,)+")
SUBJECT_END = re.compile(r"(?:还可|还|也|可|都|均|负责|直接|分别|确保)+$")
COUNTED = re.compile(r"(?:二|两|各)位")
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?P<subj>.*?)向(?P<to>[^，,]+?)报告(?P<direction>并接受(?:指令|指示))?$"), "report"),
    (re.compile(r"^(?P<subj>.*?)接受(?P<to>[^，,]+?)的(?:指令|指示)$"), "direction"),
    (re.compile(r"^(?P<subj>.*?)(?:对|向)(?P<to>[^，,]+?)负责$"), "accountable"),
    (re.compile(r"^(?P<subj>.*?)(?:与|同)(?P<to>[^，,]+?)(?:密切|充分)?协调"), "coordinates"),
    (re.compile(r"^(?P<subj>.*?)向(?P<to>[^，,]+?)提供[^，,]{0,6}?咨询"), "advises"),
    (re.compile(r"^(?P<subj>.*?)直接与(?P<to>[^，,]+?)联系"), "advises"),
)
TOP_LEVEL = "秘书长"


@dataclass(frozen=True, slots=True)
class _Clause:
    subject: str
    to_posts: tuple[str, ...]
    kinds: tuple[LineKind, ...]
    scope: str | None


def _joined_posts(text: str) -> Iterator[str]:
    """ "秘书长和安全理事会" -> "秘书长": fragments joined until they end like a person; the rest dropped."""
    pending = ""
    for fragment in re.split(r"(和|及)", text):
        pending += fragment
        if ends_like_person(pending):
            yield pending
            pending = ""
        elif fragment in ("和", "及") and not pending.strip("和及"):
            pending = ""


def posts_in(text: str) -> tuple[str, ...]:
    """The posts of a list that may also name bodies ("主管政治事务副秘书长、秘书长和安全理事会")."""
    posts: list[str] = []
    for segment in re.split(r"、|以及", COUNTED.sub("", text).removeprefix("分别")):
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


def _clause(text: str, carried: str | None, scopes: list[str]) -> _Clause | None:
    bare = SUBJECT_START.sub("", SCOPE.sub("", text).strip())
    for pattern, name in PATTERNS:
        match = pattern.match(bare)
        if match is None:
            continue
        subject = SUBJECT_END.sub("", SUBJECT_START.sub("", match.group("subj"))) or carried
        to_posts = posts_in(match.group("to"))
        if subject is None or not ends_like_person(subject) or not to_posts:
            return None
        return _Clause(subject, to_posts, _kinds(name, match, to_posts), "，".join(scopes) or None)
    return None


def _from_unit(assembly: Assembly, post: str, context: Context) -> Unit | None:
    split = split_unit_and_post(post)
    if split is not None:
        return unit_named(assembly, split[0], context)
    here = [
        h.unit
        for h in assembly.heads
        if h.post == post and h.context.paragraph_index == context.paragraph_index
    ]
    return here[0] if here else unit_headed_by(assembly, post)


def _sentence_clauses(sentence: str) -> Iterator[_Clause]:
    """A clause that is only a scope ("在…方面，P 向 Q 报告") limits the clause after it."""
    carried: str | None = None
    pending_scopes: list[str] = []
    for text in (part.strip() for part in re.split(r"[，,]", sentence)):
        scopes = pending_scopes + [match.group(0) for match in SCOPE.finditer(text)]
        pending_scopes = scopes if not SCOPE.sub("", text).strip() else []
        leads = LEADS.match(text)
        if leads:
            carried = leads.group("post")
            continue
        clause = _clause(text, carried, scopes)
        if clause is not None:
            carried = clause.subject
            yield clause


def find_lines(assembly: Assembly, sections: tuple[Section, ...], department: str) -> list[ReportingLine]:
    lines: list[ReportingLine] = []
    for paragraph, context in paragraph_contexts(sections):
        for sentence in SENTENCE.findall(ASIDE.sub("", paragraph.text)):
            for clause in _sentence_clauses(sentence.strip()):
                unit_key = key_of(_from_unit(assembly, clause.subject, context), department)
                lines.extend(
                    ReportingLine(
                        clause.subject, unit_key, clause.to_posts, kind, clause.scope, context.location
                    )
                    for kind in clause.kinds
                )
    return lines
