//! Queries on shares: a file or folder shared with a user or through a public link.

use super::{Db, Result, db::run, expect_row};

/// A stored share.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Share {
    /// Id.
    pub id: String,
    /// The shared file or folder.
    pub entry_id: String,
    /// The user it is shared with (`None` for a public link).
    pub grantee_id: Option<String>,
    /// SHA-256 of the link token (`None` for a user share).
    pub token_hash: Option<String>,
    /// `view`, `comment`, `review`, `fill` or `edit`.
    pub role: String,
    /// Expiry (unix ms).
    pub expires_at: Option<i64>,
    /// Argon2id hash of the link password.
    pub password_hash: Option<String>,
    /// Who shared it.
    pub created_by: String,
    /// When (unix ms).
    pub created_at: i64,
}

const COLUMNS: &str = "id, entry_id, grantee_id, token_hash, role, expires_at, password_hash, \
                       created_by, created_at";

/// Records a share; a second share of one entry with one user gives `Conflict`.
pub async fn insert(db: &Db, s: &Share) -> Result<()> {
    let sql = format!("INSERT INTO shares ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    run!(db, |p| sqlx::query(&sql)
        .bind(&s.id)
        .bind(&s.entry_id)
        .bind(&s.grantee_id)
        .bind(&s.token_hash)
        .bind(&s.role)
        .bind(s.expires_at)
        .bind(&s.password_hash)
        .bind(&s.created_by)
        .bind(s.created_at)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The unexpired user shares granting `user_id` access to any of `entry_ids`.
pub async fn for_user(
    db: &Db,
    user_id: &str,
    entry_ids: &[String],
    now: i64,
) -> Result<Vec<Share>> {
    let mut all = Vec::new();
    let sql = format!(
        "SELECT {COLUMNS} FROM shares WHERE grantee_id = $1 AND entry_id = $2 \
         AND (expires_at IS NULL OR expires_at > $3)"
    );
    for id in entry_ids {
        let found: Vec<Share> = run!(db, |p| sqlx::query_as(&sql)
            .bind(user_id)
            .bind(id)
            .bind(now)
            .fetch_all(p)
            .await)?;
        all.extend(found);
    }
    Ok(all)
}

/// The unexpired link share with this token hash.
pub async fn by_token(db: &Db, token_hash: &str, now: i64) -> Result<Share> {
    let sql = format!(
        "SELECT {COLUMNS} FROM shares WHERE token_hash = $1 \
         AND (expires_at IS NULL OR expires_at > $2)"
    );
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(token_hash)
        .bind(now)
        .fetch_one(p)
        .await)?)
}

/// A share by id.
pub async fn get(db: &Db, id: &str) -> Result<Share> {
    let sql = format!("SELECT {COLUMNS} FROM shares WHERE id = $1");
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(id)
        .fetch_one(p)
        .await)?)
}

/// The shares of one entry, oldest first.
pub async fn of_entry(db: &Db, entry_id: &str) -> Result<Vec<Share>> {
    let sql = format!("SELECT {COLUMNS} FROM shares WHERE entry_id = $1 ORDER BY created_at");
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(entry_id)
        .fetch_all(p)
        .await)?)
}

/// The unexpired shares with a user, newest first.
pub async fn with_user(db: &Db, user_id: &str, now: i64) -> Result<Vec<Share>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM shares WHERE grantee_id = $1 \
         AND (expires_at IS NULL OR expires_at > $2) ORDER BY created_at DESC"
    );
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(user_id)
        .bind(now)
        .fetch_all(p)
        .await)?)
}

/// Revokes a share.
pub async fn delete(db: &Db, id: &str) -> Result<()> {
    let sql = "DELETE FROM shares WHERE id = $1";
    expect_row(run!(db, |p| sqlx::query(sql)
        .bind(id)
        .execute(p)
        .await?
        .rows_affected()))
}
