//! The callback the Document Server POSTs to `editorConfig.callbackUrl`.
//!
//! Sources: docs `usage-api/callback-handler.md`; server `Common/sources/commondefines.js`
//! (`OutputSfcData`); bodies recorded from a real server.
//!
//! The host must answer every callback with HTTP 200 and [`CallbackReply::ok`] (`{"error":0}`);
//! anything else counts as a failure. With tokens on, take the data from the verified token, not
//! from the plain body: [`Callback::from_request`] does that.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{DocKey, Result, codes::int_code, jwt::JwtSettings};

/// Why the Document Server calls back (`status`). Statuses 0 (never sent) and 5 (legacy mail
/// merge) are refused when parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub enum CallbackStatus {
    /// 1: the document is being edited; an editor joined or left, or a `info` command asked.
    Editing = 1,
    /// 2: the last editor left and the result is ready at `url`: store it.
    MustSave = 2,
    /// 3: assembling the result failed; `url` may hold a recovery copy.
    Corrupted = 3,
    /// 4: the last editor left without changes.
    Closed = 4,
    /// 6: a force-save produced the current state at `url`; editing goes on.
    MustForceSave = 6,
    /// 7: a force-save failed.
    CorruptedForceSave = 7,
}

impl CallbackStatus {
    /// Whether the callback carries a document to store (`url`): statuses 2 and 6.
    #[must_use]
    pub const fn has_result(self) -> bool {
        matches!(self, Self::MustSave | Self::MustForceSave)
    }

    /// Whether the editing session is over (2, 3 and 4): a status 2 accepted by the host spends
    /// the document key.
    #[must_use]
    pub const fn ends_session(self) -> bool {
        matches!(self, Self::MustSave | Self::Corrupted | Self::Closed)
    }
}

impl TryFrom<i64> for CallbackStatus {
    type Error = String;

    fn try_from(code: i64) -> Result<Self, String> {
        Ok(match code {
            1 => Self::Editing,
            2 => Self::MustSave,
            3 => Self::Corrupted,
            4 => Self::Closed,
            6 => Self::MustForceSave,
            7 => Self::CorruptedForceSave,
            other => return Err(format!("unknown callback status {other}")),
        })
    }
}

impl From<CallbackStatus> for i64 {
    fn from(status: CallbackStatus) -> Self {
        status as Self
    }
}

int_code! {
    /// What a user did (`actions[].type`).
    pub enum ActionType {
        /// The user left the document.
        Disconnected = 0 => "the user disconnected from the document",
        /// The user opened the document.
        Connected = 1 => "the user connected to the document",
        /// The user clicked Save and so started a force-save.
        ForceSaveInitiated = 2 => "the user initiated a force-save",
    }
}

int_code! {
    /// What started a force-save (`forcesavetype`, statuses 6 and 7).
    pub enum ForceSaveType {
        /// The Command service's `forcesave`.
        Command = 0 => "force-save requested through the command service",
        /// The editor's Save button (`customization.forcesave: true`).
        Button = 1 => "force-save from the Save button",
        /// The server's timer (`autoAssembly`).
        Timer = 2 => "force-save by the server's timer",
        /// A form was submitted (`formsdataurl` is set).
        FormSubmit = 3 => "force-save on form submission",
    }
}

/// One entry of `actions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// What happened.
    #[serde(rename = "type")]
    pub kind: ActionType,
    /// The `editorConfig.user.id` of the user it happened to.
    pub userid: String,
}

/// A callback body. Fields the crate does not know are ignored; a missing `key` or `status`, or
/// an unknown status, is a parse error.
///
/// ```
/// use onlyoffice::callback::{Callback, CallbackStatus};
///
/// // Status 4 as recorded from a real server: no `users` field.
/// let body = r#"{"key":"edit-001","status":4,"actions":[{"type":0,"userid":"uid-1"}]}"#;
/// let cb: Callback = serde_json::from_str(body)?;
/// assert_eq!(cb.status, CallbackStatus::Closed);
/// assert!(cb.users.is_empty());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Callback {
    /// The document key of the session.
    pub key: DocKey,
    /// Why the callback was sent.
    pub status: CallbackStatus,
    /// The edited document (statuses 2 and 6; sometimes 3 and 7). A signed Document Server URL
    /// valid about 15 minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The `changes.zip` of the session, for version history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changesurl: Option<String>,
    /// `{"serverVersion", "changes"}`, to store verbatim for `refreshHistory`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Value>,
    /// Current editors (status 1) or the last user who changed the document (2, 3, 6, 7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<String>,
    /// What users did since the previous callback.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// When the document was last changed, ISO 8601 (`2026-11-23T00:56:52.000Z`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lastsave: Option<String>,
    /// Status 2/3: true when nothing changed since the last force-save.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notmodified: Option<bool>,
    /// Statuses 6/7: what started the force-save.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forcesavetype: Option<ForceSaveType>,
    /// The extension of the file at `url` (`docx`, or the original one when saved as origin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filetype: Option<String>,
    /// Status 6 with form submission: URL of `formsdata.json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formsdataurl: Option<String>,
    /// Echo of the `userdata` given to the `forcesave` or `info` command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub userdata: Option<String>,
    /// The body token (flat callback claims), when the Document Server signs its requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl Callback {
    /// Reads a callback request. With `jwt`, the data comes from the verified token (the body's
    /// `token` first, the header value `Bearer …` second) and a request without one is refused;
    /// without `jwt` (a Document Server with tokens off) it comes from the plain body.
    ///
    /// # Errors
    /// The errors of [`JwtSettings::verify_request`]; [`crate::Error::Json`] for a body that is
    /// not a callback.
    pub fn from_request(
        body: &[u8],
        header_value: Option<&str>,
        jwt: Option<&JwtSettings>,
    ) -> Result<Self> {
        match jwt {
            Some(jwt) => jwt.verify_request(body, header_value),
            None => Ok(serde_json::from_slice(body)?),
        }
    }

    /// A callback with only `key` and `status` set, for building test traffic or an emulator.
    #[must_use]
    pub fn new(key: DocKey, status: CallbackStatus) -> Self {
        Self {
            key,
            status,
            url: None,
            changesurl: None,
            history: None,
            users: Vec::new(),
            actions: Vec::new(),
            lastsave: None,
            notmodified: None,
            forcesavetype: None,
            filetype: None,
            formsdataurl: None,
            userdata: None,
            token: None,
        }
    }
}

/// The host's answer to a callback: `{"error":0}` when handled, anything else is a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackReply {
    /// 0 for success.
    pub error: i64,
}

impl CallbackReply {
    /// `{"error":0}`: the callback was handled (for status 2: the document is stored).
    #[must_use]
    pub const fn ok() -> Self {
        Self { error: 0 }
    }

    /// `{"error":1}`: the callback was not handled. For status 2 the Document Server then keeps
    /// the result as a "forgotten file" (it does not retry a HTTP 200 error reply).
    #[must_use]
    pub const fn failed() -> Self {
        Self { error: 1 }
    }

    /// Whether the Document Server counts this reply as success.
    #[must_use]
    pub const fn is_ok(self) -> bool {
        self.error == 0
    }
}

#[cfg(test)]
mod tests;
