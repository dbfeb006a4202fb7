//! Queries on the settings saved from the admin pages (a row per overridden setting).

use super::{Db, Result, db::run, db::run_tx};

/// Every saved setting as `(name, value)`, by name.
pub async fn all(db: &Db) -> Result<Vec<(String, String)>> {
    let sql = "SELECT name, value FROM settings ORDER BY name";
    Ok(run!(db, |p| sqlx::query_as(sql).fetch_all(p).await)?)
}

/// One change: save `Some(value)` for `name`, or forget it with `None` (back to the
/// configuration).
pub type Change<'a> = (&'a str, Option<&'a str>);

/// Applies several changes in one transaction, recording who made them and when.
pub async fn apply(db: &Db, changes: &[Change<'_>], user_id: &str, now: i64) -> Result<()> {
    let upsert = "INSERT INTO settings (name, value, updated_at, updated_by) \
                  VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET \
                  value = excluded.value, updated_at = excluded.updated_at, \
                  updated_by = excluded.updated_by";
    let delete = "DELETE FROM settings WHERE name = $1";
    let mut tx = db.begin().await?;
    for (name, value) in changes {
        match value {
            Some(value) => run_tx!(&mut tx, |c| sqlx::query(upsert)
                .bind(name)
                .bind(value)
                .bind(now)
                .bind(user_id)
                .execute(c)
                .await
                .map(drop))?,
            None => run_tx!(&mut tx, |c| sqlx::query(delete)
                .bind(name)
                .execute(c)
                .await
                .map(drop))?,
        }
    }
    tx.commit().await?;
    Ok(())
}
