//! The `editorConfig` part of the editor config (docs `usage-api/config/editor/*.md`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

/// `editorConfig`: how the editor behaves and who uses it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EditorSettings {
    /// Where the Document Server POSTs callbacks; required for editing (an edit session without
    /// one is discarded at close).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<Url>,
    /// Edit or view (the Document Server's default is edit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// UI language (`en`, `de`, `pt-BR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Number and date formats (`en-US`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The current user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// UI customization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customization: Option<Customization>,
    /// Co-editing mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_editing: Option<CoEditing>,
    /// Where "Create new" leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_url: Option<String>,
    /// Further documented fields (`templates`, `recent`, `embedded`, `plugins`, `actionLink`, …),
    /// sent as given.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `editorConfig.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Editing (needs a callback URL).
    Edit,
    /// Viewing only.
    View,
}

/// `editorConfig.user`. `id` is what callbacks report in `users` and `actions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Stable user id, at most 128 characters.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Comma-separated groups, for the `*Groups` permissions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Avatar URL (or `data:` URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

impl User {
    /// A user with an id and a display name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: Some(name.into()),
            group: None,
            image: None,
        }
    }
}

/// `editorConfig.customization` (docs `editor/customization/*.md`): the common fields typed,
/// the rest in `other`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Customization {
    /// Autosave in fast co-editing (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autosave: Option<bool>,
    /// Comments panel (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<bool>,
    /// Compact header (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compact_header: Option<bool>,
    /// Compact toolbar (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compact_toolbar: Option<bool>,
    /// Save button sends a status 6 callback with `forcesavetype` 1 (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forcesave: Option<bool>,
    /// "Open file location" button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goback: Option<GoBack>,
    /// Help menu (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<bool>,
    /// Hide the right panel at start (default true since 8.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_right_menu: Option<bool>,
    /// Theme id (`theme-light`, `theme-dark`, `default-dark`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui_theme: Option<String>,
    /// Initial zoom in percent (`-1` fit page, `-2` fit width).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zoom: Option<i32>,
    /// Further documented fields (`logo`, `customer`, `features`, `review`, …), sent as given.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `editorConfig.customization.goback`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoBack {
    /// Where the button leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The button's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Open in a new tab (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blank: Option<bool>,
}

/// `editorConfig.coEditing`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoEditing {
    /// Fast (live) or strict (explicit save) co-editing.
    pub mode: CoEditingMode,
    /// Whether users may switch mode (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<bool>,
}

/// `editorConfig.coEditing.mode`. pdf, djvu, xps and embedded editors are always strict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CoEditingMode {
    /// Changes appear for everyone as they are typed (default).
    Fast,
    /// Changes appear when saved.
    Strict,
}
