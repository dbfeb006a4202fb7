-- Editing sessions with ONLYOFFICE Docs. One row per document key. A session writes into its
-- target file (the file it was opened on, or a conflict copy); `head_version` is the target's
-- version whose content the Document Server holds, so a save is in sync exactly when the
-- target's current version is still `head_version`.
CREATE TABLE office_sessions (
    doc_key      TEXT PRIMARY KEY,
    file_id      TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    target_id    TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    head_version BIGINT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    editors      TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX office_sessions_live ON office_sessions (target_id, head_version)
    WHERE state = 'open';
CREATE INDEX office_sessions_file ON office_sessions (file_id);

-- Saves already applied, so that a re-delivered callback is acknowledged without a second
-- version. `marker` is the callback's `lastsave`, or the SHA-256 of the content without one.
CREATE TABLE office_saves (
    doc_key        TEXT NOT NULL,
    marker         TEXT NOT NULL,
    status         BIGINT NOT NULL,
    file_id        TEXT NOT NULL,
    version        BIGINT,
    history        TEXT,
    changes_hash   TEXT,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (doc_key, marker)
);

-- Secrets generated once per installation and shared by every Bureau process.
CREATE TABLE instance_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
