//! `GET <prefix>health`: whether the connector can work. Three checks, as Twake's connector
//! reports its backend token and ONLYOFFICE version (`app.ts`, `/health`): the backend login
//! (a valid application token, logging in when needed; how many logins so far, when the token
//! expires, the last failure), ONLYOFFICE Docs answering its `/healthcheck`, and its JWT: a
//! signed `version` command accepted (the checks of `bureau doctor`). 200 when all pass, 503
//! otherwise. The secret is never part of the answer, nor of the login failure it reports.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse as _, Response},
};
use serde_json::{Value, json};

use super::ConnectorState;
use crate::doctor::{Check, docs};

/// Runs the checks.
pub async fn health(State(connector): State<ConnectorState>) -> Response {
    let backend = &connector.backend;
    let login = backend.token().await.map(drop);
    let state = backend.login_state().await;
    let office = &connector.editing.office;
    let (reachable, jwt) = tokio::join!(docs::healthcheck(office), docs::secret(office));
    let ok = login.is_ok() && reachable.ok && jwt.ok;
    let body = json!({
        "status": if ok { "ok" } else { "error" },
        "checks": {
            "backend": {
                "ok": login.is_ok(),
                "logins": state.logins,
                "token_expires_in": state.expires_in,
                "error": state.error,
            },
            "docs": check(&reachable),
            "jwt": {
                "enabled": office.jwt.is_some(),
                "ok": jwt.ok,
                "detail": jwt.detail,
            },
        },
    });
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

fn check(c: &Check) -> Value {
    json!({"ok": c.ok, "detail": c.detail})
}
