-- The raw layer: every record as received, quarantined records, loads. In the radar (carried
-- from one radar to the next) and in the workspace (files a user imported).
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
