//! The plugin declaration a drive backend needs to use this connector, in the shape of Twake
//! Drive's `applications.plugins` entries (`Documentation/docs/plugins.md` and the connector's
//! `readme.md` in linagora/twake-drive), built from the running configuration. It carries the
//! shared secret (`api.private_key`), because the backend needs it: `bureau connector manifest`
//! prints it on standard output and nowhere else.

use secrecy::ExposeSecret as _;
use serde_json::{Value, json};

use super::config::ConnectorConfig;
use crate::office::templates::TemplateKind;

/// The extensions the plugin declares, as Twake Drive's example lists them. ONLYOFFICE edits
/// the OOXML ones; the others open in view mode (docs/office.md).
pub const EXTENSIONS: [&str; 12] = [
    "xlsx", "pptx", "docx", "xls", "ppt", "doc", "odt", "ods", "odp", "txt", "html", "csv",
];

/// The blank files offered for creation: kind, file name and label.
pub const EMPTY_FILES: [(TemplateKind, &str, &str); 3] = [
    (
        TemplateKind::Document,
        "Untitled.docx",
        "ONLYOFFICE Word Document",
    ),
    (
        TemplateKind::Spreadsheet,
        "Untitled.xlsx",
        "ONLYOFFICE Excel Document",
    ),
    (
        TemplateKind::Presentation,
        "Untitled.pptx",
        "ONLYOFFICE PowerPoint Document",
    ),
];

/// The asset name of a blank file: `empty.docx`, ….
pub fn empty_file_name(kind: TemplateKind) -> String {
    format!("empty.{}", kind.extension())
}

/// The declaration of this connector for its configuration.
pub fn manifest(config: &ConnectorConfig) -> Value {
    let prefix = config.prefix.as_str();
    let empty_files: Vec<Value> = EMPTY_FILES
        .iter()
        .map(|(kind, filename, name)| {
            json!({
                "url": format!("{prefix}assets/{}", empty_file_name(*kind)),
                "filename": filename,
                "name": name,
            })
        })
        .collect();
    json!({
        "id": config.id,
        "internal_domain": config.internal_url.as_str(),
        "external_prefix": prefix,
        "api": {"private_key": config.secret.expose_secret()},
        "display": {"tdrive": {"version": 1, "files": {"editor": {
            "preview_url": format!("{prefix}?preview=1"),
            "edition_url": prefix,
            "empty_files": empty_files,
            "extensions": EXTENSIONS,
        }}}},
        "identity": {
            "code": "only_office",
            "name": "Only Office",
            "icon": format!("{prefix}assets/logo.png"),
            "description": "Create, view and co-edit office documents in ONLYOFFICE Docs, \
                            through Bureau's connector.",
            "website": "https://www.onlyoffice.com/",
        },
    })
}
