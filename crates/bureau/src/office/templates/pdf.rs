//! The blank form: a PDF 1.7 file (ISO 32000-1) with one empty A4 page and an interactive form
//! dictionary (`/AcroForm`, §12.7.2) that has no fields yet, a default appearance (`/DA`) and
//! default resources (`/DR`, Helvetica) for the fields a form editor adds.
//!
//! The file is written object by object with a classic cross-reference table whose offsets are
//! computed here, so it needs no PDF library and is byte-for-byte the same every time (no dates,
//! no random `/ID`).

/// The objects of the file, numbered from 1 in order.
const OBJECTS: [&str; 6] = [
    // 1: the document catalog.
    "<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>",
    // 2: the page tree.
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    // 3: the page, A4 (210 mm × 297 mm = 595.276 pt × 841.89 pt).
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.276 841.89] \
     /Resources << >> /Contents 5 0 R >>",
    // 4: the interactive form, without fields yet.
    "<< /Fields [] /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv 6 0 R >> >> >>",
    // 5: the page's (empty) content stream.
    "<< /Length 0 >>\nstream\n\nendstream",
    // 6: the default form font.
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
];

/// The document information dictionary (object 7).
const INFO: &str = "<< /Producer (Bureau) >>";

/// The bytes of the blank `.pdf` form.
pub(super) fn render() -> Vec<u8> {
    // The second line's bytes above 127 tell transfer tools the file is binary (§7.5.2).
    let mut out: Vec<u8> = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(OBJECTS.len() + 1);
    for (index, body) in OBJECTS.iter().chain([&INFO]).enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", index + 1).as_bytes());
    }
    let xref = out.len();
    let size = offsets.len() + 1;
    let mut table = format!("xref\n0 {size}\n0000000000 65535 f\r\n");
    for offset in &offsets {
        table.push_str(&format!("{offset:010} 00000 n\r\n"));
    }
    table.push_str(&format!(
        "trailer\n<< /Size {size} /Root 1 0 R /Info {size_minus_one} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        size_minus_one = size - 1
    ));
    out.extend_from_slice(table.as_bytes());
    out
}
