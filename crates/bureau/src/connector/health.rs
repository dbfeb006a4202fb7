//! `GET <prefix>health`: whether the connector can work. Three checks, as Twake's connector
//! reports its backend token and ONLYOFFICE version (`app.ts`, `/health`): the backend login
//! (a valid application token, logging in when needed; how many logins so far, when the token
//! expires), ONLYOFFICE Docs answering its `/healthcheck`, and its JWT: a signed `version`
//! command accepted (the checks of `bureau doctor`). 200 when all pass, 503 otherwise. The
//! route sits under the public prefix, so the answer says only what failed; why (addresses,
//! statuses) goes to the log, and the secret to neither.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse as _, Response},
};
use serde_json::json;

use super::ConnectorState;
use crate::doctor::docs;

/// Runs the checks.
pub async fn health(State(connector): State<ConnectorState>) -> Response {
    let backend = &connector.backend;
    let login = backend.token().await.is_ok();
    let state = backend.login_state().await;
    let office = &connector.editing.office;
    let (reachable, jwt) = tokio::join!(docs::healthcheck(office), docs::secret(office));
    for failed in [&reachable, &jwt].into_iter().filter(|c| !c.ok) {
        tracing::warn!(
            check = failed.name,
            "health check failed: {}",
            failed.detail
        );
    }
    let ok = login && reachable.ok && jwt.ok;
    let body = json!({
        "status": if ok { "ok" } else { "error" },
        "checks": {
            "backend": {
                "ok": login,
                "logins": state.logins,
                "token_expires_in": state.expires_in,
            },
            "docs": {"ok": reachable.ok},
            "jwt": {"enabled": office.jwt.is_some(), "ok": jwt.ok},
        },
    });
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}
