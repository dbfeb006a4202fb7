//! The Open Packaging Conventions container shared by the three OOXML templates (ECMA-376 Part 2):
//! a zip holding `[Content_Types].xml`, the package relationships `_rels/.rels`, the document
//! properties `docProps/app.xml` and `docProps/core.xml`, and the parts of one document kind.
//!
//! The zip is written deterministically: entries in a fixed order, every timestamp the zip epoch
//! (1980-01-01 00:00), no extra fields, fixed permissions. The same parts always give the same
//! bytes, so every blank file of a kind is one deduplicated blob.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The XML declaration every part starts with.
const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The base of the relationship types (`…/relationships/officeDocument`, `…/styles`, …).
pub(super) const REL_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The core-properties relationship type, which lives under the package namespace.
const CORE_PROPERTIES_REL: &str =
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";

/// One part of the package besides the ones this module writes itself.
#[derive(Debug, Clone)]
pub(super) struct Part {
    /// The part name without its leading slash, e.g. `word/document.xml`.
    pub name: &'static str,
    /// The content type declared for it in `[Content_Types].xml` (`None` for `.rels` parts,
    /// which the `rels` default covers).
    pub content_type: Option<&'static str>,
    /// The part's XML, declaration included.
    xml: String,
}

impl Part {
    /// A part with its own content type override; `body` is its XML without the declaration.
    pub fn new(name: &'static str, content_type: &'static str, body: &str) -> Self {
        Self {
            name,
            content_type: Some(content_type),
            xml: format!("{XML_DECLARATION}{body}"),
        }
    }

    /// A relationships part (`…/_rels/<part>.rels`) listing `(id, type, target)` triples; a type
    /// that is not a full URI is a suffix of [`REL_TYPE`] (`styles`, `slideLayout`, …).
    pub fn rels(name: &'static str, relationships: &[(&str, &str, &str)]) -> Self {
        Self {
            name,
            content_type: None,
            xml: relationships_xml(relationships),
        }
    }
}

/// Builds the `.rels` XML of `(id, type suffix, target)` triples.
fn relationships_xml(relationships: &[(&str, &str, &str)]) -> String {
    let mut xml = String::from(XML_DECLARATION);
    xml.push_str(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for (id, kind, target) in relationships {
        let base = if kind.starts_with("http") {
            ""
        } else {
            REL_TYPE
        };
        let slash = if base.is_empty() { "" } else { "/" };
        xml.push_str(&format!(
            "<Relationship Id=\"{id}\" Type=\"{base}{slash}{kind}\" Target=\"{target}\"/>"
        ));
    }
    xml.push_str("</Relationships>");
    xml
}

/// `[Content_Types].xml`: defaults for `.rels` and `.xml`, an override for every typed part.
fn content_types_xml(parts: &[&Part]) -> String {
    let mut xml = String::from(XML_DECLARATION);
    xml.push_str(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" \
         ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    );
    for part in parts {
        if let Some(content_type) = part.content_type {
            xml.push_str(&format!(
                "<Override PartName=\"/{}\" ContentType=\"{content_type}\"/>",
                part.name
            ));
        }
    }
    xml.push_str("</Types>");
    xml
}

/// `docProps/app.xml`: the extended properties, naming Bureau as the application.
fn app_xml() -> Part {
    Part::new(
        "docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
         <Application>Bureau</Application></Properties>",
    )
}

/// `docProps/core.xml`: the core properties, empty (no dates, so the bytes never change).
fn core_xml() -> Part {
    Part::new(
        "docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
        "<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>",
    )
}

/// Writes the package whose main document part is `main` (its relationship is the package's
/// `officeDocument`); `parts` must include `main` and every part it references.
pub(super) fn write(main: &str, parts: &[Part]) -> Vec<u8> {
    let root_rels = Part::rels(
        "_rels/.rels",
        &[
            ("rId1", "officeDocument", main),
            ("rId2", "extended-properties", "docProps/app.xml"),
            ("rId3", CORE_PROPERTIES_REL, "docProps/core.xml"),
        ],
    );
    let (app, core) = (app_xml(), core_xml());
    let all: Vec<&Part> = [&root_rels, &app, &core].into_iter().chain(parts).collect();
    let mut entries = vec![("[Content_Types].xml", content_types_xml(&all))];
    entries.extend(all.iter().map(|part| (part.name, part.xml.clone())));
    zip(&entries)
}

/// Zips `(name, content)` entries in order with fixed metadata.
fn zip(entries: &[(&str, String)]) -> Vec<u8> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in entries {
        // Writing to memory cannot fail, and the part names are distinct constants.
        writer
            .start_file(*name, options)
            .and_then(|()| Ok(writer.write_all(content.as_bytes())?))
            .expect("zipping a template in memory");
    }
    writer
        .finish()
        .expect("finishing a template zip in memory")
        .into_inner()
}
