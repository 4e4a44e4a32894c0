"""The HTTP face: GraphQL (and GraphiQL, served offline) at /graphql, static assets, a health check.

`run_query` answers one query without HTTP, for the `sgb query` command.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from service.api.context import ApiContext
from service.api.errors import GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED
from service.api.feeds import feed_routes
from service.api.names import NameEntry, name_table
from service.api.read_side import ReadSide
from service.api.recording import Recorder
from service.api.response_cache import CachedGraphQL, ResponseCache
from service.api.schema import schema

STATIC_DIRECTORY = Path(__file__).parent / "static"

# TODO(lead): shown only if service/api/static/graphiql.html is missing from the package.
_PLACEHOLDER_IDE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sgb · GraphQL</title></head>
<body><h1>sgb GraphQL</h1>
<p>The GraphiQL page (<code>service/api/static/graphiql.html</code>) is not installed.
POST queries to <code>/graphql</code> as JSON:
<code>{"query": "{ organization(asOf: \\"2010-03-04\\") { asOf } }"}</code>.</p>
</body></html>
"""


def graphiql_html() -> str:
    """The offline GraphiQL page shipped in the package (no CDN), or a placeholder if it is missing."""
    page = files("service.api").joinpath("static", "graphiql.html")
    return page.read_text(encoding="utf-8") if page.is_file() else _PLACEHOLDER_IDE


class SgbGraphQL(GraphQL[ApiContext, None]):
    """strawberry's ASGI app with our context, orjson and the packaged GraphiQL page."""

    def __init__(self, api: ApiContext) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql",
            allow_queries_via_get=True,
            subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
        )
        self.api = api
        self.ide_html = graphiql_html()

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> ApiContext:
        return self.api.for_request(request)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(self.ide_html)

    def encode_json(self, data: object) -> str:
        # str, not bytes: bytes would make strawberry send binary WebSocket frames, which clients refuse.
        return orjson.dumps(data).decode()


def create_app(
    read_model: ReadSide,
    names: Mapping[str, str | NameEntry] | None = None,
    recorder: Recorder | None = None,
    api_token: str | None = None,
    response_cache: ResponseCache | None = None,
) -> Starlette:
    """The web application over a read model.

    `names` maps Chinese unit names to English ones (or to entries with a confidence), for
    `Unit.name(lang: EN)` and `Unit.englishName`; empty by default. `recordDocument` works only with both a
    `recorder` and an `api_token` (which requests must carry as `Authorization: Bearer <token>`).
    Successful read-only answers are kept in `response_cache` (a fresh one by default).
    """
    api = ApiContext(read_model, name_table(names), recorder=recorder, api_token=api_token or None)
    graphql_app = SgbGraphQL(api)
    cached = CachedGraphQL(graphql_app, schema._schema, read_model, response_cache or ResponseCache())

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "position": await run_in_threadpool(read_model.position)})

    async def home(request: Request) -> RedirectResponse:
        return RedirectResponse("/graphql")

    async def explorer(request: Request) -> Response:
        return FileResponse(STATIC_DIRECTORY / "explorer" / "index.html")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(_prepare, api)
        yield

    feeds = [Route(path, endpoint) for path, endpoint in feed_routes(api).items()]
    return Starlette(
        lifespan=lifespan,
        routes=[
            *feeds,
            Route("/explorer", explorer),
            Route("/", home),
            Route(
                "/graphql",
                cached,
                methods=["GET", "POST"],
            ),
            WebSocketRoute("/graphql", graphql_app),
            Route("/healthz", healthz),
            Mount("/static", StaticFiles(directory=STATIC_DIRECTORY, check_dir=False), name="static"),
        ],
    )


def _prepare(api: ApiContext) -> None:
    """Before the first request: what every as-of answer consults, read whole once, so that the first
    answer is not the one to wait for it (the catalogue of issuances took 2.5 s at S100)."""
    api.catalogs.get(api.read_model, None)
    api.read_model.change_points()


def run_query(
    read_model: ReadSide,
    query: str,
    variables: dict[str, Any] | None = None,
    names: Mapping[str, str | NameEntry] | None = None,
) -> dict[str, Any]:
    """Run one GraphQL query, blocking; the JSON-ready result `{"data": ..., "errors": [...]}`.

    As in a GraphQL response, "errors" is present only when there are errors. Must not be called from a
    running event loop.
    """
    context = ApiContext(read_model, name_table(names)).for_request(None)
    try:
        result = asyncio.run(schema.execute(query, variable_values=variables, context_value=context))
    except (MissingQueryError, CannotGetOperationTypeError, InvalidOperationTypeError) as error:
        return {"data": None, "errors": [_unrunnable(error)]}
    answer: dict[str, Any] = {"data": result.data}
    if result.errors:
        answer["errors"] = [_formatted(error) for error in result.errors]
    return answer


def _unrunnable(error: Exception) -> dict[str, Any]:
    """An error for a request with nothing to run: no query, no such operation, or not a query."""
    if isinstance(error, MissingQueryError):
        message, code = "The query is empty: give a GraphQL query.", GRAPHQL_PARSE_FAILED
    elif isinstance(error, CannotGetOperationTypeError):
        message, code = error.as_http_error_reason(), GRAPHQL_VALIDATION_FAILED
    else:
        message, code = (
            "Only queries and mutations run here: subscriptions need a WebSocket (graphql-transport-ws) "
            "at /graphql.",
            GRAPHQL_VALIDATION_FAILED,
        )
    return {"message": message, "extensions": {"code": code}}


def _formatted(error: GraphQLError) -> dict[str, Any]:
    return dict(error.formatted)
