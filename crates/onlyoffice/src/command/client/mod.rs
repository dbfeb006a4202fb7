//! The Command service client.

use std::time::Duration;

use serde_json::Value;

use super::{Command, CommandErrorCode, CommandResponse, Meta, PATH};
use crate::{DocKey, Error, Result, endpoint::Endpoint};

/// How long a command may take; commands are answered at once (force-save runs in the background).
const TIMEOUT: Duration = Duration::from_secs(30);

/// Sends commands to `POST <ds>/command`.
///
/// ```no_run
/// # async fn demo() -> onlyoffice::Result<()> {
/// use onlyoffice::{DocKey, Endpoint, command::CommandClient, jwt::JwtSettings};
///
/// let ds = Endpoint::new("http://docs.internal/".parse()?, Some(JwtSettings::new("secret")));
/// let commands = CommandClient::new(ds);
/// println!("Document Server {}", commands.version().await?);
/// commands.forcesave(&DocKey::parse("f42v7")?, Some("save-before-share")).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct CommandClient {
    endpoint: Endpoint,
}

/// The outcome of [`CommandClient::forcesave`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForceSave {
    /// The save started; a status 6 (or 7) callback follows.
    Started,
    /// Nothing changed since the last save; no callback follows (error 4).
    NotModified,
}

/// The answer to [`CommandClient::license`], as documented in `command-service/license.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct License {
    /// `license`: `end_date`, `trial`, `customization`, `connections`, `users_count`, …
    pub license: Value,
    /// `server`: `resultType`, `packageType`, `buildDate`, `buildVersion`, `buildNumber`.
    pub server: Option<Value>,
    /// `quota`: `users` and `users_view` with their `expire` dates.
    pub quota: Option<Value>,
}

impl CommandClient {
    /// A client for the Command service of `endpoint`.
    #[must_use]
    pub fn new(endpoint: Endpoint) -> Self {
        Self { endpoint }
    }

    /// Sends any command and returns the answer when its `error` is 0.
    ///
    /// # Errors
    /// [`Error::Command`] for a non-zero code, [`Error::Http`], [`Error::HttpStatus`].
    pub async fn send(&self, command: &Command) -> Result<CommandResponse> {
        let response: CommandResponse = self
            .endpoint
            .post(PATH, command, command.key(), TIMEOUT)
            .await?;
        response.check()
    }

    /// The Document Server's version, e.g. `9.0.4.54`.
    ///
    /// # Errors
    /// As [`CommandClient::send`]; [`Error::UnexpectedResponse`] without `version`.
    pub async fn version(&self) -> Result<String> {
        let response = self.send(&Command::Version).await?;
        response.version.ok_or(Error::UnexpectedResponse(
            "`version` answer without version",
        ))
    }

    /// The ids of the users editing `key` (8.2+; empty before). Also makes the Document Server
    /// send a status 1 (or 4) callback carrying `userdata`.
    ///
    /// # Errors
    /// As [`CommandClient::send`]; [`CommandErrorCode::KeyNotFound`] for a key not open.
    pub async fn info(&self, key: &DocKey, userdata: Option<&str>) -> Result<Vec<String>> {
        let command = Command::Info {
            key: key.clone(),
            userdata: userdata.map(Into::into),
        };
        Ok(self.send(&command).await?.users.unwrap_or_default())
    }

    /// Disconnects `users` from `key`, or everyone when `users` is `None` (8.3+).
    ///
    /// # Errors
    /// As [`CommandClient::send`].
    pub async fn drop(&self, key: &DocKey, users: Option<&[&str]>) -> Result<()> {
        let users = users.map(|u| u.iter().map(|&id| id.to_owned()).collect());
        self.send(&Command::Drop {
            key: key.clone(),
            users,
        })
        .await
        .map(|_| ())
    }

    /// Saves `key` now without closing the session; `userdata` comes back in the callback.
    ///
    /// # Errors
    /// As [`CommandClient::send`]; error 4 is not an error but [`ForceSave::NotModified`].
    pub async fn forcesave(&self, key: &DocKey, userdata: Option<&str>) -> Result<ForceSave> {
        let command = Command::Forcesave {
            key: key.clone(),
            userdata: userdata.map(Into::into),
        };
        match self.send(&command).await {
            Ok(_) => Ok(ForceSave::Started),
            Err(Error::Command(CommandErrorCode::NotModified)) => Ok(ForceSave::NotModified),
            Err(e) => Err(e),
        }
    }

    /// Tells the editors of `key` the document's new title.
    ///
    /// # Errors
    /// As [`CommandClient::send`].
    pub async fn meta(&self, key: &DocKey, title: &str) -> Result<()> {
        let meta = Meta {
            title: title.to_owned(),
        };
        self.send(&Command::Meta {
            key: key.clone(),
            meta,
        })
        .await
        .map(|_| ())
    }

    /// The license, server build and quota.
    ///
    /// # Errors
    /// As [`CommandClient::send`]; [`Error::UnexpectedResponse`] without `license`.
    pub async fn license(&self) -> Result<License> {
        let response = self.send(&Command::License).await?;
        Ok(License {
            license: response.license.ok_or(Error::UnexpectedResponse(
                "`license` answer without license",
            ))?,
            server: response.server,
            quota: response.quota,
        })
    }

    /// The URL of the forgotten file of `key` (a result the host did not accept).
    ///
    /// # Errors
    /// As [`CommandClient::send`]; [`CommandErrorCode::KeyNotFound`] when there is none.
    pub async fn get_forgotten(&self, key: &DocKey) -> Result<String> {
        let response = self
            .send(&Command::GetForgotten { key: key.clone() })
            .await?;
        response.url.ok_or(Error::UnexpectedResponse(
            "`getForgotten` answer without url",
        ))
    }

    /// The keys of all forgotten files.
    ///
    /// # Errors
    /// As [`CommandClient::send`].
    pub async fn get_forgotten_list(&self) -> Result<Vec<String>> {
        Ok(self
            .send(&Command::GetForgottenList)
            .await?
            .keys
            .unwrap_or_default())
    }

    /// Deletes the forgotten file of `key`.
    ///
    /// # Errors
    /// As [`CommandClient::send`]; [`CommandErrorCode::KeyNotFound`] when there is none.
    pub async fn delete_forgotten(&self, key: &DocKey) -> Result<()> {
        self.send(&Command::DeleteForgotten { key: key.clone() })
            .await
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests;
