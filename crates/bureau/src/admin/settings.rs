//! `GET|PUT|DELETE /api/v1/admin/settings` and `POST /api/v1/admin/settings/test`: the settings
//! of the connection to ONLYOFFICE Docs (`office::settings`). Saving reconnects at once; the
//! test runs `bureau doctor`'s checks against the submitted settings without saving them. The
//! JWT secret is write-only: answers only say whether one is set.

use axum::{Json, extract::State};
use serde::Serialize;
use serde_json::{Value, json};

use crate::{
    app::AppState,
    auth::Admin,
    config::Config,
    doctor,
    error::Result,
    extract::AppJson,
    office::settings::{Changes, Overrides, SettingsInput},
};

/// The settings as the admin page shows them: each field's value (saved on the page, else
/// configured; empty when unset), which fields were saved, and the addresses in effect.
#[derive(Debug, Serialize)]
pub struct SettingsView {
    /// The Document Server as browsers reach it (empty: none).
    pub docs_url: String,
    /// The Document Server as Bureau reaches it (empty: `docs_url`).
    pub docs_internal_url: String,
    /// Bureau as the Document Server reaches it (empty: the public URL).
    pub internal_url: String,
    /// The JWT header.
    pub docs_jwt_header: String,
    /// Whether a JWT secret is in effect (its value is never shown).
    pub docs_secret_set: bool,
    /// The fields whose value was saved on the page rather than configured.
    pub saved: Vec<&'static str>,
    /// The addresses and header in effect.
    pub effective: EffectiveView,
}

/// The addresses in effect once defaults are derived.
#[derive(Debug, Serialize)]
pub struct EffectiveView {
    /// The Document Server for browsers, if any.
    pub docs_url: Option<String>,
    /// The Document Server for Bureau, if any.
    pub docs_internal_url: Option<String>,
    /// Bureau for the Document Server.
    pub internal_url: String,
}

impl SettingsView {
    /// The view of `saved` on top of `config`.
    pub fn new(config: &Config, saved: &Overrides) -> Self {
        let effective = saved.resolve(config);
        let raw = &effective.docs;
        let text =
            |url: &Option<url::Url>| url.as_ref().map(ToString::to_string).unwrap_or_default();
        let docs = raw.resolve();
        Self {
            docs_url: text(&raw.url),
            docs_internal_url: text(&raw.internal_url),
            internal_url: text(&effective.internal_url),
            docs_jwt_header: raw.jwt_header.clone(),
            docs_secret_set: raw.secret.is_some(),
            saved: effective.saved.iter().copied().collect(),
            effective: EffectiveView {
                docs_url: docs.as_ref().map(|d| d.url.to_string()),
                docs_internal_url: docs.as_ref().map(|d| d.internal_url.to_string()),
                internal_url: effective.bureau_url().to_string(),
            },
        }
    }
}

fn view(app: &AppState) -> Json<SettingsView> {
    Json(SettingsView::new(&app.config, &app.connection.overrides()))
}

/// `GET /api/v1/admin/settings`.
pub async fn get(State(app): State<AppState>, _admin: Admin) -> Json<SettingsView> {
    view(&app)
}

/// `PUT /api/v1/admin/settings`: saves the fields given (see [`SettingsInput`]) and reconnects.
pub async fn put(
    State(app): State<AppState>,
    Admin(admin): Admin,
    AppJson(input): AppJson<SettingsInput>,
) -> Result<Json<SettingsView>> {
    let changes = input.validate()?;
    save(&app, &changes, &admin.user.id).await?;
    tracing::info!(user.id = %admin.user.id, changes = ?changes, "ONLYOFFICE Docs settings saved");
    Ok(view(&app))
}

/// `DELETE /api/v1/admin/settings`: forgets every saved setting; the configuration applies.
pub async fn reset(State(app): State<AppState>, Admin(admin): Admin) -> Result<Json<SettingsView>> {
    save(&app, &Changes::forget_all(), &admin.user.id).await?;
    tracing::info!(user.id = %admin.user.id, "ONLYOFFICE Docs settings reset to the configuration");
    Ok(view(&app))
}

async fn save(app: &AppState, changes: &Changes, user_id: &str) -> Result<()> {
    changes.save(&app.store.db, user_id).await?;
    app.connection.refresh(&app.config, &app.store.db).await?;
    Ok(())
}

/// `POST /api/v1/admin/settings/test`: `bureau doctor`'s checks with the given fields on top of
/// the saved settings, nothing saved (`{}` tests the saved settings): `{ok, checks}`.
pub async fn test(
    State(app): State<AppState>,
    _admin: Admin,
    AppJson(input): AppJson<SettingsInput>,
) -> Result<Json<Value>> {
    let changes = input.validate()?;
    let candidate = app.connection.overrides().with(&changes);
    let office = app.connection.trial(&app.config, &candidate);
    let checks = doctor::checks(&app.config, &app.store, office.as_deref()).await;
    let ok = checks.iter().all(|c| c.ok);
    Ok(Json(json!({"ok": ok, "checks": checks})))
}
