//! The templates are well-formed packages, deterministic, and open in the two engines that
//! matter: ONLYOFFICE's x2t (the Document Server's converter) and LibreOffice headless.
//!
//! The engine tests fail, never skip, when a tool is missing: run `scripts/setup/x2t.sh` and
//! `scripts/setup/libreoffice.sh` first.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use docserver_emulator::x2t::{Job, Thumbnail, X2t};
use docserver_emulator::x2t_formats::{self, Family};
use zip::ZipArchive;

use super::{TemplateKind, render};

const OOXML: [TemplateKind; 3] = [
    TemplateKind::Document,
    TemplateKind::Spreadsheet,
    TemplateKind::Presentation,
];

fn unzip(bytes: &[u8]) -> ZipArchive<Cursor<&[u8]>> {
    ZipArchive::new(Cursor::new(bytes)).expect("a valid zip")
}

fn entry(archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> String {
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .expect("UTF-8 part");
    text
}

/// The values of `attr="…"` in `xml`.
fn attributes<'a>(xml: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    xml.match_indices(&needle)
        .filter_map(|(at, _)| xml[at + needle.len()..].split('"').next())
        .collect()
}

/// Resolves a relationship target against the folder of the part owning the `.rels` file.
fn resolve(rels_name: &str, target: &str) -> String {
    let owner_dir = rels_name.split("_rels/").next().unwrap_or_default();
    let mut path: Vec<&str> = owner_dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in target.split('/') {
        match segment {
            ".." => {
                path.pop();
            }
            "." | "" => {}
            s => path.push(s),
        }
    }
    path.join("/")
}

#[test]
fn kinds_parse_and_name_their_files() {
    for kind in TemplateKind::ALL {
        assert_eq!(TemplateKind::parse(kind.as_str()), Some(kind));
        assert!(
            kind.default_name()
                .ends_with(&format!(".{}", kind.extension()))
        );
        assert_eq!(kind.to_string(), kind.as_str());
    }
    assert_eq!(
        TemplateKind::parse("document"),
        Some(TemplateKind::Document)
    );
    assert_eq!(TemplateKind::parse("form"), Some(TemplateKind::Form));
    assert_eq!(TemplateKind::parse("Document"), None);
    assert_eq!(TemplateKind::parse("docx"), None);
    assert_eq!(TemplateKind::Form.extension(), "pdf");
    assert_eq!(
        TemplateKind::Spreadsheet.default_name(),
        "New spreadsheet.xlsx"
    );
}

#[test]
fn rendering_is_deterministic() {
    for kind in TemplateKind::ALL {
        assert_eq!(render(kind), render(kind), "{kind}");
    }
    for kind in OOXML {
        let bytes = render(kind);
        let mut archive = unzip(&bytes);
        for i in 0..archive.len() {
            let file = archive.by_index(i).expect("entry");
            let time = file.last_modified().expect("a timestamp");
            assert_eq!((time.year(), time.month(), time.day()), (1980, 1, 1));
        }
    }
}

#[test]
fn packages_hold_the_expected_parts_and_every_relationship_resolves() {
    let expected: [(TemplateKind, &[&str]); 3] = [
        (
            TemplateKind::Document,
            &["word/document.xml", "word/styles.xml", "word/settings.xml"],
        ),
        (
            TemplateKind::Spreadsheet,
            &[
                "xl/workbook.xml",
                "xl/worksheets/sheet1.xml",
                "xl/styles.xml",
            ],
        ),
        (
            TemplateKind::Presentation,
            &[
                "ppt/presentation.xml",
                "ppt/slides/slide1.xml",
                "ppt/slideLayouts/slideLayout1.xml",
                "ppt/slideMasters/slideMaster1.xml",
                "ppt/theme/theme1.xml",
            ],
        ),
    ];
    for (kind, parts) in expected {
        let bytes = render(kind);
        let mut archive = unzip(&bytes);
        let names: BTreeSet<String> = archive.file_names().map(str::to_owned).collect();
        assert_eq!(
            archive.by_index(0).expect("first").name(),
            "[Content_Types].xml"
        );
        for part in parts.iter().chain(&["_rels/.rels", "docProps/app.xml"]) {
            assert!(names.contains(*part), "{kind}: no {part} in {names:?}");
        }
        let types = entry(&mut archive, "[Content_Types].xml");
        for part in attributes(&types, "PartName") {
            assert!(
                names.contains(&part[1..]),
                "{kind}: override of missing {part}"
            );
        }
        for name in names.iter().filter(|n| n.ends_with(".rels")) {
            let rels = entry(&mut archive, name);
            for target in attributes(&rels, "Target") {
                let resolved = resolve(name, target);
                assert!(
                    names.contains(&resolved),
                    "{kind}: {name} → {resolved} missing"
                );
            }
            let rels_for = name.replace("_rels/", "").replace(".rels", "");
            assert!(
                rels_for.is_empty() || names.contains(&rels_for),
                "{kind}: {name} belongs to no part"
            );
        }
        for name in names
            .iter()
            .filter(|n| !n.ends_with(".rels") && n.ends_with(".xml"))
        {
            let xml = entry(&mut archive, name);
            assert!(
                xml.starts_with("<?xml"),
                "{kind}: {name} lacks a declaration"
            );
            if !name.starts_with('[') && !name.starts_with("docProps/") {
                let declared = format!("PartName=\"/{name}\"");
                assert!(
                    types.contains(&declared),
                    "{kind}: {name} has no content type"
                );
            }
        }
    }
}

