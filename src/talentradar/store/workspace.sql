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

-- What each suppression hides beyond its subject: the mention ids and source person ids of
-- the person when it was suppressed (so that it survives relinking).
CREATE TABLE IF NOT EXISTS suppression_keys (
    subject     VARCHAR NOT NULL,
    key         VARCHAR NOT NULL,     -- a mention id or a source person id
    PRIMARY KEY (subject, key)
);

-- The audit log: every write, who (token name or cli:<user>), when, what and why.
CREATE TABLE IF NOT EXISTS audit_log (
    audit_id    VARCHAR PRIMARY KEY,
    written_at  TIMESTAMP NOT NULL,
    actor       VARCHAR NOT NULL,
    action      VARCHAR NOT NULL,     -- shortlist.add, suppress, override.add, token.create, …
    subject     VARCHAR NOT NULL,
    note        VARCHAR,
    detail      VARCHAR NOT NULL      -- JSON: what an undo needs
);

-- Watched shortlists and orgs (user data): each build records what changed for them.
CREATE TABLE IF NOT EXISTS watches (
    kind        VARCHAR NOT NULL,   -- 'shortlist' | 'org'
    target      VARCHAR NOT NULL,   -- shortlist name or org id
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, target)
);

-- What changed for a watched item between two builds (user data, appended by each build).
CREATE TABLE IF NOT EXISTS watch_changes (
    recorded_at TIMESTAMP NOT NULL,
    kind        VARCHAR NOT NULL,
    target      VARCHAR NOT NULL,
    change      VARCHAR NOT NULL,   -- new_paper | new_org | move_in | move_out
    person_id   VARCHAR,
    subject     VARCHAR,            -- paper id, org id or move description
    detail      VARCHAR
);
