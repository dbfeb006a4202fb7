//! Counters of failed sign-ins, one per (scope, subject) in a fixed window that starts at the
//! first failure (`auth::throttle` decides what they mean).

use super::{Db, Result, db::run};

/// A counter: how many failures since `window_start` (unix ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Failures {
    /// Failures counted in the window.
    pub failures: i64,
    /// When the window started (unix ms).
    pub window_start: i64,
}

/// The counter of a subject, if it has one.
pub async fn get(db: &Db, scope: &str, subject: &str) -> Result<Option<Failures>> {
    let sql = "SELECT failures, window_start FROM login_failures \
               WHERE scope = $1 AND subject = $2";
    Ok(run!(db, |p| sqlx::query_as(sql)
        .bind(scope)
        .bind(subject)
        .fetch_optional(p)
        .await)?)
}

/// Counts one failure at `now`: a window older than `window_ms` starts again at one. Expired
/// counters of other subjects are deleted on the way, so the table stays small.
pub async fn record(db: &Db, scope: &str, subject: &str, now: i64, window_ms: i64) -> Result<()> {
    let upsert = "INSERT INTO login_failures (scope, subject, failures, window_start) \
                  VALUES ($1, $2, 1, $3) \
                  ON CONFLICT (scope, subject) DO UPDATE SET \
                  failures = CASE WHEN login_failures.window_start <= $4 THEN 1 \
                                  ELSE login_failures.failures + 1 END, \
                  window_start = CASE WHEN login_failures.window_start <= $4 THEN $3 \
                                      ELSE login_failures.window_start END";
    let expired = now.saturating_sub(window_ms);
    run!(db, |p| sqlx::query(upsert)
        .bind(scope)
        .bind(subject)
        .bind(now)
        .bind(expired)
        .execute(p)
        .await
        .map(drop))?;
    let purge = "DELETE FROM login_failures WHERE window_start <= $1";
    run!(db, |p| sqlx::query(purge)
        .bind(expired)
        .execute(p)
        .await
        .map(drop))?;
    Ok(())
}

/// Deletes the counter of a subject.
pub async fn clear(db: &Db, scope: &str, subject: &str) -> Result<()> {
    let sql = "DELETE FROM login_failures WHERE scope = $1 AND subject = $2";
    run!(db, |p| sqlx::query(sql)
        .bind(scope)
        .bind(subject)
        .execute(p)
        .await
        .map(drop))?;
    Ok(())
}
