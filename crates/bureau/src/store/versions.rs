//! Queries on file versions: immutable, append-only, numbered from 1.

use super::{Db, Result, Tx, db::run, db::run_tx};

/// One stored version of a file.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Version {
    /// The file.
    pub file_id: String,
    /// Number, from 1.
    pub number: i64,
    /// Content blob.
    pub blob_hash: String,
    /// Size in bytes.
    pub size: i64,
    /// Author's user id.
    pub author_id: Option<String>,
    /// Author's display name (joined).
    pub author_name: Option<String>,
    /// `upload`, `office_save`, `restore` or `conversion`.
    pub source: String,
    /// Creation time (unix ms).
    pub created_at: i64,
}

const SELECT: &str = "SELECT v.file_id, v.number, v.blob_hash, v.size, v.author_id, \
    u.display_name AS author_name, v.source, v.created_at FROM versions v \
    LEFT JOIN users u ON u.id = v.author_id";

/// Appends a version; its number must be the file's next one (the primary key guards races).
pub async fn insert(tx: &mut Tx, v: &Version) -> Result<()> {
    let sql = "INSERT INTO versions (file_id, number, blob_hash, size, author_id, source, \
               created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    run_tx!(tx, |c| sqlx::query(sql)
        .bind(&v.file_id)
        .bind(v.number)
        .bind(&v.blob_hash)
        .bind(v.size)
        .bind(&v.author_id)
        .bind(&v.source)
        .bind(v.created_at)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// All versions of a file, newest first.
pub async fn list(db: &Db, file_id: &str) -> Result<Vec<Version>> {
    let sql = format!("{SELECT} WHERE v.file_id = $1 ORDER BY v.number DESC");
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(file_id)
        .fetch_all(p)
        .await)?)
}

/// One version of a file.
pub async fn get(db: &Db, file_id: &str, number: i64) -> Result<Version> {
    let sql = format!("{SELECT} WHERE v.file_id = $1 AND v.number = $2");
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(file_id)
        .bind(number)
        .fetch_one(p)
        .await)?)
}

/// Whether any version (or any saved change history) references a blob.
pub async fn blob_referenced(db: &Db, hash: &str) -> Result<bool> {
    let sql = "SELECT (SELECT COUNT(*) FROM versions WHERE blob_hash = $1) \
               + (SELECT COUNT(*) FROM office_saves WHERE changes_hash = $1)";
    let n: i64 = run!(db, |p| sqlx::query_scalar(sql)
        .bind(hash)
        .fetch_one(p)
        .await)?;
    Ok(n > 0)
}
