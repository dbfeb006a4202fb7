//! The one route table, with the DS's own paths (protocol doc §4–§6).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::StreamExt as _;
use serde_json::json;

use crate::faults::ResultFault;
use crate::state::Shared;
use crate::storage::LinkError;
use crate::{api_js, command, control_routes, converter};

type AppState = State<Arc<Shared>>;

/// Builds the router of the emulated Document Server.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(
            "/healthcheck",
            get(|| async { ([(header::CONTENT_TYPE, "text/plain")], "true") }),
        )
        .route("/index.html", get(index))
        .route("/meta/config", get(meta_config))
        .route("/command", post(command_service))
        .route(
            "/coauthoring/CommandService.ashx",
            get(command_service).post(command_service),
        )
        .route("/converter", post(conversion_service))
        .route(
            "/ConvertService.ashx",
            get(conversion_service_legacy).post(conversion_service_legacy),
        )
        .route("/cache/files/{*tail}", get(cached_file))
        .merge(api_js::routes())
        .nest("/control", control_routes::routes())
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            unreachable,
        ))
        .with_state(shared)
}

/// The `unreachable` fault: everything but `/control` hangs until the knob is cleared.
async fn unreachable(State(shared): AppState, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/control") {
        loop {
            let notified = shared.reachable.notified();
            if !shared.faults().unreachable {
                break;
            }
            notified.await;
        }
    }
    next.run(request).await
}

async fn index(State(shared): AppState) -> String {
    format!(
        "Server is functioning normally. Version: {}",
        shared.config.version
    )
}

async fn meta_config(State(shared): AppState) -> Json<serde_json::Value> {
    Json(json!({
        "authorization": {"header": shared.config.jwt_header, "prefix": "Bearer "},
        "urls": {"api": "/web-apps/apps/api/documents/api.js", "command": "/command",
                 "converter": "/converter", "docbuilder": "/docbuilder"},
        "limits": {"maxFileSize": shared.config.max_download_bytes},
    }))
}

async fn command_service(
    State(shared): AppState,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let response = command::handle(
        &shared,
        &headers,
        &body,
        query.as_deref().unwrap_or_default(),
    )
    .await;
    Json(response).into_response()
}

async fn conversion_service(
    State(shared): AppState,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    convert(&shared, query, &headers, &body, false).await
}

async fn conversion_service_legacy(
    State(shared): AppState,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    convert(&shared, query, &headers, &body, true).await
}

/// `/converter` answers JSON unless XML is asked for; `/ConvertService.ashx` the other way round.
async fn convert(
    shared: &Arc<Shared>,
    query: Option<String>,
    headers: &HeaderMap,
    body: &[u8],
    legacy: bool,
) -> Response {
    let origin = origin_of(headers, &shared.base_url);
    let query = query.unwrap_or_default();
    let response = converter::handle(shared, headers, body, &query, &origin).await;
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let wants_json = if legacy {
        accept.contains("json")
    } else {
        !accept.contains("xml") || accept.contains("json")
    };
    if wants_json {
        Json(response).into_response()
    } else {
        (
            [(header::CONTENT_TYPE, "application/xml")],
            converter::to_xml(&response),
        )
            .into_response()
    }
}

/// The DS origin as the caller addressed it (`X-Forwarded-Proto`/`-Host`, else `Host`).
fn origin_of(headers: &HeaderMap, fallback: &url::Url) -> url::Url {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let host = get("x-forwarded-host").or_else(|| get("host"));
    let proto = get("x-forwarded-proto").unwrap_or("http");
    host.and_then(|h| url::Url::parse(&format!("{proto}://{h}/")).ok())
        .unwrap_or_else(|| fallback.clone())
}

/// A result file behind a signed link, subject to the result faults.
async fn cached_file(
    State(shared): AppState,
    Path(tail): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let md5 = query.get("md5").map(String::as_str);
    let expires = query.get("expires").map(String::as_str);
    let path = match shared.storage.resolve(&tail, md5, expires) {
        Ok(path) => path,
        Err(LinkError::BadSignature) => return StatusCode::FORBIDDEN.into_response(),
        Err(LinkError::Expired) => return StatusCode::GONE.into_response(),
        Err(LinkError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
    };
    shared
        .result_requests
        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let faults = shared.faults();
    if faults.result == ResultFault::Error500 {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let Ok(file) = tokio::fs::File::open(&path).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let len = file.metadata().await.map(|m| m.len()).unwrap_or(0);
    let chunks = tokio_util::io::ReaderStream::with_capacity(file, 16 * 1024);
    let body = match faults.result {
        ResultFault::Truncated => {
            let mut sent = 0u64;
            let half = len / 2;
            Body::from_stream(chunks.map(move |chunk| {
                let chunk = chunk?;
                if sent >= half {
                    return Err(std::io::Error::other(
                        "connection reset (truncated-result fault)",
                    ));
                }
                let take = usize::try_from((half - sent).min(chunk.len() as u64)).unwrap_or(0);
                sent += take as u64;
                Ok(chunk.slice(..take))
            }))
        }
        ResultFault::Slow => {
            let delay = faults.slow_delay();
            Body::from_stream(chunks.then(move |chunk| async move {
                tokio::time::sleep(delay).await;
                chunk
            }))
        }
        _ => Body::from_stream(chunks),
    };
    let name = query
        .get("filename")
        .cloned()
        .unwrap_or_else(|| "output".into());
    let content_type = content_type(&name);
    Response::builder()
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, len)
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", name.replace('"', "")),
        )
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or_default() {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "zip" => "application/zip",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "txt" | "csv" => "text/plain",
        _ => "application/octet-stream",
    }
}
