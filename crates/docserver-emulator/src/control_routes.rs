//! `/control`: the control API over HTTP, for tests in other languages and for the emulated
//! browser editor. JSON in and out; errors are `{"error": "...", "code"?, "description"?}`.
//!
//! | Route | Does |
//! |---|---|
//! | `POST /control/open` `{"config": {…editor config with token…}}` | open as the browser would |
//! | `GET /control/connections/{id}?after=N` | what that editor shows, events after N |
//! | `POST /control/connections/{id}/edit` `{"text"}` | type a paragraph / cell / slide text |
//! | `POST /control/connections/{id}/save` | click Save |
//! | `POST /control/connections/{id}/leave` | close the editor |
//! | `POST /control/documents/{key}/forcesave` `{"userdata"?}` | Command service `forcesave` |
//! | `GET /control/sessions` | documents, participants, changes |
//! | `GET /control/forgotten` | keys of forgotten files |
//! | `GET /control/callbacks`, `DELETE /control/callbacks` | callbacks sent + replies; clear |
//! | `GET /control/callbacks/wait?key=&status=&timeout_ms=` | wait for a callback |
//! | `GET /control/faults`, `PUT /control/faults` | read / set the fault knobs |

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::control::{Control, ControlError};
use crate::faults::Faults;
use crate::state::Shared;

type AppState = State<Arc<Shared>>;

/// The `/control` routes.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/open", post(open))
        .route("/connections/{id}", get(view))
        .route("/connections/{id}/edit", post(edit))
        .route("/connections/{id}/save", post(save))
        .route("/connections/{id}/leave", post(leave))
        .route("/documents/{key}/forcesave", post(force_save))
        .route(
            "/sessions",
            get(|State(s): AppState| async move { Json(control(&s).sessions()) }),
        )
        .route(
            "/forgotten",
            get(|State(s): AppState| async move { Json(control(&s).forgotten()) }),
        )
        .route("/callbacks", get(callbacks).delete(clear_callbacks))
        .route("/callbacks/wait", get(wait))
        .route(
            "/faults",
            get(|State(s): AppState| async move { Json(control(&s).faults()) }).put(set_faults),
        )
}

fn control(shared: &Arc<Shared>) -> Control {
    Control {
        shared: Arc::clone(shared),
    }
}

impl IntoResponse for ControlError {
    fn into_response(self) -> Response {
        let (status, body) = match &self {
            Self::Open(e) => (
                StatusCode::FORBIDDEN,
                json!({"error": "open", "code": e.code, "description": e.description}),
            ),
            Self::UnknownConnection(_) => {
                (StatusCode::NOT_FOUND, json!({"error": self.to_string()}))
            }
            Self::NotAllowed(_) => (StatusCode::CONFLICT, json!({"error": self.to_string()})),
            Self::Save(code) => (
                StatusCode::CONFLICT,
                json!({"error": self.to_string(), "code": code.code()}),
            ),
            Self::Timeout(_) => (
                StatusCode::REQUEST_TIMEOUT,
                json!({"error": self.to_string()}),
            ),
        };
        (status, Json(body)).into_response()
    }
}

#[derive(Deserialize)]
struct OpenBody {
    config: Value,
}

async fn open(State(s): AppState, Json(body): Json<OpenBody>) -> Result<Json<Value>, ControlError> {
    let joined = control(&s).open(&body.config).await?;
    Ok(Json(serde_json::to_value(joined).unwrap_or_default()))
}

#[derive(Deserialize)]
struct After {
    #[serde(default)]
    after: u64,
}

async fn view(
    State(s): AppState,
    Path(id): Path<String>,
    Query(q): Query<After>,
) -> Result<Json<Value>, ControlError> {
    let view = control(&s).view(&id, q.after)?;
    Ok(Json(serde_json::to_value(view).unwrap_or_default()))
}

#[derive(Deserialize)]
struct EditBody {
    text: String,
}

async fn edit(
    State(s): AppState,
    Path(id): Path<String>,
    Json(body): Json<EditBody>,
) -> Result<Json<Value>, ControlError> {
    control(&s).edit(&id, &body.text)?;
    Ok(Json(json!({"ok": true})))
}

async fn save(State(s): AppState, Path(id): Path<String>) -> Result<Json<Value>, ControlError> {
    control(&s).save(&id)?;
    Ok(Json(json!({"ok": true})))
}

async fn leave(State(s): AppState, Path(id): Path<String>) -> Result<Json<Value>, ControlError> {
    control(&s).leave(&id)?;
    Ok(Json(json!({"ok": true})))
}

#[derive(Deserialize, Default)]
struct ForceSaveBody {
    userdata: Option<String>,
}

async fn force_save(
    State(s): AppState,
    Path(key): Path<String>,
    body: Option<Json<ForceSaveBody>>,
) -> Result<Json<Value>, ControlError> {
    let userdata = body.and_then(|Json(b)| b.userdata);
    control(&s).force_save(&key, userdata)?;
    Ok(Json(json!({"ok": true})))
}

async fn callbacks(State(s): AppState) -> Json<Value> {
    Json(serde_json::to_value(control(&s).callbacks()).unwrap_or_default())
}

async fn clear_callbacks(State(s): AppState) -> StatusCode {
    control(&s).clear_callbacks();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct WaitQuery {
    key: String,
    status: i64,
    #[serde(default = "default_wait")]
    timeout_ms: u64,
}

fn default_wait() -> u64 {
    30_000
}

async fn wait(State(s): AppState, Query(q): Query<WaitQuery>) -> Result<Json<Value>, ControlError> {
    let record = control(&s)
        .wait_for_callback(&q.key, q.status, Duration::from_millis(q.timeout_ms))
        .await?;
    Ok(Json(serde_json::to_value(record).unwrap_or_default()))
}

async fn set_faults(State(s): AppState, Json(faults): Json<Faults>) -> Json<Faults> {
    control(&s).set_faults(faults.clone());
    Json(faults)
}
