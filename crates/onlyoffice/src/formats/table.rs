//! The format table: one row per extension, from [F] `ONLYOFFICE/document-formats`
//! `onlyoffice-docs-formats.json` @ 7d7576a (v3.2.0, 2026-02-24), the file the Document Server
//! itself loads (`services.CoAuthoring.server.documentFormatsFile`) and serves at
//! `GET /meta/formats` (9.3+).
//!
//! Rows keep [F]'s order with two moves: `html` before `htm` and `ppt` before `pot`, so that
//! [`Format::by_mime`] finds the usual format first among those sharing a MIME type. The one
//! duplicate in [F] (`tsv` twice among `ots`'s targets) is listed once, and `vsdx`'s
//! `"application/vnd.ms-visio.drawing, application/vnd.visio2013"` is split into two types.

use super::{
    Capability,
    DocumentType::{Cell, Diagram, Pdf, Slide, Word},
    Format,
};

const NONE: u16 = 0;
const VIEW: u16 = Capability::View as u16;
const EDIT: u16 = Capability::Edit as u16;
const LOSSY_EDIT: u16 = Capability::LossyEdit as u16;
const AUTO_CONVERT: u16 = Capability::AutoConvert as u16;
const REVIEW: u16 = Capability::Review as u16;
const COMMENT: u16 = Capability::Comment as u16;
const ENCRYPT: u16 = Capability::Encrypt as u16;
const CUSTOM_FILTER: u16 = Capability::CustomFilter as u16;
const FILL: u16 = Capability::Fill as u16;

const fn row(
    extension: &'static str,
    document_type: Option<super::DocumentType>,
    capabilities: u16,
    convert_to: &'static str,
    mime_types: &'static [&'static str],
) -> Format {
    Format {
        extension,
        document_type,
        capabilities,
        convert_to,
        mime_types,
    }
}