/// The ONLYOFFICE form recognition (`isPdfOformFormatFile` / `CPdfFile::GetMetaData`), on the
/// first 300 bytes as the editors' loader reads them: the `(offset, length)` of the source inside
/// object 1's stream, and where that stream starts.
fn onlyoffice_form_meta(pdf: &[u8]) -> Option<(usize, usize, usize)> {
    let head = &pdf[..pdf.len().min(300)];
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let first = find(head, b"%\xCD\xCA\xD2\xA9\r")? + 6;
    let rest = head[first..].strip_prefix(b"1 0 obj\n<<\n")?;
    let stream = find(rest, b"stream\r\n")?;
    let meta = find(rest, b"ONLYOFFICEFORM")?;
    if stream < meta {
        return None;
    }
    let numbers = std::str::from_utf8(&rest[meta + "ONLYOFFICEFORM".len() + 3..stream]).ok()?;
    let mut tokens = numbers.split(' ');
    let offset = tokens.next()?.parse().ok()?;
    let length = tokens.next()?.parse().ok()?;
    Some((first + 11 + stream + 8, offset, length))
}

#[test]
fn the_form_is_a_one_page_pdf_with_an_acroform_and_a_correct_xref() {
    let pdf = render(TemplateKind::Form);
    let text = String::from_utf8_lossy(&pdf);
    assert!(pdf.starts_with(b"%PDF-1.7\n"));
    assert!(text.ends_with("%%EOF\n"));
    assert!(text.contains("/AcroForm 5 0 R"));
    assert!(text.contains("/Count 1"));
    assert!(text.contains("/MediaBox [0 0 595.276 841.89]"));
    let startxref: usize = text
        .rsplit("startxref\n")
        .next()
        .and_then(|tail| tail.lines().next())
        .and_then(|n| n.parse().ok())
        .expect("startxref");
    let xref = std::str::from_utf8(&pdf[startxref..]).expect("an ASCII xref");
    assert!(
        xref.starts_with("xref\n0 9\n"),
        "startxref points at {xref:?}"
    );
    let entries: Vec<&str> = xref.lines().skip(3).take(8).collect();
    assert_eq!(entries.len(), 8);
    for (index, line) in entries.iter().enumerate() {
        let offset: usize = line[..10].parse().expect("offset");
        let header = format!("{} 0 obj\n", index + 1);
        assert!(
            pdf[offset..].starts_with(header.as_bytes()),
            "object {}",
            index + 1
        );
    }
}

#[test]
fn the_form_carries_the_blank_document_where_onlyoffice_looks_for_it() {
    let pdf = render(TemplateKind::Form);
    let (start, offset, length) = onlyoffice_form_meta(&pdf).expect("an ONLYOFFICE form header");
    assert_eq!(
        &pdf[start + offset..start + offset + length],
        render(TemplateKind::Document)
    );
    let text = String::from_utf8_lossy(&pdf);
    let id_of = |key: &str| {
        let at = text.find(key).expect(key) + key.len();
        text[at..]
            .split('>')
            .next()
            .map(str::to_owned)
            .expect("an id")
    };
    assert_eq!(
        id_of("/ID <"),
        id_of("/ID [<"),
        "the MetaOForm /ID must match the trailer"
    );
}

// ---------------------------------------------------------------------------------------------
// Engines

/// A scratch directory holding each template as `New <kind>.<ext>`.
fn templates_on_disk() -> (tempfile::TempDir, Vec<(TemplateKind, PathBuf)>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = TemplateKind::ALL
        .into_iter()
        .map(|kind| {
            let path = dir.path().join(kind.default_name());
            std::fs::write(&path, render(kind)).expect("write template");
            (kind, path)
        })
        .collect();
    (dir, files)
}

/// The first `n` bytes of a file (or fewer).
fn head(path: &Path, n: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(n as u64).read_to_end(&mut bytes))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn x2t() -> X2t {
    X2t::locate(None).unwrap_or_else(|e| panic!("the template tests need x2t: {e}"))
}

/// The templates of `kinds` written to disk.
fn only(files: &[(TemplateKind, PathBuf)], kinds: &[TemplateKind]) -> Vec<(TemplateKind, PathBuf)> {
    files
        .iter()
        .filter(|(kind, _)| kinds.contains(kind))
        .cloned()
        .collect()
}

