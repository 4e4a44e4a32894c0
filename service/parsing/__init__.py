"""Text -> structured provisions: a pure pipeline that knows nothing of events or storage."""

from .model import DocumentError, Hints, ParsedDocument
from .pipeline import parse_document

__all__ = ["DocumentError", "Hints", "ParsedDocument", "parse_document"]
