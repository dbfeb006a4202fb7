//! Which files the Document Server can open, edit and convert.
//!
//! One static table holds every extension with its [`DocumentType`], [`Capability`] set,
//! conversion targets and MIME types. It follows `onlyoffice-docs-formats.json` v3.2.0 from
//! `ONLYOFFICE/document-formats`, the file the Document Server itself loads and serves at
//! `GET /meta/formats` (9.3+).
//!
//! ```
//! use onlyoffice::formats::{DocumentType, Format};
//!
//! let doc = Format::by_extension("DOC").unwrap();
//! assert_eq!(doc.document_type, Some(DocumentType::Word));
//! assert!(doc.can_view() && !doc.can_edit());
//! assert_eq!(doc.convert_target().map(|f| f.extension), Some("docx"));
//!
//! let xlsx = Format::by_mime("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
//! assert_eq!(xlsx.map(|f| f.extension), Some("xlsx"));
//! ```

use serde::{Deserialize, Serialize};

mod table;

/// The editor a format opens in (`documentType` in the editor config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentType {
    /// Text documents (`word`).
    Word,
    /// Spreadsheets (`cell`).
    Cell,
    /// Presentations (`slide`).
    Slide,
    /// PDF and other fixed layouts (`pdf`, since 8.0).
    Pdf,
    /// Visio diagrams, view only (`diagram`, since 9.0).
    Diagram,
}

impl DocumentType {
    /// The native Office Open XML format of this editor: `docx`, `xlsx` or `pptx`; none for
    /// `pdf` and `diagram`.
    #[must_use]
    pub fn ooxml(self) -> Option<&'static Format> {
        let extension = match self {
            Self::Word => "docx",
            Self::Cell => "xlsx",
            Self::Slide => "pptx",
            Self::Pdf | Self::Diagram => return None,
        };
        Format::by_extension(extension)
    }
}

/// One of the `actions` of the format table: what the Document Server can do with a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum Capability {
    /// Open in the viewer.
    View = 1 << 0,
    /// Edit natively, saving in the same format.
    Edit = 1 << 1,
    /// Edit in place with possible loss of formatting (`lossy-edit`: odt, csv, txt, …).
    LossyEdit = 1 << 2,
    /// Converted to OOXML before editing (`auto-convert`: doc, xls, ppt, …).
    AutoConvert = 1 << 3,
    /// Track changes.
    Review = 1 << 4,
    /// Comments.
    Comment = 1 << 5,
    /// Password protection.
    Encrypt = 1 << 6,
    /// Custom filters in spreadsheets.
    CustomFilter = 1 << 7,
    /// Fill in forms (pdf).
    Fill = 1 << 8,
}

/// A file format the Document Server knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    /// Lowercase extension without the dot, as used for `fileType`, `filetype`, `outputtype`.
    pub extension: &'static str,
    /// The editor it opens in; `None` for output-only formats (images, `pdfa`, `zip`).
    pub document_type: Option<DocumentType>,
    capabilities: u16,
    convert_to: &'static str,
    /// MIME types, the usual one first; may be empty.
    pub mime_types: &'static [&'static str],
}

/// A kind of new, empty document a host can offer to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlankKind {
    /// A text document (`docx`).
    Document,
    /// A spreadsheet (`xlsx`).
    Spreadsheet,
    /// A presentation (`pptx`).
    Presentation,
    /// A fillable form (`pdf`, the form format since 8.0).
    Form,
}

impl BlankKind {
    /// Every kind, in menu order.
    pub const ALL: [Self; 4] = [
        Self::Document,
        Self::Spreadsheet,
        Self::Presentation,
        Self::Form,
    ];

    /// The format a new document of this kind is created in.
    #[must_use]
    pub fn format(self) -> &'static Format {
        let extension = match self {
            Self::Document => "docx",
            Self::Spreadsheet => "xlsx",
            Self::Presentation => "pptx",
            Self::Form => "pdf",
        };
        Format::by_extension(extension)
            .unwrap_or_else(|| unreachable!("{extension} is in the table"))
    }
}

