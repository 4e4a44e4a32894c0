"""The eventsourcing Application: records issuances, each as one atomic save of one stream."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cached_property, lru_cache
from typing import Any
from uuid import UUID, uuid4

import orjson
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, StoredEvent, Transcoder, Transcoding

from events.issuance import Issuance, issuance_id
from events.values import (
    CitationRelation,
    CorrectedField,
    IssuanceKind,
    LineKind,
    ParagraphRef,
    PartialDate,
    PostCount,
    UnitKind,
)
from service.event_log import EventLogReader

CorrectionRequest = Callable[[Issuance], dict[str, Any]]
"""Aims one correction at an issuance: given the aggregate, the fields of its Corrected event."""


class ConflictingSourceError(Exception):
    """A different text under a symbol already recorded. Corrections take another path."""

    def __init__(self, symbol: str, recorded_sha256: str, offered_sha256: str) -> None:
        super().__init__(
            f"{symbol} is already recorded from a different text (recorded sha256 {recorded_sha256[:12]}…, "
            f"offered {offered_sha256[:12]}…); nothing was recorded. A recorded document is never "
            "replaced: record a correction instead."
        )
        self.symbol = symbol


@dataclass(frozen=True, slots=True)
class EncodedIssuance:
    """A new issuance's events as the event store stores them (``SgbApplication.encode``): what recording it
    takes, and what a worker process sends back (bytes, where the aggregate cost as much to unpickle as to
    build)."""

    symbol: str
    source_sha256: str
    stored_events: list[StoredEvent]


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    symbol: str
    recorded: bool  # False: the same text was already recorded, nothing new
    event_count: int
    last_position: int | None  # the notification id of the last event saved


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class PartialDateAsISO(Transcoding):
    type = PartialDate
    name = "partial_date"

    def encode(self, obj: PartialDate) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> PartialDate:
        return PartialDate.parse(data)


class ParagraphRefAsDict(Transcoding):
    type = ParagraphRef
    name = "paragraph_ref"

    def encode(self, obj: ParagraphRef) -> dict[str, str | None]:
        return {"section": obj.section, "paragraph": obj.paragraph}

    def decode(self, data: Mapping[str, str | None]) -> ParagraphRef:
        section, paragraph = data["section"], data["paragraph"]
        try:
            return _paragraph_ref(section, paragraph)
        except TypeError:  # not a place we would have written (unhashable parts): as it comes
            return ParagraphRef(section=section, paragraph=paragraph)


@lru_cache(maxsize=4096, typed=True)  # typed: 1 and 1.0 would be one key
def _paragraph_ref(section: str | None, paragraph: str | None) -> ParagraphRef:
    """One object per place: a ParagraphRef is immutable, nearly every event has one and a log has few
    distinct ones, and the look-up costs a quarter of making a frozen dataclass (an S1 rebuild decodes
    40k of them)."""
    return ParagraphRef(section=section, paragraph=paragraph)


class PostCountAsList(Transcoding):
    type = PostCount
    name = "post_count"

    def encode(self, obj: PostCount) -> list[Any]:
        return [obj.grade, obj.count]

    def decode(self, data: list[Any]) -> PostCount:
        return PostCount(grade=str(data[0]), count=int(data[1]))


def _enum_transcoding(enum_type: type[Enum], name: str) -> Transcoding:
    # Looked up by value in a dict: calling the enum class runs EnumType.__call__ in Python, a few times
    # slower, and most events carry one (a rebuild decodes every event of the log).
    members = {member.value: member for member in enum_type}

    class EnumByValue(Transcoding):
        type = enum_type

        def encode(self, obj: Enum) -> Any:
            return obj.value

        def decode(self, data: Any) -> Enum:
            try:
                return members[data]
            except (KeyError, TypeError):  # not a value of the enum: its own error
                return enum_type(data)

    EnumByValue.name = name
    return EnumByValue()


class FastDecodingTranscoder(JSONTranscoder):
    """Encodes as ``JSONTranscoder`` does (the stored format is unchanged) and decodes the same text with
    orjson, reviving the transcoded objects afterwards: the stdlib decoder with an object hook costs a
    Python call per JSON object, and the projector decodes every event of the log on a rebuild."""

    def __init__(self) -> None:
        super().__init__()
        self._decoders: dict[str, Callable[[Any], Any]] = {}

    def register(self, transcoding: Transcoding) -> None:
        super().register(transcoding)
        self._decoders[transcoding.name] = transcoding.decode

    def decode(self, data: bytes) -> Any:
        try:
            state = orjson.loads(data)
        except orjson.JSONDecodeError:  # what orjson refuses and the stdlib accepts (NaN, lone surrogates)
            return super().decode(data)
        if type(state) is dict:
            return self._revive_object(state)
        return self._revive_list(state) if type(state) is list else state

    def _revive_object(self, value: dict[str, Any]) -> Any:
        """Bottom-up, as the object hook sees them: the containers inside an object first. A transcoded
        object inside is decoded on the spot, its data revived first if a container, without the calls of
        ``_decode_obj``: every event has a few (its timestamp, its location). Anything unusual (a name
        not registered) goes the long way, to fail as the object hook does."""
        decoders = self._decoders
        for key, item in value.items():
            kind = type(item)
            if kind is dict:
                decode = decoders.get(item.get("_type_")) if len(item) == 2 and "_data_" in item else None
                if decode is None:
                    value[key] = self._revive_object(item)
                    continue
                data = item["_data_"]
                if type(data) is dict:
                    if "_type_" in data or not _flat(data):  # a place's data is flat: no call for it
                        data = self._revive_object(data)
                elif type(data) is list:
                    data = self._revive_list(data)
                value[key] = decode(data)
            elif kind is list:
                value[key] = self._revive_list(item)
        if len(value) == 2 and "_type_" in value:
            return self._decode_obj(value)
        return value

    def _revive_list(self, value: list[Any]) -> list[Any]:
        for index, item in enumerate(value):
            if type(item) is dict:
                value[index] = self._revive_object(item)
            elif type(item) is list:
                value[index] = self._revive_list(item)
        return value


_CONTAINERS = frozenset((dict, list))


def _flat(value: dict[str, Any]) -> bool:
    """Whether none of the values is a container (nothing in it to revive)."""
    return _CONTAINERS.isdisjoint(map(type, value.values()))


class SgbApplication(Application[UUID]):
    """The write side. Events are the record; everything else is derived from them."""

    name = "sgb"

    def construct_transcoder(self) -> Transcoder:
        transcoder = FastDecodingTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in (DateAsISO(), PartialDateAsISO(), ParagraphRefAsDict(), PostCountAsList()):
            transcoder.register(transcoding)
        transcoder.register(_enum_transcoding(UnitKind, "unit_kind"))
        transcoder.register(_enum_transcoding(IssuanceKind, "issuance_kind"))
        transcoder.register(_enum_transcoding(CitationRelation, "citation_relation"))
        transcoder.register(_enum_transcoding(LineKind, "line_kind"))
        transcoder.register(_enum_transcoding(CorrectedField, "corrected_field"))

    def recorded_sha256(self, symbol: str) -> str | None:
        try:
            issuance: Issuance = self.repository.get(issuance_id(symbol))
        except AggregateNotFoundError:
            return None
        return issuance.source_sha256

    def encode(self, issuance: Issuance) -> EncodedIssuance:
        """The issuance's pending events as the event store stores them."""
        stored = [self.mapper.to_stored_event(event) for event in issuance.pending_events]
        return EncodedIssuance(issuance.symbol, issuance.source_sha256, stored)

    def record(self, issuance: Issuance) -> RecordOutcome:
        """Save every event of a new issuance in one transaction; the same text twice records nothing."""
        return self.record_encoded(self.encode(issuance))

    def record_encoded(self, issuance: EncodedIssuance) -> RecordOutcome:
        """``record``, for events already encoded (here or by a worker process's twin of this application):
        inserted in one transaction, as ``Application.save`` inserts them, which would encode them again.
        Nothing else of ``save`` applies: no snapshots, no notifications are configured."""
        symbol, sha256, stored = issuance.symbol, issuance.source_sha256, issuance.stored_events
        existing = self.recorded_sha256(symbol)
        if existing is not None:
            return self._outcome_for_existing(symbol, sha256, existing)
        try:
            positions = self.recorder.insert_events(stored)
        except IntegrityError:
            # Another process recorded the same symbol between our check and our insert.
            return self._outcome_for_existing(symbol, sha256, self.recorded_sha256(symbol) or "")
        last = positions[-1] if positions else None
        return RecordOutcome(symbol, recorded=True, event_count=len(stored), last_position=last)

    def _outcome_for_existing(self, symbol: str, offered_sha256: str, existing_sha256: str) -> RecordOutcome:
        if existing_sha256 != offered_sha256:
            raise ConflictingSourceError(symbol, existing_sha256, offered_sha256)
        return RecordOutcome(symbol, recorded=False, event_count=0, last_position=None)

    def issuance(self, symbol: str) -> Issuance | None:
        try:
            found: Issuance = self.repository.get(issuance_id(symbol))
        except AggregateNotFoundError:
            return None
        return found

    def correct(self, symbol: str, corrections: Iterable[CorrectionRequest]) -> RecordOutcome:
        """Append the corrections not yet recorded to the issuance's stream, in one atomic save.
        The same correction (by id) twice records nothing; nothing recorded before is changed."""
        issuance = self.issuance(symbol)
        if issuance is None:
            raise LookupError(f"{symbol} is not recorded; a correction needs the issuance it corrects")
        recording = uuid4().hex
        for request in corrections:
            issuance.correct(recording=recording, **request(issuance))
        pending = len(issuance.pending_events)
        if not pending:
            return RecordOutcome(issuance.symbol, recorded=False, event_count=0, last_position=None)
        recordings = self.save(issuance)
        return RecordOutcome(
            issuance.symbol, recorded=True, event_count=pending, last_position=recordings[-1].notification.id
        )

    def max_position(self) -> int:
        return self.recorder.max_notification_id() or 0

    def events_after(self, position: int, limit: int) -> list[tuple[int, Issuance.Event]]:
        """Events in recording order after a notification position (ids may have gaps)."""
        return self.event_log.events_after(position, limit)

    @cached_property
    def event_log(self) -> EventLogReader:
        return EventLogReader(self.recorder, self.mapper)
