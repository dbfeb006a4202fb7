//! A builder that only produces configs the Document Server accepts.

use url::Url;

use super::{
    CoEditing, Customization, Document, EditorConfig, EditorSettings, EditorType, Info, Mode,
    Permissions, ReferenceData, User,
};
use crate::{DocKey, Error, Result, formats::Format};

/// Builds an [`EditorConfig`]. Opens in view mode unless [`EditorConfigBuilder::edit`] is
/// called; permissions default to [`Permissions::editor`] or [`Permissions::viewer`] to match.
///
/// ```
/// use onlyoffice::{DocKey, config::{EditorConfig, User}, formats::Format};
///
/// let docx = Format::by_extension("docx").unwrap();
/// let config = EditorConfig::builder(
///     docx,
///     DocKey::parse("f42v7a9c3")?,
///     "Report.docx",
///     "https://host.example/dl/42?v=7".parse()?,
/// )
/// .edit("https://host.example/oo/track?file=42".parse()?)
/// .user(User::new("u-78e1", "John Smith"))
/// .lang("en")
/// .build()?;
/// assert_eq!(serde_json::to_value(&config)?["documentType"], "word");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct EditorConfigBuilder {
    format: &'static Format,
    document: Document,
    settings: EditorSettings,
    permissions: Option<Permissions>,
    editor_type: Option<EditorType>,
    size: Option<(String, String)>,
}

impl EditorConfigBuilder {
    pub(super) fn new(format: &'static Format, key: DocKey, title: String, url: Url) -> Self {
        let document = Document {
            file_type: format.extension.to_owned(),
            key,
            title,
            url,
            is_form: None,
            reference_data: None,
            info: None,
            permissions: Permissions::default(),
            options: None,
        };
        let settings = EditorSettings {
            mode: Some(Mode::View),
            ..EditorSettings::default()
        };
        Self {
            format,
            document,
            settings,
            permissions: None,
            editor_type: None,
            size: None,
        }
    }

    /// Opens for editing, with callbacks sent to `callback_url` (reachable from the Document
    /// Server).
    #[must_use]
    pub fn edit(mut self, callback_url: Url) -> Self {
        self.settings.mode = Some(Mode::Edit);
        self.settings.callback_url = Some(callback_url);
        self
    }

    /// The current user.
    #[must_use]
    pub fn user(mut self, user: User) -> Self {
        self.settings.user = Some(user);
        self
    }

    /// Explicit permissions instead of the mode's default.
    #[must_use]
    pub fn permissions(mut self, permissions: Permissions) -> Self {
        self.permissions = Some(permissions);
        self
    }

    /// UI language.
    #[must_use]
    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.settings.lang = Some(lang.into());
        self
    }

    /// Number and date formats.
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.settings.region = Some(region.into());
        self
    }

    /// The stable file reference.
    #[must_use]
    pub fn reference_data(mut self, reference: ReferenceData) -> Self {
        self.document.reference_data = Some(reference);
        self
    }

    /// Owner, folder and so on.
    #[must_use]
    pub fn info(mut self, info: Info) -> Self {
        self.document.info = Some(info);
        self
    }

    /// pdf only: open as a form.
    #[must_use]
    pub fn is_form(mut self, is_form: bool) -> Self {
        self.document.is_form = Some(is_form);
        self
    }

    /// UI customization.
    #[must_use]
    pub fn customization(mut self, customization: Customization) -> Self {
        self.settings.customization = Some(customization);
        self
    }

    /// Co-editing mode.
    #[must_use]
    pub fn co_editing(mut self, co_editing: CoEditing) -> Self {
        self.settings.co_editing = Some(co_editing);
        self
    }

    /// Desktop, mobile or embedded.
    #[must_use]
    pub fn editor_type(mut self, editor_type: EditorType) -> Self {
        self.editor_type = Some(editor_type);
        self
    }

    /// CSS width and height of the editor frame.
    #[must_use]
    pub fn size(mut self, width: impl Into<String>, height: impl Into<String>) -> Self {
        self.size = Some((width.into(), height.into()));
        self
    }

    /// The config.
    ///
    /// # Errors
    /// [`Error::UnsupportedFormat`] for a format the Document Server cannot open;
    /// [`Error::Config`] for edit mode on a format that cannot be edited (convert it first),
    /// and for edit mode with permissions that allow no change.
    pub fn build(self) -> Result<EditorConfig> {
        let format = self.format;
        let document_type = format
            .document_type
            .filter(|_| format.can_view())
            .ok_or_else(|| Error::UnsupportedFormat(format.extension.to_owned()))?;
        let editing = self.settings.mode == Some(Mode::Edit);
        if editing && !(format.can_edit() || format.can_edit_lossy()) {
            return Err(Error::Config(
                "this format cannot be edited; convert it or open it to view",
            ));
        }
        let permissions = self.permissions.unwrap_or_else(|| {
            if editing {
                Permissions::editor()
            } else {
                Permissions::viewer()
            }
        });
        if editing && !permissions.allows_changes() {
            return Err(Error::Config(
                "edit mode with permissions that allow no change",
            ));
        }
        let (width, height) = self.size.unzip();
        Ok(EditorConfig {
            document: Document {
                permissions,
                ..self.document
            },
            document_type,
            editor_config: self.settings,
            editor_type: self.editor_type,
            width,
            height,
            token: None,
        })
    }
}
