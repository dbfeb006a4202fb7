//! Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage…), through `object_store`.
//!
//! Keys live under the configured prefix: `objects/<first two hex digits>/<hash>` for blobs and
//! `tmp/<uuid>` for uploads in progress. Content up to one part (8 MiB) is sent with a single PUT;
//! larger content as a streamed multipart upload, aborted on failure. The finished temporary
//! object is then copied to its content address and deleted, so a blob under `objects/` is always
//! complete; copying over an existing blob also refreshes its time for the collector's grace
//! period. A multipart upload cut short by a crash is never visible as an object: give the bucket
//! an `AbortIncompleteMultipartUpload` lifecycle rule to reclaim its parts.

use std::{
    io,
    sync::Arc,
    time::{Duration, SystemTime},
};

use bytes::Bytes;
use futures_util::{Stream, StreamExt as _, TryStreamExt as _, stream::BoxStream};
use object_store::{
    GetOptions, GetRange, ObjectStore, PutPayload, WriteMultipart, aws::AmazonS3Builder, path::Path,
};
use secrecy::ExposeSecret as _;

use super::{BlobHash, Meter, PutError, StoredBlob};
use crate::config::S3Location;

/// Size of one multipart part: S3's minimum for every part but the last. A write holds about
/// three parts (one filling, two in flight), so this bounds a save's memory: with 8 MiB parts a
/// 100 MiB save grew the peak RSS by 36.6 MiB, over the 32 MiB budget (BENCHMARKS.md).
const PART: usize = 5 * 1024 * 1024;
/// Age after which a temporary object is taken for a crash's leftover.
const STALE: Duration = Duration::from_secs(3600);

/// A bucket and key prefix.
#[derive(Debug, Clone)]
pub(super) struct S3Store {
    client: Arc<dyn ObjectStore>,
    prefix: String,
}

fn storage(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, e),
        other => io::Error::other(other),
    }
}

