//! Queries on browser sign-in sessions (the cookie value itself is never stored, only its hash).

use super::{Db, Result, db::run, users::User};

/// Records a new session.
pub async fn insert(
    db: &Db,
    id_hash: &str,
    user_id: &str,
    csrf_token: &str,
    now: i64,
    expires_at: i64,
) -> Result<()> {
    let sql = "INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at, expires_at) \
               VALUES ($1, $2, $3, $4, $5)";
    run!(db, |p| sqlx::query(sql)
        .bind(id_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now)
        .bind(expires_at)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A live session's user and CSRF token.
#[derive(Debug, sqlx::FromRow)]
pub struct SessionUser {
    /// The signed-in user.
    #[sqlx(flatten)]
    pub user: User,
    /// The session's CSRF token.
    pub csrf_token: String,
}

/// The user of an unexpired session of an enabled account.
pub async fn find(db: &Db, id_hash: &str, now: i64) -> Result<SessionUser> {
    let sql = "SELECT u.id, u.login, u.display_name, u.password_hash, u.is_admin, u.disabled, \
               u.lang, u.created_at, s.csrf_token FROM web_sessions s \
               JOIN users u ON u.id = s.user_id \
               WHERE s.id_hash = $1 AND s.expires_at > $2 AND NOT u.disabled";
    Ok(run!(db, |p| sqlx::query_as(sql)
        .bind(id_hash)
        .bind(now)
        .fetch_one(p)
        .await)?)
}

/// Ends a session.
pub async fn delete(db: &Db, id_hash: &str) -> Result<()> {
    let sql = "DELETE FROM web_sessions WHERE id_hash = $1";
    run!(db, |p| sqlx::query(sql)
        .bind(id_hash)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends every session of a user (password change, account disabled).
pub async fn delete_for_user(db: &Db, user_id: &str) -> Result<()> {
    let sql = "DELETE FROM web_sessions WHERE user_id = $1";
    run!(db, |p| sqlx::query(sql)
        .bind(user_id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Removes expired sessions.
pub async fn purge_expired(db: &Db, now: i64) -> Result<u64> {
    let sql = "DELETE FROM web_sessions WHERE expires_at <= $1";
    Ok(run!(db, |p| sqlx::query(sql)
        .bind(now)
        .execute(p)
        .await?
        .rows_affected()))
}
