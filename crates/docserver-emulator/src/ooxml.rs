//! Applies the emulated editor's edits to an OOXML package written by x2t.
//!
//! The real editors send binary change records that x2t replays onto Editor.bin. The emulator
//! knows one kind of edit, "add this text", and applies it to the OOXML that x2t produced from
//! Editor.bin: a paragraph at the end of a text document, a cell below the last used row of the
//! first sheet, a text box on the first slide. The package is then run through x2t again, so the
//! bytes the host receives are written by the ONLYOFFICE engine.

use std::io::{Cursor, Read, Write};

use crate::x2t::xml_escape;
use crate::x2t_formats::Family;

/// Why an edit could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The package is not a readable zip.
    #[error("package: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// The package lacks the part the edit goes into.
    #[error("package has no {0}")]
    MissingPart(&'static str),
    /// Reading or writing failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

/// Rewrites one XML part; `None` when the part lacks the expected anchor.
type PartEdit = fn(&str, &[String]) -> Option<String>;

/// Returns the package `ooxml` with `texts` added, as described in the module docs.
pub fn apply_texts(family: Family, ooxml: &[u8], texts: &[String]) -> Result<Vec<u8>, EditError> {
    if texts.is_empty() {
        return Ok(ooxml.to_vec());
    }
    let (part, edit): (&'static str, PartEdit) = match family {
        Family::Word | Family::Pdf => ("word/document.xml", add_paragraphs),
        Family::Cell => ("xl/worksheets/sheet1.xml", add_cells),
        Family::Slide => ("ppt/slides/slide1.xml", add_text_box),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(ooxml))?;
    let mut xml = String::new();
    archive
        .by_name(part)
        .map_err(|_| EditError::MissingPart(part))?
        .read_to_string(&mut xml)?;
    let edited = edit(&xml, texts).ok_or(EditError::MissingPart(part))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i)?;
        if entry.name() == part {
            continue;
        }
        out.raw_copy_file(entry)?;
    }
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file(part, options)?;
    out.write_all(edited.as_bytes())?;
    Ok(out.finish()?.into_inner())
}

/// Inserts one `<w:p>` per text before the body's own `<w:sectPr>` (or before `</w:body>`).
fn add_paragraphs(xml: &str, texts: &[String]) -> Option<String> {
    let body_end = xml.rfind("</w:body>")?;
    let insert_at = match xml[..body_end].rfind("<w:sectPr") {
        // A `<w:sectPr>` followed by a paragraph end belongs to a paragraph, not to the body.
        Some(at) if !xml[at..body_end].contains("</w:p>") => at,
        _ => body_end,
    };
    let paragraphs: String = texts
        .iter()
        .map(|t| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                xml_escape(t)
            )
        })
        .collect();
    Some(format!(
        "{}{paragraphs}{}",
        &xml[..insert_at],
        &xml[insert_at..]
    ))
}

/// Appends one row per text below the last used row, with the text as an inline string in A.
fn add_cells(xml: &str, texts: &[String]) -> Option<String> {
    let mut last_row = 0u32;
    let mut rest = xml;
    while let Some(at) = rest.find("<row ") {
        rest = &rest[at + 5..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        if let Some(r) = rest[..tag_end].find("r=\"") {
            let value = &rest[..tag_end][r + 3..];
            let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
            last_row = last_row.max(digits.parse().unwrap_or(0));
        }
    }
    let rows: String = texts
        .iter()
        .zip(last_row + 1..)
        .map(|(t, n)| {
            format!(
                "<row r=\"{n}\"><c r=\"A{n}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}\
                 </t></is></c></row>",
                xml_escape(t)
            )
        })
        .collect();
    if let Some(at) = xml.find("<sheetData/>") {
        let end = at + "<sheetData/>".len();
        return Some(format!(
            "{}<sheetData>{rows}</sheetData>{}",
            &xml[..at],
            &xml[end..]
        ));
    }
    let at = xml.find("</sheetData>")?;
    Some(format!("{}{rows}{}", &xml[..at], &xml[at..]))
}

/// Appends one text box shape per text to the first slide's shape tree.
fn add_text_box(xml: &str, texts: &[String]) -> Option<String> {
    let at = xml.rfind("</p:spTree>")?;
    let shapes: String = texts
        .iter()
        .zip(0u32..)
        .map(|(t, i)| {
            let y = 457_200 + u64::from(i) * 914_400;
            format!(
                "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Text {id}\"/><p:cNvSpPr txBox=\"1\"/>\
                 <p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"457200\" y=\"{y}\"/>\
                 <a:ext cx=\"8229600\" cy=\"914400\"/></a:xfrm><a:prstGeom prst=\"rect\">\
                 <a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr wrap=\"square\"/>\
                 <a:lstStyle/><a:p><a:r><a:rPr lang=\"en-US\"/><a:t>{text}</a:t></a:r></a:p>\
                 </p:txBody></p:sp>",
                id = 90_000 + i,
                text = xml_escape(t)
            )
        })
        .collect();
    Some(format!("{}{shapes}{}", &xml[..at], &xml[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_go_before_the_body_section_properties() {
        let xml = "<w:body><w:p><w:pPr><w:sectPr/></w:pPr></w:p><w:p/><w:sectPr a=\"1\"/></w:body>";
        let out = add_paragraphs(xml, &["a<b".into()]).unwrap_or_default();
        assert!(out.ends_with(
            "<w:t xml:space=\"preserve\">a&lt;b</w:t></w:r></w:p><w:sectPr a=\"1\"/></w:body>"
        ));
        let no_sect = "<w:body><w:p><w:pPr><w:sectPr/></w:pPr></w:p></w:body>";
        let out = add_paragraphs(no_sect, &["x".into()]).unwrap_or_default();
        assert!(out.ends_with("</w:p></w:body>") && out.contains("<w:sectPr/></w:pPr></w:p><w:p>"));
    }

    #[test]
    fn cells_go_below_the_last_row() {
        let xml = "<sheetData><row r=\"1\"/><row r=\"12\" spans=\"1:2\"/></sheetData>";
        let out = add_cells(xml, &["v".into()]).unwrap_or_default();
        assert!(out.contains("<row r=\"13\"><c r=\"A13\" t=\"inlineStr\">"));
        let empty = add_cells("<x><sheetData/></x>", &["v".into()]).unwrap_or_default();
        assert!(empty.contains("<sheetData><row r=\"1\">"));
    }
}
