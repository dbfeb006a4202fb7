//! `GET /office/:id/content`: the Document Server's download of `document.url` (the same
//! handler serves `<prefix>office/:id/content` of `bureau connector`). The link's
//! HMAC binds it to one version of one file until it expires; when JWT is on, the request must
//! also carry the Document Server's own token (`{"payload":{"url": <this exact URL>}}`, HS256,
//! in the configured header) as the real server sends it (Appendix A.1 of the protocol notes).
//! `GET /office/:id/changes` serves a history `changesUrl` and `GET /office/:id/probe` the
//! blank document of `bureau doctor` under the same checks.

use axum::{
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, Method, header},
    response::Response,
};

use super::{
    Office,
    documents::Editing,
    links::{LinkKind, LinkQuery},
    not_configured, templates,
};
use crate::{
    app::AppState,
    error::{Error, Result},
    extract::AppQuery,
    http::content::{self, Content},
    store::{BlobHash, history},
};

/// Serves the version a signed link names, from where the documents live (`bureau serve` and
/// `bureau connector` alike).
pub async fn document(
    editing: Editing,
    Path(id): Path<String>,
    AppQuery(q): AppQuery<LinkQuery>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response> {
    authorize(&editing.office, LinkKind::Content, &id, &q, &headers)?;
    editing
        .documents
        .content(&id, q.version, &method, &headers)
        .await
}

/// `GET /office/:id/changes`: the Document Server's download of a history `changesUrl`, the
/// `changes.zip` of the save that created the linked version; checked like `document.url`.
pub async fn changes(
    State(app): State<AppState>,
    Path(id): Path<String>,
    AppQuery(q): AppQuery<LinkQuery>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response> {
    let office = app.office().ok_or_else(not_configured)?;
    authorize(&office, LinkKind::Changes, &id, &q, &headers)?;
    let hash = history::save_of_version(&app.store.db, &id, q.version)
        .await?
        .and_then(|s| s.changes_hash)
        .and_then(|h| BlobHash::parse(&h))
        .ok_or(Error::NotFound {
            code: "changes_not_found",
            what: "changes archive",
        })?;
    let blob = Blob {
        hash: &hash,
        name: "changes.zip",
        mime: "application/zip",
    };
    send_blob(&app, &method, &headers, blob).await
}

/// A stored blob Bureau made itself (no version row holds its size).
#[derive(Debug, Clone, Copy)]
pub struct Blob<'a> {
    /// The content.
    pub hash: &'a BlobHash,
    /// The download name.
    pub name: &'a str,
    /// Its MIME type.
    pub mime: &'a str,
}

/// Streams a stored blob, looking its size up in the blob store.
pub async fn send_blob(
    app: &AppState,
    method: &Method,
    headers: &HeaderMap,
    blob: Blob<'_>,
) -> Result<Response> {
    let size = app
        .store
        .blobs
        .size(blob.hash)
        .await
        .map_err(anyhow::Error::new)?
        .ok_or_else(|| anyhow::anyhow!("blob {} is missing", blob.hash))?;
    let c = Content {
        hash: blob.hash,
        size,
        name: blob.name,
        mime: blob.mime,
    };
    content::respond(&app.store, method, headers, c).await
}

/// The id in the probe link of `bureau doctor`'s round trip with the settings in use.
pub const PROBE: &str = "doctor";
/// The id in the probe link of a test of unsaved settings (admin page): no process holds their
/// secret, so only the link's HMAC is checked, not the Document Server's token.
pub const TRIAL_PROBE: &str = "doctor-unsaved";

/// `GET /office/:id/probe`: a blank document for `bureau doctor`'s conversion round trip,
/// checked like `document.url`, so a success proves the Document Server reaches Bureau's
/// internal address and signs its downloads with the same secret.
pub async fn probe(
    State(app): State<AppState>,
    Path(id): Path<String>,
    AppQuery(q): AppQuery<LinkQuery>,
    headers: HeaderMap,
) -> Result<Response> {
    if id == TRIAL_PROBE {
        if !app.connection.links().verify_kind(LinkKind::Probe, &id, &q) {
            return Err(refused("invalid or expired document link"));
        }
    } else {
        let office = app.office().ok_or_else(not_configured)?;
        authorize(&office, LinkKind::Probe, &id, &q, &headers)?;
    }
    let blank = templates::render(templates::TemplateKind::Document);
    let response = Response::builder()
        .header(
            header::CONTENT_TYPE,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        .body(Body::from(blank))
        .map_err(anyhow::Error::new)?;
    Ok(response)
}

/// Checks a Document Server download: the link's HMAC and expiry, and when JWT is on the
/// Document Server's own token for exactly this URL.
fn authorize(
    office: &Office,
    kind: LinkKind,
    id: &str,
    q: &LinkQuery,
    headers: &HeaderMap,
) -> Result<()> {
    if !office.links.verify_kind(kind, id, q) {
        return Err(refused("invalid or expired document link"));
    }
    if let Some(jwt) = &office.jwt {
        let url = office
            .links
            .link(kind, &office.internal_url, id, q.version, q.expires);
        let header = headers
            .get(office.docs.jwt_header.as_str())
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| refused("the Document Server token is missing"))?;
        jwt.verify_download(header, url.as_str())
            .map_err(|e| refused_owned(format!("the Document Server token was refused: {e}")))?;
    }
    Ok(())
}

fn refused(detail: &'static str) -> Error {
    Error::Forbidden {
        code: "invalid_document_link",
        detail: detail.into(),
    }
}

fn refused_owned(detail: String) -> Error {
    Error::Forbidden {
        code: "invalid_document_link",
        detail: detail.into(),
    }
}
