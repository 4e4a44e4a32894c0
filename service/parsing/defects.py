"""Stage 7: defects of the text as a whole, flagged (never silently corrected).

Near-miss department names. The departments a document knows are the one it organises and those named
in "X部的组织" (its own title, cited titles, "关于外勤支助部的组织的…公报"). A name of the same length
that ends in 部, differs from a known department in exactly one character of its stem, and is not known
itself ("后勤支助部" beside "外勤支助部") is flagged at each occurrence as "possibly" the known one.

One title, two symbols. Citations (and abolitions) give the title of what they cite ("题为“…”"). When
one title is given for two different symbols, one of them is probably mis-cited: both are named. The
document's own title is exempt: a bulletin that replaces its predecessors cites them under its own title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Abolition, Citation, Location, Section, Warning
from .segment import all_paragraphs, location_of

ORGANISED = re.compile(r"(?P<department>[^\s，。；、“”\"()的关于题为]{2,12}?部)的?组织")


def known_departments(text: str) -> set[str]:
    # A name never spans a line (the pattern takes no whitespace), so only the lines saying 组织 are
    # scanned: scanning the whole text from every position was most of this stage.
    lines = (line for line in text.split("\n") if "组织" in line)
    return {match.group("department") for line in lines for match in ORGANISED.finditer(line)}


def _variants(department: str) -> re.Pattern[str]:
    """ "外勤支助部" -> "(?:.勤支助部|外.支助部|外勤.助部|外勤支.部)": one stem character replaced."""
    stem = department[:-1]
    options = [
        re.escape(stem[:i]) + r"[^\s、，。；的和及与]" + re.escape(stem[i + 1 :]) for i in range(len(stem))
    ]
    return re.compile("(?:" + "|".join(options) + ")部")


def _near_misses(sections: tuple[Section, ...], known: set[str]) -> Iterator[Warning]:
    for department in sorted(known):
        pattern = _variants(department)
        for paragraph in all_paragraphs(sections):
            for match in pattern.finditer(paragraph.text):
                name = match.group(0)
                if name not in known:
                    yield Warning(
                        _near_miss_message(name, department, paragraph.number), location_of(paragraph)
                    )


def _near_miss_message(name: str, department: str, paragraph: str | None) -> str:
    return (
        f"'{name}' (paragraph {paragraph}) is not a department this document names elsewhere; it differs "
        f"from '{department}' by one character: possibly '{department}'"
    )


def _titles(citations: list[Citation], abolitions: list[Abolition]) -> dict[str, dict[str, Location]]:
    titles: dict[str, dict[str, Location]] = {}
    cited = [(c.cited_title, c.target_symbol, c.location) for c in citations]
    cited += [(a.cited_title, a.target_symbol, a.location) for a in abolitions]
    for title, symbol, location in cited:
        if title is not None:
            titles.setdefault(title, {}).setdefault(symbol, location)
    return titles


def _one_title_two_symbols(
    citations: list[Citation], abolitions: list[Abolition], own_title: str | None
) -> Iterator[Warning]:
    for title, symbols in _titles(citations, abolitions).items():
        if len(symbols) < 2 or title == own_title:
            continue
        named = ", ".join(
            f"{symbol} ({location.paragraph or location.section or 'preamble'})"
            for symbol, location in symbols.items()
        )
        last = list(symbols.values())[-1]
        yield Warning(
            f"one title '{title}' is cited for {len(symbols)} symbols: {named}; one citation may be wrong",
            last,
        )


def document_defects(
    text: str,
    sections: tuple[Section, ...],
    references: tuple[list[Citation], list[Abolition]],
    own_title: str | None,
) -> list[Warning]:
    citations, abolitions = references
    return [
        *_near_misses(sections, known_departments(text)),
        *_one_title_two_symbols(citations, abolitions, own_title),
    ]
