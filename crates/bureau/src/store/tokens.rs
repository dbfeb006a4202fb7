//! Queries on personal API tokens (only a SHA-256 of each token is stored).

use super::{Db, Result, db::run, expect_row, users::User};

/// A token's public description.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct TokenInfo {
    /// Id.
    pub id: String,
    /// Name given at creation.
    pub name: String,
    /// Creation time (unix ms).
    pub created_at: i64,
    /// Last use (unix ms).
    pub last_used_at: Option<i64>,
}

/// Records a new token.
pub async fn insert(
    db: &Db,
    id: &str,
    user_id: &str,
    name: &str,
    hash: &str,
    now: i64,
) -> Result<()> {
    let sql = "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) \
               VALUES ($1, $2, $3, $4, $5)";
    run!(db, |p| sqlx::query(sql)
        .bind(id)
        .bind(user_id)
        .bind(name)
        .bind(hash)
        .bind(now)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// How stale `last_used_at` may get before a use records it again: a read-only request then
/// costs no database write (writes serialise on SQLite, see BENCHMARKS.md).
const LAST_USED_PRECISION_MS: i64 = 60_000;

/// The user of a token, with when the token was last recorded as used.
#[derive(sqlx::FromRow)]
struct TokenUser {
    #[sqlx(flatten)]
    user: User,
    last_used_at: Option<i64>,
}

/// The enabled user owning a token hash; records the use (to the minute).
pub async fn user_for(db: &Db, hash: &str, now: i64) -> Result<User> {
    let sql = "SELECT u.id, u.login, u.display_name, u.password_hash, u.is_admin, u.disabled, \
               u.lang, u.created_at, t.last_used_at FROM api_tokens t \
               JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND NOT u.disabled";
    let found: TokenUser = run!(db, |p| sqlx::query_as(sql).bind(hash).fetch_one(p).await)?;
    let stale = now - LAST_USED_PRECISION_MS;
    if found.last_used_at.is_none_or(|t| t < stale) {
        let sql = "UPDATE api_tokens SET last_used_at = $1 \
                   WHERE token_hash = $2 AND (last_used_at IS NULL OR last_used_at < $3)";
        run!(db, |p| sqlx::query(sql)
            .bind(now)
            .bind(hash)
            .bind(stale)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(found.user)
}

/// A user's tokens, newest first.
pub async fn list(db: &Db, user_id: &str) -> Result<Vec<TokenInfo>> {
    let sql = "SELECT id, name, created_at, last_used_at FROM api_tokens \
               WHERE user_id = $1 ORDER BY created_at DESC";
    Ok(run!(db, |p| sqlx::query_as(sql)
        .bind(user_id)
        .fetch_all(p)
        .await)?)
}

/// Revokes one of a user's tokens.
pub async fn delete(db: &Db, user_id: &str, id: &str) -> Result<()> {
    let sql = "DELETE FROM api_tokens WHERE id = $1 AND user_id = $2";
    expect_row(run!(db, |p| sqlx::query(sql)
        .bind(id)
        .bind(user_id)
        .execute(p)
        .await?
        .rows_affected()))
}
