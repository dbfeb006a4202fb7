//! `GET /office/:id/content`: the Document Server's download of `document.url`. The link's
//! HMAC binds it to one version of one file until it expires; when JWT is on, the request must
//! also carry the Document Server's own token (`{"payload":{"url": <this exact URL>}}`, HS256,
//! in the configured header) as the real server sends it (Appendix A.1 of the protocol notes).

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, Method},
    response::Response,
};

use super::{links::LinkQuery, not_configured};
use crate::{
    app::AppState,
    drive::names::FileName,
    error::{Error, Result},
    http::content::{self, Content},
    store::{self, BlobHash, entries, versions},
};

/// Serves the version a signed link names.
pub async fn document(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<LinkQuery>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response> {
    let office = app.office.as_ref().ok_or_else(not_configured)?;
    if !office.links.verify(&id, &q) {
        return Err(refused("invalid or expired document link"));
    }
    if let Some(jwt) = &office.jwt {
        let url = office
            .links
            .url(&app.config.internal_url, &id, q.version, q.expires);
        let header = headers
            .get(office.docs.jwt_header.as_str())
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| refused("the Document Server token is missing"))?;
        jwt.verify_download(header, url.as_str())
            .map_err(|e| refused_owned(format!("the Document Server token was refused: {e}")))?;
    }
    let file = match entries::get(&app.store.db, &id).await {
        Err(store::Error::NotFound) => {
            return Err(Error::NotFound {
                code: "file_not_found",
                what: "file",
            });
        }
        other => other?,
    };
    let version = match versions::get(&app.store.db, &id, q.version).await {
        Err(store::Error::NotFound) => {
            return Err(Error::NotFound {
                code: "version_not_found",
                what: "version",
            });
        }
        other => other?,
    };
    let hash = BlobHash::parse(&version.blob_hash)
        .ok_or_else(|| anyhow::anyhow!("corrupt blob hash for file {id}"))?;
    let name = FileName::parse(&file.name)?;
    let c = Content {
        hash: &hash,
        size: u64::try_from(version.size).unwrap_or_default(),
        name: name.as_str(),
        mime: file.mime.as_deref().unwrap_or("application/octet-stream"),
    };
    content::respond(&app.store, &method, &headers, c).await
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
