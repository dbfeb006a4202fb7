//! The documents of `bureau connector`: a drive backend's, reached through its application API
//! ([`super::backend`]). The connector holds no content: the Document Server's downloads stream
//! from the backend, saves stream to it, and the backend keeps the editing sessions, so any
//! number of connector processes agree on them.
//!
//! Document ids in links name the company too (`<company>:<file>`), because the backend's item
//! routes are per company and the Document Server's download carries nothing else.

use std::sync::Arc;

use axum::{
    body::Body,
    http::{HeaderMap, Method, StatusCode, header},
    response::Response,
};
use futures_util::{FutureExt as _, TryStreamExt as _, future::BoxFuture};

use super::backend::{Backend, BackendError, Save};
use crate::{
    error::{Error, Result},
    office::{
        documents::{Documents, Upload},
        save::{SaveError, Saved},
    },
};

/// A drive backend, seen from the editing routes.
#[derive(Debug, Clone)]
pub struct RemoteDocuments(pub Arc<Backend>);

/// The document id of `file` in `company`, as links carry it.
pub fn doc_id(company: &str, file: &str) -> String {
    format!("{company}:{file}")
}

/// The company and file of a document id, when both are plausible ids.
pub fn parse_doc_id(id: &str) -> Option<(&str, &str)> {
    let (company, file) = id.split_once(':')?;
    let plausible = |s: &str| {
        !s.is_empty()
            && s.len() <= 128
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))
    };
    (plausible(company) && plausible(file)).then_some((company, file))
}

impl Documents for RemoteDocuments {
    fn content<'a>(
        &'a self,
        id: &'a str,
        version: i64,
        _method: &'a Method,
        _headers: &'a HeaderMap,
    ) -> BoxFuture<'a, Result<Response>> {
        async move {
            let (company, file) = parse_doc_id(id).ok_or(Error::NotFound {
                code: "file_not_found",
                what: "file",
            })?;
            let upstream = self
                .0
                .download(company, file, &version.to_string())
                .await
                .map_err(content_error)?;
            let mut response = Response::builder().status(StatusCode::OK);
            for name in [header::CONTENT_TYPE, header::CONTENT_LENGTH] {
                if let Some(v) = upstream.headers().get(&name) {
                    response = response.header(name, v.clone());
                }
            }
            let body = Body::from_stream(upstream.bytes_stream().map_err(std::io::Error::other));
            Ok(response.body(body).map_err(anyhow::Error::new)?)
        }
        .boxed()
    }

    fn knows<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<bool, SaveError>> {
        async move {
            match self.0.session(key).await {
                Ok(found) => Ok(found.is_some()),
                Err(e) => Err(save_error(key, e)),
            }
        }
        .boxed()
    }

    fn refresh<'a>(
        &'a self,
        key: &'a str,
        users: &'a [String],
    ) -> BoxFuture<'a, Result<(), SaveError>> {
        async move {
            self.0
                .refresh(key, users)
                .await
                .map_err(|e| save_error(key, e))
        }
        .boxed()
    }

    fn end<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), SaveError>> {
        async move { self.0.end(key).await.map_err(|e| save_error(key, e)) }.boxed()
    }

    fn save<'a>(&'a self, upload: Upload<'a>) -> BoxFuture<'a, Result<Saved, SaveError>> {
        async move {
            let key = upload.key;
            let item = self.0.session(key).await.map_err(|e| save_error(key, e))?;
            let item = item.ok_or_else(|| SaveError::UnknownKey(key.to_owned()))?;
            let save = Save {
                key,
                keep_editing: !upload.status.ends_session(),
                user_id: upload.author,
                status: i64::from(upload.status),
                lastsave: upload.lastsave,
                name: &item.name,
            };
            let stored = self
                .0
                .upload(&save, upload.body)
                .await
                .map_err(|e| save_error(key, e))?;
            Ok(if stored.saved.as_deref() == Some("already_applied") {
                Saved::AlreadyApplied
            } else {
                Saved::Version {
                    file_id: stored.file_id.unwrap_or(item.id),
                    version: stored.version.unwrap_or_default(),
                }
            })
        }
        .boxed()
    }
}

/// A backend failure as the callback answers it: refused for good, or worth a retry.
fn save_error(key: &str, e: BackendError) -> SaveError {
    match e {
        BackendError::NotFound(_) => SaveError::UnknownKey(key.to_owned()),
        BackendError::Refused { .. } => SaveError::Refused(e.to_string()),
        BackendError::Unavailable(e) => SaveError::Transient(e),
    }
}

/// A backend failure as the Document Server's download sees it.
fn content_error(e: BackendError) -> Error {
    match e {
        BackendError::NotFound(_) => Error::NotFound {
            code: "file_not_found",
            what: "file",
        },
        BackendError::Refused { .. } => Error::Forbidden {
            code: "backend_refused",
            detail: e.to_string().into(),
        },
        BackendError::Unavailable(e) => {
            tracing::warn!("downloading from the backend failed: {e:#}");
            Error::Unavailable("the drive backend is unavailable".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_ids_carry_company_and_file() {
        let id = doc_id("bureau", "0192-ab_c");
        assert_eq!(parse_doc_id(&id), Some(("bureau", "0192-ab_c")));
        for bad in ["", "bureau", ":f", "c:", "c:f/../x", "c:f:g", "c d:f"] {
            assert_eq!(parse_doc_id(bad), None, "{bad}");
        }
    }
}