impl Format {
    /// Every format in the table.
    #[must_use]
    pub fn all() -> &'static [Format] {
        table::FORMATS
    }

    /// The format for an extension, case-insensitive, with or without the leading dot.
    #[must_use]
    pub fn by_extension(extension: &str) -> Option<&'static Format> {
        let extension = extension.strip_prefix('.').unwrap_or(extension);
        table::FORMATS
            .iter()
            .find(|f| f.extension.eq_ignore_ascii_case(extension))
    }

    /// The format of a file name's extension (`Report.DOCX` → docx).
    #[must_use]
    pub fn by_file_name(name: &str) -> Option<&'static Format> {
        let (_, extension) = name.rsplit_once('.')?;
        Self::by_extension(extension)
    }

    /// The format for a MIME type, case-insensitive, parameters (`; charset=…`) ignored.
    /// A format whose usual MIME type matches wins over one that lists it as an alias.
    #[must_use]
    pub fn by_mime(mime: &str) -> Option<&'static Format> {
        let mime = mime.split(';').next().unwrap_or_default().trim();
        let matches = |m: &&str| m.eq_ignore_ascii_case(mime);
        let formats = table::FORMATS.iter();
        formats
            .clone()
            .find(|f| f.mime_types.first().is_some_and(matches))
            .or_else(|| formats.clone().find(|f| f.mime_types.iter().any(matches)))
    }

    /// The usual MIME type, `application/octet-stream` when the table lists none.
    #[must_use]
    pub fn mime(&self) -> &'static str {
        self.mime_types
            .first()
            .copied()
            .unwrap_or("application/octet-stream")
    }

    /// Whether the format has `capability`.
    #[must_use]
    pub const fn has(&self, capability: Capability) -> bool {
        self.capabilities & capability as u16 != 0
    }

    /// Whether the Document Server can open it in a viewer.
    #[must_use]
    pub const fn can_view(&self) -> bool {
        self.has(Capability::View)
    }

    /// Whether it can be edited natively and saved in the same format.
    #[must_use]
    pub const fn can_edit(&self) -> bool {
        self.has(Capability::Edit)
    }

    /// Whether it can be edited in place with possible loss (odt, ods, odp, rtf, txt, csv, …).
    #[must_use]
    pub const fn can_edit_lossy(&self) -> bool {
        self.has(Capability::LossyEdit)
    }

    /// Whether forms in it can be filled in.
    #[must_use]
    pub const fn can_fill(&self) -> bool {
        self.has(Capability::Fill)
    }

    /// The extensions the conversion service can turn this format into.
    pub fn convert_targets(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.convert_to.split_ascii_whitespace()
    }

    /// Whether the conversion service can turn this format into `target` (an extension).
    #[must_use]
    pub fn can_convert_to(&self, target: &str) -> bool {
        self.convert_targets()
            .any(|t| t.eq_ignore_ascii_case(target))
    }

    /// The OOXML format to convert to before editing (doc → docx, xls → xlsx, ppt → pptx,
    /// odt → docx, csv → xlsx, …), for formats that are not natively editable but convert to
    /// their editor's OOXML format. `None` for natively editable formats and for view-only ones.
    #[must_use]
    pub fn convert_target(&self) -> Option<&'static Format> {
        if self.can_edit() {
            return None;
        }
        self.document_type
            .and_then(DocumentType::ooxml)
            .filter(|ooxml| self.can_convert_to(ooxml.extension))
    }

    /// The kind of blank document this format is the template for, if any.
    #[must_use]
    pub fn blank_kind(&self) -> Option<BlankKind> {
        BlankKind::ALL
            .into_iter()
            .find(|kind| kind.format().extension == self.extension)
    }
}

#[cfg(test)]
mod tests;
