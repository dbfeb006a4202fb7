//! Queries on entries: the folders and files of every user's tree.

use super::{Db, Result, Tx, db::run, db::run_tx, expect_row};

/// A folder or a file, with the size and blob of its current version for files.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Entry {
    /// Id (UUIDv7).
    pub id: String,
    /// `folder` or `file`.
    pub kind: String,
    /// Owner's user id.
    pub owner_id: String,
    /// Parent folder; `None` for a root folder.
    pub parent_id: Option<String>,
    /// Name within the parent.
    pub name: String,
    /// MIME type (files).
    pub mime: Option<String>,
    /// Number of the current version (files).
    pub current_version: Option<i64>,
    /// Creation time (unix ms).
    pub created_at: i64,
    /// Last change of name, place or content (unix ms).
    pub updated_at: i64,
    /// When it was moved to the trash.
    pub trashed_at: Option<i64>,
    /// Size of the current version (files).
    pub size: Option<i64>,
    /// Blob of the current version (files).
    pub blob_hash: Option<String>,
    /// Author of the current version (files).
    pub author_id: Option<String>,
}

impl Entry {
    /// Whether this is a folder.
    pub fn is_folder(&self) -> bool {
        self.kind == "folder"
    }
}

const SELECT: &str = "SELECT e.id, e.kind, e.owner_id, e.parent_id, e.name, e.mime, \
    e.current_version, e.created_at, e.updated_at, e.trashed_at, v.size, v.blob_hash, v.author_id \
    FROM entries e LEFT JOIN versions v ON v.file_id = e.id AND v.number = e.current_version";

/// Fields of a new entry.
#[derive(Debug)]
pub struct NewEntry<'a> {
    /// Id to give it.
    pub id: &'a str,
    /// `folder` or `file`.
    pub kind: &'a str,
    /// Owner.
    pub owner_id: &'a str,
    /// Parent folder (`None` only for a root).
    pub parent_id: Option<&'a str>,
    /// Name.
    pub name: &'a str,
    /// MIME type (files).
    pub mime: Option<&'a str>,
    /// Creation time.
    pub now: i64,
}

/// Inserts an entry; a live sibling with the same name gives `Conflict`.
pub async fn insert(tx: &mut Tx, e: &NewEntry<'_>) -> Result<()> {
    let sql = "INSERT INTO entries (id, kind, owner_id, parent_id, name, mime, created_at, \
               updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)";
    run_tx!(tx, |c| sqlx::query(sql)
        .bind(e.id)
        .bind(e.kind)
        .bind(e.owner_id)
        .bind(e.parent_id)
        .bind(e.name)
        .bind(e.mime)
        .bind(e.now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Finds an entry by id.
pub async fn get(db: &Db, id: &str) -> Result<Entry> {
    let sql = format!("{SELECT} WHERE e.id = $1");
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(id)
        .fetch_one(p)
        .await)?)
}

/// Reads an entry inside a transaction, locking its row where the backend needs it
/// (`FOR UPDATE` on PostgreSQL; SQLite's `BEGIN IMMEDIATE` already holds the write lock).
pub async fn lock(tx: &mut Tx, id: &str) -> Result<Entry> {
    let plain = format!("{SELECT} WHERE e.id = $1");
    let locked = format!("{plain} FOR UPDATE OF e");
    Ok(match tx {
        Tx::Sqlite(t) => sqlx::query_as(&plain).bind(id).fetch_one(&mut **t).await?,
        Tx::Postgres(t) => sqlx::query_as(&locked).bind(id).fetch_one(&mut **t).await?,
    })
}

/// A user's root folder.
pub async fn root_of(db: &Db, owner_id: &str) -> Result<Entry> {
    let sql = format!("{SELECT} WHERE e.owner_id = $1 AND e.parent_id IS NULL");
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(owner_id)
        .fetch_one(p)
        .await)?)
}

