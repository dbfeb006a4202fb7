//! JSON handlers for files and their versions under `/api/v1/files`.

use axum::{
    Json,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, Method, StatusCode, header},
    response::Response,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    access::{self, Kind},
    files::{self, NewContent, Source},
    names::FileName,
    roles::Role,
    versions,
    views::{EntryView, VersionView},
};
use crate::{
    app::AppState,
    auth::CurrentUser,
    error::{Error, Result},
    extract::{AppJson, AppQuery},
    http::content::{self, Content},
    store::{BlobHash, blobs::StoredBlob, entries, users::User, versions as stored_versions},
};

/// Query of `POST /api/v1/files`.
#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    parent_id: Option<String>,
    name: String,
}

/// `POST /api/v1/files?parent_id=&name=`: uploads the raw body as a new file (201).
pub async fn upload(
    State(app): State<AppState>,
    current: CurrentUser,
    AppQuery(q): AppQuery<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<EntryView>)> {
    let name = FileName::parse(&q.name)?;
    let parent = folder_or_root(&app, &current.user, q.parent_id.as_deref()).await?;
    let blob = receive(&app, &headers, body).await?;
    let content = NewContent::File {
        blob: &blob,
        source: Source::Upload,
        author_id: Some(&current.user.id),
    };
    let entry = files::create(&app.store, &parent, &name, content).await?;
    tracing::info!(file.id = %entry.id, size_bytes = blob.size, "file uploaded");
    Ok((StatusCode::CREATED, Json(EntryView::from(&entry))))
}

/// The folder with this id (which the user owns or may edit through a share), or the user's
/// root when none is given.
pub async fn folder_or_root(
    app: &AppState,
    user: &User,
    id: Option<&str>,
) -> Result<entries::Entry> {
    match id.filter(|id| !id.is_empty() && *id != "root") {
        Some(id) => Ok(
            access::reach_for(&app.store, user, id, Kind::Folder, Role::Edit)
                .await?
                .entry()
                .clone(),
        ),
        None => Ok(entries::root_of(&app.store.db, &user.id).await?),
    }
}

/// Streams a request body into the blob store, refusing it early when its declared length
/// exceeds the upload limit.
async fn receive(app: &AppState, headers: &HeaderMap, body: Body) -> Result<StoredBlob> {
    let limit = app.config.max_upload_bytes;
    check_length(headers, limit)?;
    files::store_content(&app.store, body.into_data_stream(), limit).await
}

/// Refuses early a body whose declared length exceeds the limit.
fn check_length(headers: &HeaderMap, limit: u64) -> Result<()> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > limit => Err(Error::TooLarge { limit }),
        _ => Ok(()),
    }
}

