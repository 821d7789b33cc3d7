-- redflag schema, version 1. Kept in step with redflag-store-postgres/migrations/0001_initial.sql:
-- same file name, tables and columns (in the same order); only the types are SQLite's.
-- Column meanings: redflag-store/src/row.rs.

CREATE TABLE parties (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    lang        TEXT,
    timezone    TEXT,
    emails      TEXT,
    phones      TEXT,
    since       TEXT,
    tags        TEXT,
    digest      INTEGER NOT NULL
);

CREATE TABLE events (
    kind        TEXT NOT NULL,
    id          TEXT NOT NULL,
    party       TEXT NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    at_utc      INTEGER NOT NULL,
    at_offset   INTEGER,
    tags        TEXT,
    state       TEXT,
    detail      TEXT,
    quantity    INTEGER,
    flag        INTEGER,
    amount      TEXT,
    amount2     TEXT,
    currency    TEXT,
    date2       TEXT,
    ref_id      TEXT,
    label       TEXT,
    subject     TEXT,
    body        TEXT,
    signals     INTEGER,
    hits        TEXT,
    classifier  TEXT,
    digest      INTEGER NOT NULL,
    -- Clustered in the order a review reads: a scan walks each party's events in time order
    -- straight off the table, with no index lookup per row (a third of the review's time
    -- otherwise). (kind, id) stays unique: imports upsert on it.
    PRIMARY KEY (party, at_utc, kind, id),
    UNIQUE (kind, id)
) WITHOUT ROWID;

-- The interchange `workspace` line, one row per present field.
CREATE TABLE settings (
    key         TEXT PRIMARY KEY NOT NULL,
    value       TEXT NOT NULL
);
