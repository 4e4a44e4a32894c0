"""Documents in, events out: read files and manifests, parse, build the Issuance, record, project."""

from service.ingest.ingestor import Ingestor, IngestReport
from service.ingest.manifest import DocumentRequest, expand, read_manifest
from service.ingest.preparing import prepare

__all__ = ["DocumentRequest", "IngestReport", "Ingestor", "expand", "prepare", "read_manifest"]
