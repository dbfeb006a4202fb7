//! Liveness and readiness probes.

use axum::{Json, extract::State, http::StatusCode};
use serde_json::{Value, json};

use crate::app::AppState;

/// `GET /healthz`: the process answers.
pub async fn live() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `GET /readyz`: the database and the blob store answer (503 otherwise).
pub async fn ready(State(app): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = app.store.db.ping().await.map_err(|e| e.to_string());
    let blobs = app.store.blobs.check().await.map_err(|e| e.to_string());
    let ok = database.is_ok() && blobs.is_ok();
    let describe = |r: Result<(), String>| match r {
        Ok(()) => json!({"status": "ok"}),
        Err(e) => {
            tracing::warn!("readiness check failed: {e}");
            json!({"status": "error"})
        }
    };
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "status": if ok { "ok" } else { "error" },
        "checks": {"database": describe(database), "blobs": describe(blobs)},
    });
    (status, Json(body))
}
