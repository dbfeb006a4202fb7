//! The `DocsAPI.DocEditor` configuration (docs `usage-api/config/*`), typed, with the field names
//! and casing the Document Server expects; fields left `None` are omitted.
//!
//! Build one with [`EditorConfig::builder`], sign it with [`EditorConfig::sign`], and hand the
//! browser exactly the signed object: with tokens on, the Document Server compares the page's
//! `document.permissions` with the signed ones and refuses the session if they differ, and it
//! requires `document.key`, `document.url`, `document.permissions`, `editorConfig.callbackUrl` and
//! `editorConfig.mode` inside the token (server `DocsCoServer.js`, since 7.1).

use serde::{Deserialize, Serialize};

use url::Url;

use crate::{
    DocKey, Result,
    formats::{DocumentType, Format},
    jwt::JwtSettings,
};

mod builder;
mod document;
mod editor;

pub use builder::EditorConfigBuilder;
pub use document::{CommentGroups, Document, Info, Permissions, ReferenceData, SharingSetting};
pub use editor::{CoEditing, CoEditingMode, Customization, EditorSettings, GoBack, Mode, User};

/// The whole editor configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EditorConfig {
    /// The document.
    pub document: Document,
    /// Which editor opens it.
    pub document_type: DocumentType,
    /// Editor behaviour and user.
    pub editor_config: EditorSettings,
    /// Desktop, mobile or embedded (default desktop).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub editor_type: Option<EditorType>,
    /// CSS width (default `100%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<String>,
    /// CSS height (default `100%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<String>,
    /// JWT of this object without `token`, set by [`EditorConfig::sign`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// The top-level `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EditorType {
    /// The full editor.
    Desktop,
    /// The mobile editor.
    Mobile,
    /// The embedded viewer.
    Embedded,
}

impl EditorConfig {
    /// Starts a config; see [`EditorConfigBuilder`].
    pub fn builder(
        format: &'static Format,
        key: DocKey,
        title: impl Into<String>,
        url: Url,
    ) -> EditorConfigBuilder {
        EditorConfigBuilder::new(format, key, title.into(), url)
    }

    /// Signs the config: `token` becomes the JWT of the flat config without `token` (plus `iat`
    /// and `exp`), never wrapped in `payload`.
    ///
    /// # Errors
    /// [`crate::Error::Json`] if the config cannot be serialized.
    pub fn sign(mut self, jwt: &JwtSettings) -> Result<Self> {
        self.token = None;
        self.token = Some(jwt.sign(&self)?);
        Ok(self)
    }
}

#[cfg(test)]
mod tests;
