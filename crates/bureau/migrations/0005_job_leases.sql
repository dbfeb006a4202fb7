-- Leases of the periodic jobs, so that each runs on one Bureau process of a cluster at a time.
-- A process runs a job only while it holds the job's lease: it takes an expired lease or renews
-- its own (one atomic INSERT … ON CONFLICT DO UPDATE … WHERE). `runs` counts the takes.
CREATE TABLE job_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    runs       BIGINT NOT NULL DEFAULT 0
);
