"""The bundled corpus: the seed documents, the manifest that supplies what their texts lack, and likely
English names of the units they name (english_names.tsv: zh, en, confidence — facts to check)."""

import csv
from pathlib import Path

DIRECTORY = Path(__file__).parent
ENGLISH_NAMES = DIRECTORY / "english_names.tsv"


def english_names() -> dict[str, str]:
    """Chinese unit name -> likely English name."""
    with ENGLISH_NAMES.open(encoding="utf-8", newline="") as table:
        return {row["zh"]: row["en"] for row in csv.DictReader(table, delimiter="\t") if row.get("en")}