#[tokio::test]
async fn office_templates_convert_to_pdf_with_x2t() {
    let x2t = x2t();
    let (dir, files) = templates_on_disk();
    for (kind, path) in only(&files, &OOXML) {
        let out = dir.path().join(format!("{kind}-x2t.pdf"));
        x2t.convert_by_ext(&path, &out)
            .await
            .unwrap_or_else(|e| panic!("x2t {kind} → pdf: {e}"));
        assert!(head(&out, 5).starts_with(b"%PDF-"), "{kind}: not a PDF");
        assert!(size(&out) > 500, "{kind}: {} bytes of PDF", size(&out));
    }
}

#[tokio::test]
async fn office_templates_open_into_editor_bin_with_x2t() {
    let x2t = x2t();
    let (dir, files) = templates_on_disk();
    for (kind, path) in only(&files, &OOXML) {
        let ext = kind.extension();
        let family = Family::of_ext(ext).expect("a family");
        let code = x2t_formats::x2t_code(ext).expect("a code");
        let out_dir = dir.path().join(format!("{kind}-bin"));
        std::fs::create_dir(&out_dir).expect("mkdir");
        let bin = out_dir.join("Editor.bin");
        x2t.to_editor_bin(&path, code, family, &bin)
            .await
            .unwrap_or_else(|e| panic!("x2t {kind} → Editor.bin: {e}"));
        let signature = match family {
            Family::Word => "DOCY",
            Family::Cell => "XLSY",
            Family::Slide => "PPTY",
            Family::Pdf => unreachable!("OOXML only"),
        };
        assert!(
            head(&bin, 4).starts_with(signature.as_bytes()),
            "{kind}: Editor.bin does not start with {signature}"
        );
    }
}

/// x2t copies a PDF to PDF unread, so the form is checked by opening it: as an ONLYOFFICE form
/// (its embedded document comes out, and opens into a text document's `Editor.bin`, which is
/// what the form editor loads) and through the PDF renderer (a thumbnail of an A4 page).
#[tokio::test]
async fn the_form_opens_in_x2t_as_an_onlyoffice_form() {
    let x2t = x2t();
    let (dir, files) = templates_on_disk();
    let [(_, form)] = only(&files, &[TemplateKind::Form])
        .try_into()
        .expect("one form");
    let pdf_code = x2t_formats::x2t_code("pdf").expect("pdf");

    let docx = dir.path().join("form.docx");
    x2t.convert_by_ext(&form, &docx)
        .await
        .unwrap_or_else(|e| panic!("x2t form → docx: {e}"));
    let mut extracted = Vec::new();
    std::fs::File::open(&docx)
        .and_then(|mut f| f.read_to_end(&mut extracted))
        .expect("read form.docx");
    let blank = render(TemplateKind::Document);
    assert_eq!(
        entry(&mut unzip(&extracted), "word/document.xml"),
        entry(&mut unzip(&blank), "word/document.xml"),
        "x2t did not take the form's embedded document"
    );

    let bin_dir = dir.path().join("form-bin");
    std::fs::create_dir(&bin_dir).expect("mkdir");
    let bin = bin_dir.join("Editor.bin");
    x2t.to_editor_bin(&form, pdf_code, Family::Word, &bin)
        .await
        .unwrap_or_else(|e| panic!("x2t form → Editor.bin: {e}"));
    assert!(
        head(&bin, 4).starts_with(b"DOCY"),
        "form: Editor.bin is not DOCY"
    );

    let png = dir.path().join("form.png");
    let png_code = x2t_formats::x2t_code("png").expect("png");
    let job = Job {
        thumbnail: Some(Thumbnail::default()),
        ..Job::new(&form, pdf_code, &png, png_code)
    };
    x2t.run(&job)
        .await
        .unwrap_or_else(|e| panic!("x2t form → png: {e}"));
    let header = head(&png, 24);
    assert!(header.starts_with(b"\x89PNG"), "form → png is not a PNG");
    let dimension = |at: usize| u32::from_be_bytes([0, 1, 2, 3].map(|i| header[at + i]));
    // A4 fitted into 100 × 100 keeping its aspect: 210 / 297 × 100 ≈ 71.
    assert_eq!((dimension(16), dimension(20)), (71, 100), "not an A4 page");
}

#[test]
fn every_template_converts_to_pdf_with_libreoffice() {
    let soffice = std::env::var("SOFFICE").unwrap_or_else(|_| "soffice".into());
    let found = Command::new(&soffice).arg("--version").output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "the template tests need LibreOffice ({soffice}); run scripts/setup/libreoffice.sh first"
    );
    let (dir, files) = templates_on_disk();
    let profile = dir.path().join("lo-profile");
    let out_dir = dir.path().join("lo-out");
    for (kind, path) in files {
        let output = Command::new(&soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(&out_dir)
            .arg(&path)
            .output()
            .expect("run soffice");
        let pdf = out_dir.join(path.with_extension("pdf").file_name().expect("name"));
        assert!(
            output.status.success() && size(&pdf) > 500,
            "{kind}: LibreOffice did not convert it ({}): {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(head(&pdf, 5).starts_with(b"%PDF-"), "{kind}: not a PDF");
    }
}
