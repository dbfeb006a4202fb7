-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Ids are UUIDv7 text, times are unix
-- milliseconds, so both backends store and sort them the same way.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    lang          TEXT,
    created_at    BIGINT NOT NULL
);

-- Folders and files share one table, so a name is unique among all live children of a folder.
CREATE TABLE entries (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('folder', 'file')),
    owner_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id       TEXT REFERENCES entries (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    mime            TEXT,
    current_version BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    trashed_at      BIGINT
);
CREATE UNIQUE INDEX entries_live_name ON entries (parent_id, name)
    WHERE trashed_at IS NULL AND parent_id IS NOT NULL;
CREATE UNIQUE INDEX entries_one_root ON entries (owner_id) WHERE parent_id IS NULL;
CREATE INDEX entries_parent ON entries (parent_id);
CREATE INDEX entries_trash ON entries (owner_id, trashed_at);

-- Versions are immutable and append-only; they point at content-addressed blobs.
CREATE TABLE versions (
    file_id    TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    number     BIGINT NOT NULL,
    blob_hash  TEXT NOT NULL,
    size       BIGINT NOT NULL,
    author_id  TEXT REFERENCES users (id) ON DELETE SET NULL,
    source     TEXT NOT NULL
               CHECK (source IN ('upload', 'office_save', 'office_recovered', 'restore', 'conversion')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (file_id, number)
);
CREATE INDEX versions_blob ON versions (blob_hash);

-- Personal API tokens; only a SHA-256 of the token is kept.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);

-- Browser sign-in sessions; only a SHA-256 of the cookie value is kept.
CREATE TABLE web_sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
