"""Stage 4: paragraphs -> statements about units, in document order.

This stage only reads phrasing; it does not decide which unit a name denotes (resolve.py does). It knows:
  composition  X 由 A、B 和 C 组成/构成;  X 包括/下设/分成/分为 A、B;  X，即 A、B 及 C;
               X 还负责管理 Y (Y a unit name, the whole object of the sentence)
  heads        X 由(一名) P 领导;  P 领导 X 的工作;  X 的 P 对/向 Q 负责 ("综合培训处处长对司长负责")
  reporting    P 对/向 Q 负责;  (他们/no subject) 向 Q 负责 — completes the head stated just before
  naming       section titles and sub-headings ending in a unit suffix;  "X 的核心职能" names X
  renaming     X 更名为/改称/改名为 Y;  原 X 改称 Y — Y keeps X's key (the stable-id rule)
  moving       X 从 A 划归/移至/改隶/调至 B — a composition of B, stated before any other
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .model import Location, Paragraph, Section
from .segment import is_heading, location_of
from .units import Member, ends_like_person, split_posts, split_unit_and_post, split_units, unit_suffix


@dataclass(frozen=True, slots=True)
class Context:
    """Where a statement stands: its section (number, title), sub-heading and paragraph."""

    section: str | None
    section_title: str | None
    heading: str | None
    location: Location
    paragraph_index: int


@dataclass(frozen=True, slots=True)
class NamedUnit:
    """A section title or sub-heading naming a unit: "第 6 节 外勤人事司", "前沿办公室"."""

    name: str
    origin: str  # "section" | "heading"
    context: Context


@dataclass(frozen=True, slots=True)
class Composition:
    subject: str
    members: tuple[Member, ...]
    appositive: bool  # "区域司，即 A、B": the members are what the subject names collectively
    context: Context


@dataclass(frozen=True, slots=True)
class HeadStatement:
    subject: str
    each: bool  # "每个处都由…领导": every unit of that kind in the paragraph's list
    post: str
    reports_to: tuple[str, ...]
    context: Context


@dataclass(frozen=True, slots=True)
class ReportingLine:
    """ "P 对 Q 负责"; post None: "他们/(no subject) 向 Q 负责" completes the last head statement."""

    posts: tuple[str, ...] | None
    reports_to: tuple[str, ...]
    context: Context


@dataclass(frozen=True, slots=True)
class Reference:
    """A name used as a subject ("X 的核心职能"), recorded so that short forms are resolved and audited."""

    name: str
    context: Context


@dataclass(frozen=True, slots=True)
class Renaming:
    """ "原区域裁军处改称区域裁军和外联处": the unit now named ``new`` is the unit once named ``old``."""

    old: str
    new: str
    context: Context


Statement = NamedUnit | Composition | HeadStatement | ReportingLine | Reference | Renaming

ASIDE = re.compile(r"\([^()]*\)|[，,]?(?:以下|下)称(?:为)?“[^”]*”[，,]?")
SENTENCE = re.compile(r"[^。；;]+")
CLAUSE_START = r"(?:^|(?<=[，,：:]))"
CONSISTS = re.compile(
    CLAUSE_START + r"(?P<subj>[^，,：:]*?)(?:是)?由(?P<list>(?:(?!领导)[^。；])+?)(?:组成|构成)"
)
INCLUDES = re.compile(
    CLAUSE_START + r"(?P<subj>[^，,：:]*?)(?:还|也)?(?:包括|下设|分成|分为)(?P<list>[^，,：:]+)"
)
MANAGES = re.compile(CLAUSE_START + r"(?P<subj>[^，,：:]+?)(?:还|也)?负责管理(?P<list>[^，,：:。]+)$")
NAMELY = re.compile(r"(?P<subj>[^，,：:]+?)[，,]\s*即(?P<list>[^，,：:]+)")
LEADS = re.compile(
    r"^(?P<each>每个|每一个|每一)?(?P<subj>.*?)(?:都|均)?由(?:一名|一位)?(?P<post>[^，,]+?)(?:担任)?领导$"
)
LEADS_WORK = re.compile(r"^(?P<post>[^，,]+?)领导(?P<subj>[^，,]+?)的工作$")
REPORTS = re.compile(
    r"^(?P<each>每个|每一个|每一)?(?P<subj>.*?)(?:都|均)?(?:分别)?(?:直接)?(?:对|向)(?P<sup>[^，,]+?)负责$"
)
FUNCTIONS = re.compile(r"^(?P<subj>[^，,：:]+?)的核心(?:战略|业务)?(?:职能|职责)")
RENAMED = re.compile(r"^(?:原)?(?P<old>[^，,：:]+?)(?:现)?(?:更名为|改名为|改称为|改称)(?P<new>[^，,：:]+?)$")
MOVED = re.compile(
    r"^(?P<unit>[^，,：:]+?)从(?P<origin>[^，,：:]+?)(?:划归|移至|改隶|调至|转至)(?P<parent>[^，,：:]+?)$"
)
PRONOUNS = {"", "他们", "其", "他", "她", "该干事"}
CLAUSE_SEPARATOR = re.compile(r"[，,]")


def any_of(*words: str) -> re.Pattern[str]:
    """A pattern finding any of ``words``. Most text states no structure: testing it for the words a
    structural pattern cannot match without is far cheaper than letting that pattern scan it."""
    return re.compile("|".join(re.escape(word) for word in words))


COMPOSITION_WORDS = {
    CONSISTS: ("组成", "构成"),
    INCLUDES: ("包括", "下设", "分成", "分为"),
    NAMELY: ("即",),
    MANAGES: ("负责管理",),
}
# Each pattern with its words, and whether its last member must end with a unit suffix.
COMPOSITIONS = tuple(
    (pattern, any_of(*words), pattern is not CONSISTS) for pattern, words in COMPOSITION_WORDS.items()
)
RENAMING_WORDS = ("更名为", "改名为", "改称")
RENAMING = any_of(*RENAMING_WORDS)
COMPOSING = any_of(*(word for words in COMPOSITION_WORDS.values() for word in words))
CLAUSING = any_of(*RENAMING_WORDS, "从", "领导", "负责")  # a renaming, a move, a head, a reporting line
STATING = re.compile(f"核心|{COMPOSING.pattern}|{CLAUSING.pattern}")  # any statement of a sentence


def without_asides(text: str) -> str:
    """The text without its parentheses and "(以)下称“…”" definitions. Stages test this text, not the
    paragraph's, for their words: removing an aside can join the halves of a word."""
    return ASIDE.sub("", text) if "(" in text or "称" in text else text  # what ASIDE cannot match without


