//! The admin pages, for administrators only (anyone else gets an HTML 403, a signed-out visitor
//! the sign-in page): `GET /admin/settings`, the ONLYOFFICE Docs settings with "Test connection"
//! (`settings.js`), and `GET /admin/users`, the accounts (`users.js`). Both call the admin API
//! (`crate::admin`).

use askama::Template;
use axum::{
    extract::{FromRequestParts, State},
    http::request::Parts,
    response::Response,
};

use super::{
    i18n::Messages,
    listing::utc_minutes,
    page::{Layout, PageError, SignedIn, render},
};
use crate::{
    admin::settings::SettingsView,
    app::AppState,
    config::{self, Config},
    drive::views::timestamp,
    error::Error,
    office::settings::{DOCS_INTERNAL_URL, DOCS_JWT_HEADER, DOCS_SECRET, DOCS_URL, INTERNAL_URL},
    store::users,
};

/// A signed-in administrator looking at a page.
#[derive(Debug)]
pub struct AdminViewer(pub SignedIn);

impl FromRequestParts<AppState> for AdminViewer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, PageError> {
        let viewer = SignedIn::from_request_parts(parts, app).await?;
        if !viewer.current.user.is_admin {
            return Err(viewer.error(Error::Forbidden {
                code: "admin_required",
                detail: "this page is for administrators".into(),
            }));
        }
        Ok(Self(viewer))
    }
}

/// One address or header field of the settings form.
#[derive(Debug)]
struct Field {
    /// The API's name for it (`docs_url`).
    key: &'static str,
    /// The input's id (`docs-url`).
    id: String,
    label: &'static str,
    hint: &'static str,
    value: String,
    placeholder: String,
    origin: Origin,
}

/// Where a setting's value comes from, as the page says it.
#[derive(Debug)]
struct Origin {
    /// What the page says now: saved on the page, or where in the configuration.
    shown: String,
    /// What it says once the value is no longer saved on the page (for the script): where the
    /// configuration sets it (`From the configuration: BUREAU_DOCS_URL`), or nothing.
    configured: String,
}

impl Origin {
    fn of(config: &Config, view: &SettingsView, m: &'static Messages, key: &str) -> Self {
        let configured = match config.origins.get(key) {
            Some(o) if *o != config::Origin::Default => {
                format!("{} {}", m.origin_config, o.describe(key))
            }
            _ => String::new(),
        };
        let shown = if view.saved.contains(&key) {
            m.origin_saved.to_owned()
        } else {
            configured.clone()
        };
        Self { shown, configured }
    }
}

#[derive(Template)]
#[template(path = "admin_settings.html")]
struct SettingsPage {
    layout: Layout,
    fields: Vec<Field>,
    secret_set: bool,
    secret_origin: Origin,
}

/// `GET /admin/settings`.
pub async fn settings(
    State(app): State<AppState>,
    AdminViewer(viewer): AdminViewer,
) -> Result<Response, PageError> {
    let m = viewer.lang.messages();
    let view = SettingsView::new(&app.config, &app.connection.overrides());
    let docs_default = view.effective.docs_url.clone().unwrap_or_default();
    let public = app.config.public_url.to_string();
    let field = |key, [label, hint]: [&'static str; 2], placeholder: &str| {
        let value = match key {
            DOCS_URL => &view.docs_url,
            DOCS_INTERNAL_URL => &view.docs_internal_url,
            INTERNAL_URL => &view.internal_url,
            _ => &view.docs_jwt_header,
        };
        Field {
            key,
            id: key.replace('_', "-"),
            label,
            hint,
            value: value.clone(),
            placeholder: placeholder.to_owned(),
            origin: Origin::of(&app.config, &view, m, key),
        }
    };
    let fields = vec![
        field(
            DOCS_URL,
            [m.docs_url_label, m.docs_url_hint],
            "https://docs.example.org/",
        ),
        field(
            DOCS_INTERNAL_URL,
            [m.docs_internal_url_label, m.docs_internal_url_hint],
            &docs_default,
        ),
        field(
            INTERNAL_URL,
            [m.internal_url_label, m.internal_url_hint],
            &public,
        ),
        field(
            DOCS_JWT_HEADER,
            [m.jwt_header_label, m.jwt_header_hint],
            "Authorization",
        ),
    ];
    let page = SettingsPage {
        layout: viewer.layout(m.admin_settings.to_owned()),
        fields,
        secret_set: view.docs_secret_set,
        secret_origin: Origin::of(&app.config, &view, m, DOCS_SECRET),
    };
    render(&page).map_err(|e| viewer.error(e))
}

/// An account in the users page.
#[derive(Debug)]
struct UserRow {
    id: String,
    login: String,
    display_name: String,
    is_admin: bool,
    disabled: bool,
    is_self: bool,
    created: String,
    created_iso: String,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserRow>,
}

/// `GET /admin/users`.
pub async fn users(
    State(app): State<AppState>,
    AdminViewer(viewer): AdminViewer,
) -> Result<Response, PageError> {
    let m = viewer.lang.messages();
    let me = viewer.current.user.id.clone();
    let users = users::list(&app.store.db)
        .await
        .map_err(|e| viewer.error(e))?
        .into_iter()
        .map(|u| UserRow {
            is_self: u.id == me,
            created: utc_minutes(u.created_at),
            created_iso: timestamp(u.created_at),
            id: u.id,
            login: u.login,
            display_name: u.display_name,
            is_admin: u.is_admin,
            disabled: u.disabled,
        })
        .collect();
    let page = UsersPage {
        layout: viewer.layout(m.admin_users.to_owned()),
        users,
    };
    render(&page).map_err(|e| viewer.error(e))
}
