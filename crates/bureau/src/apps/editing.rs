//! Editing sessions for the application, under `/internal/services/documents/v1` as in Twake
//! Drive's `documents/web/routes.ts`:
//!
//! - `POST /companies/:company/item/:id/editing_session` `{editorApplicationId, userId}` begins
//!   the session of the file's current version for that user, or joins the live one
//!   (`{editingSessionKey, version_id}`); Twake's `beginEditing`, whose key lives on the file and
//!   changes by atomic compare-and-set. Here the key is Bureau's session key (one per file
//!   version, unique in the database), so concurrent begins agree on one.
//! - `GET /editing_session/:key` describes the file the session writes to.
//! - `POST /editing_session/:key?keepEditing=&userId=` with a multipart `file` stores a saved
//!   version (Twake's `updateEditing`): keeping the session (force-save) or ending it; without a
//!   file, it ends the session. Bureau adds `status` (the Document Server's callback status) and
//!   `lastsave`, which recognise a re-delivered save, and answers what it stored.
//! - `DELETE /editing_session/:key` ends the session without a version (Twake's cancel).
//! - `POST /editing_session/:key/refresh` `{users}` records who edits now (Bureau's addition).

use axum::{
    Json,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, header},
};
use futures_util::{StreamExt as _, TryStreamExt as _};
use onlyoffice::callback::CallbackStatus;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{check_company, items, login::AppCaller};
use crate::{
    app::AppState,
    drive::access::{self, Kind},
    error::{Error, Result},
    extract::{AppJson, AppQuery},
    office::{
        self,
        documents::{Documents as _, Upload},
        local::LocalDocuments,
        save::{SaveError, Saved},
        sessions,
    },
    store::{self, entries, office as stored, users},
};

/// The body of a begin.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BeginBody {
    editor_application_id: Option<String>,
    user_id: Option<String>,
}

/// `POST …/companies/:company/item/:id/editing_session`.
pub async fn begin(
    State(app): State<AppState>,
    caller: AppCaller,
    Path((company, id)): Path<(String, String)>,
    AppJson(body): AppJson<BeginBody>,
) -> Result<Json<Value>> {
    check_company(&company)?;
    if body.editor_application_id.as_deref() != Some(caller.id.as_str()) {
        return Err(Error::bad_request(
            "invalid_application",
            "editorApplicationId must be the calling application's id",
        ));
    }
    let user_id = body
        .user_id
        .ok_or_else(|| Error::bad_request("user_required", "userId names the editing user"))?;
    let user = match users::by_id(&app.store.db, &user_id).await {
        Ok(user) if !user.disabled => user,
        Ok(_) | Err(store::Error::NotFound) => {
            return Err(Error::NotFound {
                code: "user_not_found",
                what: "user",
            });
        }
        Err(e) => return Err(e.into()),
    };
    let reach = access::reach(&app.store, &user, &id, Kind::File).await?;
    if !reach.grant.role().changes_documents() {
        return Err(Error::Forbidden {
            code: "insufficient_role",
            detail: "this user may not change this document".into(),
        });
    }
    let file = reach.entry();
    if !office::office_format(file)?.can_edit() {
        return Err(Error::bad_request(
            "not_editable",
            "ONLYOFFICE opens this format in view mode only",
        ));
    }
    let session = sessions::current(&app.store, file).await?;
    tracing::info!(file.id = %file.id, doc.key = %session.doc_key, app.id = %caller.id, "editing session begun");
    Ok(Json(json!({
        "editingSessionKey": session.doc_key,
        "version_id": session.head_version.to_string(),
    })))
}

/// `GET /editing_session/:key`: the file the session writes to, with the session's state.
pub async fn get(
    State(app): State<AppState>,
    _caller: AppCaller,
    Path(key): Path<String>,
) -> Result<Json<Value>> {
    let session = match stored::by_key(&app.store.db, &key).await {
        Err(store::Error::NotFound) => return Err(key_not_found()),
        other => other?,
    };
    let target = entries::get(&app.store.db, &session.target_id).await?;
    let mut item = items::describe(&target);
    item["editing_session_key"] = json!(session.is_open().then_some(&session.doc_key));
    item["editing_session"] = json!({
        "key": session.doc_key,
        "state": session.state,
        "version_id": session.head_version.to_string(),
        "editors": sessions::editors(&session),
    });
    Ok(Json(item))
}

/// Query of an update.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateQuery {
    keep_editing: Option<String>,
    user_id: Option<String>,
    status: Option<i64>,
    lastsave: Option<String>,
}

