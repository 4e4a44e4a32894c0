"""The hand-written floor: a plain Starlette route returning precomputed JSON bytes (the same bytes the
GraphQL API answered), served by uvicorn like the API. ``python -m benchmarks.floor FILE --port P``."""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def app_for(body: bytes) -> Starlette:
    async def graphql(request: Request) -> Response:
        await request.body()
        return Response(body, media_type="application/json")

    async def healthz(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"]), Route("/healthz", healthz)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    uvicorn.run(app_for(args.file.read_bytes()), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
