//! Leases of the periodic jobs: with several Bureau processes on one database, a job runs only
//! on the process holding its lease.

use super::{Db, Result, db::run};

/// A job's lease as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Lease {
    /// The job.
    pub name: String,
    /// The process holding it (a random id per process and job).
    pub holder: String,
    /// When it lapses unless renewed (unix ms).
    pub expires_at: i64,
    /// How many times it was taken or renewed, i.e. how many times the job ran cluster-wide.
    pub runs: i64,
}

/// Takes the lease of `name` for `holder` until `now + ttl_ms` when it is free, lapsed or already
/// `holder`'s; one atomic statement, so of several processes asking at once exactly one wins.
pub async fn take(db: &Db, name: &str, holder: &str, ttl_ms: i64, now: i64) -> Result<bool> {
    let sql = "INSERT INTO job_leases (name, holder, expires_at, runs) VALUES ($1, $2, $3, 1) \
               ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
               expires_at = excluded.expires_at, runs = job_leases.runs + 1 \
               WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= $4";
    let taken = run!(db, |p| sqlx::query(sql)
        .bind(name)
        .bind(holder)
        .bind(now.saturating_add(ttl_ms))
        .bind(now)
        .execute(p)
        .await?
        .rows_affected());
    Ok(taken == 1)
}

/// The lease of a job, if it was ever taken.
pub async fn get(db: &Db, name: &str) -> Result<Option<Lease>> {
    let sql = "SELECT name, holder, expires_at, runs FROM job_leases WHERE name = $1";
    Ok(run!(db, |p| sqlx::query_as(sql)
        .bind(name)
        .fetch_optional(p)
        .await)?)
}