impl UpdateQuery {
    /// The callback status the save stands for: `status` when given (a save status that agrees
    /// with `keepEditing`), else 6 when editing goes on and 2 when it ends.
    fn status(&self) -> Result<CallbackStatus> {
        let keep = self.keep_editing.as_deref() == Some("true");
        let Some(code) = self.status else {
            return Ok(if keep {
                CallbackStatus::MustForceSave
            } else {
                CallbackStatus::MustSave
            });
        };
        let status = CallbackStatus::try_from(code)
            .ok()
            .filter(|s| !matches!(s, CallbackStatus::Editing | CallbackStatus::Closed))
            .ok_or_else(|| Error::bad_request("invalid_status", "status must be 2, 3, 6 or 7"))?;
        if status.ends_session() == keep {
            return Err(Error::bad_request(
                "inconsistent_status",
                "status and keepEditing disagree",
            ));
        }
        Ok(status)
    }
}

/// `POST /editing_session/:key[?keepEditing=true]`: stores the multipart `file` as a version of
/// the session's file (or a conflict copy); without a file, ends the session.
pub async fn update(
    State(app): State<AppState>,
    _caller: AppCaller,
    Path(key): Path<String>,
    AppQuery(q): AppQuery<UpdateQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>> {
    let status = q.status()?;
    let documents = LocalDocuments(app);
    if !documents.knows(&key).await.map_err(save_error)? {
        return Err(key_not_found());
    }
    let Some(file) = file_part(&headers, body).await? else {
        if !status.ends_session() {
            return Err(Error::bad_request(
                "file_required",
                "keepEditing=true needs a file",
            ));
        }
        documents.end(&key).await.map_err(save_error)?;
        return Ok(Json(json!({"saved": "nothing"})));
    };
    let upload = Upload {
        key: &key,
        status,
        lastsave: q.lastsave.as_deref(),
        author: q.user_id.as_deref(),
        history: None,
        changes_url: None,
        body: file.map_err(std::io::Error::other).boxed(),
    };
    match documents.save(upload).await.map_err(save_error)? {
        Saved::Version { file_id, version } => {
            tracing::info!(doc.key = %key, file.id = %file_id, version, "application save stored");
            Ok(Json(
                json!({"saved": "version", "file_id": file_id, "version": version}),
            ))
        }
        Saved::AlreadyApplied | Saved::NotModified => Ok(Json(json!({"saved": "already_applied"}))),
    }
}

/// The `file` part of a multipart body, streaming; `None` when the body has no such part.
async fn file_part(headers: &HeaderMap, body: Body) -> Result<Option<multer::Field<'static>>> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let boundary = multer::parse_boundary(content_type).map_err(|_| {
        Error::bad_request(
            "invalid_content_type",
            "expected Content-Type: multipart/form-data with a boundary",
        )
    })?;
    let mut multipart = multer::Multipart::new(body.into_data_stream(), boundary);
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|e| Error::bad_request("invalid_multipart", e.to_string()))?;
        match field {
            Some(f) if f.name() == Some("file") => return Ok(Some(f)),
            Some(_) => {}
            None => return Ok(None),
        }
    }
}

/// `DELETE /editing_session/:key`: ends the session without a new version.
pub async fn cancel(
    State(app): State<AppState>,
    _caller: AppCaller,
    Path(key): Path<String>,
) -> Result<Json<Value>> {
    LocalDocuments(app).end(&key).await.map_err(save_error)?;
    Ok(Json(json!({})))
}

/// The body of a refresh.
#[derive(Debug, Deserialize)]
pub struct RefreshBody {
    users: Vec<String>,
}

/// `POST /editing_session/:key/refresh` `{users}`: who edits the session now.
pub async fn refresh(
    State(app): State<AppState>,
    _caller: AppCaller,
    Path(key): Path<String>,
    AppJson(body): AppJson<RefreshBody>,
) -> Result<Json<Value>> {
    if body.users.len() > 1000 || body.users.iter().any(|u| u.len() > 128 || u.contains(',')) {
        return Err(Error::bad_request(
            "invalid_users",
            "users must be user ids",
        ));
    }
    LocalDocuments(app)
        .refresh(&key, &body.users)
        .await
        .map_err(save_error)?;
    Ok(Json(json!({})))
}

fn key_not_found() -> Error {
    Error::NotFound {
        code: "key_not_found",
        what: "editing session",
    }
}

/// A save failure as the application sees it: 404 for an unknown key, 413 for a document over
/// the limit, 409 for anything else refused, and 503 (retry) for a transient failure.
fn save_error(e: SaveError) -> Error {
    match e {
        SaveError::UnknownKey(_) => key_not_found(),
        SaveError::TooLarge { limit } => Error::TooLarge { limit },
        SaveError::Refused(why) => Error::conflict("save_refused", why),
        SaveError::Transient(e) => {
            tracing::error!("storing an application save failed: {e:#}");
            Error::Unavailable("the save could not be stored now; retry".into())
        }
    }
}