def _compositions(sentence: str, context: Context) -> Iterator[Composition]:
    """The subject of a clause without one ("…组成，包括…") is the last subject of the sentence."""
    found = []
    for pattern, words, suffixed_only in COMPOSITIONS:
        if not words.search(sentence):
            continue
        for match in pattern.finditer(sentence):
            found.append((match.start(), pattern is NAMELY, suffixed_only, match))
    last_subject = ""
    for _, appositive, suffixed_only, match in sorted(found, key=lambda item: item[0]):
        subject = match.group("subj").strip() or last_subject
        last_subject = subject
        members = tuple(split_units(match.group("list"), allow_unsuffixed_last=not suffixed_only))
        if subject and members:
            yield Composition(subject, members, appositive, context)


def _reporting(match: re.Match[str], context: Context) -> Statement | None:
    subject = match.group("subj").strip()
    reports_to = split_posts(match.group("sup"))
    if subject in PRONOUNS:
        return ReportingLine(None, reports_to, context)
    unit_and_post = split_unit_and_post(subject)
    if unit_and_post:
        unit, post = unit_and_post
        return HeadStatement(unit, bool(match.group("each")), post, reports_to, context)
    posts = split_posts(subject)
    if all(ends_like_person(post) for post in posts):
        return ReportingLine(posts, reports_to, context)
    return None


