//! Content-addressed, immutable blobs on local disk.
//!
//! A blob is streamed to `tmp/<uuid>.part` while its SHA-256 is computed, fsynced, then renamed to
//! `objects/<first two hex digits>/<hash>` and the directory fsynced. A crash therefore leaves at
//! most a `.part` file, which `bureau serve` removes at its next start
//! ([`BlobStore::remove_temp_files`]); a blob under `objects/` is always complete. Versions reference blobs by hash; [`BlobStore::list`] feeds the collector.

use std::{
    io,
    path::{Path, PathBuf},
    time::SystemTime,
};

use bytes::Bytes;
use futures_util::{Stream, StreamExt as _};
use sha2::{Digest as _, Sha256};
use tokio::{
    fs,
    io::{AsyncReadExt as _, AsyncSeekExt as _, AsyncWriteExt as _},
};
use tokio_util::io::ReaderStream;

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

/// The blob store rooted at one directory.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    /// Opens (creating) the store. Temporary files are left alone: a CLI command may open the
    /// store while the server is writing uploads to them.
    pub async fn open(root: &Path) -> io::Result<Self> {
        let store = Self {
            root: root.to_owned(),
        };
        fs::create_dir_all(store.objects()).await?;
        fs::create_dir_all(store.tmp()).await?;
        Ok(store)
    }

    /// Removes the temporary files a crash may have left behind; only the server calls this, at
    /// start, before it accepts uploads.
    pub async fn remove_temp_files(&self) -> io::Result<()> {
        let _ = fs::remove_dir_all(self.tmp()).await;
        fs::create_dir_all(self.tmp()).await
    }

    fn objects(&self) -> PathBuf {
        self.root.join("objects")
    }

    fn tmp(&self) -> PathBuf {
        self.root.join("tmp")
    }

    fn path(&self, hash: &BlobHash) -> PathBuf {
        self.objects().join(&hash.0[..2]).join(&hash.0)
    }

    /// Streams content into the store, refusing more than `limit` bytes.
    pub async fn put<S, E>(&self, mut body: S, limit: u64) -> Result<StoredBlob, PutError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let tmp = self.tmp().join(format!("{}.part", uuid::Uuid::new_v4()));
        let result = async {
            let mut file = fs::File::create(&tmp).await?;
            let mut hasher = Sha256::new();
            let mut size = 0u64;
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|e| PutError::Source(e.into()))?;
                size += chunk.len() as u64;
                if size > limit {
                    return Err(PutError::TooLarge { limit });
                }
                hasher.update(&chunk);
                file.write_all(&chunk).await?;
            }
            file.sync_all().await?;
            let hash = BlobHash(hex::encode(hasher.finalize()));
            self.commit(&tmp, &hash).await?;
            Ok(StoredBlob { hash, size })
        }
        .await;
        if result.is_err() {
            let _ = fs::remove_file(&tmp).await;
        }
        result
    }

    /// Moves a complete temporary file to its content address, durably.
    async fn commit(&self, tmp: &Path, hash: &BlobHash) -> io::Result<()> {
        let dest = self.path(hash);
        let dir = dest.parent().unwrap_or(&self.root).to_owned();
        fs::create_dir_all(&dir).await?;
        if fs::try_exists(&dest).await? {
            // Same content is already stored: refresh its time so the collector's grace period
            // covers the version about to reference it.
            let existing = fs::File::options()
                .append(true)
                .open(&dest)
                .await?
                .into_std()
                .await;
            tokio::task::spawn_blocking(move || existing.set_modified(SystemTime::now()))
                .await
                .map_err(io::Error::other)??;
            return fs::remove_file(tmp).await;
        }
        fs::rename(tmp, &dest).await?;
        fs::File::open(&dir).await?.sync_all().await
    }

    /// Whether a blob exists, and its size.
    pub async fn size(&self, hash: &BlobHash) -> io::Result<Option<u64>> {
        match fs::metadata(self.path(hash)).await {
            Ok(m) => Ok(Some(m.len())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Streams `len` bytes of a blob starting at `offset`.
    pub async fn read(
        &self,
        hash: &BlobHash,
        offset: u64,
        len: u64,
    ) -> io::Result<impl Stream<Item = io::Result<Bytes>> + Send + 'static> {
        let mut file = fs::File::open(self.path(hash)).await?;
        if offset > 0 {
            file.seek(io::SeekFrom::Start(offset)).await?;
        }
        Ok(ReaderStream::with_capacity(file.take(len), 64 * 1024))
    }

    /// Deletes a blob; deleting a missing blob is not an error.
    pub async fn delete(&self, hash: &BlobHash) -> io::Result<()> {
        match fs::remove_file(self.path(hash)).await {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Every stored blob with its modification time.
    pub async fn list(&self) -> io::Result<Vec<(BlobHash, SystemTime)>> {
        let mut out = Vec::new();
        let mut shards = fs::read_dir(self.objects()).await?;
        while let Some(shard) = shards.next_entry().await? {
            let mut blobs = fs::read_dir(shard.path()).await?;
            while let Some(blob) = blobs.next_entry().await? {
                let name = blob.file_name();
                if let Some(hash) = name.to_str().and_then(BlobHash::parse) {
                    out.push((hash, blob.metadata().await?.modified()?));
                }
            }
        }
        Ok(out)
    }

    /// Number of temporary files currently being written.
    pub async fn temp_count(&self) -> io::Result<usize> {
        let mut n = 0;
        let mut dir = fs::read_dir(self.tmp()).await?;
        while dir.next_entry().await?.is_some() {
            n += 1;
        }
        Ok(n)
    }

    /// Checks the store is writable (for `/readyz`).
    pub async fn check(&self) -> io::Result<()> {
        let probe = self.tmp().join(format!("{}.probe", uuid::Uuid::new_v4()));
        fs::write(&probe, b"ok").await?;
        fs::remove_file(&probe).await
    }
}
