//! The blank text document (WordprocessingML, ECMA-376 Part 1 §17): one empty paragraph on an A4
//! page with 2.5 cm margins, a `Normal` paragraph style and document defaults (Arial 11 pt,
//! 8 pt after each paragraph, 1.08 line spacing), and settings that mark the file as current
//! (Word 2013+ compatibility mode 15, so Word does not open it in compatibility mode).

use super::package::{self, Part};

/// The main document part.
const DOCUMENT: &str = "<w:document \
    xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
    xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
    <w:body><w:p/>\
    <w:sectPr>\
    <w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
    <w:pgMar w:top=\"1417\" w:right=\"1417\" w:bottom=\"1417\" w:left=\"1417\" \
    w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>\
    <w:cols w:space=\"708\"/>\
    </w:sectPr></w:body></w:document>";

/// The style definitions: document defaults and the default paragraph style.
const STYLES: &str = "<w:styles \
    xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
    <w:docDefaults>\
    <w:rPrDefault><w:rPr>\
    <w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/>\
    <w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>\
    <w:lang w:val=\"en-US\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/>\
    </w:rPr></w:rPrDefault>\
    <w:pPrDefault><w:pPr>\
    <w:spacing w:after=\"160\" w:line=\"259\" w:lineRule=\"auto\"/>\
    </w:pPr></w:pPrDefault>\
    </w:docDefaults>\
    <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">\
    <w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
    <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">\
    <w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/>\
    <w:semiHidden/><w:unhideWhenUsed/></w:style>\
    </w:styles>";

/// The document settings.
const SETTINGS: &str = "<w:settings \
    xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
    <w:defaultTabStop w:val=\"708\"/>\
    <w:characterSpacingControl w:val=\"doNotCompress\"/>\
    <w:compat><w:compatSetting w:name=\"compatibilityMode\" \
    w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
    </w:settings>";

/// The content types of the WordprocessingML parts.
const CT_DOCUMENT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const CT_STYLES: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml";
const CT_SETTINGS: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml";

/// The bytes of the blank `.docx`.
pub(super) fn render() -> Vec<u8> {
    let parts = [
        Part::new("word/document.xml", CT_DOCUMENT, DOCUMENT),
        Part::rels(
            "word/_rels/document.xml.rels",
            &[
                ("rId1", "styles", "styles.xml"),
                ("rId2", "settings", "settings.xml"),
            ],
        ),
        Part::new("word/styles.xml", CT_STYLES, STYLES),
        Part::new("word/settings.xml", CT_SETTINGS, SETTINGS),
    ];
    package::write("word/document.xml", &parts)
}
