"""Stage 3a: the document's metadata — what the header says, what hints add, when it takes effect.

Hints (manifest, command-line flags) fill in and override what the text states; ``Metadata.sources`` keeps
which one each field came from, so the audit trail can tell a stated date from a supplied one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .model import DocumentError, EntryIntoForce, Hints, Metadata, Paragraph, Section
from .segment import all_paragraphs, is_heading, location_of
from .symbols import CHINESE_DATE, SYMBOL, full_date, parse_date_line

KIND_MARKERS = {"秘书长公报": "bulletin", "秘书长报告": "report"}
BUDGET_MARKER = re.compile(r"方案预算|第\s*\d+[A-Z]?\s*款")
ON_ISSUE = re.compile(r"自(?:本公报)?(?:发布|印发|公布|颁布|签发)(?:日期|之日|日)起生效")
ON_DATE = re.compile(
    r"(?:应)?(?:于|自|从)\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:起)?\s*(?:开始)?生效"
)


@dataclass(frozen=True, slots=True)
class Header:
    """What the text itself states before its first section."""

    issued_on: date | None
    title: str | None
    symbol: str | None
    kind: str | None


def _preamble(sections: tuple[Section, ...]) -> tuple[Paragraph, ...]:
    return sections[0].paragraphs if sections and sections[0].number is None else ()


def _kind_marker(preamble: tuple[Paragraph, ...]) -> int | None:
    return next((i for i, p in enumerate(preamble) if is_heading(p) and p.text in KIND_MARKERS), None)


def read_header(sections: tuple[Section, ...], text: str) -> Header:
    preamble = _preamble(sections)
    marker = _kind_marker(preamble)
    before = preamble[:marker] if marker is not None else preamble
    issued_on = next((d for p in before if (d := parse_date_line(p.text))), None)
    symbol = next((p.text for p in before if SYMBOL.fullmatch(p.text)), None)
    title = None
    kind = None
    if marker is not None:
        kind = KIND_MARKERS[preamble[marker].text]
        following = preamble[marker + 1 : marker + 2]
        title = following[0].text if following and is_heading(following[0]) else None
    elif BUDGET_MARKER.search(text):
        kind = "budget"
    return Header(issued_on, title, symbol, kind)


def find_entry_into_force(sections: tuple[Section, ...]) -> EntryIntoForce | None:
    """The clause saying when the document takes effect: on issue, or on a stated day."""
    for paragraph in all_paragraphs(sections):
        if "生效" not in paragraph.text:
            continue
        stated = ON_DATE.search(paragraph.text)
        if stated:
            day = CHINESE_DATE.match(stated.group("date"))
            effective = full_date(*day.groups()) if day else None
            if effective:
                return EntryIntoForce(effective, False, location_of(paragraph))
        if ON_ISSUE.search(paragraph.text):
            return EntryIntoForce(None, True, location_of(paragraph))
    return None


def _choose(hinted: str | None, stated: str | None, name: str, sources: dict[str, str]) -> str | None:
    if hinted is not None:
        sources[name] = "hint"
        return hinted
    if stated is not None:
        sources[name] = "text"
    return stated


def _effective_on(
    hints: Hints, clause: EntryIntoForce | None, issued_on: str | None, sources: dict[str, str]
) -> date | None:
    """Precedence: a hint, then a date the clause states, then the issue date of an "on issue" clause."""
    if hints.effective_on is not None:
        sources["effective_on"] = "hint"
        return hints.effective_on
    if clause is None:
        return None
    if clause.effective_on is not None:
        sources["effective_on"] = "text"
        return clause.effective_on
    if clause.on_issue and issued_on and re.fullmatch(r"\d{4}-\d{2}-\d{2}", issued_on):
        sources["effective_on"] = "text" if sources.get("issued_on") == "text" else "hint"
        return date.fromisoformat(issued_on)
    return None


def build_metadata(header: Header, clause: EntryIntoForce | None, hints: Hints, source_name: str) -> Metadata:
    sources: dict[str, str] = {}
    stated_issue = header.issued_on.isoformat() if header.issued_on else None
    symbol = _choose(hints.symbol, header.symbol, "symbol", sources)
    if symbol is None:
        raise DocumentError(source_name, "the text states no symbol (ST/SGB/yyyy/n); give it with --symbol")
    kind = _choose(hints.kind, header.kind, "kind", sources)
    if kind is None:
        raise DocumentError(
            source_name,
            "this is not a recognisable issuance: no '秘书长公报' (or report/budget) header; "
            "give its kind with --kind",
        )
    title = _choose(hints.title, header.title, "title", sources)
    issued_on = _choose(hints.issued_on, stated_issue, "issued_on", sources)
    effective_on = _effective_on(hints, clause, issued_on, sources)
    if kind == "bulletin" and effective_on is None:
        raise DocumentError(source_name, _no_effective_date_problem(clause))
    on_issue = clause is not None and clause.on_issue and clause.effective_on is None
    return Metadata(symbol, kind, title, issued_on, effective_on, on_issue, "zh", sources)


def _no_effective_date_problem(clause: EntryIntoForce | None) -> str:
    if clause is not None and clause.on_issue:
        return (
            "the bulletin takes effect on issue, but its issue date is unknown (no date line); "
            "give --issued-on or --effective-on"
        )
    return "the text does not say when the bulletin takes effect; give --effective-on (or --issued-on)"


def resolve_entry_into_force(clause: EntryIntoForce | None, metadata: Metadata) -> EntryIntoForce | None:
    """An "on issue" clause takes the issue date once the metadata knows it."""
    if clause is None or not clause.on_issue or clause.effective_on is not None:
        return clause
    issued = metadata.issued_on
    day = date.fromisoformat(issued) if issued and re.fullmatch(r"\d{4}-\d{2}-\d{2}", issued) else None
    return EntryIntoForce(day, True, clause.location)
