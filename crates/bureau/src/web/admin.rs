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
    drive::views::timestamp,
    error::Error,
    office::settings::{DOCS_INTERNAL_URL, DOCS_JWT_HEADER, DOCS_URL, INTERNAL_URL},
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
    /// Where the value comes from: saved on the page, or the configuration's variable.
    origin: String,
    /// The configuration's variable, for the script to restore the origin line.
    env: String,
}

#[derive(Template)]
#[template(path = "admin_settings.html")]
struct SettingsPage {
    layout: Layout,
    fields: Vec<Field>,
    secret_set: bool,
}

/// `GET /admin/settings`.
pub async fn settings(
    State(app): State<AppState>,
    AdminViewer(viewer): AdminViewer,
) -> Result<Response, PageError> {
    let m = viewer.lang.messages();
    let view = SettingsView::new(&app.config, &app.connection.overrides());
    let docs_default = view.effective.docs_url.clone().unwrap_or_default();
    let fields = vec![
        field(
            &view,
            m,
            DOCS_URL,
            [m.docs_url_label, m.docs_url_hint],
            "https://docs.example.org/",
        ),
        field(
            &view,
            m,
            DOCS_INTERNAL_URL,
            [m.docs_internal_url_label, m.docs_internal_url_hint],
            &docs_default,
        ),
        field(
            &view,
            m,
            INTERNAL_URL,
            [m.internal_url_label, m.internal_url_hint],
            app.config.public_url.as_str(),
        ),
        field(
            &view,
            m,
            DOCS_JWT_HEADER,
            [m.jwt_header_label, m.jwt_header_hint],
            "Authorization",
        ),
    ];
    let page = SettingsPage {
        layout: viewer.layout(m.admin_settings.to_owned()),
        fields,
        secret_set: view.docs_secret_set,
    };
    render(&page).map_err(|e| viewer.error(e))
}

fn field(
    view: &SettingsView,
    m: &'static Messages,
    key: &'static str,
    [label, hint]: [&'static str; 2],
    placeholder: &str,
) -> Field {
    let value = match key {
        DOCS_URL => &view.docs_url,
        DOCS_INTERNAL_URL => &view.docs_internal_url,
        INTERNAL_URL => &view.internal_url,
        _ => &view.docs_jwt_header,
    };
    let env = format!("BUREAU_{}", key.to_ascii_uppercase());
    let origin = if view.saved.contains(&key) {
        m.origin_saved.to_owned()
    } else if value.is_empty() {
        String::new()
    } else {
        format!("{} {env}", m.origin_config)
    };
    Field {
        key,
        id: key.replace('_', "-"),
        label,
        hint,
        value: value.clone(),
        placeholder: placeholder.to_owned(),
        origin,
        env,
    }
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
