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
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use onlyoffice::callback::{Callback, CallbackReply, CallbackStatus};

use super::{
    Office, not_configured,
    save::{self, SaveError, Saved},
};
use crate::{
    app::AppState,
    store::{self, office},
};

/// Largest callback body accepted.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Handles one callback.
pub async fn callback(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(office) = app.office() else {
        return not_configured().into_response();
    };
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
    match handle(&app, &office, &cb).await {
        Ok(()) => reply(StatusCode::OK, CallbackReply::ok()),
        Err(SaveError::Refused(why)) => {
            tracing::warn!(doc.key = %key, callback.status = status, "refused a callback: {why}");
            reply(StatusCode::OK, CallbackReply::failed())
        }
        Err(SaveError::Transient(e)) => {
            tracing::error!(doc.key = %key, callback.status = status, "callback failed, the Document Server will retry: {e:#}");
            reply(StatusCode::SERVICE_UNAVAILABLE, CallbackReply::failed())
        }
    }
}

fn reply(status: StatusCode, body: CallbackReply) -> Response {
    (status, Json(body)).into_response()
}

async fn handle(app: &AppState, office: &Office, cb: &Callback) -> Result<(), SaveError> {
    let key = cb.key.as_str();
    match cb.status {
        CallbackStatus::Editing => {
            let editors = cb.users.join(",");
            match office::set_editors(&app.store.db, key, &editors, store::now_ms()).await {
                Err(store::Error::NotFound) => {
                    Err(SaveError::Refused(format!("unknown key {key}")))
                }
                other => Ok(other?),
            }
        }
        CallbackStatus::Closed => save::end_session(app, key).await,
        CallbackStatus::Corrupted | CallbackStatus::CorruptedForceSave if cb.url.is_none() => Err(
            SaveError::Refused(format!("the Document Server could not save {key}")),
        ),
        _ => {
            match save::apply(app, office, cb).await? {
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
