//! Public links: anyone holding a link's token reaches the shared entry and what lies below it,
//! with the link's role, after giving its password if it has one (`X-Link-Password`). The
//! token is never stored, only its SHA-256, and a revoked or expired link is a plain 404.

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, Method},
    response::Response,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    access::{self, Kind, Reach},
    api::send_version,
    roles::Role,
    versions,
    views::EntryView,
};
use crate::{
    app::AppState,
    auth::{cookies::set_cookie, passwords, secrets},
    error::{Error, Result},
    extract::AppQuery,
    store::{self, entries, shares::Share},
};

/// Header carrying a link's password.
pub const PASSWORD_HEADER: &str = "x-link-password";

/// `?entry=` picks an entry below a shared folder (default: the shared entry itself).
#[derive(Debug, Deserialize)]
pub struct LinkQuery {
    entry: Option<String>,
}

/// The share behind a token, once its password (if any) is given.
pub async fn resolve(app: &AppState, token: &str, headers: &HeaderMap) -> Result<Share> {
    let share = match store::shares::by_token(
        &app.store.db,
        &secrets::digest(token),
        store::now_ms(),
    )
    .await
    {
        Err(store::Error::NotFound) => {
            return Err(Error::NotFound {
                code: "link_not_found",
                what: "link",
            });
        }
        other => other?,
    };
    if let Some(hash) = &share.password_hash
        && !unlocked(headers, token, &share)
    {
        let given = headers
            .get(PASSWORD_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if given.is_empty() || !passwords::verify(given.to_owned(), hash.clone()).await? {
            return Err(Error::Forbidden {
                code: "link_password_required",
                detail: "this link needs its password (X-Link-Password)".into(),
            });
        }
    }
    Ok(share)
}

/// The cookie that remembers a link's password was given, for a day: a digest of the token and
/// the stored password hash, which only the server knows.
pub fn unlock_cookie(token: &str, share: &Share, secure: bool) -> String {
    let value = unlock_value(token, share);
    set_cookie(&unlock_cookie_name(share), &value, 86_400, secure)
}

fn unlock_cookie_name(share: &Share) -> String {
    format!("bureau_link_{}", share.id.replace('-', ""))
}

fn unlock_value(token: &str, share: &Share) -> String {
    let hash = share.password_hash.as_deref().unwrap_or_default();
    secrets::digest(&format!("link-unlock\n{token}\n{hash}"))
}

/// Whether the request carries the unlock cookie of this link.
fn unlocked(headers: &HeaderMap, token: &str, share: &Share) -> bool {
    let name = unlock_cookie_name(share);
    let expected = unlock_value(token, share);
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(n, v)| n == name && secrets::equal(v, &expected))
}

/// The entry a link request names, reached through the link.
pub async fn reach(
    app: &AppState,
    share: &Share,
    entry: Option<&str>,
    kind: Kind,
) -> Result<Reach> {
    access::reach_by_link(&app.store, share, entry.unwrap_or(&share.entry_id), kind).await
}

/// `GET /api/v1/links/:token[?entry=]`: the role, the entry and, for a folder, its children.
pub async fn show(
    State(app): State<AppState>,
    Path(token): Path<String>,
    AppQuery(q): AppQuery<LinkQuery>,
    headers: HeaderMap,
) -> Result<Json<Value>> {
    let share = resolve(&app, &token, &headers).await?;
    let reach = reach(&app, &share, q.entry.as_deref(), Kind::Any).await?;
    let entry = reach.entry();
    let children = if entry.is_folder() {
        let list = entries::children(&app.store.db, &entry.id).await?;
        Some(list.iter().map(EntryView::from).collect::<Vec<_>>())
    } else {
        None
    };
    Ok(Json(json!({
        "role": share.role,
        "entry": EntryView::from(entry),
        "path": reach.visible_path().iter().map(EntryView::from).collect::<Vec<_>>(),
        "children": children,
    })))
}

/// `GET|HEAD /api/v1/links/:token/content[?entry=]`: downloads a file through the link.
pub async fn download(
    State(app): State<AppState>,
    Path(token): Path<String>,
    AppQuery(q): AppQuery<LinkQuery>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response> {
    let share = resolve(&app, &token, &headers).await?;
    let reach = reach(&app, &share, q.entry.as_deref(), Kind::File).await?;
    reach.grant.require(Role::View)?;
    let file = reach.entry();
    let version = versions::get(&app.store, file, file.current_version.unwrap_or(1)).await?;
    send_version(&app, file, &version, &method, &headers).await
}
