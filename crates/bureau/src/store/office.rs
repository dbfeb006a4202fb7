//! Queries on ONLYOFFICE editing sessions and the saves applied from them.

use super::{Db, Result, Tx, db::run, db::run_tx, expect_row};

/// An editing session: one document key.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Session {
    /// The document key given to the Document Server.
    pub doc_key: String,
    /// The file the session was opened on.
    pub file_id: String,
    /// The file saves go to: `file_id`, or a conflict copy.
    pub target_id: String,
    /// The target's version whose content the Document Server holds.
    pub head_version: i64,
    /// `open` or `closed`.
    pub state: String,
    /// Ids of the users editing now, comma-separated.
    pub editors: String,
    /// Creation time (unix ms).
    pub created_at: i64,
    /// Last change (unix ms).
    pub updated_at: i64,
}

impl Session {
    /// Whether the Document Server may still save into this session.
    pub fn is_open(&self) -> bool {
        self.state == "open"
    }
}

const COLUMNS: &str =
    "doc_key, file_id, target_id, head_version, state, editors, created_at, updated_at";

/// The open session holding version `head_version` of `target_id`, if any.
pub async fn find_live(db: &Db, target_id: &str, head_version: i64) -> Result<Option<Session>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM office_sessions \
         WHERE target_id = $1 AND head_version = $2 AND state = 'open'"
    );
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(target_id)
        .bind(head_version)
        .fetch_optional(p)
        .await)?)
}

/// Records a new open session; a concurrent twin gives `Conflict`.
pub async fn insert(db: &Db, s: &Session) -> Result<()> {
    let sql =
        format!("INSERT INTO office_sessions ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    run!(db, |p| sqlx::query(&sql)
        .bind(&s.doc_key)
        .bind(&s.file_id)
        .bind(&s.target_id)
        .bind(s.head_version)
        .bind(&s.state)
        .bind(&s.editors)
        .bind(s.created_at)
        .bind(s.updated_at)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The session of a key.
pub async fn by_key(db: &Db, key: &str) -> Result<Session> {
    let sql = format!("SELECT {COLUMNS} FROM office_sessions WHERE doc_key = $1");
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(key)
        .fetch_one(p)
        .await)?)
}

/// The session of a key, read inside a transaction (locked on PostgreSQL).
pub async fn lock(tx: &mut Tx, key: &str) -> Result<Session> {
    let plain = format!("SELECT {COLUMNS} FROM office_sessions WHERE doc_key = $1");
    let locked = format!("{plain} FOR UPDATE");
    Ok(match tx {
        Tx::Sqlite(t) => sqlx::query_as(&plain).bind(key).fetch_one(&mut **t).await?,
        Tx::Postgres(t) => {
            sqlx::query_as(&locked)
                .bind(key)
                .fetch_one(&mut **t)
                .await?
        }
    })
}

/// Records who is editing now.
pub async fn set_editors(db: &Db, key: &str, editors: &str, now: i64) -> Result<()> {
    let sql = "UPDATE office_sessions SET editors = $1, updated_at = $2 WHERE doc_key = $3";
    expect_row(run!(db, |p| sqlx::query(sql)
        .bind(editors)
        .bind(now)
        .bind(key)
        .execute(p)
        .await?
        .rows_affected()))
}

/// Moves a session to another target and/or head version, and opens or closes it.
pub async fn update(
    tx: &mut Tx,
    key: &str,
    target_id: &str,
    head: i64,
    open: bool,
    now: i64,
) -> Result<()> {
    let sql = "UPDATE office_sessions SET target_id = $1, head_version = $2, state = $3, \
               editors = CASE WHEN $3 = 'open' THEN editors ELSE '' END, updated_at = $4 \
               WHERE doc_key = $5";
    let state = if open { "open" } else { "closed" };
    expect_row(run_tx!(tx, |c| sqlx::query(sql)
        .bind(target_id)
        .bind(head)
        .bind(state)
        .bind(now)
        .bind(key)
        .execute(c)
        .await?
        .rows_affected()))
}

/// Open sessions with at least one editor (for periodic force-saves).
pub async fn busy(db: &Db) -> Result<Vec<Session>> {
    let sql =
        format!("SELECT {COLUMNS} FROM office_sessions WHERE state = 'open' AND editors <> ''");
    Ok(run!(db, |p| sqlx::query_as(&sql).fetch_all(p).await)?)
}

/// Open sessions of the files in a folder listing (for "being edited by" badges).
pub async fn open_for_file(db: &Db, file_id: &str) -> Result<Vec<Session>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM office_sessions WHERE state = 'open' AND (file_id = $1 OR target_id = $1)"
    );
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(file_id)
        .fetch_all(p)
        .await)?)
}

/// Open sessions with editors on files of a folder (the file opened or the one written to).
pub async fn editing_in_folder(db: &Db, folder_id: &str) -> Result<Vec<Session>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM office_sessions WHERE state = 'open' AND editors <> '' \
         AND (file_id IN (SELECT id FROM entries WHERE parent_id = $1) \
           OR target_id IN (SELECT id FROM entries WHERE parent_id = $1))"
    );
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(folder_id)
        .fetch_all(p)
        .await)?)
}

/// A save already applied from a key, recognised by its marker.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AppliedSave {
    /// The file the save went to.
    pub file_id: String,
    /// The version it created (`None` when nothing was stored, e.g. `notmodified`).
    pub version: Option<i64>,
}

/// The save with this marker, if it was applied.
pub async fn applied(tx: &mut Tx, key: &str, marker: &str) -> Result<Option<AppliedSave>> {
    let sql = "SELECT file_id, version FROM office_saves WHERE doc_key = $1 AND marker = $2";
    Ok(run_tx!(tx, |c| sqlx::query_as(sql)
        .bind(key)
        .bind(marker)
        .fetch_optional(c)
        .await)?)
}

/// What a save stored, to record alongside it.
#[derive(Debug, Clone)]
pub struct SaveRecord<'a> {
    /// The document key.
    pub doc_key: &'a str,
    /// `lastsave` or content hash.
    pub marker: &'a str,
    /// The callback status.
    pub status: i64,
    /// The file written.
    pub file_id: &'a str,
    /// The version created.
    pub version: Option<i64>,
    /// The callback's `history`, as JSON text.
    pub history: Option<String>,
    /// Blob of the `changes.zip` archive.
    pub changes_hash: Option<String>,
    /// When.
    pub now: i64,
}

/// Records an applied save.
pub async fn record(tx: &mut Tx, r: &SaveRecord<'_>) -> Result<()> {
    let sql = "INSERT INTO office_saves (doc_key, marker, status, file_id, version, history, \
               changes_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    run_tx!(tx, |c| sqlx::query(sql)
        .bind(r.doc_key)
        .bind(r.marker)
        .bind(r.status)
        .bind(r.file_id)
        .bind(r.version)
        .bind(&r.history)
        .bind(&r.changes_hash)
        .bind(r.now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
