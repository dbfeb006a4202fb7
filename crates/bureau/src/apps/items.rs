//! Items for the application: `GET /internal/services/documents/v1/companies/:company/item/:id`
//! and its `/download?version_id=` (Twake Drive's `documents/web/routes.ts`, which the
//! connector calls under `/internal/services/documents/v1`, `drive.service.ts`). The item is
//! described in Twake's `{item, access}` shape, with the fields a connector reads; versions are
//! identified by their number, as a string.

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, Method},
    response::Response,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{check_company, login::AppCaller};
use crate::{
    app::AppState,
    drive::access::{self, Kind},
    error::{Error, Result},
    extract::AppQuery,
    office::{documents::Documents as _, local::LocalDocuments},
    store::entries::Entry,
};

/// The live entry `id`, whoever owns it.
pub async fn live(app: &AppState, id: &str, kind: Kind) -> Result<Entry> {
    let path = access::live_any(&app.store, id, kind).await?;
    path.last().cloned().ok_or(Error::NotFound {
        code: "file_not_found",
        what: "file",
    })
}

/// The item as the application sees it.
pub fn describe(entry: &Entry) -> Value {
    let version = entry.current_version.map(|n| {
        json!({
            "id": n.to_string(),
            "file_metadata": {"name": entry.name, "mime": entry.mime, "size": entry.size},
        })
    });
    json!({
        "id": entry.id,
        "company_id": super::COMPANY,
        "parent_id": entry.parent_id,
        "name": entry.name,
        "is_directory": entry.is_folder(),
        "is_in_trash": entry.trashed_at.is_some(),
        "size": entry.size.unwrap_or_default(),
        "added": entry.created_at,
        "last_modified": entry.updated_at,
        "last_version_cache": version,
    })
}

/// `GET …/companies/:company/item/:id`.
pub async fn get(
    State(app): State<AppState>,
    _caller: AppCaller,
    Path((company, id)): Path<(String, String)>,
) -> Result<Json<Value>> {
    check_company(&company)?;
    let entry = live(&app, &id, Kind::Any).await?;
    Ok(Json(json!({"item": describe(&entry), "access": "manage"})))
}

/// Query of a download.
#[derive(Debug, Deserialize)]
pub struct DownloadQuery {
    version_id: Option<String>,
}

/// `GET …/companies/:company/item/:id/download[?version_id=N]`: the version's content (the
/// current one by default), streamed with `Range` support.
pub async fn download(
    State(app): State<AppState>,
    _caller: AppCaller,
    Path((company, id)): Path<(String, String)>,
    AppQuery(q): AppQuery<DownloadQuery>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response> {
    check_company(&company)?;
    let entry = live(&app, &id, Kind::File).await?;
    let version = match q.version_id.as_deref() {
        Some(v) => v.parse::<i64>().map_err(|_| {
            Error::bad_request("invalid_version", "version_id must be a version number")
        })?,
        None => entry.current_version.unwrap_or_default(),
    };
    LocalDocuments(app)
        .content(&entry.id, version, &method, &headers)
        .await
}
