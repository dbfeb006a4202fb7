//! Blobs on the local disk, the embedded default.
//!
//! A blob is streamed to `tmp/<uuid>.part` while its SHA-256 is computed, fsynced, then renamed to
//! `objects/<first two hex digits>/<hash>` and the directory fsynced. A crash therefore leaves at
//! most a `.part` file, which `bureau serve` removes at its next start; a blob under `objects/`
//! is always complete.

use std::{
    io,
    path::{Path, PathBuf},
    time::SystemTime,
};

use bytes::Bytes;
use futures_util::{Stream, StreamExt as _, stream::BoxStream};
use tokio::{
    fs,
    io::{AsyncReadExt as _, AsyncSeekExt as _, AsyncWriteExt as _},
};
use tokio_util::io::ReaderStream;

use super::{BlobHash, Meter, PutError, StoredBlob};

/// Each read of a blob goes through Tokio's blocking pool: 256 KiB per read keeps that
/// hand-off cheap next to the copy (64 KiB reached half of nginx on 1 MiB Range reads, see
/// BENCHMARKS.md), while a download holds at most one chunk.
const READ_CHUNK: usize = 256 * 1024;
/// A temporary file removed when dropped, whether the write failed, finished (the file was
/// renamed away: nothing to remove) or was cancelled (a caller that went away drops the
/// future half-way, e.g. the Document Server giving up on a callback mid-download).
struct TempPath(PathBuf);

impl Drop for TempPath {
    fn drop(&mut self) {
        match std::fs::remove_file(&self.0) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(path = %self.0.display(), "removing a temporary blob: {e}"),
        }
    }
}

/// The blob store rooted at one directory.
#[derive(Debug, Clone)]
pub(super) struct DiskStore {
    root: PathBuf,
}

impl DiskStore {
    /// Opens (creating) the store. Temporary files are left alone: a CLI command may open the
    /// store while the server is writing uploads to them.
    pub(super) async fn open(root: &Path) -> io::Result<Self> {
        let store = Self {
            root: root.to_owned(),
        };
        fs::create_dir_all(store.objects()).await?;
        fs::create_dir_all(store.tmp()).await?;
        Ok(store)
    }

    /// Removes the temporary files a crash may have left behind; only the server calls this, at
    /// start, before it accepts uploads.
    pub(super) async fn remove_temp_files(&self) -> io::Result<()> {
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

    /// Streams content into the store through `meter`, which enforces the size limit.
    pub(super) async fn put<S, E>(
        &self,
        mut body: S,
        mut meter: Meter,
    ) -> Result<StoredBlob, PutError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let tmp = TempPath(self.tmp().join(format!("{}.part", uuid::Uuid::new_v4())));
        let mut file = fs::File::create(&tmp.0).await?;
        while let Some(chunk) = body.next().await {
            file.write_all(&meter.feed(chunk)?).await?;
        }
        file.sync_all().await?;
        let blob = meter.finish();
        self.commit(&tmp.0, &blob.hash).await?;
        Ok(blob)
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

    /// Whether a blob exists: its size and modification time.
    pub(super) async fn stat(&self, hash: &BlobHash) -> io::Result<Option<(u64, SystemTime)>> {
        match fs::metadata(self.path(hash)).await {
            Ok(m) => Ok(Some((m.len(), m.modified()?))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Streams `len` bytes of a blob starting at `offset`, in [`READ_CHUNK`] pieces.
    pub(super) async fn read(
        &self,
        hash: &BlobHash,
        offset: u64,
        len: u64,
    ) -> io::Result<BoxStream<'static, io::Result<Bytes>>> {
        let mut file = fs::File::open(self.path(hash)).await?;
        if offset > 0 {
            file.seek(io::SeekFrom::Start(offset)).await?;
        }
        Ok(ReaderStream::with_capacity(file.take(len), READ_CHUNK).boxed())
    }

    /// Deletes a blob; deleting a missing blob is not an error.
    pub(super) async fn delete(&self, hash: &BlobHash) -> io::Result<()> {
        match fs::remove_file(self.path(hash)).await {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Every stored blob with its modification time.
    pub(super) async fn list(&self) -> io::Result<Vec<(BlobHash, SystemTime)>> {
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
    pub(super) async fn temp_count(&self) -> io::Result<usize> {
        let mut n = 0;
        let mut dir = fs::read_dir(self.tmp()).await?;
        while dir.next_entry().await?.is_some() {
            n += 1;
        }
        Ok(n)
    }

    /// Checks the store is writable.
    pub(super) async fn check(&self) -> io::Result<()> {
        let probe = self.tmp().join(format!("{}.probe", uuid::Uuid::new_v4()));
        fs::write(&probe, b"ok").await?;
        fs::remove_file(&probe).await
    }
}
