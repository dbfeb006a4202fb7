-- Settings an administrator saved from the web UI (`GET /admin/settings`). Each row overrides
-- the setting of the same name from the configuration (file, BUREAU_* environment, flags); a
-- setting without a row falls back to the configuration. An empty value is an explicit "none"
-- (no Document Server, the derived default address, no JWT secret). Every Bureau process of a
-- cluster re-reads this table every few seconds and reconnects when it changed.
CREATE TABLE settings (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT REFERENCES users (id) ON DELETE SET NULL
);
