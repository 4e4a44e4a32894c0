"""`recordDocument`: record a document as `sgb ingest` does, for operators holding the bearer token."""

from __future__ import annotations

import hmac
from datetime import date
from typing import Annotated

import strawberry
from graphql import GraphQLError
from starlette.concurrency import run_in_threadpool

from service.api.context import ApiContext
from service.api.errors import user_input_error
from service.api.fields import resolved_field
from service.api.recording import DocumentSubmission, RecordingOutcome, RecordRefusedError
from service.api.resolvers import Info, _load
from service.api.types import Issuance

UNAUTHENTICATED = "UNAUTHENTICATED"


@strawberry.type(description="What recording a document did.")
class RecordDocumentResult:
    symbol: str = strawberry.field(description="The document's symbol (stated by its text or given).")
    recorded: bool = strawberry.field(
        description="False: this very text was already recorded; nothing changed."
    )
    events: int = strawberry.field(description="How many events were recorded.")
    position: int = strawberry.field(description="The log position the read side has reached since.")
    issuance: Issuance | None = strawberry.field(description="The document as now recorded.")


def _authorised(api: ApiContext) -> None:
    """Refuse unless the operator set SGB_API_TOKEN and the request carries it as a bearer token."""
    if api.api_token is None or api.recorder is None:
        raise GraphQLError(
            "Recording documents is disabled: the operator has set no API token (SGB_API_TOKEN).",
            extensions={"code": UNAUTHENTICATED},
        )
    header = api.connection.headers.get("authorization", "") if api.connection is not None else ""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), api.api_token.encode()):
        raise GraphQLError(
            "Recording documents needs the header `Authorization: Bearer <SGB_API_TOKEN>`.",
            extensions={"code": UNAUTHENTICATED},
        )


@strawberry.type
class Mutation:
    @resolved_field(
        "Record one document (its text, with metadata the text lacks), as `sgb ingest` does. Needs the "
        "operator's bearer token. A document that cannot be understood is refused and nothing is recorded."
    )
    async def record_document(
        self,
        info: Info,
        text: Annotated[str, strawberry.argument(description="The document's full text.")],
        symbol: Annotated[
            str | None, strawberry.argument(description="Its symbol, if the text lacks it.")
        ] = None,
        kind: Annotated[str | None, strawberry.argument(description="bulletin | report | ...")] = None,
        title: str | None = None,
        issued_on: Annotated[
            str | None, strawberry.argument(description='Issue date, "2010-03-04" or "2010-03".')
        ] = None,
        effective_on: date | None = None,
    ) -> RecordDocumentResult:
        api = info.context
        _authorised(api)
        assert api.recorder is not None
        recorder = api.recorder
        submission = DocumentSubmission(text, symbol, kind, title, issued_on, effective_on)
        try:
            outcome: RecordingOutcome = await run_in_threadpool(recorder, submission)
        except RecordRefusedError as refused:
            raise user_input_error(str(refused)) from None
        lens, view = await _load(info, None, lambda: api.read_model.issuance(outcome.symbol))
        return RecordDocumentResult(
            symbol=outcome.symbol,
            recorded=outcome.recorded,
            events=outcome.events,
            position=outcome.position,
            issuance=lens.issuance(lens.catalog.issuances.get(view.symbol, view)) if view else None,
        )
