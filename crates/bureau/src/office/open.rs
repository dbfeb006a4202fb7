//! Opening a document: the signed editor config, served as the Cozy-shaped JSON of
//! `GET /office/:id/open` and embedded in the editor page.
//!
//! The token signs the whole config, `document.permissions` included, and the browser gets
//! exactly the signed object: the real Document Server refuses a token without
//! `document.permissions` (code 4006) or with permissions other than the page's (4004), see
//! onlyoffice-protocol.md Appendix A.4.

use axum::{
    Json,
    extract::{Path, State},
    http::HeaderMap,
};
use onlyoffice::{
    DocKey,
    config::{Customization, EditorConfig, GoBack, Info, Permissions, ReferenceData, User},
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
        access::{self, Kind, Reach},
        views::timestamp,
    },
    error::{Error, Result},
    extract::AppQuery,
    store::{
        self,
        entries::Entry,
        users::{self, User as Account},
    },
    web::{self, i18n::Lang, page},
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

/// Who opens a document: a Bureau user, or a guest of a public link.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The id the Document Server reports in callbacks (a Bureau user id for users).
    pub id: String,
    /// The name other editors see.
    pub name: String,
    /// Editor language.
    pub lang: String,
}

impl Viewer {
    /// A Bureau user, reading in `lang` (the page's language).
    pub fn user(account: &Account, lang: Lang) -> Self {
        Self {
            id: account.id.clone(),
            name: account.display_name.clone(),
            lang: lang.code().to_owned(),
        }
    }
}

/// Builds the editor config of a file a user owns or reaches through a share, in `lang`; its
/// back button leads to the file's folder when the user may see it, else to what is shared
/// with them ([`web::files::back_link`]).
pub async fn prepare(
    app: &AppState,
    user: &Account,
    lang: Lang,
    file_id: &str,
    view_only: bool,
) -> Result<Opened> {
    app.office().ok_or_else(not_configured)?;
    let reach = access::reach(&app.store, user, file_id, Kind::File).await?;
    let link = web::files::back_link(&reach);
    let back = format!("{}{}", app.config.public_url, link.trim_start_matches('/'));
    build(
        app,
        &Viewer::user(user, lang),
        &reach,
        view_only,
        Some(back),
    )
    .await
}

/// Builds the signed editor config: edit mode when the format is natively editable, the role
/// may change documents (edit, review, comment, fill) and `view_only` is not asked; view mode
/// otherwise. The role's permissions go into the config, where the Document Server enforces
/// them; a view role gets no callback URL at all, so its sessions can never save. `back_url`
/// is where the editor's back button leads (none for guests of a link).
pub async fn build(
    app: &AppState,
    viewer: &Viewer,
    reach: &Reach,
    view_only: bool,
    back_url: Option<String>,
) -> Result<Opened> {
    let office = app.office().ok_or_else(not_configured)?;
    let file = reach.entry().clone();
    let format = super::office_format(&file)?;
    let session = sessions::current(&app.store, &file).await?;
    let key = DocKey::parse(session.doc_key.as_str()).map_err(anyhow::Error::new)?;
    // The owner opening their own file (the common case) costs no lookup.
    let owner = if file.owner_id == viewer.id {
        viewer.name.clone()
    } else {
        users::by_id(&app.store.db, &file.owner_id)
            .await?
            .display_name
    };
    let role = reach.grant.role();
    let edit = format.can_edit() && role.changes_documents() && !view_only;
    let spec = Spec {
        format,
        key,
        id: &file.id,
        title: &file.name,
        version: session.head_version,
        viewer,
        info: Info {
            owner: Some(owner),
            uploaded: Some(timestamp(file.created_at)),
            ..Info::default()
        },
        instance: app.config.public_url.origin().ascii_serialization(),
        back_url,
        edit: edit.then(|| role.permissions()),
    };
    let config = signed_config(&office, spec)?;
    Ok(Opened { file, config })
}

