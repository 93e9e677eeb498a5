-- The radar's own notes (the raw layer is raw.sql; every other table is written by a build
-- step, talentradar.steps).
CREATE TABLE IF NOT EXISTS build_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

