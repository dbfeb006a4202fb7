//! Account rules: valid logins, creating a user together with their root folder, passwords.

use anyhow::Context as _;
use secrecy::{ExposeSecret as _, SecretString};

use super::passwords;
use crate::{
    error::{Error, Result},
    store::{self, Store, entries, users},
};

/// A login name: 1–64 characters from `a-z 0-9 . _ - @`, starting with a letter or digit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login(String);

impl Login {
    /// Validates a login name (case is folded to lower case).
    pub fn parse(raw: &str) -> Result<Self> {
        let login = raw.trim().to_ascii_lowercase();
        let valid_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@');
        let ok = (1..=64).contains(&login.len())
            && login.chars().all(valid_char)
            && login.starts_with(|c: char| c.is_ascii_alphanumeric());
        if ok {
            Ok(Self(login))
        } else {
            Err(Error::bad_request(
                "invalid_login",
                "a login is 1 to 64 characters: letters, digits, '.', '_', '-' or '@', \
                 starting with a letter or digit",
            ))
        }
    }

    /// The login as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks a password a person chose.
pub fn check_password(password: &SecretString) -> Result<()> {
    if password.expose_secret().chars().count() < passwords::MIN_LENGTH {
        return Err(Error::bad_request(
            "weak_password",
            format!(
                "a password needs at least {} characters",
                passwords::MIN_LENGTH
            ),
        ));
    }
    Ok(())
}

/// Checks a display name: 1 to 100 characters once trimmed, no control characters.
pub fn display_name(raw: &str) -> Result<String> {
    let name = raw.trim();
    if (1..=100).contains(&name.chars().count()) && !name.chars().any(char::is_control) {
        Ok(name.to_owned())
    } else {
        Err(Error::bad_request(
            "invalid_display_name",
            "a display name is 1 to 100 characters, without control characters",
        ))
    }
}

/// Creates a user, named after their login, and their root folder in one transaction.
pub async fn create_user(
    store: &Store,
    login: &Login,
    password: &SecretString,
    is_admin: bool,
) -> Result<users::User> {
    create_named_user(store, login, login.as_str(), password, is_admin).await
}

/// Creates a user with a display name and their root folder in one transaction.
pub async fn create_named_user(
    store: &Store,
    login: &Login,
    display_name: &str,
    password: &SecretString,
    is_admin: bool,
) -> Result<users::User> {
    let hash = passwords::hash(password.expose_secret().to_owned()).await?;
    let now = store::now_ms();
    let user = users::User {
        id: store::new_id(),
        login: login.0.clone(),
        display_name: display_name.to_owned(),
        password_hash: hash,
        is_admin,
        disabled: false,
        lang: None,
        created_at: now,
    };
    let mut tx = store.db.begin().await.context("starting transaction")?;
    users::insert(&mut tx, &user).await.map_err(|e| match e {
        store::Error::Conflict(_) => {
            Error::conflict("login_taken", format!("the login '{}' is taken", login.0))
        }
        other => other.into(),
    })?;
    let root = entries::NewEntry {
        id: &store::new_id(),
        kind: "folder",
        owner_id: &user.id,
        parent_id: None,
        name: "",
        mime: None,
        now,
    };
    entries::insert(&mut tx, &root).await?;
    tx.commit().await.context("committing new user")?;
    Ok(user)
}

/// Sets a new password and signs the user out everywhere.
pub async fn change_password(store: &Store, user_id: &str, password: &SecretString) -> Result<()> {
    check_password(password)?;
    let hash = passwords::hash(password.expose_secret().to_owned()).await?;
    users::set_password(&store.db, user_id, &hash).await?;
    store::sessions::delete_for_user(&store.db, user_id).await?;
    Ok(())
}

/// Sets whether a user is disabled and an administrator, refusing (409 `last_admin`) to leave
/// no enabled administrator. Disabling signs the user out everywhere; their API tokens stop
/// working while the account is disabled.
pub async fn set_flags(store: &Store, user_id: &str, disabled: bool, is_admin: bool) -> Result<()> {
    users::set_flags(&store.db, user_id, disabled, is_admin)
        .await
        .map_err(|e| match e {
            store::Error::NotFound => Error::NotFound {
                code: "user_not_found",
                what: "user",
            },
            store::Error::Conflict(_) => {
                Error::conflict("last_admin", "this would leave no enabled administrator")
            }
            other => other.into(),
        })?;
    if disabled {
        store::sessions::delete_for_user(&store.db, user_id).await?;
    }
    Ok(())
}

/// Checks a login and password; `None` when either is wrong or the account is disabled.
pub async fn authenticate(
    store: &Store,
    login: &str,
    password: &str,
) -> Result<Option<users::User>> {
    let user = match Login::parse(login) {
        Ok(login) => match users::by_login(&store.db, login.as_str()).await {
            Ok(u) => Some(u),
            Err(store::Error::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        Err(_) => None,
    };
    let phc = user
        .as_ref()
        .map_or(passwords::DUMMY_HASH, |u| u.password_hash.as_str());
    let ok = passwords::verify(password.to_owned(), phc.to_owned()).await?;
    Ok(user.filter(|u| ok && !u.disabled))
}
