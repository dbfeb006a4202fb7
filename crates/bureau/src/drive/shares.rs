//! Sharing a file or folder with another user or through a public link, each with a role.
//! Only the owner shares, lists and revokes; link tokens and passwords are stored hashed, so a
//! link's token is shown once, when it is created.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::{Value, json};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use super::{
    access::{self, Kind},
    roles::Role,
    views::{EntryView, timestamp},
};
use crate::{
    app::AppState,
    auth::{CurrentUser, accounts::Login, passwords, secrets},
    error::{Error, Result},
    extract::AppJson,
    store::{
        self, entries,
        shares::{self, Share},
        users,
    },
};

/// Body of `POST /api/v1/{files,folders}/:id/shares`.
#[derive(Debug, Deserialize)]
pub struct NewShare {
    login: Option<String>,
    #[serde(default)]
    link: bool,
    role: String,
    expires_at: Option<String>,
    password: Option<String>,
}

/// Shares an entry the caller owns (201). A user share names a `login`; `link: true` makes a
/// public link, whose token appears only in this answer.
pub async fn create(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    AppJson(body): AppJson<NewShare>,
) -> Result<(StatusCode, Json<Value>)> {
    let entry = access::live(&app.store, &current.user, &id, Kind::Any).await?;
    let role = Role::parse(&body.role)?;
    let expires_at = body.expires_at.as_deref().map(parse_expiry).transpose()?;
    let mut share = Share {
        id: store::new_id(),
        entry_id: entry.id.clone(),
        grantee_id: None,
        token_hash: None,
        role: role.as_str().to_owned(),
        expires_at,
        password_hash: None,
        created_by: current.user.id.clone(),
        created_at: store::now_ms(),
    };
    let mut token = None;
    match (body.link, body.login.as_deref()) {
        (false, Some(login)) => share.grantee_id = Some(grantee(&app, &current, login).await?),
        (true, None) => {
            let t = secrets::generate("");
            share.token_hash = Some(secrets::digest(&t));
            if let Some(p) = body.password.filter(|p| !p.is_empty()) {
                crate::auth::accounts::check_password(&SecretString::from(p.clone()))?;
                share.password_hash = Some(passwords::hash(p).await?);
            }
            token = Some(t);
        }
        _ => {
            return Err(Error::bad_request(
                "invalid_share",
                "give either a login or link: true",
            ));
        }
    }
    shares::insert(&app.store.db, &share)
        .await
        .map_err(|e| match e {
            store::Error::Conflict(_) => {
                Error::conflict("already_shared", "already shared with this user")
            }
            other => other.into(),
        })?;
    let mut view = share_view(&app, &share).await?;
    if let Some(t) = token {
        view["token"] = t.clone().into();
        view["url"] = format!("{}s/{t}", app.config.public_url).into();
    }
    Ok((StatusCode::CREATED, Json(view)))
}

async fn grantee(app: &AppState, current: &CurrentUser, login: &str) -> Result<String> {
    let login = Login::parse(login)?;
    let user = match users::by_login(&app.store.db, login.as_str()).await {
        Err(store::Error::NotFound) => {
            return Err(Error::NotFound {
                code: "user_not_found",
                what: "user",
            });
        }
        other => other?,
    };
    if user.id == current.user.id {
        return Err(Error::bad_request("invalid_share", "you own this already"));
    }
    Ok(user.id)
}

fn parse_expiry(raw: &str) -> Result<i64> {
    let at = OffsetDateTime::parse(raw, &Rfc3339)
        .map_err(|_| Error::bad_request("invalid_expiry", "expires_at must be an RFC 3339 time"))?;
    let ms = i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX);
    if ms <= store::now_ms() {
        return Err(Error::bad_request(
            "invalid_expiry",
            "expires_at is in the past",
        ));
    }
    Ok(ms)
}

async fn share_view(app: &AppState, s: &Share) -> Result<Value> {
    let user = match &s.grantee_id {
        Some(id) => {
            let u = users::by_id(&app.store.db, id).await?;
            json!({"id": u.id, "login": u.login, "name": u.display_name})
        }
        None => Value::Null,
    };
    Ok(json!({
        "id": s.id,
        "entry_id": s.entry_id,
        "kind": if s.grantee_id.is_some() { "user" } else { "link" },
        "role": s.role,
        "user": user,
        "password": s.password_hash.is_some(),
        "expires_at": s.expires_at.map(timestamp),
        "created_at": timestamp(s.created_at),
    }))
}

/// `GET /api/v1/{files,folders}/:id/shares`: the shares of an entry the caller owns.
pub async fn list(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    let entry = access::live(&app.store, &current.user, &id, Kind::Any).await?;
    let mut views = Vec::new();
    for s in shares::of_entry(&app.store.db, &entry.id).await? {
        views.push(share_view(&app, &s).await?);
    }
    Ok(Json(json!({ "shares": views })))
}

/// `DELETE /api/v1/shares/:id`: revokes a share of an entry the caller owns.
pub async fn revoke(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    let not_found = || Error::NotFound {
        code: "share_not_found",
        what: "share",
    };
    let share = shares::get(&app.store.db, &id)
        .await
        .map_err(|_| not_found())?;
    let entry = entries::get(&app.store.db, &share.entry_id).await?;
    if entry.owner_id != current.user.id {
        return Err(not_found());
    }
    shares::delete(&app.store.db, &share.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/shared`: what others shared with the caller, with the role of each.
pub async fn shared_with_me(
    State(app): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Value>> {
    let mut out = Vec::new();
    for s in shares::with_user(&app.store.db, &current.user.id, store::now_ms()).await? {
        let Ok(reach) = access::reach(&app.store, &current.user, &s.entry_id, Kind::Any).await
        else {
            continue;
        };
        out.push(
            json!({"share_id": s.id, "role": s.role, "entry": EntryView::from(reach.entry())}),
        );
    }
    Ok(Json(json!({ "shared": out })))
}
