"""The audit view (`recordedChanges`) and the subscription (`recorded`): what the store learned, when, from
which document, and a push of each newly recorded document."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from datetime import datetime
from functools import partial
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool

from service.api.changes import UnitChange, unit_change
from service.api.connections import AfterArgument, Connection, FirstArgument, paginate
from service.api.enums import RecordedAction
from service.api.errors import user_input_error
from service.api.fields import resolved_field, subscription_field
from service.api.resolvers import Info, _bound, _load
from service.api.types import Issuance, Lens
from service.projections.audit import RecordedChangeView, RecordingView

POLL_SECONDS = 0.5
MAX_SUBSCRIPTION_SECONDS = 3600


@strawberry.type(description="A document the store recorded: when, where in the log, whether it corrects.")
class Recording:
    position: int = strawberry.field(description="Its position in the event log.")
    recorded_at: datetime = strawberry.field(description="When the store recorded it.")
    correction: bool = strawberry.field(description="True if the document corrects earlier records.")
    symbol: str = strawberry.field(description="The document's symbol.")
    lens: strawberry.Private[Lens]

    @classmethod
    def from_view(cls, view: RecordingView, lens: Lens) -> Recording:
        recorded_at = datetime.fromisoformat(view.recorded_at)
        return cls(
            position=view.position,
            recorded_at=recorded_at,
            correction=view.correction,
            symbol=view.symbol,
            lens=lens,
        )

    @resolved_field("The document recorded.")
    def document(self) -> Issuance:
        return self.lens.issuance_of(self.symbol)


@strawberry.type(description="One thing the store learned or retracted when it recorded a document.")
class RecordedChange:
    action: RecordedAction = strawberry.field(
        description="RECORDED (the document itself), LEARNED (a new fact) or RETRACTED (a fact withdrawn)."
    )
    recording: Recording = strawberry.field(description="The recording that caused it.")
    change: UnitChange | None = strawberry.field(description="The fact about a unit (null for RECORDED).")

    @classmethod
    def from_view(cls, view: RecordedChangeView, lens: Lens) -> RecordedChange:
        return cls(
            action=RecordedAction(view.action),
            recording=Recording.from_view(view.recording, lens),
            change=unit_change(lens, view.change) if view.change else None,
        )


@strawberry.type
class AuditQuery:
    @resolved_field(
        "What the store learned or retracted, by recorded time: for each document recorded after `since`, "
        "the document (RECORDED) and the facts about units it added (LEARNED) or withdrew (RETRACTED)."
    )
    async def recorded_changes(
        self,
        info: Info,
        since: Annotated[
            datetime | None, strawberry.argument(description="Only what was recorded after this instant.")
        ] = None,
        first: FirstArgument = None,
        after: AfterArgument = None,
    ) -> Connection[RecordedChange]:
        bound = _bound(since)
        lens, found = await _load(info, None, lambda: info.context.read_model.recorded_changes(bound))
        return paginate(found, first, after, lambda v: RecordedChange.from_view(v, lens))


@strawberry.type
class Subscription:
    @subscription_field(
        description="Each document recorded from now on (or after `afterPosition`), as the projector reaches "
        f"it (polled every {POLL_SECONDS} s). Ends after `forSeconds` (at most {MAX_SUBSCRIPTION_SECONDS})."
    )
    async def recorded(
        self,
        info: Info,
        after_position: Annotated[
            int | None, strawberry.argument(description="Start after this log position; omit: from now.")
        ] = None,
        for_seconds: Annotated[int, strawberry.argument(description="How long to keep listening.")] = 600,
    ) -> AsyncGenerator[Recording, None]:
        if not 0 < for_seconds <= MAX_SUBSCRIPTION_SECONDS:
            raise user_input_error(f"`forSeconds` must be between 1 and {MAX_SUBSCRIPTION_SECONDS}")
        read_model = info.context.read_model
        position = (
            after_position if after_position is not None else await run_in_threadpool(read_model.position)
        )
        deadline = time.monotonic() + for_seconds
        while time.monotonic() < deadline:
            if await run_in_threadpool(read_model.position) > position:
                lens, found = await _load(info, None, partial(read_model.recordings_after, position))
                for view in found:
                    position = max(position, view.position)
                    yield Recording.from_view(view, lens)
            await asyncio.sleep(POLL_SECONDS)