/// `GET /api/v1/files/:id`.
pub async fn get(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<EntryView>> {
    let reach = access::reach(&app.store, &current.user, &id, Kind::File).await?;
    let file = reach.entry().clone();
    Ok(Json(EntryView::from(&file)))
}

/// `GET|HEAD /api/v1/files/:id/content`: the current version.
pub async fn download(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response> {
    let reach = access::reach(&app.store, &current.user, &id, Kind::File).await?;
    let file = reach.entry().clone();
    let number = file.current_version.unwrap_or(1);
    let version = versions::get(&app.store, &file, number).await?;
    send_version(&app, &file, &version, &method, &headers).await
}

/// Streams one version of a file with its name and type.
pub async fn send_version(
    app: &AppState,
    file: &entries::Entry,
    version: &stored_versions::Version,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Response> {
    let hash = BlobHash::parse(&version.blob_hash)
        .ok_or_else(|| anyhow::anyhow!("corrupt blob hash for file {}", file.id))?;
    let c = Content {
        hash: &hash,
        size: u64::try_from(version.size).unwrap_or_default(),
        name: &file.name,
        mime: file.mime.as_deref().unwrap_or("application/octet-stream"),
    };
    content::respond(&app.store, method, headers, c).await
}

/// `PUT /api/v1/files/:id/content`: uploads a new version.
pub async fn replace(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<EntryView>> {
    let file = access::reach_for(&app.store, &current.user, &id, Kind::File, Role::Edit)
        .await?
        .entry()
        .clone();
    let blob = receive(&app, &headers, body).await?;
    versions::add_version(
        &app.store,
        &file.id,
        &blob,
        Some(&current.user.id),
        Source::Upload,
    )
    .await?;
    let file = entries::get(&app.store.db, &file.id).await?;
    Ok(Json(EntryView::from(&file)))
}

/// `GET /api/v1/files/:id/versions`, newest first.
pub async fn list_versions(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    let reach = access::reach(&app.store, &current.user, &id, Kind::File).await?;
    let file = reach.entry().clone();
    let list = stored_versions::list(&app.store.db, &file.id).await?;
    let views: Vec<VersionView> = list.iter().map(VersionView::from).collect();
    Ok(Json(json!({ "versions": views })))
}

/// `GET|HEAD /api/v1/files/:id/versions/:n/content`.
pub async fn download_version(
    State(app): State<AppState>,
    current: CurrentUser,
    Path((id, number)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response> {
    let reach = access::reach(&app.store, &current.user, &id, Kind::File).await?;
    let file = reach.entry().clone();
    let version = versions::get(&app.store, &file, version_number(&number)?).await?;
    send_version(&app, &file, &version, &method, &headers).await
}

/// `POST /api/v1/files/:id/versions/:n/restore`: makes version n's content the newest version.
pub async fn restore_version(
    State(app): State<AppState>,
    current: CurrentUser,
    Path((id, number)): Path<(String, String)>,
) -> Result<Json<EntryView>> {
    let file = access::reach_for(&app.store, &current.user, &id, Kind::File, Role::Edit)
        .await?
        .entry()
        .clone();
    versions::restore(
        &app.store,
        &file,
        version_number(&number)?,
        &current.user.id,
    )
    .await?;
    let file = entries::get(&app.store.db, &file.id).await?;
    Ok(Json(EntryView::from(&file)))
}

fn version_number(raw: &str) -> Result<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or(Error::NotFound {
            code: "version_not_found",
            what: "version",
        })
}

/// Body of `PATCH /api/v1/files/:id` and `/folders/:id`.
#[derive(Debug, Deserialize)]
pub struct Relocate {
    name: Option<String>,
    parent_id: Option<String>,
}

/// `PATCH /api/v1/files/:id`: rename and/or move a file; 409 when the name is taken.
pub async fn relocate_file(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    AppJson(body): AppJson<Relocate>,
) -> Result<Json<EntryView>> {
    relocate(&app, &current, &id, Kind::File, body).await
}

/// `PATCH /api/v1/folders/:id`: rename and/or move a folder; 409 when the name is taken.
pub async fn relocate_folder(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    AppJson(body): AppJson<Relocate>,
) -> Result<Json<EntryView>> {
    relocate(&app, &current, &id, Kind::Folder, body).await
}

async fn relocate(
    app: &AppState,
    current: &CurrentUser,
    id: &str,
    kind: Kind,
    body: Relocate,
) -> Result<Json<EntryView>> {
    let entry = access::live(&app.store, &current.user, id, kind).await?;
    let name = FileName::parse(body.name.as_deref().unwrap_or(&entry.name))?;
    let parent_id = body.parent_id.as_deref().or(entry.parent_id.as_deref());
    let target = folder_or_root(app, &current.user, parent_id).await?;
    let entry = files::relocate(&app.store, &entry, &target, &name).await?;
    Ok(Json(EntryView::from(&entry)))
}

/// `DELETE /api/v1/files/:id`: moves a file to the trash.
pub async fn trash_file(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    trash(&app, &current, &id, Kind::File).await
}

/// `DELETE /api/v1/folders/:id`: moves a folder and everything in it to the trash.
pub async fn trash_folder(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    trash(&app, &current, &id, Kind::Folder).await
}

async fn trash(app: &AppState, current: &CurrentUser, id: &str, kind: Kind) -> Result<StatusCode> {
    let entry = access::live(&app.store, &current.user, id, kind).await?;
    files::trash(&app.store, &entry).await?;
    Ok(StatusCode::NO_CONTENT)
}
