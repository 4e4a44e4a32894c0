"""English names of units, and how sure the table is of each (english_names.tsv: zh, en, confidence)."""

from __future__ import annotations

import csv
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import strawberry


@strawberry.enum(description="How sure the name table is of an English name.")
class Confidence(enum.Enum):
    LIKELY = "likely"
    UNSURE = "unsure"


@strawberry.type(description="A unit's English name, and how sure the name table is of it.")
class EnglishName:
    text: str = strawberry.field(description="The English name.")
    confidence: Confidence = strawberry.field(description="LIKELY, or UNSURE: check before relying on it.")


@dataclass(frozen=True, slots=True)
class NameEntry:
    text: str
    confidence: Confidence = Confidence.LIKELY


NameTable = Mapping[str, NameEntry]


def name_table(names: Mapping[str, str | NameEntry] | None) -> dict[str, NameEntry]:
    """Chinese name -> entry; a bare English string counts as LIKELY."""
    return {zh: en if isinstance(en, NameEntry) else NameEntry(en) for zh, en in (names or {}).items()}


def read_name_table(path: Path) -> dict[str, NameEntry]:
    """Read a zh/en/confidence TSV; a confidence other than "unsure" counts as likely."""
    with path.open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table, delimiter="\t"))
    return {
        row["zh"]: NameEntry(row["en"], _confidence(row.get("confidence")))
        for row in rows
        if row.get("zh") and row.get("en")
    }


def _confidence(text: str | None) -> Confidence:
    return Confidence.UNSURE if (text or "").strip().lower() == "unsure" else Confidence.LIKELY
