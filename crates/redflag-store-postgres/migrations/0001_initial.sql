-- redflag schema, version 1. Kept in step with redflag-store-sqlite/migrations/0001_initial.sql:
-- same file name, tables and columns (in the same order); only the types are PostgreSQL's.
-- Keys use the "C" collation so that ids sort byte by byte, as in SQLite and in Rust.
-- Column meanings: redflag-store/src/row.rs.

CREATE TABLE parties (
    id          TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    lang        TEXT,
    timezone    TEXT,
    emails      TEXT,
    phones      TEXT,
    since       TEXT,
    tags        TEXT,
    digest      BIGINT NOT NULL
);

CREATE TABLE events (
    kind        TEXT COLLATE "C" NOT NULL,
    id          TEXT COLLATE "C" NOT NULL,
    party       TEXT COLLATE "C" NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    at_utc      BIGINT NOT NULL,
    at_offset   INTEGER,
    tags        TEXT,
    state       TEXT,
    detail      TEXT,
    quantity    BIGINT,
    flag        BOOLEAN,
    amount      TEXT,
    amount2     TEXT,
    currency    TEXT,
    date2       TEXT,
    ref_id      TEXT,
    label       TEXT,
    subject     TEXT,
    body        TEXT,
    signals     BIGINT,
    hits        TEXT,
    classifier  TEXT,
    digest      BIGINT NOT NULL,
    PRIMARY KEY (kind, id)
);

-- A scan walks each party's events in time order; forget finds them by party.
CREATE INDEX events_party_at ON events (party, at_utc);

-- The interchange `workspace` line, one row per present field.
CREATE TABLE settings (
    key         TEXT COLLATE "C" PRIMARY KEY,
    value       TEXT NOT NULL
);
