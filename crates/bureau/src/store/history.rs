//! Queries behind the editor's version history: what each office save recorded beside the
//! version it created (the callback's `history` object and its `changes.zip` blob).

use super::{Db, Result, db::run};

/// What a save from the Document Server recorded for the version it created.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SavedChanges {
    /// The document key of the session that saved.
    pub doc_key: String,
    /// The version the save created.
    pub version: i64,
    /// The callback's `history` object, as JSON text.
    pub history: Option<String>,
    /// Blob of the `changes.zip` archive.
    pub changes_hash: Option<String>,
}

/// The recorded saves of a file that created a version, oldest first.
pub async fn saves_of_file(db: &Db, file_id: &str) -> Result<Vec<SavedChanges>> {
    let sql = "SELECT doc_key, version, history, changes_hash FROM office_saves \
               WHERE file_id = $1 AND version IS NOT NULL ORDER BY version";
    Ok(run!(db, |p| sqlx::query_as(sql)
        .bind(file_id)
        .fetch_all(p)
        .await)?)
}

/// The first version a session's saves created in a file: the session started from the version
/// before it, which is what the session's `changes.zip` archives replay onto (force-saves do not
/// reset the Document Server's change list).
pub async fn first_saved_version(db: &Db, doc_key: &str, file_id: &str) -> Result<Option<i64>> {
    let sql = "SELECT MIN(version) FROM office_saves WHERE doc_key = $1 AND file_id = $2";
    Ok(run!(db, |p| sqlx::query_scalar(sql)
        .bind(doc_key)
        .bind(file_id)
        .fetch_one(p)
        .await)?)
}

/// The recorded save that created `version` of a file, if one did.
pub async fn save_of_version(db: &Db, file_id: &str, version: i64) -> Result<Option<SavedChanges>> {
    let sql = "SELECT doc_key, version, history, changes_hash FROM office_saves \
               WHERE file_id = $1 AND version = $2";
    Ok(run!(db, |p| sqlx::query_as(sql)
        .bind(file_id)
        .bind(version)
        .fetch_optional(p)
        .await)?)
}
