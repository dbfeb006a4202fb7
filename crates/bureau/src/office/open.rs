//! Opening a document: the signed editor config, served as the Cozy-shaped JSON of
//! `GET /office/:id/open` and embedded in the editor page.
//!
//! The token signs the whole config, `document.permissions` included, and the browser gets
//! exactly the signed object: the real Document Server refuses a token without
//! `document.permissions` (code 4006) or with permissions other than the page's (4004), see
//! onlyoffice-protocol.md Appendix A.4.

use axum::{
    Json,
    extract::{Path, Query, State},
};
use onlyoffice::{
    DocKey,
    config::{Customization, EditorConfig, GoBack, Info, ReferenceData, User},
    formats::Format,
};
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::{LINK_TTL_SECS, Office, not_configured, sessions};
use crate::{
    app::AppState,
    auth::CurrentUser,
    drive::{
        access::{self, Kind},
        views::timestamp,
    },
    error::{Error, Result},
    store::{self, entries::Entry, users::User as Account},
};

/// `?mode=view` forces view mode (the Twake connector's `preview=1`).
#[derive(Debug, Deserialize)]
pub struct OpenQuery {
    mode: Option<String>,
}

impl OpenQuery {
    /// Whether view mode was asked for.
    pub fn view_only(&self) -> bool {
        self.mode.as_deref() == Some("view")
    }
}

/// A signed editor config and the file it opens.
#[derive(Debug)]
pub struct Opened {
    /// The file.
    pub file: Entry,
    /// The config, with its `token` when JWT is on.
    pub config: EditorConfig,
}

/// Builds the editor config of a file for a user: edit mode when the format is natively
/// editable and the user may write, unless `view_only`; view mode otherwise.
pub async fn prepare(
    app: &AppState,
    user: &Account,
    file_id: &str,
    view_only: bool,
) -> Result<Opened> {
    let office = app.office.as_ref().ok_or_else(not_configured)?;
    let file = access::live(&app.store, user, file_id, Kind::File).await?;
    let format = Format::by_file_name(&file.name)
        .filter(|f| f.can_view())
        .ok_or(Error::NotFound {
            code: "not_an_office_document",
            what: "office document",
        })?;
    let session = sessions::current(&app.store, &file).await?;
    let key = DocKey::parse(session.doc_key.as_str()).map_err(anyhow::Error::new)?;
    let version = session.head_version;
    let expires = store::now_ms() / 1000 + LINK_TTL_SECS;
    let url = office
        .links
        .url(&app.config.internal_url, &file.id, version, expires);
    let mut builder = EditorConfig::builder(format, key, &file.name, url)
        .user(User::new(&user.id, &user.display_name))
        .lang(user.lang.as_deref().unwrap_or("en"))
        .info(Info {
            owner: Some(user.display_name.clone()),
            uploaded: Some(timestamp(file.created_at)),
            ..Info::default()
        })
        .reference_data(ReferenceData {
            file_key: file.id.clone(),
            instance_id: app.config.public_url.origin().ascii_serialization(),
        })
        .customization(customization(app, &file));
    if format.can_edit() && !view_only {
        builder = builder.edit(callback_url(&app.config.internal_url)?);
    }
    let config = builder.build().map_err(anyhow::Error::new)?;
    let config = sign(office, config)?;
    Ok(Opened { file, config })
}

fn customization(app: &AppState, file: &Entry) -> Customization {
    let back = app.config.public_url.clone();
    Customization {
        forcesave: Some(true),
        goback: Some(GoBack {
            url: Some(format!(
                "{back}?folder={}",
                file.parent_id.as_deref().unwrap_or_default()
            )),
            text: None,
            blank: Some(false),
        }),
        ..Customization::default()
    }
}

/// The callback address the Document Server posts to.
pub fn callback_url(internal: &Url) -> Result<Url> {
    internal
        .join("office/callback")
        .map_err(|e| Error::Internal(e.into()))
}

fn sign(office: &Office, config: EditorConfig) -> Result<EditorConfig> {
    match &office.jwt {
        Some(jwt) => Ok(config.sign(jwt).map_err(anyhow::Error::new)?),
        None => Ok(config),
    }
}

/// `GET /office/:id/open`: the parameters to open a document, in the Cozy JSON:API shape.
pub async fn open(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<OpenQuery>,
) -> Result<Json<Value>> {
    let opened = prepare(&app, &current.user, &id, q.view_only()).await?;
    let office = app.office.as_ref().ok_or_else(not_configured)?;
    let config = serde_json::to_value(&opened.config).map_err(anyhow::Error::new)?;
    let mut document = config["document"].clone();
    document["filetype"] = config["document"]["fileType"].clone();
    let public = &app.config.public_url;
    let instance = match public.port() {
        Some(port) => format!("{}:{port}", public.host_str().unwrap_or_default()),
        None => public.host_str().unwrap_or_default().to_owned(),
    };
    Ok(Json(json!({"data": {
        "type": "io.cozy.office.url",
        "id": opened.file.id,
        "attributes": {
            "document_id": opened.file.id,
            "subdomain": "flat",
            "protocol": public.scheme(),
            "instance": instance,
            "public_name": current.user.display_name,
            "onlyoffice": {
                "url": office.docs.url.as_str(),
                "token": config.get("token"),
                "documentType": config["documentType"],
                "document": document,
                "editor": config["editorConfig"],
                "editorConfig": config["editorConfig"],
            },
        },
    }})))
}
