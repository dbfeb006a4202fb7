//! The versioning rules, in one place: versions are append-only and numbered from 1; a file's
//! current version is always its newest. Other features (office saves, restores, conversions)
//! add versions only through [`add_version`].

use anyhow::Context as _;

use super::files::Source;
use crate::{
    error::{Error, Result},
    store::{
        self, Store, Tx,
        blobs::StoredBlob,
        entries::{self, Entry},
        versions::{self, Version},
    },
};

/// Appends version `previous + 1` of a file inside a transaction and makes it current.
pub async fn append(
    tx: &mut Tx,
    file_id: &str,
    previous: i64,
    blob: &StoredBlob,
    author_id: Option<&str>,
    source: Source,
) -> Result<i64> {
    let number = previous + 1;
    let now = store::now_ms();
    let version = Version {
        file_id: file_id.to_owned(),
        number,
        blob_hash: blob.hash.to_string(),
        size: i64::try_from(blob.size).context("blob size")?,
        author_id: author_id.map(str::to_owned),
        author_name: None,
        source: source.as_str().to_owned(),
        created_at: now,
    };
    versions::insert(tx, &version).await?;
    entries::set_current_version(tx, file_id, number, now).await?;
    Ok(number)
}

/// Adds a new version of a file in its own transaction, with the file's row locked so that
/// concurrent saves line up. Returns the new version number.
pub async fn add_version(
    store: &Store,
    file_id: &str,
    blob: &StoredBlob,
    author_id: Option<&str>,
    source: Source,
) -> Result<i64> {
    let mut tx = store.db.begin().await.context("starting transaction")?;
    let file = entries::lock(&mut tx, file_id).await?;
    let number = append(
        &mut tx,
        file_id,
        file.current_version.unwrap_or(0),
        blob,
        author_id,
        source,
    )
    .await?;
    tx.commit().await.context("committing version")?;
    Ok(number)
}

/// One version of a file, or 404 `version_not_found`.
pub async fn get(store: &Store, file: &Entry, number: i64) -> Result<Version> {
    match versions::get(&store.db, &file.id, number).await {
        Err(store::Error::NotFound) => Err(Error::NotFound {
            code: "version_not_found",
            what: "version",
        }),
        other => Ok(other?),
    }
}

/// Makes an old version's content the newest version again (a new number, source `restore`).
pub async fn restore(store: &Store, file: &Entry, number: i64, author_id: &str) -> Result<i64> {
    let old = get(store, file, number).await?;
    let hash = store::BlobHash::parse(&old.blob_hash).context("stored blob hash")?;
    let blob = StoredBlob {
        hash,
        size: u64::try_from(old.size).context("stored size")?,
    };
    add_version(store, &file.id, &blob, Some(author_id), Source::Restore).await
}
