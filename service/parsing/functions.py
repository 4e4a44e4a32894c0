"""Stage 6a: each unit's core functions (核心职能), one ``FunctionsDefinition`` per unit per paragraph.

Rules, in the genre's phrasing:
  intro        "X 的核心(战略|业务)?(职能|职责)(如下|包括|是…)：" — the sentence that ends its paragraph
               introduces the lettered items that follow it ((a)…, "- (a)…"); "X：" alone (the genre's
               "2.1 外勤支助部：") does the same for X.
  sub-items    a lettered item's numbered sub-items ((一), (二)) are items of their own, after the
               item's lead-in; with no lettered items, the intro paragraph's own sub-items are the items.
  one sentence "X 的核心职能是 Y。" with no items following: Y is the one item.
  reference    "X 的核心职能载于 S 第 N 节": a citation of S (sections N), and no functions.
X is read as a unit name where it stands (该司, 这些科, short forms); failing that as a post, whose
functions are those of the unit it heads ("副秘书长的核心战略职能" -> the department). A post that heads no
unit of the document gets a warning instead. An item's text has no letter or numeral, and no trailing
；/。 or conjunction ("；及").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from .assemble import Assembly
from .lookup import key_of, unit_headed_by, unit_named
from .model import Citation, FunctionsDefinition, Paragraph, Relation, Section, Warning
from .recognise import Context, paragraph_contexts
from .resolve import Unit
from .segment import all_paragraphs
from .symbols import find_symbols
from .units import ends_like_person, unit_suffix

INTRO = re.compile(r"^(?P<subject>[^，,：:]+?)的核心(?:战略|业务)?(?:职能|职责)(?P<rest>.*)$")
NAME_AND_COLON = re.compile(r"^(?P<subject>[^，,：:。；]+)[：:]$")
SENTENCE = re.compile(r"[^。；;]+[。；;]?")
SUB_ITEM = re.compile(r"\([一二三四五六七八九十]+\)")
TRAILING = re.compile(r"(?:[；;]\s*(?:以及|及|和|并))?[\s；;。，,：:]*$")
TRAILING_CHARACTERS = "；;。，,：:以及和并"
SECTIONS = re.compile(r"^\s*(?:号)?(?:秘书长)?(?:公报|公告)?\s*第\s*(\d+)\s*节")


@dataclass
class FunctionsFound:
    functions: list[FunctionsDefinition] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Intro:
    subject: str
    rest: str  # what follows "核心职能": "如下：", "是管理…", "载于…"
    sentence: str


def clean_item(text: str) -> str:
    text = text.strip()
    # TRAILING consumes only these characters and whitespace, so it matches within the item's tail of
    # them: searching from there finds the match a scan of the whole item would, without the scan.
    tail = len(text)
    while tail and (text[tail - 1].isspace() or text[tail - 1] in TRAILING_CHARACTERS):
        tail -= 1
    trailing = TRAILING.search(text, tail)
    return text[: trailing.start() if trailing else len(text)].strip()


def _intro(paragraph: Paragraph) -> _Intro | None:
    whole = NAME_AND_COLON.match(paragraph.text.strip())
    if whole and unit_suffix(whole.group("subject")):
        return _Intro(whole.group("subject").strip(), "：", paragraph.text)
    for sentence in SENTENCE.findall(paragraph.text):
        match = INTRO.match(sentence.strip())
        if match:
            return _Intro(match.group("subject").strip(), match.group("rest").strip(), sentence.strip())
    return None


def _may_introduce(paragraph: Paragraph) -> bool:
    """What every intro has (a number of its own, and 核心 or a closing colon): most paragraphs fail
    these cheap tests, and are spared the patterns."""
    if not paragraph.number or "(" in paragraph.number:
        return False
    return "核心" in paragraph.text or paragraph.text.rstrip().endswith((":", "："))


def _split_sub_items(text: str) -> list[str]:
    """ "通过以下途径…：(一) A；(二) B。" -> [lead-in, A, B]; the lead-in only if it says something."""
    pieces = [clean_item(piece) for piece in SUB_ITEM.split(text)]
    return [piece for piece in pieces if piece]


def _items(paragraph: Paragraph, following: Iterable[Paragraph], intro: _Intro) -> list[str]:
    lettered = []
    for item in following:
        if item.number is None or not item.number.startswith(f"{paragraph.number}("):
            break
        lettered.extend(_split_sub_items(item.text))
    if lettered:
        return lettered
    if SUB_ITEM.search(paragraph.text):
        return _split_sub_items(paragraph.text.split(intro.sentence, 1)[-1] or paragraph.text)[0:]
    if intro.rest.startswith("是"):
        return [clean_item(intro.rest.removeprefix("是"))]
    return []


def _reference(intro: _Intro, context: Context, own_symbol: str | None) -> list[Citation]:
    citations = []
    for mention in find_symbols(intro.sentence):
        if mention.symbol == own_symbol:
            continue
        sections = SECTIONS.match(intro.sentence[mention.end :])
        numbers = (sections.group(1),) if sections else ()
        citations.append(Citation(mention.symbol, Relation.CITED, None, context.location, sections=numbers))
    return citations


def _subject_unit(assembly: Assembly, subject: str, context: Context) -> Unit | None:
    unit = unit_named(assembly, subject, context)
    if unit is None and ends_like_person(subject):
        unit = unit_headed_by(assembly, subject)
    return unit


def find_functions(
    assembly: Assembly, sections: tuple[Section, ...], department: str, own_symbol: str | None
) -> FunctionsFound:
    found = FunctionsFound()
    seen: set[tuple[str, str | None]] = set()
    paragraphs = list(all_paragraphs(sections))
    for paragraph, context in paragraph_contexts(sections, _may_introduce):
        intro = _intro(paragraph)
        if intro is None:
            continue
        if intro.rest.startswith("载于"):
            found.citations.extend(_reference(intro, context, own_symbol))
            continue
        # The paragraphs after this one (its index counts from 1); not a slice, which would copy the rest
        # of the document for each intro.
        items = _items(paragraph, islice(paragraphs, context.paragraph_index, None), intro)
        unit = _subject_unit(assembly, intro.subject, context)
        if unit is None:
            found.warnings.append(Warning(_no_unit(intro.subject), context.location))
            continue
        key = key_of(unit, department) or ""
        if items and (key, paragraph.number) not in seen:
            seen.add((key, paragraph.number))
            found.functions.append(FunctionsDefinition(key, tuple(items), context.location))
    return found


def _no_unit(subject: str) -> str:
    return (
        f"core functions of '{subject}' are stated, but it is neither a unit of this document nor the "
        "head of one; they are not recorded"
    )
