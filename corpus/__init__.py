"""The bundled corpus: the seed documents and the manifest that supplies what their texts lack."""

from pathlib import Path

DIRECTORY = Path(__file__).parent
