"""How much of the generator's ground truth the parser recovers: units (key), parents, heads, dates,
abolitions. Used by the benchmark and (on a small history) by tests/unit/synth."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from service.parsing import Hints, parse_document


@dataclass
class Recovery:
    documents: int = 0
    units: int = 0
    units_found: int = 0
    parents_found: int = 0
    extra_units: int = 0
    heads: int = 0
    heads_found: int = 0
    dates_found: int = 0
    abolitions: int = 0
    abolitions_found: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def unit_recall(self) -> float:
        return self.units_found / self.units if self.units else 1.0

    @property
    def parent_recall(self) -> float:
        return self.parents_found / self.units if self.units else 1.0

    @property
    def head_recall(self) -> float:
        return self.heads_found / self.heads if self.heads else 1.0

    @property
    def date_recall(self) -> float:
        return self.dates_found / self.documents if self.documents else 1.0

    @property
    def abolition_recall(self) -> float:
        return self.abolitions_found / self.abolitions if self.abolitions else 1.0

    def summary(self) -> str:
        return (
            f"{self.documents} bulletins: units {self.unit_recall:.2%} ({self.units_found}/{self.units}), "
            f"parents {self.parent_recall:.2%}, heads {self.head_recall:.2%}, "
            f"effective dates {self.date_recall:.2%}, abolitions {self.abolition_recall:.2%}, "
            f"extra units {self.extra_units}"
        )


def score(truths: Iterable[dict[str, Any]], texts: dict[str, bytes], keep_misses: int = 20) -> Recovery:
    """Parse each bulletin (with the manifest's hints) and compare with its truth."""
    result = Recovery()
    for truth in truths:
        hints = Hints(
            symbol=truth["symbol"], kind="bulletin", title=truth["title"], issued_on=truth["issued_on"]
        )
        parsed = parse_document(texts[truth["file"]], truth["file"], hints)
        units = {u.key: u for u in parsed.units}
        heads = {(h.unit_key, h.post): h for h in parsed.heads}
        result.documents += 1
        effective = parsed.metadata.effective_on
        if effective == date.fromisoformat(truth["effective_on"]):
            result.dates_found += 1
        elif len(result.misses) < keep_misses:
            result.misses.append(f"{truth['symbol']}: effective {effective} != {truth['effective_on']}")
        expected = {u["key"] for u in truth["units"]}
        result.extra_units += len(set(units) - expected)
        for unit in truth["units"]:
            result.units += 1
            found = units.get(unit["key"])
            if found is None:
                if len(result.misses) < keep_misses:
                    result.misses.append(f"{truth['symbol']}: unit {unit['key']} missing")
                continue
            result.units_found += 1
            if found.parent_key == unit["parent"]:
                result.parents_found += 1
            elif len(result.misses) < keep_misses:
                result.misses.append(
                    f"{truth['symbol']}: {unit['key']} parent {found.parent_key} != {unit['parent']}"
                )
        for head in truth["heads"]:
            result.heads += 1
            got = heads.get((head["unit"], head["post"]))
            if got is not None and list(got.reports_to) == head["reports_to"]:
                result.heads_found += 1
            elif len(result.misses) < keep_misses:
                result.misses.append(f"{truth['symbol']}: head {head} -> {got}")
        abolished = {(a.target_symbol, tuple(a.sections)) for a in parsed.abolitions}
        for abolition in truth["abolitions"]:
            result.abolitions += 1
            if (abolition["target"], tuple(abolition["sections"])) in abolished:
                result.abolitions_found += 1
            elif len(result.misses) < keep_misses:
                result.misses.append(f"{truth['symbol']}: abolition {abolition} not in {abolished}")
    return result
