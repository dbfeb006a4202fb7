//! JSON representations of entries and versions, as the API returns them.

use serde::Serialize;
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use crate::store::{entries::Entry, versions::Version};

/// Formats unix milliseconds as RFC 3339 (UTC).
pub fn timestamp(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// A file or folder.
#[derive(Debug, Serialize)]
pub struct EntryView {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    parent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mime: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
    created_at: String,
    updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    trashed_at: Option<String>,
}

impl From<&Entry> for EntryView {
    fn from(e: &Entry) -> Self {
        Self {
            id: e.id.clone(),
            kind: e.kind.clone(),
            name: e.name.clone(),
            parent_id: e.parent_id.clone(),
            size: e.size,
            mime: e.mime.clone(),
            version: e.current_version,
            sha256: e.blob_hash.clone(),
            created_at: timestamp(e.created_at),
            updated_at: timestamp(e.updated_at),
            trashed_at: e.trashed_at.map(timestamp),
        }
    }
}

/// One version of a file.
#[derive(Debug, Serialize)]
pub struct VersionView {
    number: i64,
    size: i64,
    sha256: String,
    source: String,
    author: Option<AuthorView>,
    created_at: String,
}

#[derive(Debug, Serialize)]
struct AuthorView {
    id: String,
    name: Option<String>,
}

impl From<&Version> for VersionView {
    fn from(v: &Version) -> Self {
        Self {
            number: v.number,
            size: v.size,
            sha256: v.blob_hash.clone(),
            source: v.source.clone(),
            author: v.author_id.as_ref().map(|id| AuthorView {
                id: id.clone(),
                name: v.author_name.clone(),
            }),
            created_at: timestamp(v.created_at),
        }
    }
}
