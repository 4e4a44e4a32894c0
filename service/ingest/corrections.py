"""Corrections files: extraction defects handled in the open, one TOML file per document.

```toml
symbol = "ST/SGB/2013/5"             # the issuance the entries correct

[[correction]]
paragraph = "2.2"                    # where the corrected provision stands (or: section = "8")
field = "unit"                       # unit | name | kind | parent | post | reports_to | text
was = "外勤支助处"                     # what the text says (must match the provision)
now = "外勤支助事务司"                  # what we conclude
reason = "listed in §2.2, described in section 8 under another name: one unit"
author = "sgb maintainers"
id = "dss-field-support"             # optional; default "<symbol>#<where>:<field>:<was>-><now>"
```

Each entry becomes one ``Corrected`` event on the issuance's stream, naming the provisions it overrides;
the provisions stay as recorded. An entry already recorded (same id) records nothing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from events.issuance import Issuance, ProvisionEntry, normalise_symbol
from events.values import CorrectedField
from service.ingest.depth import unit_named
from service.parsing import DocumentError

_REQUIRED = ("field", "was", "now", "reason", "author")
_KNOWN = {*_REQUIRED, "id", "paragraph", "section", "decided_on"}
_NOT_CORRECTABLE = ("WarningNoted", "Corrected")


class UnmatchedCorrectionError(LookupError):
    """A correction that matches no provision: nothing of its file is recorded."""


def slug(symbol: str) -> str:
    """ "A/72/6 (Sect. 29E)" -> "a-72-6-sect-29e": the corrections file found by symbol."""
    return re.sub(r"[^0-9a-z]+", "-", normalise_symbol(symbol).lower()).strip("-")


@dataclass(frozen=True, slots=True)
class CorrectionEntry:
    symbol: str
    correction_id: str
    paragraph: str | None
    section: str | None
    field: CorrectedField
    was: str
    now: str
    reason: str
    author: str

    @property
    def where(self) -> str:
        return f"§{self.paragraph}" if self.paragraph else f"section {self.section}"

    def __call__(self, issuance: Issuance) -> dict[str, Any]:
        """The fields of the Corrected event that records this entry on ``issuance``."""
        targets = self.targets(issuance)
        if not targets:
            raise UnmatchedCorrectionError(
                f"correction {self.correction_id}: no provision of {self.symbol} at {self.where} "
                f"states {self.field.value} {self.was!r}"
            )
        was_unit = targets[0].unit_id
        now_unit = unit_named(issuance, self.now)
        if self.field is CorrectedField.UNIT and now_unit is None:
            raise UnmatchedCorrectionError(f"correction {self.correction_id}: {self.now!r} names no unit")
        moved = self.field is CorrectedField.UNIT
        return {
            "correction_id": self.correction_id,
            "target_seqs": [t.seq for t in targets],
            "field": self.field,
            "was": self.was,
            "now": self.now,
            "unit_id": now_unit if moved else was_unit,
            "was_unit_id": was_unit if moved else None,
            "now_id": now_unit if self.field is CorrectedField.PARENT else None,
            "reason": self.reason,
            "author": self.author,
            "location": targets[0].location,
            "quote": targets[0].quote,
        }

    def targets(self, issuance: Issuance) -> list[ProvisionEntry]:
        here = [e for e in issuance.provisions.values() if self._at(e) and e.kind not in _NOT_CORRECTABLE]
        if self.field is CorrectedField.KIND:  # ``was`` is a kind: the unit defined at the place
            return [e for e in here if e.kind in ("UnitDefined", "EstablishmentStated")]
        if self.field in (CorrectedField.UNIT, CorrectedField.NAME):
            unit = unit_named(issuance, self.was) if self.field is CorrectedField.UNIT else None
            return [e for e in here if e.name == self.was or (unit is not None and e.unit_id == unit)]
        if self.field in (CorrectedField.POST, CorrectedField.REPORTS_TO):
            return [e for e in here if e.kind == "HeadDefined" and self.was in e.quote]
        return [e for e in here if self.was in e.quote]

    def _at(self, entry: ProvisionEntry) -> bool:
        if entry.location is None:
            return False
        if self.paragraph is not None:
            return entry.location.paragraph == self.paragraph
        return entry.location.section == self.section


def read_corrections(path: Path) -> list[CorrectionEntry]:
    """Every entry of one corrections file, checked; a bad file is refused with its name and problem."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise DocumentError(str(path), f"is not a readable corrections file: {error}") from None
    symbol = document.get("symbol")
    if not isinstance(symbol, str):
        raise DocumentError(str(path), "has no 'symbol' naming the issuance it corrects")
    return [
        _entry(path, normalise_symbol(symbol), n, e) for n, e in enumerate(document.get("correction", []), 1)
    ]


def _entry(path: Path, symbol: str, number: int, entry: dict[str, Any]) -> CorrectionEntry:
    where = f"{path} (correction {number})"
    missing = [key for key in _REQUIRED if not isinstance(entry.get(key), str) or not entry[key].strip()]
    if missing or not (entry.get("paragraph") or entry.get("section")):
        raise DocumentError(where, f"needs {', '.join(missing) or 'paragraph or section'}")
    if unknown := set(entry) - _KNOWN:
        raise DocumentError(where, f"has unknown keys: {', '.join(sorted(unknown))}")
    try:
        field = CorrectedField(entry["field"])
    except ValueError:
        raise DocumentError(
            where, f"field must be one of {', '.join(f.value for f in CorrectedField)}"
        ) from None
    paragraph, section = entry.get("paragraph"), entry.get("section")
    place = f"§{paragraph}" if paragraph else f"section {section}"
    default_id = f"{symbol}#{place}:{field.value}:{entry['was']}->{entry['now']}"
    return CorrectionEntry(
        symbol,
        str(entry.get("id") or default_id),
        paragraph,
        section,
        field,
        entry["was"],
        entry["now"],
        entry["reason"].strip(),
        entry["author"].strip(),
    )


def corrections_file(directory: Path, symbol: str | None, named: str | None) -> Path | None:
    """The file a manifest entry names (``corrections = "corrections/x.toml"``), else the one found by
    the symbol's slug under ``corrections/``, else None."""
    if named is not None:
        return directory / named
    if symbol is None:
        return None
    found = directory / "corrections" / f"{slug(symbol)}.toml"
    return found if found.exists() else None
