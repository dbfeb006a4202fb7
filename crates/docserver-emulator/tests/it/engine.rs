//! The x2t engine: real conversions of the shared fixtures.

use std::io::Read;
use std::path::PathBuf;

use docserver_emulator::engine::Engine;
use docserver_emulator::x2t::X2t;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/office")
        .join(name)
}

fn engine() -> Engine {
    match X2t::locate(None) {
        Ok(x2t) => Engine::new(x2t),
        Err(e) => panic!("{e}"),
    }
}

fn zip_part(bytes: &[u8], name: &str) -> anyhow::Result<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut text = String::new();
    archive.by_name(name)?.read_to_string(&mut text)?;
    Ok(text)
}

#[tokio::test]
async fn docx_round_trips_through_editor_bin() -> anyhow::Result<()> {
    let engine = engine();
    let doc = engine.open(&fixture("test.docx"), "docx").await?;
    let bin = docserver_emulator::engine::read_file(&doc.editor_bin()).await?;
    assert!(bin.starts_with(b"DOCY"), "Editor.bin is x2t's DOCY format");
    assert_eq!(doc.editor_bin_sha256().len(), 64);
    let out = tempfile::tempdir()?;
    let plain = out.path().join("plain.docx");
    engine.assemble(&doc, &[], &plain).await?;
    let plain = docserver_emulator::engine::read_file(&plain).await?;
    assert!(zip_part(&plain, "word/document.xml")?.contains("<w:body>"));

    let edited = out.path().join("edited.docx");
    engine
        .assemble(&doc, &["Typed in the emulator & <kept>".into()], &edited)
        .await?;
    let edited = docserver_emulator::engine::read_file(&edited).await?;
    let xml = zip_part(&edited, "word/document.xml")?;
    assert!(
        xml.contains("Typed in the emulator &amp; &lt;kept&gt;"),
        "{xml}"
    );
    Ok(())
}

#[tokio::test]
async fn spreadsheet_and_presentation_edits_survive_x2t() -> anyhow::Result<()> {
    let engine = engine();
    let out = tempfile::tempdir()?;
    let sheet = engine.open(&fixture("any_sheets.xlsx"), "xlsx").await?;
    let path = out.path().join("out.xlsx");
    engine
        .assemble(&sheet, &["cell text 42".into()], &path)
        .await?;
    let bytes = docserver_emulator::engine::read_file(&path).await?;
    let strings = zip_part(&bytes, "xl/sharedStrings.xml").unwrap_or_default();
    let sheet1 = zip_part(&bytes, "xl/worksheets/sheet1.xml")?;
    assert!(strings.contains("cell text 42") || sheet1.contains("cell text 42"));

    let slides = engine.open(&fixture("test.pptx"), "pptx").await?;
    let path = out.path().join("out.pptx");
    engine
        .assemble(&slides, &["slide text 7".into()], &path)
        .await?;
    let bytes = docserver_emulator::engine::read_file(&path).await?;
    assert!(zip_part(&bytes, "ppt/slides/slide1.xml")?.contains("slide text 7"));
    Ok(())
}

#[tokio::test]
async fn corrupt_files_fail_to_open() {
    let engine = engine();
    for (name, ext) in [
        ("testWORD_truncated.docx", "docx"),
        ("testODTnotaZipFile.odt", "odt"),
    ] {
        let err = engine.open(&fixture(name), ext).await.err();
        let code = err
            .as_ref()
            .map(docserver_emulator::engine::EngineError::ds_code);
        assert!(
            matches!(code, Some(c) if c <= -80),
            "{name} must fail to open: {err:?}"
        );
    }
}

#[tokio::test]
async fn odt_saves_back_as_odt() -> anyhow::Result<()> {
    let engine = engine();
    let doc = engine
        .open(&fixture("LibreOfficeWriter_odt_1.3.odt"), "odt")
        .await?;
    assert_eq!(doc.output_ext(), "odt");
    let out = tempfile::tempdir()?;
    let path = out.path().join("out.odt");
    engine.assemble(&doc, &["odt text".into()], &path).await?;
    let bytes = docserver_emulator::engine::read_file(&path).await?;
    assert!(zip_part(&bytes, "content.xml")?.contains("odt text"));
    Ok(())
}

#[test]
fn a_missing_x2t_names_the_setup_script() {
    let err = X2t::at(std::path::Path::new("/nonexistent/x2t"))
        .err()
        .map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.contains("scripts/setup/x2t.sh")));
}

#[tokio::test]
async fn csv_txt_and_pdf_open_and_save_as_themselves() -> anyhow::Result<()> {
    let engine = engine();
    let out = tempfile::tempdir()?;
    let csv = engine
        .open(&fixture("ONLYOFFICE_sample.csv"), "csv")
        .await?;
    assert_eq!(csv.output_ext(), "csv");
    let path = out.path().join("out.csv");
    engine
        .assemble(&csv, &["added,by,emulator".into()], &path)
        .await?;
    let text = String::from_utf8(docserver_emulator::engine::read_file(&path).await?)?;
    assert!(
        text.contains("Great Britain") && text.contains("added,by,emulator"),
        "{text}"
    );

    let txt = engine
        .open(&fixture("testTXTNonASCIIUTF8.txt"), "txt")
        .await?;
    let path = out.path().join("out.txt");
    engine.assemble(&txt, &["plain line".into()], &path).await?;
    let text = String::from_utf8(docserver_emulator::engine::read_file(&path).await?)?;
    assert!(text.contains("plain line"), "{text}");

    let pdf = engine.open(&fixture("testPDF.pdf"), "pdf").await?;
    let path = out.path().join("out.pdf");
    engine.assemble(&pdf, &[], &path).await?;
    assert!(
        docserver_emulator::engine::read_file(&path)
            .await?
            .starts_with(b"%PDF")
    );
    Ok(())
}
