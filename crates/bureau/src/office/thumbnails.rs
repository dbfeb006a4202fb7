//! `GET /api/v1/files/:id/thumbnail`: a PNG of the first page of an office file's current
//! version, made by the Document Server's Conversion service (`thumbnail` option) the first
//! time and then served from the blob store. The cache is keyed by the version's content and
//! format, so a new version gets a new thumbnail and a restored one finds its old one.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, Method},
    response::Response,
};
use onlyoffice::conversion::{Thumbnail, ThumbnailAspect};

use super::{
    convert::office_source,
    converter::{self, ConvertError, Source},
    download::{Blob, send_blob},
    fetch, not_configured,
};
use crate::{
    app::AppState,
    auth::CurrentUser,
    drive::roles::Role,
    error::Result,
    store::{self, BlobHash, thumbnails},
};

/// Width and height of the box a thumbnail fits in, in pixels.
pub const SIZE: u32 = 256;

/// Serves (and on first use makes) the thumbnail.
pub async fn thumbnail(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response> {
    let (file, version, format) = office_source(&app, &current.user, &id, Role::View).await?;
    let db = &app.store.db;
    let ext = format.extension;
    let cached = thumbnails::find(db, &version.blob_hash, ext).await?;
    let cached = match cached.as_deref().and_then(BlobHash::parse) {
        Some(hash) => stored(&app, hash).await?,
        None => None,
    };
    let hash = match cached {
        Some(hash) => hash,
        None => {
            let office = &*app.office().ok_or_else(not_configured)?;
            let source = Source {
                file_id: &file.id,
                name: &file.name,
                version: &version,
                format,
            };
            let request =
                converter::request(office, source, "png", "thumbnail").with_thumbnail(Thumbnail {
                    aspect: Some(ThumbnailAspect::Keep),
                    first: Some(true),
                    width: Some(SIZE),
                    height: Some(SIZE),
                });
            let done = converter::run(office, &request, |_| {}).await?;
            let blob = fetch::download(
                office,
                &app.store,
                &done.file_url,
                app.config.max_upload_bytes,
            )
            .await
            .map_err(|e| ConvertError {
                code: "result_download_failed",
                detail: format!("the thumbnail could not be fetched: {e}"),
                document_fault: false,
            })?;
            let hash = blob.hash.to_string();
            thumbnails::insert(db, &version.blob_hash, ext, &hash, store::now_ms()).await?;
            let kept = thumbnails::find(db, &version.blob_hash, ext)
                .await?
                .unwrap_or(hash);
            BlobHash::parse(&kept).ok_or_else(|| anyhow::anyhow!("corrupt thumbnail hash"))?
        }
    };
    let blob = Blob {
        hash: &hash,
        name: "thumbnail.png",
        mime: "image/png",
    };
    send_blob(&app, &method, &headers, blob).await
}

/// The hash, if its blob is still stored.
async fn stored(app: &AppState, hash: BlobHash) -> Result<Option<BlobHash>> {
    let size = app
        .store
        .blobs
        .size(&hash)
        .await
        .map_err(anyhow::Error::new)?;
    Ok(size.map(|_| hash))
}
