//! Queries on cached thumbnails, keyed by the content blob and its format.

use super::{Db, Result, db::run};

/// The thumbnail blob of this content in this format, if one was made.
pub async fn find(db: &Db, source_hash: &str, file_type: &str) -> Result<Option<String>> {
    let sql = "SELECT thumb_hash FROM thumbnails WHERE source_hash = $1 AND file_type = $2";
    Ok(run!(db, |p| sqlx::query_scalar(sql)
        .bind(source_hash)
        .bind(file_type)
        .fetch_optional(p)
        .await)?)
}

/// Records a thumbnail, replacing an older one (whose blob may have been collected).
pub async fn insert(
    db: &Db,
    source_hash: &str,
    file_type: &str,
    thumb_hash: &str,
    now: i64,
) -> Result<()> {
    let sql = "INSERT INTO thumbnails (source_hash, file_type, thumb_hash, created_at) \
               VALUES ($1, $2, $3, $4) ON CONFLICT (source_hash, file_type) DO UPDATE \
               SET thumb_hash = excluded.thumb_hash, created_at = excluded.created_at";
    run!(db, |p| sqlx::query(sql)
        .bind(source_hash)
        .bind(file_type)
        .bind(thumb_hash)
        .bind(now)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Whether a blob is the thumbnail of content some version still holds (so blob collection
/// keeps it; the thumbnail of collected content goes with it).
pub async fn is_thumbnail(db: &Db, hash: &str) -> Result<bool> {
    let sql = "SELECT COUNT(*) FROM thumbnails t JOIN versions v ON v.blob_hash = t.source_hash \
               WHERE t.thumb_hash = $1";
    let n: i64 = run!(db, |p| sqlx::query_scalar(sql)
        .bind(hash)
        .fetch_one(p)
        .await)?;
    Ok(n > 0)
}
