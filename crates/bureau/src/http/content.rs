//! Streams a stored blob as an HTTP response: `Content-Disposition` with the file name, a strong
//! `ETag` (the content hash), conditional `If-None-Match`, single `Range` requests (206/416,
//! honouring `If-Range`) and `HEAD`. Content is never read whole into memory.

use anyhow::Context as _;
use axum::{
    body::Body,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::Response,
};

use super::{
    disposition,
    range::{self, RangeRequest},
};
use crate::{
    error::{Error, Result},
    store::{BlobHash, Store},
};

/// A blob to send, with how to present it.
#[derive(Debug, Clone, Copy)]
pub struct Content<'a> {
    /// The content.
    pub hash: &'a BlobHash,
    /// Its size.
    pub size: u64,
    /// The download name.
    pub name: &'a str,
    /// Its MIME type.
    pub mime: &'a str,
}

/// Builds the response for `GET`/`HEAD` of a blob.
pub async fn respond(
    store: &Store,
    method: &Method,
    request: &HeaderMap,
    content: Content<'_>,
) -> Result<Response> {
    let etag = format!("\"{}\"", content.hash);
    let text = |name| {
        request
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if text(header::IF_NONE_MATCH).is_some_and(|v| etag_matches(v, &etag)) {
        return build(
            StatusCode::NOT_MODIFIED,
            Body::empty(),
            &[(header::ETAG, etag)],
        );
    }
    let range_header = match text(header::IF_RANGE) {
        Some(v) if v.trim() != etag => None,
        _ => text(header::RANGE),
    };
    let size = content.size;
    let (status, start, len) = match range::parse(range_header, size) {
        RangeRequest::Full => (StatusCode::OK, 0, size),
        RangeRequest::Partial { start, end } => {
            (StatusCode::PARTIAL_CONTENT, start, end - start + 1)
        }
        RangeRequest::Unsatisfiable => return Err(Error::RangeNotSatisfiable { size }),
    };
    let mut headers = vec![
        (header::CONTENT_TYPE, content.mime.to_owned()),
        (header::CONTENT_LENGTH, len.to_string()),
        (header::ETAG, etag),
        (header::ACCEPT_RANGES, "bytes".to_owned()),
        (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        (
            header::CONTENT_DISPOSITION,
            disposition::header_value(content.name, false),
        ),
    ];
    if status == StatusCode::PARTIAL_CONTENT {
        let end = start + len - 1;
        headers.push((header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}")));
    }
    let body = if *method == Method::HEAD {
        Body::empty()
    } else {
        let stream = store
            .blobs
            .read(content.hash, start, len)
            .await
            .context("opening blob")?;
        Body::from_stream(stream)
    };
    build(status, body, &headers)
}

fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

fn build(
    status: StatusCode,
    body: Body,
    headers: &[(header::HeaderName, String)],
) -> Result<Response> {
    let mut builder = Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    builder
        .body(body)
        .context("building response")
        .map_err(Error::Internal)
}