/// Every extension [F] knows. Output-only formats (images, `pdfa`, `zip`) have no document type.
#[rustfmt::skip]
pub(super) static FORMATS: &[Format] = &[
    row("doc", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/msword"]),
    row("docm", Some(Word), VIEW | EDIT | REVIEW | COMMENT | ENCRYPT, "docx bmp dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/vnd.ms-word.document.macroenabled.12"]),
    row("docx", Some(Word), VIEW | EDIT | REVIEW | COMMENT | ENCRYPT, "bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/vnd.openxmlformats-officedocument.wordprocessingml.document"]),
    row("dot", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/msword"]),
    row("dotm", Some(Word), VIEW | EDIT | REVIEW | COMMENT | ENCRYPT, "docx bmp docm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/vnd.ms-word.template.macroenabled.12"]),
    row("dotx", Some(Word), VIEW | EDIT | REVIEW | COMMENT | ENCRYPT, "docx bmp docm dotm epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/vnd.openxmlformats-officedocument.wordprocessingml.template"]),
    row("epub", Some(Word), VIEW | LOSSY_EDIT | AUTO_CONVERT, "docx bmp docm dotm dotx fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/epub+zip"]),
    row("fb2", Some(Word), VIEW | LOSSY_EDIT | AUTO_CONVERT, "docx bmp docm dotm dotx epub gif html jpg md odt ott pdf pdfa png rtf txt", &["text/fb2+xml", "application/x-fictionbook+xml"]),
    row("fodt", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/vnd.oasis.opendocument.text-flat-xml"]),
    row("gdoc", Some(Word), VIEW, "", &["application/vnd.google-apps.document"]),
    row("hml", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["multipart/related"]),
    row("html", Some(Word), VIEW | LOSSY_EDIT | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif jpg md odt ott pdf pdfa png rtf txt", &["text/html"]),
    row("htm", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif jpg md odt ott pdf pdfa png rtf txt", &["text/html"]),
    row("hwp", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/x-hwp", "application/x-hwp-v5"]),
    row("hwpx", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/x-hwpx"]),
    row("md", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg odt ott pdf pdfa png rtf txt", &["text/markdown"]),
    row("mht", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["message/rfc822"]),
    row("mhtml", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["message/rfc822"]),
    row("odt", Some(Word), VIEW | LOSSY_EDIT | AUTO_CONVERT | REVIEW | COMMENT | ENCRYPT, "docx bmp docm dotm dotx epub fb2 gif html jpg md ott pdf pdfa png rtf txt", &["application/vnd.oasis.opendocument.text"]),
    row("ott", Some(Word), VIEW | LOSSY_EDIT | AUTO_CONVERT | REVIEW | COMMENT | ENCRYPT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt pdf pdfa png rtf txt", &["application/vnd.oasis.opendocument.text-template"]),
    row("pages", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/vnd.apple.pages", "application/x-iwork-pages-sffpages"]),
    row("rtf", Some(Word), VIEW | LOSSY_EDIT | AUTO_CONVERT | REVIEW | COMMENT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png txt", &["application/rtf", "text/rtf"]),
    row("stw", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/vnd.sun.xml.writer.template"]),
    row("sxw", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/vnd.sun.xml.writer"]),
    row("txt", Some(Word), VIEW | LOSSY_EDIT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf", &["text/plain"]),
    row("wps", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/vnd.ms-works"]),
    row("wpt", Some(Word), VIEW | AUTO_CONVERT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &[]),
    row("xml", Some(Word), VIEW | AUTO_CONVERT, "docx xlsx bmp csv docm dotm dotx epub fb2 gif html jpg md ods odt ots ott pdf pdfa png rtf txt tsv xlsm xltm xltx", &["application/xml", "text/xml"]),
    row("csv", Some(Cell), VIEW | LOSSY_EDIT | CUSTOM_FILTER, "xlsx bmp gif jpg ods ots pdf pdfa png tsv xlsm xltm xltx", &["text/csv", "application/csv", "text/x-comma-separated-values", "text/x-csv"]),
    row("et", Some(Cell), VIEW | AUTO_CONVERT, "xlsx bmp csv gif jpg ods ots pdf pdfa png tsv xlsm xltm xltx", &[]),
    row("ett", Some(Cell), VIEW | AUTO_CONVERT, "xlsx bmp csv gif jpg ods ots pdf pdfa png tsv xlsm xltm xltx", &[]),
    row("fods", Some(Cell), VIEW | AUTO_CONVERT, "xlsx bmp csv gif jpg ods ots pdf pdfa png tsv xlsm xltm xltx", &["application/vnd.oasis.opendocument.spreadsheet-flat-xml"]),
    row("gsheet", Some(Cell), VIEW, "", &["application/vnd.google-apps.spreadsheet"]),
    row("numbers", Some(Cell), VIEW | AUTO_CONVERT, "xlsx bmp csv gif jpg ods ots pdf pdfa png tsv xlsm xltm xltx", &["application/vnd.apple.numbers", "application/x-iwork-numbers-sffnumbers"]),
    row("ods", Some(Cell), VIEW | LOSSY_EDIT | AUTO_CONVERT | CUSTOM_FILTER | COMMENT | ENCRYPT, "xlsx bmp csv gif jpg ots pdf pdfa png tsv xlsm xltm xltx", &["application/vnd.oasis.opendocument.spreadsheet"]),
    row("ots", Some(Cell), VIEW | LOSSY_EDIT | AUTO_CONVERT | CUSTOM_FILTER | COMMENT | ENCRYPT, "xlsx bmp csv gif jpg ods pdf pdfa png tsv xlsm xltm xltx", &["application/vnd.oasis.opendocument.spreadsheet-template"]),
    row("tsv", Some(Cell), VIEW | LOSSY_EDIT | CUSTOM_FILTER, "xlsx bmp csv gif jpg ods ots pdf pdfa png xlsm xltm xltx", &["text/tab-separated-values"]),
    row("sxc", Some(Cell), VIEW | AUTO_CONVERT, "xlsx bmp csv gif jpg ods ots pdf pdfa png tsv xlsm xltm xltx", &["application/vnd.sun.xml.calc"]),
    row("xls", Some(Cell), VIEW | AUTO_CONVERT, "xlsx bmp csv gif jpg ods ots pdf pdfa png tsv xlsm xltm xltx", &["application/vnd.ms-excel"]),
    row("xlsb", Some(Cell), VIEW | EDIT | CUSTOM_FILTER | COMMENT | ENCRYPT, "xlsx bmp csv gif jpg ods ots pdf pdfa png tsv xlsm xltm xltx", &["application/vnd.ms-excel.sheet.binary.macroenabled.12"]),
    row("xlsm", Some(Cell), VIEW | EDIT | CUSTOM_FILTER | COMMENT | ENCRYPT, "xlsx bmp csv gif jpg ods ots pdf pdfa png tsv xltm xltx", &["application/vnd.ms-excel.sheet.macroenabled.12", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]),
    row("xlsx", Some(Cell), VIEW | EDIT | CUSTOM_FILTER | COMMENT | ENCRYPT, "bmp csv gif jpg ods ots pdf pdfa png tsv xlsm xltm xltx", &["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]),
    row("xlt", Some(Cell), VIEW | AUTO_CONVERT, "xlsx bmp csv gif jpg ods ots pdf pdfa png tsv xlsm xltm xltx", &["application/vnd.ms-excel"]),
    row("xltm", Some(Cell), VIEW | EDIT | CUSTOM_FILTER | COMMENT | ENCRYPT, "xlsx bmp csv gif jpg ods ots pdf pdfa png tsv xlsm xltx", &["application/vnd.ms-excel.template.macroenabled.12"]),
    row("xltx", Some(Cell), VIEW | EDIT | CUSTOM_FILTER | COMMENT | ENCRYPT, "xlsx bmp csv gif jpg ods ots pdf pdfa png tsv xlsm xltm", &["application/vnd.openxmlformats-officedocument.spreadsheetml.template"]),
    row("dps", Some(Slide), VIEW | AUTO_CONVERT, "pptx bmp gif jpg odp otp pdf pdfa png potm potx ppsm ppsx pptm", &[]),
    row("dpt", Some(Slide), VIEW | AUTO_CONVERT, "pptx bmp gif jpg odp otp pdf pdfa png potm potx ppsm ppsx pptm", &[]),
    row("fodp", Some(Slide), VIEW | AUTO_CONVERT, "pptx bmp gif jpg odp otp pdf pdfa png potm potx ppsm ppsx pptm", &["application/vnd.oasis.opendocument.presentation-flat-xml"]),
    row("gslides", Some(Slide), VIEW, "", &["application/vnd.google-apps.presentation"]),
    row("key", Some(Slide), VIEW | AUTO_CONVERT, "pptx bmp gif jpg odp otp pdf pdfa png potm potx ppsm ppsx pptm txt", &["application/vnd.apple.keynote", "application/x-iwork-keynote-sffkey", "application/vnd.apple.keynote.13"]),
    row("odg", Some(Slide), VIEW | AUTO_CONVERT, "pptx bmp gif jpg odp otp pdf pdfa png potm potx ppsm ppsx pptm txt", &["application/vnd.oasis.opendocument.graphics", "application/x-vnd.oasis.opendocument.graphics"]),
    row("odp", Some(Slide), VIEW | LOSSY_EDIT | AUTO_CONVERT | COMMENT | ENCRYPT, "pptx bmp gif jpg otp pdf pdfa png potm potx ppsm ppsx pptm txt", &["application/vnd.oasis.opendocument.presentation"]),
    row("otp", Some(Slide), VIEW | LOSSY_EDIT | AUTO_CONVERT | COMMENT | ENCRYPT, "pptx bmp gif jpg odp pdf pdfa png potm potx ppsm ppsx pptm txt", &["application/vnd.oasis.opendocument.presentation-template"]),
    row("ppt", Some(Slide), VIEW | AUTO_CONVERT, "pptx bmp gif jpg odp otp pdf pdfa png potm potx ppsm ppsx pptm txt", &["application/vnd.ms-powerpoint"]),
    row("pot", Some(Slide), VIEW | AUTO_CONVERT, "pptx bmp gif jpg odp otp pdf pdfa png potm potx ppsm ppsx pptm txt", &["application/vnd.ms-powerpoint"]),
    row("potm", Some(Slide), VIEW | EDIT | COMMENT | ENCRYPT, "pptx bmp gif jpg odp otp pdf pdfa png potx ppsm ppsx pptm txt", &["application/vnd.ms-powerpoint.template.macroenabled.12"]),
    row("potx", Some(Slide), VIEW | EDIT | COMMENT | ENCRYPT, "pptx bmp gif jpg odp otp pdf pdfa png potm ppsm ppsx pptm txt", &["application/vnd.openxmlformats-officedocument.presentationml.template"]),
    row("pps", Some(Slide), VIEW | AUTO_CONVERT, "pptx bmp gif jpg odp otp pdf pdfa png potm potx ppsm ppsx pptm txt", &["application/vnd.ms-powerpoint"]),
    row("ppsm", Some(Slide), VIEW | EDIT | COMMENT | ENCRYPT, "pptx bmp gif jpg odp otp pdf pdfa png potm potx ppsx pptm txt", &["application/vnd.ms-powerpoint.slideshow.macroenabled.12"]),
    row("ppsx", Some(Slide), VIEW | EDIT | COMMENT | ENCRYPT, "pptx bmp gif jpg odp otp pdf pdfa png potm potx ppsm pptm txt", &["application/vnd.openxmlformats-officedocument.presentationml.slideshow"]),
    row("pptm", Some(Slide), VIEW | EDIT | COMMENT | ENCRYPT, "pptx bmp gif jpg odp otp pdf pdfa png potm potx ppsm ppsx txt", &["application/vnd.ms-powerpoint.presentation.macroenabled.12"]),
    row("pptx", Some(Slide), VIEW | EDIT | COMMENT | ENCRYPT, "bmp gif jpg odp otp pdf pdfa png potm potx ppsm ppsx pptm txt", &["application/vnd.openxmlformats-officedocument.presentationml.presentation"]),
    row("sxi", Some(Slide), VIEW | AUTO_CONVERT, "pptx bmp gif jpg odp otp pdf pdfa png potm potx ppsm ppsx pptm txt", &["application/vnd.sun.xml.impress"]),
    row("djvu", Some(Pdf), VIEW, "bmp gif jpg pdf pdfa png", &["image/vnd.djvu"]),
    row("docxf", Some(Pdf), VIEW, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/vnd.openxmlformats-officedocument.wordprocessingml.document.docxf"]),
    row("oform", Some(Pdf), VIEW, "pdf", &["application/vnd.openxmlformats-officedocument.wordprocessingml.document.oform"]),
    row("oxps", Some(Pdf), VIEW, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/oxps"]),
    row("pdf", Some(Pdf), VIEW | EDIT | COMMENT | FILL | ENCRYPT, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdfa png rtf txt", &["application/pdf", "application/acrobat", "application/nappdf", "application/x-pdf", "image/pdf"]),
    row("xps", Some(Pdf), VIEW, "docx bmp docm dotm dotx epub fb2 gif html jpg md odt ott pdf pdfa png rtf txt", &["application/vnd.ms-xpsdocument", "application/xps"]),
    row("vsdx", Some(Diagram), VIEW, "bmp gif jpg pdf pdfa png", &["application/vnd.ms-visio.drawing", "application/vnd.visio2013", "application/vnd.visio"]),
    row("vsdm", Some(Diagram), VIEW, "bmp gif jpg pdf pdfa png", &["application/vnd.ms-visio.drawing.macroEnabled.12"]),
    row("vssm", Some(Diagram), VIEW, "bmp gif jpg pdf pdfa png", &["application/vnd.ms-visio.stencil.macroEnabled.12"]),
    row("vssx", Some(Diagram), VIEW, "bmp gif jpg pdf pdfa png", &["application/vnd.ms-visio.stencil"]),
    row("vstm", Some(Diagram), VIEW, "bmp gif jpg pdf pdfa png", &["application/vnd.ms-visio.template.macroEnabled.12"]),
    row("vstx", Some(Diagram), VIEW, "bmp gif jpg pdf pdfa png", &["application/vnd.ms-visio.template"]),
    row("bmp", None, NONE, "", &["image/bmp"]),
    row("gif", None, NONE, "", &["image/gif"]),
    row("heic", None, NONE, "", &["image/heic"]),
    row("heif", None, NONE, "", &["image/heif"]),
    row("jpg", None, NONE, "", &["image/jpeg"]),
    row("pdfa", None, NONE, "", &["application/pdf", "application/acrobat", "application/nappdf", "application/x-pdf", "image/pdf"]),
    row("png", None, NONE, "", &["image/png"]),
    row("tif", None, NONE, "", &["image/tif", "image/x-tif", "application/tif", "application/x-tif"]),
    row("tiff", None, NONE, "", &["image/tiff", "image/x-tiff", "application/tiff", "application/x-tiff"]),
    row("webp", None, NONE, "", &["image/webp"]),
    row("zip", None, NONE, "", &["application/zip"]),
];
