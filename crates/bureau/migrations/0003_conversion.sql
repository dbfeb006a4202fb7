-- Conversion jobs (POST /api/v1/files/:id/convert): any Bureau process can answer
-- GET /api/v1/jobs/:id from this table while the process that started the job runs it.
CREATE TABLE jobs (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    owner_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_id        TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    target         TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    percent        BIGINT NOT NULL DEFAULT 0,
    result_file_id TEXT,
    error_code     TEXT,
    error_detail   TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX jobs_owner ON jobs (owner_id);

-- Thumbnails made by the Conversion service, one per content and source format: a version's
-- thumbnail is found by its blob, so it is made once however many files share the content.
CREATE TABLE thumbnails (
    source_hash TEXT NOT NULL,
    file_type   TEXT NOT NULL,
    thumb_hash  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (source_hash, file_type)
);
