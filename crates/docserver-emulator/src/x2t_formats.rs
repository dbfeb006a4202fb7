//! x2t's numeric format codes (ONLYOFFICE/core `Common/OfficeFileFormats.h`, mirrored in
//! ONLYOFFICE/server `Common/sources/constants.js`) and the editor family each belongs to.
//!
//! These are engine details: which extensions the *protocol* allows is the `onlyoffice` crate's
//! format registry; this table only says how to name a format to x2t.

/// The editor family of a format, which decides the kind of `Editor.bin` it opens into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Text documents (`documentType` "word"): `Editor.bin` starts with `DOCY`.
    Word,
    /// Spreadsheets ("cell"): `XLSY`.
    Cell,
    /// Presentations ("slide"): `PPTY`.
    Slide,
    /// PDF, DjVu, XPS ("pdf").
    Pdf,
}

/// `AVS_OFFICESTUDIO_FILE_CANVAS_*`: the internal Editor.bin formats.
const CANVAS: u32 = 0x2000;
/// `AVS_OFFICESTUDIO_FILE_SPREADSHEET_CSV`.
pub const CSV: u32 = 0x104;
/// `AVS_OFFICESTUDIO_FILE_DOCUMENT_TXT`.
pub const TXT: u32 = 0x45;
/// `AVS_OFFICESTUDIO_FILE_CROSSPLATFORM_PDF`.
pub const PDF: u32 = 0x201;

impl Family {
    /// The x2t code of this family's Editor.bin. The pdf editor works on a PDF (written by x2t),
    /// since x2t does not produce `CANVAS_PDF` from files.
    pub fn canvas_code(self) -> u32 {
        match self {
            Self::Word => CANVAS + 1,
            Self::Cell => CANVAS + 2,
            Self::Slide => CANVAS + 3,
            Self::Pdf => PDF,
        }
    }

    /// The family of an x2t format code.
    pub fn of_code(code: u32) -> Option<Self> {
        match code & 0xffc0 {
            0x0040 => Some(Self::Word),
            0x0080 => Some(Self::Slide),
            0x0100 => Some(Self::Cell),
            0x0200 => Some(Self::Pdf),
            _ => None,
        }
    }

    /// The family of a file extension.
    pub fn of_ext(ext: &str) -> Option<Self> {
        x2t_code(ext).and_then(Self::of_code)
    }

    /// The `documentType` name the Docs API uses for this family.
    pub fn document_type(self) -> &'static str {
        match self {
            Self::Word => "word",
            Self::Cell => "cell",
            Self::Slide => "slide",
            Self::Pdf => "pdf",
        }
    }

    /// The native OOXML extension of this family (what edits are applied to).
    pub fn ooxml_ext(self) -> &'static str {
        match self {
            Self::Word | Self::Pdf => "docx",
            Self::Cell => "xlsx",
            Self::Slide => "pptx",
        }
    }
}

/// The x2t code of a lowercase file extension.
pub fn x2t_code(ext: &str) -> Option<u32> {
    let code = match ext.to_ascii_lowercase().as_str() {
        "docx" => 0x41,
        "doc" => 0x42,
        "odt" => 0x43,
        "rtf" => 0x44,
        "txt" => 0x45,
        "html" | "htm" => 0x46,
        "mht" | "mhtml" => 0x47,
        "epub" => 0x48,
        "fb2" => 0x49,
        "docm" => 0x4b,
        "dotx" => 0x4c,
        "dotm" => 0x4d,
        "fodt" => 0x4e,
        "ott" => 0x4f,
        "oform" => 0x55,
        "docxf" => 0x56,
        "pptx" => 0x81,
        "ppt" => 0x82,
        "odp" => 0x83,
        "ppsx" => 0x84,
        "pptm" => 0x85,
        "ppsm" => 0x86,
        "potx" => 0x87,
        "potm" => 0x88,
        "fodp" => 0x89,
        "otp" => 0x8a,
        "xlsx" => 0x101,
        "xls" => 0x102,
        "ods" => 0x103,
        "csv" => 0x104,
        "xlsm" => 0x105,
        "xltx" => 0x106,
        "xltm" => 0x107,
        "xlsb" => 0x108,
        "fods" => 0x109,
        "ots" => 0x10a,
        "pdf" => 0x201,
        "djvu" => 0x203,
        "xps" | "oxps" => 0x204,
        "pdfa" => 0x209,
        "jpg" | "jpeg" => 0x401,
        "tiff" => 0x402,
        "gif" => 0x404,
        "png" => 0x405,
        "bmp" => 0x408,
        _ => return None,
    };
    Some(code)
}

/// The CxImage type x2t expects in `m_oThumbnail/format` for an image output code.
pub fn cximage_code(code: u32) -> u32 {
    match code {
        0x408 => 1,
        0x404 => 2,
        0x401 => 3,
        _ => 4,
    }
}

/// Whether the code is an image output (thumbnails).
pub fn is_image(code: u32) -> bool {
    code & 0xffc0 == 0x0400
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_follow_the_code_ranges() {
        assert_eq!(Family::of_ext("docx"), Some(Family::Word));
        assert_eq!(Family::of_ext("ODS"), Some(Family::Cell));
        assert_eq!(Family::of_ext("pptx"), Some(Family::Slide));
        assert_eq!(Family::of_ext("pdf"), Some(Family::Pdf));
        assert_eq!(Family::of_ext("png"), None);
        assert_eq!(Family::Word.canvas_code(), 8193);
        assert!(is_image(x2t_code("png").unwrap_or_default()));
    }
}
