"""What recording a document would record, without recording it (``sgb extract``): metadata with its
sources, the provisions in document order with their places (exactly the rows the read models would get),
the resolved units as a tree, the name resolutions with their reasons, and the warnings."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from rich.console import Console
from rich.tree import Tree

from events.issuance import Issuance
from service.ingest.manifest import MANIFEST_NAME, DocumentRequest, expand, read_manifest
from service.ingest.preparing import PreparedDocument
from service.parsing import Hints
from service.projections.provisions import provision_row


def request_for(path: Path, overrides: Hints) -> DocumentRequest:
    """The file with the metadata a manifest next to it (or one directory up) supplies, then the flags."""
    for directory in (path.parent, path.parent.parent):
        if (directory / MANIFEST_NAME).exists():
            for request in read_manifest(directory):
                if request.path.resolve() == path.resolve():
                    return expand([request.path], overrides, base=request)[0]
    return expand([path], overrides)[0]


def extraction(prepared: PreparedDocument) -> dict[str, Any]:
    parsed, issuance = prepared.parsed, prepared.issuance
    meta = parsed.metadata
    events = [cast(Issuance.Event, e) for e in issuance.pending_events[1:]]
    rows = [row for e in events if (row := provision_row(issuance.symbol, e))]
    return {
        "file": str(prepared.path),
        "metadata": {
            "symbol": issuance.symbol,
            "kind": meta.kind,
            "title": meta.title,
            "issued_on": meta.issued_on,
            "effective_on": meta.effective_on.isoformat() if meta.effective_on else None,
            "effective_on_issue": meta.effective_on_issue,
            "language": meta.language,
            "department": parsed.department,
            "sources": dict(meta.sources),
            "sha256": issuance.source_sha256,
        },
        "provisions": [
            {
                "seq": r.seq,
                "kind": r.kind,
                "section": r.section,
                "paragraph": r.paragraph,
                "unit_id": r.unit_id,
                "target": r.target,
                "data": r.data,
                "text": r.quote,
            }
            for r in rows
        ],
        "units": _tree(parsed.units),
        "resolutions": [
            {"name": r.name, "unit_id": r.unit_key, "reason": r.reason, "paragraph": r.location.paragraph}
            for r in parsed.resolutions
        ],
        "warnings": [
            {"message": w.message, "paragraph": w.location.paragraph if w.location else None}
            for w in parsed.warnings
        ],
    }


def _tree(units: Any) -> list[dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    for unit in units:
        nodes.setdefault(
            unit.key,
            {
                "id": unit.key,
                "name": unit.name,
                "kind": unit.kind.value,
                "paragraph": unit.location.paragraph,
                "children": [],
            },
        )
    roots: list[dict[str, Any]] = []
    placed: set[str] = set()
    for unit in units:
        if unit.key in placed:
            continue
        placed.add(unit.key)
        parent = nodes.get(unit.parent_key) if unit.parent_key else None
        (parent["children"] if parent is not None and parent["id"] != unit.key else roots).append(
            nodes[unit.key]
        )
    return roots


def render(doc: dict[str, Any], console: Console) -> None:
    """The extraction as readable text."""
    meta = doc["metadata"]
    console.rule(f"[bold]{meta['symbol']}[/] — {doc['file']}")
    for key in ("kind", "title", "issued_on", "effective_on", "department", "language"):
        source = meta["sources"].get(key)
        console.print(
            f"  {key:13} {meta[key]}" + (f"  [dim]({source})[/]" if source else ""), highlight=False
        )
    console.print(f"\n[bold]provisions[/] ({len(doc['provisions'])})")
    for p in doc["provisions"]:
        where = f"§{p['paragraph']}" if p["paragraph"] else f"section {p['section']}" if p["section"] else "-"
        subject = p["unit_id"] or p["target"] or ""
        console.print(
            f"  {p['seq']:>4} {where:10} {p['kind']:16} {subject}  [dim]{_brief(p['data'])}[/]",
            highlight=False,
        )
    tree = Tree("[bold]units[/]")
    _branches(tree, doc["units"])
    console.print(tree)
    console.print(f"[bold]name resolutions[/] ({len(doc['resolutions'])})")
    for r in doc["resolutions"]:
        console.print(
            f"  §{r['paragraph']} {r['name']} -> {r['unit_id']}: [dim]{r['reason']}[/]", highlight=False
        )
    console.print(f"[bold]warnings[/] ({len(doc['warnings'])})")
    for w in doc["warnings"]:
        console.print(f"  §{w['paragraph']} [yellow]{w['message']}[/]", highlight=False)


def _brief(data: dict[str, Any]) -> str:
    text = ", ".join(f"{k}={v}" for k, v in data.items() if v not in (None, [], ""))
    return text if len(text) < 70 else text[:69] + "…"


def _branches(tree: Tree, nodes: list[dict[str, Any]]) -> None:
    for node in nodes:
        where = f" §{node['paragraph']}" if node["paragraph"] else ""
        _branches(tree.add(f"{node['name']} [dim]{node['kind']}{where}[/]"), node["children"])
