-- Shares of a file or folder (and so of everything below it) with a user or through a public
-- link, each with a role. Link tokens and passwords are stored hashed.
CREATE TABLE shares (
    id            TEXT PRIMARY KEY,
    entry_id      TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    grantee_id    TEXT REFERENCES users (id) ON DELETE CASCADE,
    token_hash    TEXT UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('view', 'comment', 'review', 'fill', 'edit')),
    expires_at    BIGINT,
    password_hash TEXT,
    created_by    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    BIGINT NOT NULL,
    CHECK ((grantee_id IS NULL) <> (token_hash IS NULL))
);
CREATE INDEX shares_entry ON shares (entry_id);
CREATE INDEX shares_grantee ON shares (grantee_id);
CREATE UNIQUE INDEX shares_one_per_user ON shares (entry_id, grantee_id) WHERE grantee_id IS NOT NULL;
