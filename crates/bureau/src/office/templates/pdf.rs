//! The blank form: a PDF 1.7 file (ISO 32000-1) with one empty A4 page and an interactive form
//! dictionary (`/AcroForm`, §12.7.2) without fields yet, carrying the blank text document of
//! `super::docx` the way ONLYOFFICE carries the editable source of its own PDF forms.
//!
//! # Why the embedded document
//!
//! ONLYOFFICE Docs opens a PDF in one of two editors. A PDF that ONLYOFFICE recognises as one of
//! its forms opens in the document editor's form mode (form fields, roles, "Save as form"); any
//! other PDF opens in the PDF editor (view, annotate, fill). The recognition, shared by x2t
//! (ONLYOFFICE/core `Common/OfficeFileFormatChecker2.cpp`, `isPdfOformFormatFile`), the editors'
//! loader and the integration examples (`isExtendedPDFFile`), reads the first bytes of the file:
//!
//! * right after the header, the comment `%\xCD\xCA\xD2\xA9\r`, then `1 0 obj\n<<\n`;
//! * object 1 is a stream of `/Type /MetaOForm` whose dictionary holds, before the `stream\r\n`
//!   keyword, `/ONLYOFFICEFORM [ offset length ]`: where the DOCX source lies inside that stream
//!   (`CPdfFile::GetMetaData` reads the two numbers after the key's first three characters);
//! * the stream's `/ID` equals the second string of the trailer's `/ID`, which tells x2t that no
//!   other tool rewrote the PDF since (`CPdfReader::ValidMetaData`).
//!
//! x2t then opens the form from the embedded DOCX (`pdfoform2docx`), so a user who picks "new
//! form" lands in the form editor, as with the forms ONLYOFFICE creates itself. To every other PDF
//! reader the file is an ordinary one-page form: object 1 is an unreferenced stream.
//!
//! The bytes are written object by object with a classic cross-reference table whose offsets are
//! computed here: no PDF library, no dates, and an `/ID` derived from the content, so the file is
//! the same every time.

use sha2::{Digest, Sha256};

/// The objects after the embedded source, numbered from 2.
const OBJECTS: [&str; 7] = [
    // 2: the document catalog.
    "<< /Type /Catalog /Pages 3 0 R /AcroForm 5 0 R >>",
    // 3: the page tree.
    "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
    // 4: the page, A4 (210 mm × 297 mm = 595.276 pt × 841.89 pt).
    "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595.276 841.89] \
     /Resources << >> /Contents 6 0 R >>",
    // 5: the interactive form, without fields yet.
    "<< /Fields [] /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv 7 0 R >> >> >>",
    // 6: the page's (empty) content stream.
    "<< /Length 0 >>\nstream\n\nendstream",
    // 7: the default form font.
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    // 8: the document information dictionary.
    "<< /Producer (Bureau) >>",
];

/// The header: the version, then the comment ONLYOFFICE's forms start with (its bytes above 127
/// also mark the file as binary, §7.5.2).
const HEADER: &[u8] = b"%PDF-1.7\n%\xCD\xCA\xD2\xA9\r";

/// Object 1: the `MetaOForm` stream holding the DOCX source at offset 0.
fn meta_object(docx: &[u8], id: &str) -> Vec<u8> {
    let length = docx.len();
    let mut object = format!(
        "1 0 obj\n<<\n/ONLYOFFICEFORM [ 0 {length} ]\n/Type /MetaOForm\n/ID <{id}>\n\
         /Length {length}\n>>\nstream\r\n"
    )
    .into_bytes();
    object.extend_from_slice(docx);
    object.extend_from_slice(b"\nendstream\nendobj\n");
    object
}

/// The bytes of the blank `.pdf` form.
pub(super) fn render() -> Vec<u8> {
    let docx = super::docx::render();
    let id = hex::encode(&Sha256::digest(&docx)[..16]);
    let mut out = HEADER.to_vec();
    let mut offsets = vec![out.len()];
    out.extend_from_slice(&meta_object(&docx, &id));
    for (index, body) in OBJECTS.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", index + 2).as_bytes());
    }
    let xref = out.len();
    let size = offsets.len() + 1;
    let mut table = format!("xref\n0 {size}\n0000000000 65535 f\r\n");
    for offset in &offsets {
        table.push_str(&format!("{offset:010} 00000 n\r\n"));
    }
    table.push_str(&format!(
        "trailer\n<< /Size {size} /Root 2 0 R /Info {info} 0 R /ID [<{id}> <{id}>] >>\n\
         startxref\n{xref}\n%%EOF\n",
        info = size - 1
    ));
    out.extend_from_slice(table.as_bytes());
    out
}
