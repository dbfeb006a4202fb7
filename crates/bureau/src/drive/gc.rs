//! Blob garbage collection: deletes blobs no version references. Blobs younger than the grace
//! period are kept, since an upload stores its blob before committing the version that
//! references it.

use std::time::{Duration, SystemTime};

use anyhow::Context as _;

use crate::store::{Store, thumbnails, versions};

/// Blobs modified more recently than this are never collected.
pub const GRACE: Duration = Duration::from_secs(3600);

/// Deletes unreferenced blobs older than `grace`; returns how many were deleted.
pub async fn collect(store: &Store, grace: Duration) -> anyhow::Result<usize> {
    let cutoff = SystemTime::now()
        .checked_sub(grace)
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let mut deleted = 0;
    for (hash, modified) in store.blobs.list().await.context("listing blobs")? {
        if modified > cutoff
            || versions::blob_referenced(&store.db, hash.as_str()).await?
            || thumbnails::is_thumbnail(&store.db, hash.as_str()).await?
        {
            continue;
        }
        // An upload may have deduplicated onto this blob since it was listed (which refreshes
        // its time): look again right before deleting.
        let fresh = store.blobs.modified(&hash).await.context("checking blob")?;
        if fresh.is_none_or(|at| at > cutoff) {
            continue;
        }
        store.blobs.delete(&hash).await.context("deleting blob")?;
        deleted += 1;
    }
    Ok(deleted)
}
