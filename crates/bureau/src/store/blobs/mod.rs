//! Content-addressed, immutable blobs, on the local disk (`disk.rs`, the embedded default) or in an
//! S3-compatible bucket (`s3.rs`), chosen by `storage_url`.
//!
//! Either way a blob is streamed to a temporary name while its SHA-256 is computed, then made
//! visible under its hash, so a reader never sees a partial blob. Versions reference blobs by
//! hash; [`BlobStore::list`] feeds the collector. The backends' own types (`object_store`) stay
//! inside this module: every method answers with `std::io` errors and byte streams.

mod disk;
mod s3;

use std::{io, time::SystemTime};

use bytes::Bytes;
use futures_util::{Stream, stream::BoxStream};
use sha2::{Digest as _, Sha256};

use crate::config::StorageUrl;

/// The SHA-256 of a blob, as 64 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobHash(String);

impl BlobHash {
    /// Accepts exactly 64 lowercase hex digits.
    pub fn parse(s: &str) -> Option<Self> {
        let ok = s.len() == 64
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| Self(s.to_owned()))
    }

    /// The hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for BlobHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A blob that was stored.
#[derive(Debug, Clone)]
pub struct StoredBlob {
    /// Its content hash.
    pub hash: BlobHash,
    /// Its length in bytes.
    pub size: u64,
}

/// Why storing a blob failed.
#[derive(Debug, thiserror::Error)]
pub enum PutError {
    /// The content exceeded the size limit; nothing was kept.
    #[error("content is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// Reading the incoming content failed (client went away, upstream broke off).
    #[error("reading the content failed: {0}")]
    Source(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Writing to the store failed.
    #[error("writing the blob failed: {0}")]
    Storage(#[from] io::Error),
}

/// Hashes and counts incoming content, enforcing the size limit; shared by both backends.
struct Meter {
    hasher: Sha256,
    size: u64,
    limit: u64,
}

impl Meter {
    fn new(limit: u64) -> Self {
        Self {
            hasher: Sha256::new(),
            size: 0,
            limit,
        }
    }

    /// Accounts for the next chunk of a body, or says why the body is refused.
    fn feed<E>(&mut self, chunk: Result<Bytes, E>) -> Result<Bytes, PutError>
    where
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let chunk = chunk.map_err(|e| PutError::Source(e.into()))?;
        self.size += chunk.len() as u64;
        if self.size > self.limit {
            return Err(PutError::TooLarge { limit: self.limit });
        }
        self.hasher.update(&chunk);
        Ok(chunk)
    }

    fn finish(self) -> StoredBlob {
        StoredBlob {
            hash: BlobHash(hex::encode(self.hasher.finalize())),
            size: self.size,
        }
    }
}

/// The blob store: a local directory or an S3 bucket.
#[derive(Debug, Clone)]
pub struct BlobStore(Backend);

#[derive(Debug, Clone)]
enum Backend {
    Disk(disk::DiskStore),
    S3(s3::S3Store),
}

/// Runs the same call on whichever backend the store holds.
macro_rules! on {
    ($store:expr, |$b:ident| $body:expr) => {
        match &$store.0 {
            Backend::Disk($b) => $body,
            Backend::S3($b) => $body,
        }
    };
}

impl BlobStore {
    /// Opens (creating a directory store) the store at `url`. Temporary blobs are left alone: a
    /// CLI command may open the store while a server is writing uploads to them.
    pub async fn open(url: &StorageUrl) -> io::Result<Self> {
        Ok(Self(match url {
            StorageUrl::Dir(root) => Backend::Disk(disk::DiskStore::open(root).await?),
            StorageUrl::S3(location) => Backend::S3(s3::S3Store::open(location)?),
        }))
    }

    /// Removes the temporary blobs a crash may have left behind; only the server calls this, at
    /// start, before it accepts uploads. On S3, where other processes may be uploading right
    /// now, only temporary objects older than an hour are removed.
    pub async fn remove_temp_files(&self) -> io::Result<()> {
        on!(self, |b| b.remove_temp_files().await)
    }

    /// Streams content into the store, refusing more than `limit` bytes.
    pub async fn put<S, E>(&self, body: S, limit: u64) -> Result<StoredBlob, PutError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        on!(self, |b| b.put(body, Meter::new(limit)).await)
    }

    /// Whether a blob exists, and its size.
    pub async fn size(&self, hash: &BlobHash) -> io::Result<Option<u64>> {
        Ok(on!(self, |b| b.stat(hash).await)?.map(|(size, _)| size))
    }

    /// Whether a blob exists, and when it was last written (or deduplicated onto).
    pub async fn modified(&self, hash: &BlobHash) -> io::Result<Option<SystemTime>> {
        Ok(on!(self, |b| b.stat(hash).await)?.map(|(_, at)| at))
    }

    /// Streams `len` bytes of a blob starting at `offset`.
    pub async fn read(
        &self,
        hash: &BlobHash,
        offset: u64,
        len: u64,
    ) -> io::Result<BoxStream<'static, io::Result<Bytes>>> {
        on!(self, |b| b.read(hash, offset, len).await)
    }

    /// Deletes a blob; deleting a missing blob is not an error.
    pub async fn delete(&self, hash: &BlobHash) -> io::Result<()> {
        on!(self, |b| b.delete(hash).await)
    }

    /// Every stored blob with its modification time.
    pub async fn list(&self) -> io::Result<Vec<(BlobHash, SystemTime)>> {
        on!(self, |b| b.list().await)
    }

    /// Number of temporary blobs currently being written.
    pub async fn temp_count(&self) -> io::Result<usize> {
        on!(self, |b| b.temp_count().await)
    }

    /// Checks the store is writable (for `/readyz` and `bureau doctor`).
    pub async fn check(&self) -> io::Result<()> {
        on!(self, |b| b.check().await)
    }
}