impl S3Store {
    /// Builds the client; nothing is contacted until the first request.
    pub(super) fn open(at: &S3Location) -> io::Result<Self> {
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&at.bucket)
            .with_region(&at.region);
        if let Some(endpoint) = &at.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        if let Some(id) = &at.access_key_id {
            builder = builder.with_access_key_id(id);
        }
        if let Some(secret) = &at.secret_access_key {
            builder = builder.with_secret_access_key(secret.expose_secret());
        }
        let client = builder.build().map_err(io::Error::other)?;
        Ok(Self {
            client: Arc::new(client),
            prefix: at.prefix.clone(),
        })
    }

    fn key(&self, rest: &str) -> Path {
        if self.prefix.is_empty() {
            Path::from(rest)
        } else {
            Path::from(format!("{}/{rest}", self.prefix))
        }
    }

    fn object(&self, hash: &BlobHash) -> Path {
        self.key(&format!("objects/{}/{}", &hash.0[..2], hash.0))
    }

    /// Removes temporary objects older than [`STALE`]; younger ones may be another process's.
    pub(super) async fn remove_temp_files(&self) -> io::Result<()> {
        let now = SystemTime::now();
        let mut temps = self.client.list(Some(&self.key("tmp")));
        while let Some(meta) = temps.try_next().await.map_err(storage)? {
            let modified: SystemTime = meta.last_modified.into();
            if now.duration_since(modified).unwrap_or_default() > STALE {
                self.client.delete(&meta.location).await.map_err(storage)?;
            }
        }
        Ok(())
    }

    /// Streams content to a temporary key through `meter`, then moves it to its address.
    pub(super) async fn put<S, E>(
        &self,
        mut body: S,
        mut meter: Meter,
    ) -> Result<StoredBlob, PutError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let tmp = self.key(&format!("tmp/{}", uuid::Uuid::new_v4()));
        let mut first = Vec::new();
        let mut upload = None;
        while let Some(chunk) = body.next().await {
            let step = match (meter.feed(chunk), upload.as_mut()) {
                (Err(e), _) => Err(e),
                (Ok(chunk), Some(writer)) => write_part(writer, &chunk).await,
                (Ok(chunk), None) if first.len() + chunk.len() <= PART => {
                    first.extend_from_slice(&chunk);
                    Ok(())
                }
                (Ok(chunk), None) => match self.client.put_multipart(&tmp).await {
                    Ok(started) => {
                        let mut writer = WriteMultipart::new_with_chunk_size(started, PART);
                        writer.write(&std::mem::take(&mut first));
                        let sent = write_part(&mut writer, &chunk).await;
                        upload = Some(writer);
                        sent
                    }
                    Err(e) => Err(storage(e).into()),
                },
            };
            if let Err(e) = step {
                return Err(abort(upload, e).await);
            }
        }
        match upload {
            Some(writer) => writer.finish().await.map(drop),
            None => self
                .client
                .put(&tmp, PutPayload::from(first))
                .await
                .map(drop),
        }
        .map_err(storage)?;
        let blob = meter.finish();
        let moved = self.client.copy(&tmp, &self.object(&blob.hash)).await;
        let removed = self.client.delete(&tmp).await;
        moved.and(removed).map_err(storage)?;
        Ok(blob)
    }

    /// Whether a blob exists: its size and modification time.
    pub(super) async fn stat(&self, hash: &BlobHash) -> io::Result<Option<(u64, SystemTime)>> {
        match self.client.head(&self.object(hash)).await {
            Ok(meta) => Ok(Some((meta.size, SystemTime::from(meta.last_modified)))),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(storage(e)),
        }
    }

    /// Streams `len` bytes of a blob starting at `offset` (one ranged GET).
    pub(super) async fn read(
        &self,
        hash: &BlobHash,
        offset: u64,
        len: u64,
    ) -> io::Result<BoxStream<'static, io::Result<Bytes>>> {
        if len == 0 {
            // S3 refuses an empty range; there is nothing to fetch anyway.
            self.client
                .head(&self.object(hash))
                .await
                .map_err(storage)?;
            return Ok(futures_util::stream::empty().boxed());
        }
        let options = GetOptions {
            range: Some(GetRange::Bounded(offset..offset + len)),
            ..GetOptions::default()
        };
        let found = self.client.get_opts(&self.object(hash), options).await;
        Ok(found
            .map_err(storage)?
            .into_stream()
            .map_err(storage)
            .boxed())
    }

    /// Deletes a blob; deleting a missing blob is not an error.
    pub(super) async fn delete(&self, hash: &BlobHash) -> io::Result<()> {
        match self.client.delete(&self.object(hash)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(storage(e)),
        }
    }

    /// Every stored blob with its modification time.
    pub(super) async fn list(&self) -> io::Result<Vec<(BlobHash, SystemTime)>> {
        let mut out = Vec::new();
        let mut objects = self.client.list(Some(&self.key("objects")));
        while let Some(meta) = objects.try_next().await.map_err(storage)? {
            if let Some(hash) = meta.location.filename().and_then(BlobHash::parse) {
                out.push((hash, meta.last_modified.into()));
            }
        }
        Ok(out)
    }

    /// Number of temporary objects (uploads between their last part and their move).
    pub(super) async fn temp_count(&self) -> io::Result<usize> {
        let temps = self.client.list(Some(&self.key("tmp")));
        temps
            .try_fold(0, |n, _| async move { Ok(n + 1) })
            .await
            .map_err(storage)
    }

    /// Checks the bucket is writable: puts and deletes a probe object.
    pub(super) async fn check(&self) -> io::Result<()> {
        let probe = self.key(&format!("tmp/{}.probe", uuid::Uuid::new_v4()));
        let payload = PutPayload::from_static(b"ok");
        self.client.put(&probe, payload).await.map_err(storage)?;
        self.client.delete(&probe).await.map_err(storage)
    }
}

/// Sends a chunk to a multipart upload, keeping at most two parts in flight.
async fn write_part(writer: &mut WriteMultipart, chunk: &[u8]) -> Result<(), PutError> {
    writer.wait_for_capacity(2).await.map_err(storage)?;
    writer.write(chunk);
    Ok(())
}

/// Aborts a started multipart upload (its parts are discarded) and passes the error on.
async fn abort(upload: Option<WriteMultipart>, error: PutError) -> PutError {
    if let Some(writer) = upload {
        let _ = writer.abort().await;
    }
    error
}
