//! `GET <prefix>?token=…[&preview=1]`: the page the drive sends a user's browser to (the
//! plugin's `edition_url`, or `preview_url` with `preview=1`; Twake's connector serves it from
//! `IndexController`). Only the editor token counts: it names the user, the file and the user's
//! role, and the query may only narrow it (the file ids Twake Drive adds must match it, and
//! `preview=1` asks for view mode). In edit mode the connector begins (or joins) the file's
//! editing session on the backend; in view mode it uses a key of its own, derived from the file
//! and version, so viewers never hold an editing session. Then it renders Bureau's editor page
//! with the signed config.

use axum::{extract::State, response::Response};
use hmac::{Hmac, Mac as _};
use onlyoffice::{DocKey, config::Info, formats::Format};
use secrecy::ExposeSecret as _;
use serde::Deserialize;
use sha2::Sha256;

use super::{
    ConnectorState,
    backend::{BackendError, Item},
    remote::doc_id,
};
use crate::{
    apps::editor_token::{self, EditorClaims, TokenError},
    drive::roles::Role,
    error::{Error, Result},
    extract::AppQuery,
    office::{
        editor_page::{PageSetup, render_page},
        open::{Spec, Viewer, signed_config},
    },
};

/// The query the drive sends the browser with (Twake Drive's names).
#[derive(Debug, Deserialize)]
pub struct IndexQuery {
    token: Option<String>,
    file_id: Option<String>,
    drive_file_id: Option<String>,
    company_id: Option<String>,
    preview: Option<String>,
}

/// Renders the editor for the file the token names.
pub async fn index(
    State(connector): State<ConnectorState>,
    AppQuery(q): AppQuery<IndexQuery>,
) -> Result<Response> {
    let claims = checked_claims(&connector, &q)?;
    let role = Role::parse(&claims.role).map_err(|_| refused("the token names no valid role"))?;
    let preview = matches!(q.preview.as_deref(), Some("1" | "true"));
    let backend = &connector.backend;
    let (company, file) = (claims.company_id.as_str(), claims.file_id.as_str());
    let item = backend.item(company, file).await.map_err(backend_error)?;
    let format = Format::by_file_name(&item.name)
        .filter(|f| f.can_view() && !item.is_directory)
        .ok_or(Error::NotFound {
            code: "not_an_office_document",
            what: "office document",
        })?;
    let id = doc_id(company, file);
    let edit = format.can_edit() && role.changes_documents() && !preview;
    let (key, version) = if edit {
        let begun = backend
            .begin(company, file, &claims.sub)
            .await
            .map_err(backend_error)?;
        let version = match begun.version_id.as_deref() {
            Some(v) => version_number(v)?,
            None => current_version(&item)?,
        };
        (
            DocKey::parse(begun.key).map_err(anyhow::Error::new)?,
            version,
        )
    } else {
        let version = current_version(&item)?;
        (preview_key(&connector, &id, version)?, version)
    };
    let viewer = Viewer {
        id: claims.sub.clone(),
        name: claims.name.clone(),
        lang: claims.lang.clone(),
    };
    let editing = &connector.editing;
    let spec = Spec {
        format,
        key,
        id: &id,
        title: &item.name,
        version,
        viewer: &viewer,
        info: Info::default(),
        instance: connector.config.backend.origin().ascii_serialization(),
        back_url: claims.back_url.clone(),
        edit: edit.then(|| role.permissions()),
    };
    let config = signed_config(&editing.office, spec)?;
    let assets = format!("{}assets/", connector.config.prefix);
    let setup = PageSetup {
        docs_url: &editing.office.docs.url,
        assets: &assets,
        own_routes: false,
        back_fallback: Some(
            claims
                .back_url
                .as_deref()
                .unwrap_or(&connector.config.prefix),
        ),
        lang: &claims.lang,
        csrf_token: "",
    };
    render_page(&setup, &item.name, &config)
}

/// The token's claims, once it is authentic, for this application, and the query names no
/// other file or company.
fn checked_claims(connector: &ConnectorState, q: &IndexQuery) -> Result<EditorClaims> {
    let token = q.token.as_deref().ok_or(Error::Unauthorized)?;
    let config = &connector.config;
    let claims = editor_token::verify(&config.secret, &config.id, token).map_err(|e| {
        tracing::warn!("refused an editor token: {e}");
        match e {
            TokenError::Invalid(_) => Error::Unauthorized,
            TokenError::Foreign => refused("the token was issued for another application"),
        }
    })?;
    let named = [
        (&q.file_id, &claims.file_id),
        (&q.drive_file_id, &claims.file_id),
        (&q.company_id, &claims.company_id),
    ];
    if named
        .iter()
        .any(|(asked, granted)| asked.as_ref().is_some_and(|a| a != *granted))
    {
        return Err(refused("the token was issued for another file"));
    }
    Ok(claims)
}

fn refused(detail: &'static str) -> Error {
    Error::Forbidden {
        code: "invalid_editor_token",
        detail: detail.into(),
    }
}

/// A version id of the backend as a number (Bureau's backend numbers its versions).
fn version_number(id: &str) -> Result<i64> {
    id.parse().map_err(|_| {
        Error::Internal(anyhow::anyhow!(
            "the backend's version id {id:?} is not a version number"
        ))
    })
}

fn current_version(item: &Item) -> Result<i64> {
    let id = item
        .last_version_cache
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("the backend's item {} has no version", item.id))?;
    version_number(&id.id)
}

/// The Document Server key of a view-only opening: `p` + 40 hex digits of an HMAC of the
/// document and version under the application secret, so every connector process derives the
/// same key and no one else can.
fn preview_key(connector: &ConnectorState, id: &str, version: i64) -> Result<DocKey> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(connector.config.secret.expose_secret().as_bytes())
            .map_err(anyhow::Error::new)?;
    mac.update(format!("preview-key\n{id}\n{version}").as_bytes());
    let digest = hex::encode(mac.finalize().into_bytes());
    Ok(DocKey::parse(format!("p{}", &digest[..40])).map_err(anyhow::Error::new)?)
}

/// A backend failure as the page reports it.
fn backend_error(e: BackendError) -> Error {
    match e {
        BackendError::NotFound(_) => Error::NotFound {
            code: "file_not_found",
            what: "file",
        },
        BackendError::Refused { status: 403, .. } => Error::Forbidden {
            code: "insufficient_role",
            detail: "the drive does not let this user edit this file".into(),
        },
        BackendError::Refused { detail, .. } => Error::bad_request("backend_refused", detail),
        BackendError::Unavailable(e) => {
            tracing::warn!("the backend is unavailable: {e:#}");
            Error::Unavailable("the drive backend is unavailable; try again".into())
        }
    }
}
