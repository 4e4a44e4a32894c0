"""JSON feeds for front-ends: `GET /feeds/structure` (flat rows for D3 stratify / org charts) and
`GET /feeds/timeline` (vis-timeline's `items` and `groups`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from service.api.context import ApiContext
from service.api.structure import row_json, rows, select
from service.api.timeline import timeline
from service.projections.queries import known_at_bound


class FeedError(ValueError):
    """A bad query parameter: answered 400 with the message."""


def _json(data: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


def _date(request: Request, name: str, default: date | None = None) -> date | None:
    text = request.query_params.get(name)
    if text is None:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FeedError(f"{name}={text!r} is not a date (YYYY-MM-DD)") from None


def _known_at(request: Request) -> str | None:
    text = request.query_params.get("asKnownAt")
    try:
        return known_at_bound(datetime.fromisoformat(text)) if text else None
    except ValueError as error:
        raise FeedError(f"asKnownAt={text!r}: {error}") from None


def _structure(api: ApiContext, request: Request) -> dict[str, Any]:
    as_of = _date(request, "asOf", date.today())
    assert as_of is not None
    known_at = _known_at(request)
    under = request.query_params.get("under")
    kinds = frozenset(k.upper() for k in request.query_params.getlist("kind")) or None
    depth_text = request.query_params.get("depth")
    if depth_text is not None and not depth_text.isdigit():
        raise FeedError(f"depth={depth_text!r} is not a whole number")
    state = api.read_model.organization(as_of, known_at)
    selection = select(state, under, kinds, int(depth_text) if depth_text else None)
    return {
        "asOf": as_of.isoformat(),
        "validFrom": state.valid_from.isoformat() if state.valid_from else None,
        "validTo": state.valid_to.isoformat() if state.valid_to else None,
        "rows": [row_json(r) for r in rows(selection, api.english_names)],
    }


def _timeline(api: ApiContext, request: Request) -> dict[str, Any]:
    known_at = _known_at(request)
    catalog = api.catalogs.get(api.read_model, known_at)
    return timeline(api.read_model.all_unit_versions(known_at), catalog, date.today())


def feed_routes(api: ApiContext) -> dict[str, Any]:
    """Path -> endpoint, for the app's routes."""

    def endpoint(build: Any) -> Any:
        async def serve(request: Request) -> Response:
            try:
                return _json(await run_in_threadpool(build, api, request))
            except FeedError as error:
                return _json({"error": str(error), "code": "BAD_USER_INPUT"}, status=400)

        return serve

    return {"/feeds/structure": endpoint(_structure), "/feeds/timeline": endpoint(_timeline)}
