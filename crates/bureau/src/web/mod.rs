//! The browser side: server-rendered pages (askama templates under `templates/`, checked at
//! compile time), their messages in English, French and Chinese, and the embedded static assets
//! (stylesheets and small ES modules that call the JSON API). See `docs/ui.md`.

pub mod admin;
pub mod assets;
pub mod editing;
pub mod files;
pub mod i18n;
pub mod link_folder;
pub mod listing;
pub mod page;
pub mod pages;
pub mod shared;
pub mod versions;

use axum::{
    Router,
    routing::{get, put},
};

use crate::app::AppState;

/// The page and asset routes, with their security headers and an HTML 404 for unknown paths.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(files::home))
        .route("/folders/{id}", get(files::folder))
        .route("/folders/{id}/editing", get(editing::folder))
        .route("/files/{id}/versions", get(versions::page))
        .route("/login", get(pages::login))
        .route("/trash", get(pages::trash))
        .route("/shared", get(shared::page))
        .route("/settings/lang", put(pages::set_lang))
        .route("/admin/settings", get(admin::settings))
        .route("/admin/users", get(admin::users))
        .route("/assets/{name}", get(assets::serve))
        .fallback(page::not_found)
        .layer(page::security_headers())
}
