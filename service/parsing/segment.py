"""Stage 2: clean text -> sections and paragraphs, each with its span.

The genre numbers sections "第 6 节" (title on the same or the next line), paragraphs "6.1" (or "29E.1" in a
budget fascicle, "1." in a report), lettered items "(a)" under a paragraph, and puts short unnumbered
sub-headings ("前沿办公室") above the paragraphs that describe one unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .model import Location, Paragraph, Section, Span

SECTION_LINE = re.compile(r"^第\s*(\d+[A-Z]?)\s*节(?:\s+(\S.*))?$")
# A table row ("51.3 88.8 9.7") is not a paragraph; a paragraph may open with a year ("9.2 2000 年").
NUMBERED = re.compile(r"^(\d+[A-Z]?\.\d+)\s+(?![\d.]+\s+[\d.(])(?=\S)(.*)$")
REPORT_NUMBERED = re.compile(r"^(\d+)\.\s*(?=[^\d\s.])(.*)$")
LETTERED = re.compile(r"^\(([a-z])\)\s*(.*)$")
CHINESE_ITEM = re.compile(r"^\([一二三四五六七八九十]+\)")
SENTENCE_END = ("。", "；", "：", ";", ":", ".")
HEADING_MAX_CHARS = 30
HEADING_FORBIDDEN = re.compile(r"[，。；：,;:]")


@dataclass
class _Draft:
    """A paragraph being assembled; continuation lines of a broken paragraph are appended."""

    section: str | None
    number: str | None
    text: str
    start: int
    end: int
    heading: str | None
    is_heading: bool = False

    def freeze(self) -> Paragraph:
        return Paragraph(self.section, self.number, self.text, Span(self.start, self.end), self.heading)


@dataclass
class _SectionDraft:
    number: str | None
    title: str | None
    start: int
    end: int
    paragraphs: list[_Draft] = field(default_factory=list)
    awaiting_title: bool = False
    heading: str | None = None
    paragraph_number: str | None = None

    def freeze(self) -> Section:
        paragraphs = tuple(draft.freeze() for draft in self.paragraphs)
        return Section(self.number, self.title, paragraphs, Span(self.start, self.end))


def _lines(text: str) -> Iterator[tuple[str, int]]:
    offset = 0
    for line in text.split("\n"):
        yield line, offset
        offset += len(line) + 1


def is_heading_line(line: str) -> bool:
    """Short, unpunctuated, unnumbered: a sub-heading such as 前沿办公室 or 秘书长公报."""
    return len(line) <= HEADING_MAX_CHARS and not HEADING_FORBIDDEN.search(line) and not line.endswith("。")


def is_heading(paragraph: Paragraph) -> bool:
    """Headings are kept as paragraphs without a number whose text is their own heading."""
    return paragraph.number is None and paragraph.heading == paragraph.text


def _numbered(line: str, current: _SectionDraft) -> tuple[str, str] | None:
    # Each pattern is tried only on a line opening with what it opens with: most lines are neither.
    for pattern in (NUMBERED, REPORT_NUMBERED) if line[:1].isdecimal() else ():
        match = pattern.match(line)
        if match:
            return match.group(1), match.group(2)
    letter = LETTERED.match(line) if line.startswith("(") else None
    if letter and current.paragraph_number:
        base = current.paragraph_number.split("(")[0]
        return f"{base}({letter.group(1)})", letter.group(2)
    return None


def _is_chinese_item(line: str) -> bool:
    return line.startswith("(") and CHINESE_ITEM.match(line) is not None


def _add_line(current: _SectionDraft, line: str, start: int) -> None:
    end = start + len(line)
    current.end = end
    numbered = _numbered(line, current)
    last = current.paragraphs[-1] if current.paragraphs else None
    if numbered:
        number, body = numbered
        current.paragraph_number = number
        current.paragraphs.append(_Draft(current.number, number, body, start, end, current.heading))
    elif current.awaiting_title:
        current.title, current.awaiting_title = line, False
    elif is_heading_line(line) and not _is_chinese_item(line):
        current.heading = line
        current.paragraphs.append(_Draft(current.number, None, line, start, end, line, is_heading=True))
    elif (
        last is not None
        and not last.is_heading
        and (_is_chinese_item(line) or not last.text.endswith(SENTENCE_END))
    ):
        # A paragraph broken across lines (or its numbered sub-items) continues the previous one.
        last.text, last.end = last.text + line, end
    else:
        current.paragraphs.append(_Draft(current.number, None, line, start, end, current.heading))


def segment(text: str) -> tuple[Section, ...]:
    sections = [_SectionDraft(None, None, 0, 0)]
    for line, start in _lines(text):
        if not line:
            continue
        heading = SECTION_LINE.match(line) if line.startswith("第") else None
        if heading:
            title = heading.group(2)
            section = _SectionDraft(heading.group(1), title, start, start + len(line))
            section.awaiting_title = title is None
            sections.append(section)
            continue
        _add_line(sections[-1], line, start)
    return tuple(section.freeze() for section in sections)


def all_paragraphs(sections: tuple[Section, ...]) -> Iterator[Paragraph]:
    for section in sections:
        yield from section.paragraphs


def location_of(paragraph: Paragraph) -> Location:
    """Where a paragraph stands; a budget's "29E.1" stands in section "29E" even without "第 N 节"."""
    section = paragraph.section
    if section is None and paragraph.number and "." in paragraph.number:
        section = paragraph.number.split(".")[0]
    return Location(section, paragraph.number, paragraph.text, paragraph.span)