/// What an editor config is built from, wherever the document lives (Bureau's store, or the
/// backend of `bureau connector`).
#[derive(Debug)]
pub struct Spec<'a> {
    /// The document's format.
    pub format: &'static Format,
    /// The editing session's key.
    pub key: DocKey,
    /// The document's id in `document.url` and `referenceData.fileKey`.
    pub id: &'a str,
    /// The title the editor shows: the file name.
    pub title: &'a str,
    /// The version the Document Server downloads.
    pub version: i64,
    /// Who opens it.
    pub viewer: &'a Viewer,
    /// `document.info`.
    pub info: Info,
    /// `referenceData.instanceId`: the drive's origin.
    pub instance: String,
    /// Where the editor's back button leads.
    pub back_url: Option<String>,
    /// Edit mode with these permissions (and the callback URL), or view mode.
    pub edit: Option<Permissions>,
}

/// The editor config of `spec`, signed when JWT is on: `document.url` is a signed link on the
/// address the Document Server reaches us at, valid [`LINK_TTL_SECS`].
pub fn signed_config(office: &Office, spec: Spec<'_>) -> Result<EditorConfig> {
    let expires = store::now_ms() / 1000 + LINK_TTL_SECS;
    let url = office
        .links
        .url(&office.internal_url, spec.id, spec.version, expires);
    let mut builder = EditorConfig::builder(spec.format, spec.key, spec.title, url)
        .user(User::new(&spec.viewer.id, &spec.viewer.name))
        .lang(&spec.viewer.lang)
        .info(spec.info)
        .reference_data(ReferenceData {
            file_key: spec.id.to_owned(),
            instance_id: spec.instance,
        })
        .customization(customization(spec.back_url));
    if let Some(permissions) = spec.edit {
        builder = builder
            .edit(callback_url(&office.internal_url)?)
            .permissions(permissions);
    }
    let config = builder.build().map_err(anyhow::Error::new)?;
    sign(office, config)
}

fn customization(back_url: Option<String>) -> Customization {
    Customization {
        forcesave: Some(true),
        goback: back_url.map(|url| GoBack {
            url: Some(url),
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

/// `GET /office/:id/open`: the parameters to open a document, in the Cozy JSON:API shape; the
/// editor's language is the user's, else the request's `Accept-Language`.
pub async fn open(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    AppQuery(q): AppQuery<OpenQuery>,
    headers: HeaderMap,
) -> Result<Json<Value>> {
    let lang = Lang::negotiate(
        current.user.lang.as_deref(),
        page::accept_language(&headers),
    );
    let opened = prepare(&app, &current.user, lang, &id, q.view_only()).await?;
    cozy_body(&app, &opened, &current.user.display_name).map(Json)
}

/// The JSON:API body of an open (Cozy's `io.cozy.office.url`).
pub fn cozy_body(app: &AppState, opened: &Opened, public_name: &str) -> Result<Value> {
    let office = app.office().ok_or_else(not_configured)?;
    let config = serde_json::to_value(&opened.config).map_err(anyhow::Error::new)?;
    let mut document = config["document"].clone();
    document["filetype"] = config["document"]["fileType"].clone();
    let public = &app.config.public_url;
    let instance = match public.port() {
        Some(port) => format!("{}:{port}", public.host_str().unwrap_or_default()),
        None => public.host_str().unwrap_or_default().to_owned(),
    };
    Ok(json!({"data": {
        "type": "io.cozy.office.url",
        "id": opened.file.id,
        "attributes": {
            "document_id": opened.file.id,
            "subdomain": "flat",
            "protocol": public.scheme(),
            "instance": instance,
            "public_name": public_name,
            "onlyoffice": {
                "url": office.docs.url.as_str(),
                "token": config.get("token"),
                "documentType": config["documentType"],
                "document": document,
                "editor": config["editorConfig"],
                "editorConfig": config["editorConfig"],
            },
        },
    }}))
}
