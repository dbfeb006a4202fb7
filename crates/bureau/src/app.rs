//! Shared application state and the one route table.

use std::{ops::Deref, sync::Arc};

use axum::{
    Router,
    extract::DefaultBodyLimit,
    middleware,
    routing::{get, patch, post},
};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

use crate::{
    admin, apps, auth,
    config::Config,
    drive, error, health, office,
    office::{Office, connection::Connection},
    store::Store,
    telemetry, web,
};

/// Everything a request handler may need.
#[derive(Debug)]
pub struct App {
    /// The validated configuration.
    pub config: Config,
    /// Metadata and blobs.
    pub store: Store,
    /// The ONLYOFFICE Docs connection, swapped when the admin settings change.
    pub connection: Connection,
}

impl App {
    /// The ONLYOFFICE Docs connection in use, when one is configured.
    pub fn office(&self) -> Option<Arc<Office>> {
        self.connection.current()
    }
}

/// Cheap-to-clone handle on [`App`], the router's state.
#[derive(Debug, Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0
    }
}

/// The whole HTTP surface of Bureau.
pub fn router(state: AppState) -> Router {
    let api = drive_routes()
        .merge(auth_routes())
        .merge(conversion_routes())
        .merge(sharing_routes())
        .merge(admin_routes())
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed);
    Router::new()
        .nest("/api/v1", api)
        .nest("/office", office_routes())
        .route("/api/console/v1/login", post(apps::login::login))
        .nest("/internal/services/documents/v1", application_routes())
        .route(
            "/s/{token}",
            get(office::link_page::show).post(office::link_page::submit),
        )
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .merge(web::routes())
        .with_state(state)
        .layer(middleware::from_fn(error::log_errors))
        .layer(telemetry::trace_layer())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(crate::http::security_headers::defaults())
}

/// `/api/v1` routes of files, folders and the trash.
fn drive_routes() -> Router<AppState> {
    Router::new()
        .route("/files", post(drive::api::upload))
        .route("/files/new", post(office::new_document::create))
        .route(
            "/files/{id}",
            get(drive::api::get)
                .patch(drive::api::relocate_file)
                .delete(drive::api::trash_file),
        )
        .route(
            "/files/{id}/content",
            get(drive::api::download).put(drive::api::replace),
        )
        .route("/files/{id}/versions", get(drive::api::list_versions))
        .route(
            "/files/{id}/versions/{n}/content",
            get(drive::api::download_version),
        )
        .route(
            "/files/{id}/versions/{n}/restore",
            post(drive::api::restore_version),
        )
        .route("/folders", post(drive::folders::create))
        .route(
            "/folders/{id}",
            get(drive::folders::get)
                .patch(drive::api::relocate_folder)
                .delete(drive::api::trash_folder),
        )
        .route(
            "/trash",
            get(drive::folders::list_trash).delete(drive::folders::empty),
        )
        .route("/trash/{id}", axum::routing::delete(drive::folders::purge))
        .route("/trash/{id}/restore", post(drive::folders::restore))
}

/// `/api/v1` routes of sign-in and API tokens.
fn auth_routes() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(auth::api::login))
        .route("/auth/logout", post(auth::api::logout))
        .route("/auth/me", get(auth::api::me))
        .route(
            "/tokens",
            get(auth::api::list_tokens).post(auth::api::create_token),
        )
        .route(
            "/tokens/{id}",
            axum::routing::delete(auth::api::delete_token),
        )
}

/// The `/office` routes: editor, Document Server downloads and callbacks, public links.
fn office_routes() -> Router<AppState> {
    Router::new()
        .route("/{id}/open", get(office::open::open))
        .route("/{id}/edit", get(office::editor_page::page))
        .route("/{id}/content", get(office::download::document))
        .route("/{id}/changes", get(office::download::changes))
        .route("/{id}/probe", get(office::download::probe))
        .route("/{id}/history", get(office::history::list))
        .route("/{id}/history/{n}", get(office::history::data))
        .route("/{id}/connector", get(apps::launch::launch))
        .route(
            "/callback",
            post(office::callback::callback)
                .layer(DefaultBodyLimit::max(office::callback::BODY_LIMIT)),
        )
        .route(
            "/keys/{key}",
            get(office::conflicts::key_state).post(office::conflicts::key_target),
        )
        .route("/links/{token}/open", get(office::link_open::open))
        .route("/links/{token}/edit", get(office::link_open::page))
        .fallback(api_not_found)
}

/// The application API of editor connectors, at Twake Drive's `/internal/services/documents/v1`
/// paths (see `crate::apps` and docs/connector.md).
fn application_routes() -> Router<AppState> {
    Router::new()
        .route("/companies/{company}/item/{id}", get(apps::items::get))
        .route(
            "/companies/{company}/item/{id}/download",
            get(apps::items::download),
        )
        .route(
            "/companies/{company}/item/{id}/editing_session",
            post(apps::editing::begin),
        )
        .route(
            "/editing_session/{key}",
            get(apps::editing::get)
                .post(apps::editing::update)
                .delete(apps::editing::cancel),
        )
        .route(
            "/editing_session/{key}/refresh",
            post(apps::editing::refresh),
        )
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
}

/// `/api/v1` routes served through the Document Server's Conversion service.
fn conversion_routes() -> Router<AppState> {
    Router::new()
        .route("/files/{id}/convert", post(office::convert::start))
        .route("/files/{id}/download", get(office::download_as::download))
        .route("/files/{id}/thumbnail", get(office::thumbnails::thumbnail))
        .route("/jobs/{id}", get(office::jobs::get))
}

/// `/api/v1` routes of shares and public links.
fn sharing_routes() -> Router<AppState> {
    let shares = get(drive::shares::list).post(drive::shares::create);
    Router::new()
        .route("/files/{id}/shares", shares.clone())
        .route("/folders/{id}/shares", shares)
        .route("/shares/{id}", axum::routing::delete(drive::shares::revoke))
        .route("/shared", get(drive::shares::shared_with_me))
        .route("/links/{token}", get(drive::links::show))
        .route("/links/{token}/content", get(drive::links::download))
}

/// `/api/v1/admin` routes: the ONLYOFFICE Docs settings and the accounts (administrators only).
fn admin_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/settings",
            get(admin::settings::get)
                .put(admin::settings::put)
                .delete(admin::settings::reset),
        )
        .route("/admin/settings/test", post(admin::settings::test))
        .route(
            "/admin/users",
            get(admin::users::list).post(admin::users::create),
        )
        .route("/admin/users/{id}", patch(admin::users::update))
}

async fn api_method_not_allowed() -> error::Error {
    error::Error::MethodNotAllowed
}

async fn api_not_found() -> error::Error {
    error::Error::NotFound {
        code: "route_not_found",
        what: "route",
    }
}
