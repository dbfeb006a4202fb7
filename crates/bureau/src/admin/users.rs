//! `GET|POST /api/v1/admin/users` and `PATCH /api/v1/admin/users/{id}`: the accounts, managed by
//! administrators. Disabling an account or setting its password signs it out everywhere, and a
//! disabled account's API tokens stop working. Nobody can disable their own account or remove
//! their own admin rights, and the last enabled administrator stays one.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::{
    app::AppState,
    auth::{Admin, accounts},
    error::{Error, Result},
    extract::AppJson,
    store::{self, users},
};

/// An account as administrators see it (never its password hash).
#[derive(Debug, Serialize)]
pub struct UserView {
    /// Id.
    pub id: String,
    /// Login name.
    pub login: String,
    /// Name shown to others.
    pub display_name: String,
    /// Administrator.
    pub is_admin: bool,
    /// Disabled (cannot sign in, tokens refused).
    pub disabled: bool,
    /// Creation time (unix ms).
    pub created_at: i64,
}

impl From<users::User> for UserView {
    fn from(u: users::User) -> Self {
        Self {
            id: u.id,
            login: u.login,
            display_name: u.display_name,
            is_admin: u.is_admin,
            disabled: u.disabled,
            created_at: u.created_at,
        }
    }
}

/// `GET /api/v1/admin/users`: every account, by login.
pub async fn list(State(app): State<AppState>, _admin: Admin) -> Result<Json<Value>> {
    let all: Vec<UserView> = users::list(&app.store.db)
        .await?
        .into_iter()
        .map(UserView::from)
        .collect();
    Ok(Json(json!({ "users": all })))
}

/// Body of `POST /api/v1/admin/users`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    login: String,
    display_name: Option<String>,
    password: SecretString,
    #[serde(default)]
    is_admin: bool,
}

/// `POST /api/v1/admin/users`: creates an account (409 `login_taken` for a login in use).
pub async fn create(
    State(app): State<AppState>,
    Admin(admin): Admin,
    AppJson(body): AppJson<NewUser>,
) -> Result<(StatusCode, Json<UserView>)> {
    let login = accounts::Login::parse(&body.login)?;
    let name = match body.display_name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => accounts::display_name(name)?,
        _ => login.as_str().to_owned(),
    };
    accounts::check_password(&body.password)?;
    let user =
        accounts::create_named_user(&app.store, &login, &name, &body.password, body.is_admin)
            .await?;
    tracing::info!(user.id = %user.id, by = %admin.user.id, "account created");
    Ok((StatusCode::CREATED, Json(user.into())))
}

/// Body of `PATCH /api/v1/admin/users/{id}`: the fields to change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserChanges {
    display_name: Option<String>,
    disabled: Option<bool>,
    is_admin: Option<bool>,
    password: Option<SecretString>,
}

/// `PATCH /api/v1/admin/users/{id}`: renames, disables or enables, grants or removes admin
/// rights, or sets a new password; every field is checked before anything changes.
pub async fn update(
    State(app): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    AppJson(body): AppJson<UserChanges>,
) -> Result<Json<UserView>> {
    let user = match users::by_id(&app.store.db, &id).await {
        Err(store::Error::NotFound) => {
            return Err(Error::NotFound {
                code: "user_not_found",
                what: "user",
            });
        }
        other => other?,
    };
    let disabled = body.disabled.unwrap_or(user.disabled);
    let is_admin = body.is_admin.unwrap_or(user.is_admin);
    if user.id == admin.user.id && (disabled || !is_admin) {
        return Err(Error::conflict(
            "own_account",
            "you cannot disable your own account or remove your own admin rights",
        ));
    }
    let name = body.display_name.as_deref().map(accounts::display_name);
    let name = name.transpose()?;
    if let Some(password) = &body.password {
        accounts::check_password(password)?;
    }
    if (disabled, is_admin) != (user.disabled, user.is_admin) {
        accounts::set_flags(&app.store, &id, disabled, is_admin).await?;
    }
    if let Some(name) = &name {
        users::set_display_name(&app.store.db, &id, name).await?;
    }
    if let Some(password) = &body.password {
        accounts::change_password(&app.store, &id, password).await?;
    }
    tracing::info!(
        user.id = %id,
        by = %admin.user.id,
        disabled,
        is_admin,
        password_set = body.password.is_some(),
        "account changed"
    );
    Ok(Json(users::by_id(&app.store.db, &id).await?.into()))
}