/// The live children of a folder, folders first, then by name.
pub async fn children(db: &Db, parent_id: &str) -> Result<Vec<Entry>> {
    let sql = format!(
        "{SELECT} WHERE e.parent_id = $1 AND e.trashed_at IS NULL ORDER BY e.kind DESC, e.name"
    );
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(parent_id)
        .fetch_all(p)
        .await)?)
}

/// An entry and its ancestors, from the root down to the entry itself.
pub async fn path(db: &Db, id: &str) -> Result<Vec<Entry>> {
    let sql = format!(
        "WITH RECURSIVE up(id, depth) AS (SELECT $1, 0 UNION ALL \
         SELECT e.parent_id, up.depth + 1 FROM entries e JOIN up ON e.id = up.id \
         WHERE e.parent_id IS NOT NULL) \
         {SELECT} JOIN up ON up.id = e.id ORDER BY up.depth DESC"
    );
    let rows: Vec<Entry> = run!(db, |p| sqlx::query_as(&sql).bind(id).fetch_all(p).await)?;
    if rows.is_empty() {
        Err(super::Error::NotFound)
    } else {
        Ok(rows)
    }
}

/// Names of live children of `parent_id` that start with `prefix`.
pub async fn names_with_prefix(tx: &mut Tx, parent_id: &str, prefix: &str) -> Result<Vec<String>> {
    let sql = "SELECT name FROM entries WHERE parent_id = $1 AND trashed_at IS NULL \
               AND substr(name, 1, $2) = $3";
    // An INTEGER (i32): PostgreSQL has no `substr(text, integer, bigint)`.
    let len = i32::try_from(prefix.chars().count()).unwrap_or(i32::MAX);
    Ok(run_tx!(tx, |c| sqlx::query_scalar(sql)
        .bind(parent_id)
        .bind(len)
        .bind(prefix)
        .fetch_all(c)
        .await)?)
}

/// Renames and/or moves an entry; a live sibling with the same name gives `Conflict`.
pub async fn relocate(tx: &mut Tx, id: &str, parent_id: &str, name: &str, now: i64) -> Result<()> {
    let sql = "UPDATE entries SET parent_id = $1, name = $2, updated_at = $3 WHERE id = $4";
    let n = run_tx!(tx, |c| sqlx::query(sql)
        .bind(parent_id)
        .bind(name)
        .bind(now)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    expect_row(n)
}

/// Moves an entry into the trash (`Some(time)`) or out of it (`None`).
pub async fn set_trashed(tx: &mut Tx, id: &str, trashed_at: Option<i64>) -> Result<()> {
    let sql = "UPDATE entries SET trashed_at = $1 WHERE id = $2";
    let n = run_tx!(tx, |c| sqlx::query(sql)
        .bind(trashed_at)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    expect_row(n)
}

/// Points a file at a new current version.
pub async fn set_current_version(tx: &mut Tx, id: &str, number: i64, now: i64) -> Result<()> {
    let sql = "UPDATE entries SET current_version = $1, updated_at = $2 WHERE id = $3";
    let n = run_tx!(tx, |c| sqlx::query(sql)
        .bind(number)
        .bind(now)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    expect_row(n)
}

/// A user's trashed entries (the top of each trashed subtree), newest first.
pub async fn trashed(db: &Db, owner_id: &str) -> Result<Vec<Entry>> {
    let sql = format!(
        "{SELECT} WHERE e.owner_id = $1 AND e.trashed_at IS NOT NULL ORDER BY e.trashed_at DESC"
    );
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(owner_id)
        .fetch_all(p)
        .await)?)
}

/// Deletes an entry for good, with its subtree and versions (blobs are collected later).
pub async fn purge(tx: &mut Tx, id: &str) -> Result<()> {
    let sql = "DELETE FROM entries WHERE id = $1";
    expect_row(run_tx!(tx, |c| sqlx::query(sql)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected()))
}
