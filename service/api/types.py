"""The GraphQL object types, built from the read side's views.

Leaf fields are plain attributes (strawberry's default resolver is `getattr`, the fastest path). Fields that
lead to other objects are *sync* methods over data the root field already loaded: an `OrgSnapshot` (one
organisation state) and a `Lens` (the catalogue of issuances as known at the query's recorded time). No
nested field touches the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated

import strawberry

from service.api.catalog import Catalog
from service.api.connections import AfterArgument, Connection, FirstArgument, paginate
from service.api.context import ApiContext
from service.api.enums import (
    DatePrecision,
    Lang,
    UnitKind,
    day_of,
    precision_of,
    unit_kind,
)
from service.api.fields import resolved_field
from service.api.loaders import Loaders
from service.api.names import EnglishName, NameEntry
from service.api.provisions import IssuanceEvent, Provision, recorded_instant
from service.projections.views import (
    AbolitionView,
    IssuanceView,
    OrganizationState,
    PassageView,
    ProvenanceView,
    ProvisionView,
    UnitView,
)


class Lens:
    """How nested fields see the data: the catalogue as known at the enclosing query's `asKnownAt`, and names.

    One per root field and request; it memoises the `Issuance` objects it hands out.
    """

    def __init__(
        self, catalog: Catalog, english_names: Mapping[str, NameEntry], known_at: str | None = None
    ) -> None:
        self.catalog = catalog
        self.english_names = english_names
        self.known_at = known_at
        self._issuances: dict[str, Issuance] = {}

    def issuance(self, view: IssuanceView) -> Issuance:
        found = self._issuances.get(view.symbol)
        if found is None:
            found = self._issuances[view.symbol] = Issuance.from_view(view, self)
        return found

    def issuance_of(self, symbol: str) -> Issuance:
        """The issuance with this symbol; a bare, unrecorded one if the catalogue does not know it."""
        view = self.catalog.issuances.get(symbol) or IssuanceView(symbol, None, "other", None, None, False)
        return self.issuance(view)

    def provenance(self, view: ProvenanceView | None) -> Provenance | None:
        if view is None:
            return None
        return Provenance(
            stated_on=view.stated_on,
            role=view.role,
            corrections=list(view.corrections),
            symbol=view.symbol,
            seq=view.seq,
            authority_symbol=view.authority,
            lens=self,
        )


class OrgSnapshot:
    """One loaded organisation state and the `Unit` objects made from it (memoised by id)."""

    def __init__(self, state: OrganizationState, lens: Lens) -> None:
        self.state = state
        self.lens = lens
        self._units: dict[str, Unit] = {}

    def unit(self, view: UnitView) -> Unit:
        found = self._units.get(view.id)
        if found is None:
            found = self._units[view.id] = Unit.from_view(view, self)
        return found

    def unit_by_id(self, unit_id: str | None) -> Unit | None:
        view = self.state.by_id.get(unit_id) if unit_id is not None else None
        return self.unit(view) if view is not None else None

    def units(self, views: tuple[UnitView, ...]) -> list[Unit]:
        return [self.unit(v) for v in views]


@strawberry.type(description="A document that shapes the organisation: a bulletin, a resolution, a report...")
class Issuance:
    symbol: str = strawberry.field(description='Its document symbol, e.g. "ST/SGB/2019/2".')
    title: str | None = strawberry.field(description="Its title, as the document (or a citation) gives it.")
    kind: str = strawberry.field(description="bulletin | budget | report | resolution | other.")
    issued: str | None = strawberry.field(
        description='When it was issued, as precisely as known: ISO "2017-04-05", "2017-04" or "2017".'
    )
    issued_precision: DatePrecision | None = strawberry.field(description="How precise `issued` is.")
    issued_on: date | None = strawberry.field(
        description="The day it was issued, only when known to the day (see `issued` for month or year)."
    )
    effective_on: date | None = strawberry.field(description="The day it takes effect, if known.")
    recorded: bool = strawberry.field(
        description="True if the document itself is recorded; false: known only because others cite it."
    )
    department: str | None = strawberry.field(description="The issuing department, if stated.")
    language: str | None = strawberry.field(description="The language of the recorded text.")
    recorded_at: datetime | None = strawberry.field(
        description="When the store recorded the document (null: known only by citation)."
    )
    source_sha256: str | None = strawberry.field(description="The SHA-256 of the recorded text.")
    view: strawberry.Private[IssuanceView]
    lens: strawberry.Private[Lens]

    @classmethod
    def from_view(cls, view: IssuanceView, lens: Lens) -> Issuance:
        return cls(
            symbol=view.symbol,
            title=view.title,
            kind=view.kind,
            issued=view.issued_on,
            issued_precision=precision_of(view.issued_on),
            issued_on=day_of(view.issued_on),
            effective_on=view.effective_on,
            recorded=view.recorded,
            department=view.department,
            language=view.language,
            recorded_at=recorded_instant(view.recorded_at),
            source_sha256=view.source_sha256,
            view=view,
            lens=lens,
        )

    @resolved_field(
        "NOT_YET_IN_FORCE | IN_FORCE | PARTIALLY_ABOLISHED | ABOLISHED | PROPOSAL "
        "| UNKNOWN, on `asOf`, as known at the enclosing query's `asKnownAt`."
    )
    def status(self, as_of: date) -> str:
        return self.lens.catalog.status(self.view, as_of)

    @resolved_field("What this document abolishes, in whole or in part.")
    def abolishes(self) -> list[Abolition]:
        made = self.lens.catalog.abolitions_by_issuer.get(self.symbol, ())
        return [Abolition.from_view(a, self.lens) for a in made]

    @resolved_field("The documents that abolish this one, in whole or in part.")
    def abolished_by(self) -> list[Abolition]:
        suffered = self.lens.catalog.abolitions_against.get(self.symbol, ())
        return [Abolition.from_view(a, self.lens) for a in suffered]

    @resolved_field("Its provisions in document order, each with its kind, place, words and data.")
    async def provisions(
        self,
        info: strawberry.Info[ApiContext, None],
        kind: Annotated[str | None, strawberry.argument(description="Only provisions of this kind.")] = None,
        first: FirstArgument = None,
        after: AfterArgument = None,
    ) -> Connection[Provision]:
        found = await self._provisions(info)
        chosen = [p for p in found if kind is None or p.kind == kind.upper()]
        return paginate(chosen, first, after, Provision.from_view)

    @resolved_field("The events recorded for it: its recording, then one per provision, with recorded times.")
    async def events(self, info: strawberry.Info[ApiContext, None]) -> list[IssuanceEvent]:
        if not self.recorded:
            return []
        at = self.recorded_at
        found = await self._provisions(info)
        return [IssuanceEvent(type="RECORDED", seq=None, recorded_at=at)] + [
            IssuanceEvent(type=p.kind, seq=p.seq, recorded_at=at) for p in found
        ]

    async def _provisions(self, info: strawberry.Info[ApiContext, None]) -> list[ProvisionView]:
        loaders = info.context.loaders
        if not self.recorded or loaders is None:
            return []
        return await loaders.provisions.load((self.symbol, self.lens.known_at))


@strawberry.type(description="One document abolishing another, or some of its sections.")
class Abolition:
    sections: list[str] = strawberry.field(description="The sections abolished; empty: the whole document.")
    effective_on: date | None = strawberry.field(description="When the abolition takes effect.")
    view: strawberry.Private[AbolitionView]
    lens: strawberry.Private[Lens]

    @classmethod
    def from_view(cls, view: AbolitionView, lens: Lens) -> Abolition:
        return cls(sections=list(view.sections), effective_on=view.effective_on, view=view, lens=lens)

    @resolved_field("The abolishing document.")
    def by(self) -> Issuance:
        return self.lens.issuance_of(self.view.by)

    @resolved_field("The abolished document.")
    def target(self) -> Issuance:
        return self.lens.issuance_of(self.view.target)

    @resolved_field("Where the abolishing document says so.")
    def source(self) -> Provenance:
        source = self.lens.provenance(self.view.source)
        assert source is not None
        return source


@strawberry.type(description="Where a fact comes from: a document, and the place in it.")
class Provenance:
    stated_on: str | None = strawberry.field(
        description='The fact\'s own date, with its precision ("2008-12": month), where the text gives one.'
    )
    role: str | None = strawberry.field(
        description="Which fact of the unit it supports: unit, name, head, functions or posts."
    )
    corrections: list[str] = strawberry.field(
        description="Ids of the corrections applied to what the text said (see the issuance's provisions)."
    )
    symbol: strawberry.Private[str]
    seq: strawberry.Private[int]
    authority_symbol: strawberry.Private[str | None]
    lens: strawberry.Private[Lens]

    @resolved_field('The section, e.g. "3".')
    async def section(self, info: strawberry.Info[ApiContext, None]) -> str | None:
        passage = await self._passage(info)
        return passage.section if passage else None

    @resolved_field('The paragraph, e.g. "3.2".')
    async def paragraph(self, info: strawberry.Info[ApiContext, None]) -> str | None:
        passage = await self._passage(info)
        return passage.paragraph if passage else None

    @resolved_field("The words of the document the fact rests on.")
    async def text(self, info: strawberry.Info[ApiContext, None]) -> str | None:
        passage = await self._passage(info)
        return passage.text if passage else None

    async def _passage(self, info: strawberry.Info[ApiContext, None]) -> PassageView | None:
        """The provision's place and words, looked up with every other source's of the request."""
        loaders = info.context.loaders or Loaders(info.context.read_model)
        return await loaders.passages.load((self.symbol, self.seq))

    @resolved_field("The document.")
    def issuance(self) -> Issuance:
        return self.lens.issuance_of(self.symbol)

    @resolved_field("The authority the fact rests on, where the text names one (e.g. a resolution).")
    def authority(self) -> Issuance | None:
        return self.lens.issuance_of(self.authority_symbol) if self.authority_symbol else None


@strawberry.type(description="The post heading a unit.")
class Post:
    title: str = strawberry.field(description="The title of the post, e.g. 副秘书长.")
    reports_to: list[str] = strawberry.field(description="The posts it reports to.")


@strawberry.type(description="An organisational unit as it stands on the query's `asOf` date.")
class Unit:
    id: strawberry.ID = strawberry.field(description="Its stable id, the same across renamings and moves.")
    aliases: list[str] = strawberry.field(description="Other names and abbreviations it goes by.")
    kind: UnitKind = strawberry.field(description="What kind of unit it is.")
    head: Post | None = strawberry.field(description="The post heading it, if stated.")
    valid_from: date = strawberry.field(description="The first day this version of the unit holds.")
    valid_to: date | None = strawberry.field(
        description="The first day it no longer holds; null: it still holds."
    )
    view: strawberry.Private[UnitView]
    org: strawberry.Private[OrgSnapshot]

    @classmethod
    def from_view(cls, view: UnitView, org: OrgSnapshot) -> Unit:
        head = Post(title=view.head_post, reports_to=list(view.head_reports_to)) if view.head_post else None
        return cls(
            id=strawberry.ID(view.id),
            aliases=list(view.aliases),
            kind=unit_kind(view.kind),
            head=head,
            valid_from=view.valid_from,
            valid_to=view.valid_to,
            view=view,
            org=org,
        )

    @resolved_field("How precisely validFrom is known (established 2008-12: from 2008-12-01, MONTH).")
    def valid_from_precision(self) -> DatePrecision:
        return DatePrecision(self.view.valid_from_precision)

    @resolved_field("Its name: Chinese by default; English only where an English name is known (else null).")
    def name(self, lang: Lang | None = Lang.ZH) -> str | None:
        if lang is not Lang.EN:
            return self.view.name
        entry = self.org.lens.english_names.get(self.view.name)
        return entry.text if entry else None

    @resolved_field("Its English name with the name table's confidence (UNSURE: check it); null if unknown.")
    def english_name(self) -> EnglishName | None:
        entry = self.org.lens.english_names.get(self.view.name)
        return EnglishName(text=entry.text, confidence=entry.confidence) if entry else None

    @resolved_field("The unit it belongs to; null for a top-level unit.")
    def parent(self) -> Unit | None:
        return self.org.unit_by_id(self.view.parent_id)

    @resolved_field("The units directly under it.")
    def children(self) -> list[Unit]:
        return self.org.units(self.org.state.children.get(self.view.id, ()))

    @resolved_field("What it is charged with: its core functions, as the documents list them.")
    def functions(self) -> list[str]:
        return list(self.view.functions)

    @resolved_field("The provisions this version of the unit rests on.")
    def sources(self) -> list[Provenance]:
        return [p for p in map(self.org.lens.provenance, self.view.sources) if p is not None]

    @resolved_field("The provision that ends this version, if one does.")
    def ended_by(self) -> Provenance | None:
        return self.org.lens.provenance(self.view.ended_by)
