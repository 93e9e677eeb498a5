-- The workspace: what users create. Never rebuilt; only appended to or updated.
-- User data: survives every rebuild.
CREATE TABLE IF NOT EXISTS suppressions (
    subject     VARCHAR PRIMARY KEY,   -- a person_id, source person id or normalised name
    reason      VARCHAR,
    added_at    TIMESTAMP NOT NULL
);

-- People overrides: must-link / cannot-link rules, re-applied on every rebuild.
CREATE TABLE IF NOT EXISTS person_overrides (
    kind      VARCHAR NOT NULL,   -- must | cannot
    a         VARCHAR NOT NULL,   -- a mention id or a source person id (~Jane_Doe1)
    b         VARCHAR NOT NULL,
    note      VARCHAR,
    added_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, a, b)
);

-- Shortlists: named lists of persons with a stage and notes (user data, survives rebuilds).
CREATE TABLE IF NOT EXISTS shortlists (
    name        VARCHAR PRIMARY KEY,
    note        VARCHAR,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS shortlist_entries (
    shortlist   VARCHAR NOT NULL,
    person_id   VARCHAR NOT NULL,
    stage       VARCHAR NOT NULL,
    note        VARCHAR,
    added_at    TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (shortlist, person_id)
);

-- API tokens for writes (only a salted hash is kept).
CREATE TABLE IF NOT EXISTS api_tokens (
    token_id    VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    salt        VARCHAR NOT NULL,
    hash        VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
