//! Installation-wide secrets, generated once and shared by every Bureau process.

use super::{Db, Result, db::run};

/// The secret called `name`, created with `generate()` on first use. Concurrent first uses from
/// several processes agree on one value.
pub async fn get_or_create(
    db: &Db,
    name: &str,
    generate: impl FnOnce() -> String,
) -> Result<String> {
    let insert = "INSERT INTO instance_secrets (name, value) VALUES ($1, $2) \
                  ON CONFLICT (name) DO NOTHING";
    let value = generate();
    run!(db, |p| sqlx::query(insert)
        .bind(name)
        .bind(&value)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    let select = "SELECT value FROM instance_secrets WHERE name = $1";
    Ok(run!(db, |p| sqlx::query_scalar(select)
        .bind(name)
        .fetch_one(p)
        .await)?)
}
