"""An index of the provisions that name another issuance (those with a target: abolitions, citations), by
kind and target (performance only; no data changes).

The API's issuance catalogue reads every abolition and every citation once per projector position, so after
each new recording (``service.api.catalog``). They are a few in a hundred provisions, and each of its two
queries read every provision to find them: 0.36 s of an S10 store and 4.2 s of an S100 one, against 0.06 s
and 0.70 s through this index (SQLite, a slow machine session). Partial, so that the other provisions cost
nothing to insert. The target is in it so that the projector's search for the abolitions of given
issuances (kind and target) stays a search: indexed by kind alone, SQLite went through every abolition for
it, and an S1 ingest took 8 % longer. The rollback drops it.
"""

from __future__ import annotations

from yoyo import step

__depends__ = {"0006_span_functions_bound_at_creation"}

steps = [
    step(
        "CREATE INDEX rm_provision_naming ON rm_provision (kind, target) WHERE target IS NOT NULL",
        "DROP INDEX rm_provision_naming",
    ),
]
