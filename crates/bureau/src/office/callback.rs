//! `POST /office/callback`: what the Document Server tells Bureau about a document key.
//!
//! With a secret configured, only the verified token counts: the body `token` (flat claims)
//! first, else the header token (claims under `payload`); the plain body is never trusted, since
//! the server may trim it (protocol notes, item 3). Replies follow what the real server does with
//! them (Appendix A.2): HTTP 200 `{"error":0}` acknowledges; HTTP 200 `{"error":1}` refuses for
//! good (not retried: a forged call, an unknown key); HTTP 5xx asks for a retry (9.x retries a
//! status 2/3 three times with fresh URLs, then keeps the result as a "forgotten" file, which it
//! re-delivers when the same key is opened again: so a failed save never changes the key).

use axum::{
    Json,
    body::Bytes,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use onlyoffice::callback::{Callback, CallbackReply, CallbackStatus};

use super::{
    documents::Editing,
    save::{self, SaveError, Saved},
};

/// Largest callback body accepted.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Handles one callback, for `bureau serve` and `bureau connector` alike.
pub async fn callback(editing: Editing, headers: HeaderMap, body: Bytes) -> Response {
    let office = &editing.office;
    let header = headers
        .get(office.docs.jwt_header.as_str())
        .and_then(|v| v.to_str().ok());
    let cb = match Callback::from_request(&body, header, office.jwt.as_ref()) {
        Ok(cb) => cb,
        Err(e) => {
            tracing::warn!("refused a callback: {e}");
            return reply(StatusCode::OK, CallbackReply::failed());
        }
    };
    let key = cb.key.as_str().to_owned();
    let status = i64::from(cb.status);
    match handle(&editing, &cb).await {
        Ok(()) => reply(StatusCode::OK, CallbackReply::ok()),
        Err(SaveError::Transient(e)) => {
            tracing::error!(doc.key = %key, callback.status = status, "callback failed, the Document Server will retry: {e:#}");
            reply(StatusCode::SERVICE_UNAVAILABLE, CallbackReply::failed())
        }
        Err(refused) => {
            tracing::warn!(doc.key = %key, callback.status = status, "refused a callback: {refused}");
            reply(StatusCode::OK, CallbackReply::failed())
        }
    }
}

fn reply(status: StatusCode, body: CallbackReply) -> Response {
    (status, Json(body)).into_response()
}

async fn handle(editing: &Editing, cb: &Callback) -> Result<(), SaveError> {
    let key = cb.key.as_str();
    match cb.status {
        CallbackStatus::Editing => editing.documents.refresh(key, &cb.users).await,
        CallbackStatus::Closed => editing.documents.end(key).await,
        CallbackStatus::Corrupted | CallbackStatus::CorruptedForceSave if cb.url.is_none() => Err(
            SaveError::Refused(format!("the Document Server could not save {key}")),
        ),
        _ => {
            match save::apply(editing, cb).await? {
                Saved::Version { file_id, version } => {
                    tracing::info!(doc.key = key, file.id = %file_id, version, "document saved");
                }
                Saved::AlreadyApplied => {
                    tracing::info!(doc.key = key, "save already applied: acknowledged again");
                }
                Saved::NotModified => {
                    tracing::info!(
                        doc.key = key,
                        "closed after a force-save without new changes"
                    );
                }
            }
            Ok(())
        }
    }
}
