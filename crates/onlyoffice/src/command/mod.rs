//! The Command service: `POST <ds>/command` (8.2+; the legacy path
//! `/coauthoring/CommandService.ashx` is still routed and takes the same JSON).
//!
//! Sources: docs `additional-api/command-service/*.md`; server `DocsCoServer.js` (`commandFromServer`)
//! and `commondefines.js` (error codes); answers recorded from a real server.
//!
//! A request is `{"c": "<command>", "key": …, …}`; with tokens on, the Document Server reads only
//! the token's contents. The answer is always HTTP 200 with `{"key", "error", …}`.
//! [`Command`] and [`CommandResponse`] are the wire types, shared by `CommandClient` (feature
//! `client`) and by emulators.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{DocKey, Error, Result, codes::int_code};

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub use client::{CommandClient, ForceSave};

/// The path of the Command service below the Document Server's base URL.
pub const PATH: &str = "command";

/// The path of the Command service before 8.2, still routed and taking the same JSON.
pub const LEGACY_PATH: &str = "coauthoring/CommandService.ashx";

/// A Command service request, tagged by `c`.
///
/// ```
/// use onlyoffice::{DocKey, command::Command};
///
/// // docs additional-api/command-service/forcesave.md
/// let cmd = Command::Forcesave {
///     key: DocKey::parse("Khirz6zTPdfd7")?,
///     userdata: Some("sample userdata".into()),
/// };
/// assert_eq!(
///     serde_json::to_value(&cmd)?,
///     serde_json::json!({"c": "forcesave", "key": "Khirz6zTPdfd7", "userdata": "sample userdata"})
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "c", rename_all = "camelCase")]
pub enum Command {
    /// Takes away the editing rights of `users`, or of everyone when `None` (8.3+).
    Drop {
        /// The document.
        key: DocKey,
        /// The `editorConfig.user.id`s to disconnect.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        users: Option<Vec<String>>,
    },
    /// Saves the document now, keeping the session open; a status 6 callback follows.
    Forcesave {
        /// The document.
        key: DocKey,
        /// Echoed in the callback's `userdata`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        userdata: Option<String>,
    },
    /// Lists the current editors; also triggers a status 1 (or 4) callback.
    Info {
        /// The document.
        key: DocKey,
        /// Echoed in the callback's `userdata`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        userdata: Option<String>,
    },
    /// Tells the open editors about new metadata (`onMetaChange`).
    Meta {
        /// The document.
        key: DocKey,
        /// The new metadata.
        meta: Meta,
    },
    /// Reports the license and quota.
    License,
    /// Reports the server version.
    Version,
    /// The URL of a document the host failed to accept (a "forgotten file").
    GetForgotten {
        /// The document.
        key: DocKey,
    },
    /// The keys of all forgotten files.
    GetForgottenList,
    /// Deletes a forgotten file.
    DeleteForgotten {
        /// The document.
        key: DocKey,
    },
}

impl Command {
    /// The document key the command is about, if it has one.
    #[must_use]
    pub fn key(&self) -> Option<&DocKey> {
        match self {
            Self::Drop { key, .. }
            | Self::Forcesave { key, .. }
            | Self::Info { key, .. }
            | Self::Meta { key, .. }
            | Self::GetForgotten { key }
            | Self::DeleteForgotten { key } => Some(key),
            Self::License | Self::Version | Self::GetForgottenList => None,
        }
    }
}

/// Metadata for [`Command::Meta`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The new document title, with extension.
    pub title: String,
}

int_code! {
    /// The Command service's `error` (docs `command-service.md`, "Possible error codes"; 7 from
    /// the server's `commondefines.js`).
    pub enum CommandErrorCode {
        /// 0.
        NoError = 0 => "no errors",
        /// 1.
        KeyNotFound = 1 => "document key is missing or no document with such key could be found",
        /// 2.
        CallbackUrlIncorrect = 2 => "callback url not correct",
        /// 3.
        InternalError = 3 => "internal server error",
        /// 4: not an error for callers of `forcesave` (`ForceSave::NotModified`).
        NotModified = 4 => "no changes were applied to the document before the forcesave command was received",
        /// 5.
        CommandIncorrect = 5 => "command not correct",
        /// 6.
        InvalidToken = 6 => "invalid token",
        /// 7: sent by the server for an expired token, undocumented.
        TokenExpired = 7 => "token expired",
    }
}

/// A Command service answer. Fields a command does not produce are absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommandResponse {
    /// The key of the request, echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// 0 on success.
    pub error: CommandErrorCode,
    /// `version`: the server version, e.g. `9.0.4.54`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `info`: the current editors' ids (8.2+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<String>>,
    /// `getForgotten`: the forgotten file's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `getForgottenList`: the forgotten files' keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<Vec<String>>,
    /// `license`: the license (`end_date`, `trial`, `users_count`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<Value>,
    /// `license`: the server build (`buildVersion`, `buildNumber`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<Value>,
    /// `license`: users counted against the quota.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<Value>,
}

impl CommandResponse {
    /// The response itself when `error` is 0.
    ///
    /// # Errors
    /// [`Error::Command`] with the code otherwise.
    pub fn check(self) -> Result<Self> {
        match self.error {
            CommandErrorCode::NoError => Ok(self),
            code => Err(Error::Command(code)),
        }
    }

    /// An answer with only `key` and `error` set.
    #[must_use]
    pub fn new(key: Option<String>, error: CommandErrorCode) -> Self {
        Self {
            key,
            error,
            version: None,
            users: None,
            url: None,
            keys: None,
            license: None,
            server: None,
            quota: None,
        }
    }
}

#[cfg(test)]
mod tests;
