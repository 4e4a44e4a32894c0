"""Stage 3b: what the document says about other issuances — abolitions and citations.

Abolition: "…ST/SGB/2000/9 号秘书长公报特此作废" (the whole issuance) or "(ST/SGB/1998/11 第 5 节，…)
就此废止" (only the sections named). Citations: applied with (一并适用), amended by (经 X 修正/修订),
authority (秘书长根据…; established by a resolution), otherwise plainly cited. "S 第 N 节修正如下": this
document amends sections N of S (AMENDED_BY, amended by this document's own symbol).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Abolition, Citation, Paragraph, Relation, Section
from .segment import all_paragraphs, location_of
from .symbols import SymbolMention, chinese_dates, find_symbols

SENTENCE = re.compile(r"[^。；;]+[。；;]?")
# "特此作废", "就此废止", "予以废止": the verb alone decides, whatever adverb precedes it.
ABOLISHING_VERBS = ("作废", "废止")
SECTIONS_AFTER = re.compile(
    r"^\s*(?:号(?:秘书长)?公报)?\s*第\s*(\d+(?:\s*(?:[、,，和及至-]|和第|及第)\s*\d+)*)\s*节"
)
# "ST/SGB/2014/3 号秘书长公报第 4 节修正如下": this document amends those sections of the cited one.
AMENDS_SECTIONS = re.compile(
    r"^\s*(?:号(?:秘书长)?公报)?\s*第\s*(\d+(?:\s*(?:[、,，和及]|和第|及第)\s*\d+)*)\s*节\s*(?:现)?(?:修正|修订)如下"
)
CITED_TITLE = re.compile(r"题为“([^”]+)”")
AMENDED = re.compile(r"(\()?经\s*(?P<by>\S+?)\s*(?:号(?:秘书长)?公报)?\s*(?:修正|修订)")
APPLIES_WITH = "一并适用"
AUTHORITY_PREAMBLE = re.compile(r"^秘书长根据")
# "由大会第 63/262 号决议于 2008 年 12 月设立" — but not "由于…根据…决议为…设立 2 个员额".
NUMBER = re.compile(r"\d+")
ESTABLISHED_BY = re.compile(r"由(?!于)\s*(?:大会)?(?P<by>[^，。；]{0,30}?号决议)[^，。；]{0,20}?设立")


def _citing(sections: tuple[Section, ...]) -> Iterator[Paragraph]:
    """The paragraphs that may cite: every symbol has a "/", and most paragraphs have none."""
    return (paragraph for paragraph in all_paragraphs(sections) if "/" in paragraph.text)


def _abolishes(sentence: str) -> bool:
    return any(verb in sentence for verb in ABOLISHING_VERBS)


def _sentences(paragraph: Paragraph) -> Iterator[str]:
    for match in SENTENCE.finditer(paragraph.text):
        if match.group(0).strip():
            yield match.group(0)


def _title_before(sentence: str, mention: SymbolMention, previous_end: int) -> str | None:
    """The "题为“…”" standing between the previous symbol and this one names this one."""
    titles = list(CITED_TITLE.finditer(sentence, previous_end, mention.start))
    return titles[-1].group(1) if titles else None


def _sections_of(sentence: str, mention: SymbolMention) -> tuple[str, ...]:
    match = SECTIONS_AFTER.match(sentence[mention.end :])
    return tuple(NUMBER.findall(match.group(1))) if match else ()


def find_abolitions(sections: tuple[Section, ...], own_symbol: str | None) -> list[Abolition]:
    abolitions: list[Abolition] = []
    for paragraph in _citing(sections):
        for sentence in _sentences(paragraph):
            if not _abolishes(sentence):
                continue
            mentions = [m for m in find_symbols(sentence) if m.symbol != own_symbol]
            for index, mention in enumerate(mentions):
                if not mention.symbol.startswith("ST/"):
                    continue
                previous_end = mentions[index - 1].end if index else 0
                title = _title_before(sentence, mention, previous_end) or _title_before(sentence, mention, 0)
                # A symbol's date stands between the previous symbol and it ("A 日…的 S1 和 B 日…的 S2").
                cited_on = next(chinese_dates(sentence[previous_end : mention.start]), None)
                abolitions.append(
                    Abolition(
                        mention.symbol,
                        _sections_of(sentence, mention),
                        title,
                        cited_on,
                        location_of(paragraph),
                    )
                )
    return abolitions


def _amendments(sentence: str, mentions: list[SymbolMention]) -> dict[str, str]:
    """amended symbol -> amending symbol. "经 A 修正的…B" amends the next symbol; "B(经 A 修订)" the last."""
    amended_by: dict[str, str] = {}
    for match in AMENDED.finditer(sentence):
        by = next((m for m in mentions if m.start >= match.start("by") and m.end <= match.end()), None)
        if by is None:
            continue
        if match.group(1):
            target = next((m for m in reversed(mentions) if m.end <= match.start()), None)
        else:
            target = next((m for m in mentions if m.start >= match.end()), None)
        if target is not None:
            amended_by[target.symbol] = by.symbol
    return amended_by


def _relation(sentence: str, paragraph: Paragraph, mention: SymbolMention) -> Relation:
    if APPLIES_WITH in sentence:
        return Relation.APPLIES_WITH
    if paragraph.section is None and AUTHORITY_PREAMBLE.match(paragraph.text):
        return Relation.AUTHORITY
    established = ESTABLISHED_BY.search(sentence)
    if established and established.start() <= mention.start < established.end():
        return Relation.AUTHORITY
    return Relation.CITED


def _sentence_citations(sentence: str, paragraph: Paragraph, own_symbol: str | None) -> Iterator[Citation]:
    mentions = find_symbols(sentence)
    amended_by = _amendments(sentence, mentions)
    amending = set(amended_by.values())
    location = location_of(paragraph)
    previous_end = 0
    for mention in mentions:
        title = _title_before(sentence, mention, previous_end)
        previous_end = mention.end
        if mention.symbol == own_symbol:
            continue
        if mention.symbol in amending:
            yield Citation(mention.symbol, Relation.CITED, title, location)
            continue
        yield Citation(mention.symbol, _relation(sentence, paragraph, mention), title, location)
        amended_here = AMENDS_SECTIONS.match(sentence[mention.end :])
        if amended_here and own_symbol is not None:
            sections = tuple(NUMBER.findall(amended_here.group(1)))
            yield Citation(mention.symbol, Relation.AMENDED_BY, title, location, own_symbol, sections)
        if mention.symbol in amended_by:
            yield Citation(
                mention.symbol, Relation.AMENDED_BY, title, location, amended_by=amended_by[mention.symbol]
            )


def find_citations(sections: tuple[Section, ...], own_symbol: str | None) -> list[Citation]:
    """Each (symbol, relation, amending symbol) once, at its first mention; abolitions are not citations."""
    seen: set[tuple[str, Relation, str | None]] = set()
    citations: list[Citation] = []
    for paragraph in _citing(sections):
        for sentence in _sentences(paragraph):
            if _abolishes(sentence):
                continue
            for citation in _sentence_citations(sentence, paragraph, own_symbol):
                identity = (citation.target_symbol, citation.relation, citation.amended_by)
                if identity not in seen:
                    seen.add(identity)
                    citations.append(citation)
    return citations
