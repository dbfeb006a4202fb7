//! Queries on user accounts.

use super::{Db, Result, Tx, db::run, db::run_tx, expect_row};

/// A stored user account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct User {
    /// Id (UUIDv7).
    pub id: String,
    /// Unique login name.
    pub login: String,
    /// Name shown to others.
    pub display_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Administrator.
    pub is_admin: bool,
    /// Disabled accounts cannot sign in or use tokens.
    pub disabled: bool,
    /// Preferred UI language, if chosen.
    pub lang: Option<String>,
    /// Creation time (unix ms).
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, login, display_name, password_hash, is_admin, disabled, lang, created_at";

/// Inserts a user inside a transaction (with its root folder, see `entries::insert_root`).
pub async fn insert(tx: &mut Tx, u: &User) -> Result<()> {
    let sql = format!("INSERT INTO users ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    run_tx!(tx, |c| sqlx::query(&sql)
        .bind(&u.id)
        .bind(&u.login)
        .bind(&u.display_name)
        .bind(&u.password_hash)
        .bind(u.is_admin)
        .bind(u.disabled)
        .bind(&u.lang)
        .bind(u.created_at)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Finds a user by login.
pub async fn by_login(db: &Db, login: &str) -> Result<User> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE login = $1");
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(login)
        .fetch_one(p)
        .await)?)
}

/// Finds a user by id.
pub async fn by_id(db: &Db, id: &str) -> Result<User> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(id)
        .fetch_one(p)
        .await)?)
}

/// Every user, by login.
pub async fn list(db: &Db) -> Result<Vec<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users ORDER BY login");
    Ok(run!(db, |p| sqlx::query_as(&sql).fetch_all(p).await)?)
}

/// Number of users.
pub async fn count(db: &Db) -> Result<i64> {
    Ok(run!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM users"
    )
    .fetch_one(p)
    .await)?)
}

/// Replaces a user's password hash.
pub async fn set_password(db: &Db, id: &str, hash: &str) -> Result<()> {
    let sql = "UPDATE users SET password_hash = $1 WHERE id = $2";
    expect_row(run!(db, |p| sqlx::query(sql)
        .bind(hash)
        .bind(id)
        .execute(p)
        .await?
        .rows_affected()))
}

/// Sets (or clears, with `None`) a user's preferred UI language.
pub async fn set_lang(db: &Db, id: &str, lang: Option<&str>) -> Result<()> {
    let sql = "UPDATE users SET lang = $1 WHERE id = $2";
    expect_row(run!(db, |p| sqlx::query(sql)
        .bind(lang)
        .bind(id)
        .execute(p)
        .await?
        .rows_affected()))
}

/// Sets a user's disabled and admin flags, unless that would leave no enabled administrator
/// (`Conflict`); `NotFound` when the user does not exist.
pub async fn set_flags(db: &Db, id: &str, disabled: bool, is_admin: bool) -> Result<()> {
    let sql = "UPDATE users SET disabled = $2, is_admin = $3 WHERE id = $1 \
               AND (($3 AND NOT $2) OR EXISTS (SELECT 1 FROM users o \
               WHERE o.id <> $1 AND o.is_admin AND NOT o.disabled))";
    let changed = run!(db, |p| sqlx::query(sql)
        .bind(id)
        .bind(disabled)
        .bind(is_admin)
        .execute(p)
        .await?
        .rows_affected());
    if changed == 1 {
        return Ok(());
    }
    by_id(db, id).await?;
    Err(super::Error::Conflict(
        "no enabled administrator would be left",
    ))
}

/// Sets a user's display name.
pub async fn set_display_name(db: &Db, id: &str, name: &str) -> Result<()> {
    let sql = "UPDATE users SET display_name = $1 WHERE id = $2";
    expect_row(run!(db, |p| sqlx::query(sql)
        .bind(name)
        .bind(id)
        .execute(p)
        .await?
        .rows_affected()))
}

/// Enables or disables a user.
pub async fn set_disabled(db: &Db, id: &str, disabled: bool) -> Result<()> {
    let sql = "UPDATE users SET disabled = $1 WHERE id = $2";
    expect_row(run!(db, |p| sqlx::query(sql)
        .bind(disabled)
        .bind(id)
        .execute(p)
        .await?
        .rows_affected()))
}
