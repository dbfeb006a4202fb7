//! Application login. `POST /api/console/v1/login` with the application's id and secret in a
//! JSON body (Twake Drive's `applications-api/web/routes.ts` and its controller's `token`; its
//! connector also sends them as HTTP Basic, which is not needed) answers a short-lived
//! application token in Twake's shape, `{resource: {access_token: {value, time, expiration,
//! type}}}`. The token is a JWT signed with an installation key, so every Bureau process of an
//! installation accepts it and no other installation does; [`AppCaller`] checks it on the
//! application routes and answers 401 otherwise, which tells the connector to log in again.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::{
    Json,
    extract::{FromRequestParts, State},
    http::{header, request::Parts},
};
use onlyoffice::jwt::{JwtSettings, bearer_token};
use secrecy::ExposeSecret as _;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::not_configured;
use crate::{
    app::AppState,
    auth::secrets,
    config::AppConfig,
    error::{Error, Result},
    extract::AppJson,
    store::secrets as stored_secrets,
};

/// The `typ` claim of application tokens.
const TYPE: &str = "bureau.app";

/// The body of a login.
#[derive(Debug, Deserialize)]
pub struct LoginBody {
    id: Option<String>,
    secret: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct AppClaims {
    typ: String,
    sub: String,
}

/// The signer of application tokens: the installation's key, the configured lifetime, no
/// leeway (the processes of one installation share a clock closely enough).
async fn signer(app: &AppState, config: &AppConfig) -> Result<JwtSettings> {
    let key = stored_secrets::get_or_create(&app.store.db, "application_tokens", || {
        secrets::generate("")
    })
    .await?;
    Ok(JwtSettings::new(key)
        .with_lifetime(config.token_ttl)
        .with_leeway(Duration::ZERO))
}

/// `POST /api/console/v1/login`: an application token for the right id and secret; 403
/// `invalid_credentials` otherwise (whichever of the two is wrong).
pub async fn login(
    State(app): State<AppState>,
    AppJson(body): AppJson<LoginBody>,
) -> Result<Json<Value>> {
    let config = app.config.app.as_ref().ok_or_else(not_configured)?;
    let id_ok = body.id.as_deref() == Some(config.id.as_str());
    let secret_ok = body
        .secret
        .as_deref()
        .is_some_and(|s| secrets::equal(s, config.secret.expose_secret()));
    if !(id_ok && secret_ok) {
        tracing::warn!("refused an application login: wrong id or secret");
        return Err(Error::Forbidden {
            code: "invalid_credentials",
            detail: "unknown application or wrong secret".into(),
        });
    }
    let time = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let claims = AppClaims {
        typ: TYPE.to_owned(),
        sub: config.id.clone(),
    };
    let value = signer(&app, config)
        .await?
        .sign(&claims)
        .map_err(anyhow::Error::new)?;
    tracing::info!(app.id = %config.id, "application logged in");
    Ok(Json(json!({"resource": {"access_token": {
        "value": value,
        "time": time,
        "expiration": time + config.token_ttl.as_secs(),
        "type": "Bearer",
    }}})))
}

/// A request of the configured application, authenticated by its token.
#[derive(Debug, Clone)]
pub struct AppCaller {
    /// The application's id.
    pub id: String,
}

impl FromRequestParts<AppState> for AppCaller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Error> {
        let config = app.config.app.as_ref().ok_or_else(not_configured)?;
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| bearer_token(v).ok())
            .ok_or(Error::Unauthorized)?;
        let claims: AppClaims = signer(app, config)
            .await?
            .verify(token)
            .map_err(|_| Error::Unauthorized)?;
        if claims.typ != TYPE || claims.sub != config.id {
            return Err(Error::Unauthorized);
        }
        Ok(Self { id: claims.sub })
    }
}
