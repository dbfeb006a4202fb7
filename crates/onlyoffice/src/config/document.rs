//! The `document` part of the editor config (docs `usage-api/config/document/*.md`).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use crate::DocKey;

/// `document`: what is opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// Lowercase extension (`docx`).
    pub file_type: String,
    /// The session and cache key; see [`DocKey`].
    pub key: DocKey,
    /// Display and download name, at most 128 characters.
    pub title: String,
    /// Where the Document Server downloads the file (server side, on first open of the key).
    pub url: Url,
    /// pdf only: open as a fillable form (8.0+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_form: Option<bool>,
    /// Identifies the file across versions, unlike `key`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_data: Option<ReferenceData>,
    /// Owner, folder, upload date, favourite, sharing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<Info>,
    /// Always sent, even empty: with tokens on, the Document Server requires it in the signed
    /// config and compares it with the page's copy (server `DocsCoServer.js`, checked on a real
    /// server).
    #[serde(default)]
    pub permissions: Permissions,
    /// Advanced options, sent as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Value>,
}

/// `document.referenceData`: a stable file id and the host that owns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceData {
    /// The host's own file id; must not change between versions.
    pub file_key: String,
    /// The host's origin (`https://bureau.example`).
    pub instance_id: String,
}

/// `document.info` (docs `document/info.md`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Info {
    /// The owner's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The folder's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
    /// Upload date, free text (`2010-07-07 3:46 PM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploaded: Option<String>,
    /// Favourite star: `Some` shows it (and `onMetaChange` reports clicks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favorite: Option<bool>,
    /// Who else has access, shown in the sharing panel.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sharing_settings: Vec<SharingSetting>,
}

/// One entry of `document.info.sharingSettings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharingSetting {
    /// The user's name.
    pub user: String,
    /// Free text (`Full Access`, `Read Only`).
    pub permissions: String,
    /// Whether it is a link share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_link: Option<bool>,
}

/// `document.permissions` (docs `document/permissions.md`). `None` leaves the Document Server's
/// default, noted on each field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    /// Chat (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<bool>,
    /// Comments (default: as `edit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<bool>,
    /// Groups whose comments the user may edit, remove, view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment_groups: Option<CommentGroups>,
    /// Copy to the clipboard (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<bool>,
    /// Only authors may delete their comments (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_comment_author_only: Option<bool>,
    /// Download (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download: Option<bool>,
    /// Edit (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit: Option<bool>,
    /// Only authors may edit their comments (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit_comment_author_only: Option<bool>,
    /// Fill forms (default: `edit` or `review`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fill_forms: Option<bool>,
    /// Change content controls (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modify_content_control: Option<bool>,
    /// Change spreadsheet filters for everyone (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modify_filter: Option<bool>,
    /// Print (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub print: Option<bool>,
    /// Protect the document (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protect: Option<bool>,
    /// Track changes (default: as `edit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<bool>,
    /// Groups whose changes the user may accept or reject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_groups: Option<Vec<String>>,
    /// Groups whose users' names the user can see.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_info_groups: Option<Vec<String>>,
}

/// `document.permissions.commentGroups`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentGroups {
    /// Groups whose comments the user may edit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edit: Vec<String>,
    /// Groups whose comments the user may remove.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    /// Groups whose comments the user may see.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub view: Vec<String>,
}

impl Permissions {
    /// Full rights, every flag explicit (what the official examples send for an editor).
    #[must_use]
    pub fn editor() -> Self {
        Self::with_flags(true)
    }

    /// Read only: no edit, review, comment or form filling; download, print and copy allowed.
    #[must_use]
    pub fn viewer() -> Self {
        Self {
            download: Some(true),
            print: Some(true),
            copy: Some(true),
            ..Self::with_flags(false)
        }
    }

    /// Every boolean flag set to `value` (the comment author flags always off).
    fn with_flags(value: bool) -> Self {
        let flag = Some(value);
        Self {
            chat: flag,
            comment: flag,
            copy: flag,
            delete_comment_author_only: Some(false),
            download: flag,
            edit: flag,
            edit_comment_author_only: Some(false),
            fill_forms: flag,
            modify_content_control: flag,
            modify_filter: flag,
            print: flag,
            protect: flag,
            review: flag,
            ..Self::default()
        }
    }

    /// Whether these permissions let the user change the document in some way (edit, review,
    /// comment or fill forms), which is how the Document Server decides on edit mode.
    #[must_use]
    pub fn allows_changes(&self) -> bool {
        self.edit != Some(false)
            || [self.review, self.comment, self.fill_forms].contains(&Some(true))
    }
}
