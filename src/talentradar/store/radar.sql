-- The radar: the raw layer (carried from the previous radar and added to by each load) and the
-- build's own notes. Every other table is written by a build step (talentradar.steps).
CREATE TABLE IF NOT EXISTS records (
    record_id   VARCHAR PRIMARY KEY,
    source      VARCHAR NOT NULL,
    source_key  VARCHAR NOT NULL,
    location    VARCHAR NOT NULL,
    venue       VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    payload     JSON NOT NULL,
    checksum    VARCHAR NOT NULL,
    loaded_at   TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    source      VARCHAR NOT NULL,
    location    VARCHAR NOT NULL,
    source_key  VARCHAR NOT NULL,
    field       VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    payload     VARCHAR,
    seen_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (source, source_key, field)
);

CREATE TABLE IF NOT EXISTS loads (
    load_id           VARCHAR PRIMARY KEY,
    source            VARCHAR NOT NULL,
    location          VARCHAR NOT NULL,
    venue             VARCHAR,
    year              INTEGER,
    file_checksum     VARCHAR,
    status            VARCHAR NOT NULL,   -- loaded | unchanged | failed
    records_new       INTEGER NOT NULL DEFAULT 0,
    records_updated   INTEGER NOT NULL DEFAULT 0,
    records_unchanged INTEGER NOT NULL DEFAULT 0,
    quarantined       INTEGER NOT NULL DEFAULT 0,
    error             VARCHAR,
    finished_at       TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS build_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

