-- The run store's first schema (GRDB migration "v1"). A released migration never changes:
-- later schema changes are new migrations.
CREATE TABLE unit (
    stage TEXT NOT NULL,
    key TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    payload TEXT,
    result TEXT,
    error TEXT,
    claim TEXT,
    endpoint TEXT,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (stage, key)
);
CREATE INDEX unit_by_status ON unit(stage, status, seq);
CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
CREATE TABLE journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    stage TEXT NOT NULL,
    key TEXT NOT NULL,
    event TEXT NOT NULL,
    at REAL NOT NULL,
    detail TEXT
);
