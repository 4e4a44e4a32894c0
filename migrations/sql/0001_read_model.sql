-- The read models: disposable projections of the event log (sgb rebuild replays them).
-- depends:

CREATE TABLE rm_tracking (
    name TEXT PRIMARY KEY,
    position BIGINT NOT NULL
);

-- Recorded issuances. Issuances known only by reference are those cited in rm_provision.target
-- and absent here.
CREATE TABLE rm_issuance (
    symbol TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT,
    language TEXT NOT NULL,
    issued_on TEXT,
    effective_on TEXT,
    department TEXT,
    source_name TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    metadata_sources TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    position BIGINT NOT NULL
);

-- Every provision of every issuance, in document order, with its place and quoted text.
CREATE TABLE rm_provision (
    symbol TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    section TEXT,
    paragraph TEXT,
    quote TEXT NOT NULL,
    unit_id TEXT,
    target TEXT,
    data TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (symbol, seq)
);
CREATE INDEX rm_provision_unit ON rm_provision (unit_id);
CREATE INDEX rm_provision_target ON rm_provision (target);

-- Bitemporal unit versions: valid time [valid_from, valid_to) and recorded time
-- [recorded_from, recorded_to). NULL ends are open.
CREATE TABLE rm_unit_version (
    unit_id TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    recorded_from TEXT NOT NULL,
    recorded_to TEXT,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id TEXT,
    head_post TEXT,
    head_reports_to TEXT NOT NULL,
    aliases TEXT NOT NULL,
    sources TEXT NOT NULL,
    PRIMARY KEY (unit_id, valid_from, recorded_from)
);
CREATE INDEX rm_unit_version_asof ON rm_unit_version (recorded_to, valid_from);

-- Typed changes derived from consecutive versions, bitemporal like the versions they come from.
CREATE TABLE rm_unit_change (
    unit_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    effective_on TEXT NOT NULL,
    change TEXT NOT NULL,
    name TEXT,
    before_value TEXT,
    after_value TEXT,
    source TEXT,
    recorded_from TEXT NOT NULL,
    recorded_to TEXT,
    PRIMARY KEY (unit_id, ordinal, recorded_from)
);
CREATE INDEX rm_unit_change_when ON rm_unit_change (recorded_to, effective_on);