def _moved_or_renamed(clause: str, context: Context) -> Statement | None:
    renamed = RENAMED.match(clause) if RENAMING.search(clause) else None
    if renamed and unit_suffix(renamed.group("old")) and unit_suffix(renamed.group("new")):
        return Renaming(renamed.group("old").strip(), renamed.group("new").strip(), context)
    moved = MOVED.match(clause) if "从" in clause else None
    if moved and unit_suffix(moved.group("unit")) and unit_suffix(moved.group("parent")):
        return Composition(
            moved.group("parent").strip(), (Member(moved.group("unit").strip()),), False, context
        )
    return None


def _head_statement(clause: str, context: Context) -> HeadStatement | None:
    leads = LEADS.match(clause)
    if leads and leads.group("subj").strip():
        subject = leads.group("subj").strip()
        # "…国际法庭的每个安保和安全处/科都由…领导": what precedes 每个 only says where they are.
        each = bool(leads.group("each")) or "每个" in subject
        subject = subject.rsplit("每个", 1)[-1]
        return HeadStatement(subject, each, leads.group("post"), (), context)
    leads_work = LEADS_WORK.match(clause)
    if leads_work:
        return HeadStatement(leads_work.group("subj"), False, leads_work.group("post"), (), context)
    return None


def _clause_statement(clause: str, context: Context) -> Statement | None:
    changed = _moved_or_renamed(clause, context)
    if changed is not None:
        return changed
    headed = _head_statement(clause, context) if "领导" in clause else None
    if headed is not None:
        return headed
    reports = REPORTS.match(clause) if "负责" in clause else None
    return _reporting(reports, context) if reports else None


def _sentence_statements(sentence: str, context: Context) -> Iterator[Statement]:
    functions = FUNCTIONS.match(sentence) if "核心" in sentence else None
    if functions:
        yield Reference(functions.group("subj").strip(), context)
    if COMPOSING.search(sentence):
        yield from _compositions(sentence, context)
    if not CLAUSING.search(sentence):
        return
    for clause in CLAUSE_SEPARATOR.split(sentence):
        statement = _clause_statement(clause.strip(), context)
        if statement is not None:
            yield statement


def _paragraph_statements(paragraph: Paragraph, context: Context) -> Iterator[Statement]:
    if is_heading(paragraph):
        if paragraph.section is not None and unit_suffix(paragraph.text):
            yield NamedUnit(paragraph.text, "heading", context)
        return
    for sentence in SENTENCE.findall(without_asides(paragraph.text)):
        if STATING.search(sentence):
            yield from _sentence_statements(sentence.strip(), context)


def _may_state(paragraph: Paragraph) -> bool:
    return is_heading(paragraph) or STATING.search(without_asides(paragraph.text)) is not None


def _context(section: Section, paragraph: Paragraph, index: int) -> Context:
    return Context(section.number, section.title, paragraph.heading, location_of(paragraph), index)


def paragraph_contexts(
    sections: tuple[Section, ...], keep: Callable[[Paragraph], bool] | None = None
) -> Iterator[tuple[Paragraph, Context]]:
    """Each paragraph (that ``keep`` keeps) with the context ``recognise`` gave it: later stages read names
    in the same scope. Filtering here spares building the contexts of paragraphs a stage would skip."""
    index = 0
    for section in sections:
        for paragraph in section.paragraphs:
            index += 1
            if keep is None or keep(paragraph):
                yield paragraph, _context(section, paragraph, index)


def recognise(sections: tuple[Section, ...]) -> list[Statement]:
    statements: list[Statement] = []
    index = 0
    for section in sections:
        if section.number is not None and section.title and unit_suffix(section.title):
            location = Location(section.number, None, section.title, section.span)
            context = Context(section.number, section.title, None, location, index)
            statements.append(NamedUnit(section.title, "section", context))
        for paragraph in section.paragraphs:
            index += 1
            if _may_state(paragraph):
                statements.extend(_paragraph_statements(paragraph, _context(section, paragraph, index)))
    return statements
