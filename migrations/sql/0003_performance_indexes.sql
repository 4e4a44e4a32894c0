-- Indexes for the as-of path and the projector (performance only; no data changes).
-- depends: 0001_read_model

-- Units in force on a day, as currently known: the index alone answers valid_from <= d < valid_to.
CREATE INDEX rm_unit_version_current ON rm_unit_version (recorded_to, valid_from, valid_to);

-- A unit's statements of one kind (the projector's per-unit timeline) without visiting other kinds.
CREATE INDEX rm_provision_unit_kind ON rm_provision (unit_id, kind);
