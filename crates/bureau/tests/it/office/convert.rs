//! Conversion through the Document Server (the emulator runs the real x2t): legacy formats to
//! OOXML as jobs, the documented errors, download in another format, cached thumbnails.

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail, ensure};
use docserver_emulator::faults::Faults;
use reqwest::Method;
use serde_json::{Value, json};

use super::{OfficeEnv, versions};
use crate::support::{Api, body_bytes, expect_error, json_with};

/// Starts a conversion of a file; returns the job id.
async fn start(api: &Api, id: &str, body: Value) -> anyhow::Result<String> {
    let response = api
        .send_json(Method::POST, &format!("/api/v1/files/{id}/convert"), body)
        .await?;
    let accepted = json_with(response, 202).await?;
    Ok(accepted["job_id"].as_str().context("job_id")?.to_owned())
}

/// Polls a job until it is no longer running.
pub async fn finished(api: &Api, job: &str) -> anyhow::Result<Value> {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let state = api.get_json(&format!("/api/v1/jobs/{job}")).await?;
        if state["state"] != "running" {
            return Ok(state);
        }
        ensure!(
            Instant::now() < deadline,
            "job {job} still running: {state}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

const LEGACY: [(&str, &str, &str); 10] = [
    ("testWORD_various.doc", "Various.doc", "Various.docx"),
    ("any_sheets.xls", "Sheets.xls", "Sheets.xlsx"),
    ("testPPT_various.ppt", "Slides.ppt", "Slides.pptx"),
    ("LibreOfficeWriter_odt_1.3.odt", "Writer.odt", "Writer.docx"),
    ("LibreOfficeCalc_ods_1.3.ods", "Calc.ods", "Calc.xlsx"),
    (
        "LibreOfficeImpress_odp_1.3.odp",
        "Impress.odp",
        "Impress.pptx",
    ),
    ("testRTFVarious.rtf", "Various.rtf", "Various (2).docx"),
    ("ONLYOFFICE_sample.csv", "Sample.csv", "Sample.xlsx"),
    ("testTXTNonASCIIUTF8.txt", "Notes.txt", "Notes.docx"),
    ("testHTML_utf8.html", "Page.html", "Page.docx"),
];

#[tokio::test]
async fn every_legacy_fixture_converts_to_ooxml_that_x2t_opens_again() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let mut started = Vec::new();
    // One after the other, so "Various.docx" is taken when the rtf's result arrives.
    for (fixture, name, expected) in LEGACY {
        let id = env.upload_fixture(api, fixture, name).await?;
        let job = start(api, &id, json!({})).await?;
        if name == "Various.doc" {
            finished(api, &job).await?;
        }
        started.push((id, job, expected));
    }
    for (id, job, expected) in started {
        let done = finished(api, &job).await?;
        ensure!(done["state"] == "done", "{expected}: {done}");
        assert_eq!(done["percent"], 100);
        let file = &done["file"];
        assert_eq!(file["name"], expected, "{done}");
        let original = api.get_json(&format!("/api/v1/files/{id}")).await?;
        assert_eq!(file["parent_id"], original["parent_id"]);
        assert_eq!(original["version"], 1, "the original is untouched");
        let new_id = file["id"].as_str().context("id")?;
        let list = versions(api, new_id).await?;
        assert_eq!(list[0]["source"], "conversion");
        let (conn, _) = env
            .join(api, new_id)
            .await
            .with_context(|| format!("reopening {expected}"))?;
        env.ds().leave(&conn)?;
    }
    env.app.stop().await
}

#[tokio::test]
async fn encrypted_and_corrupt_documents_fail_with_documented_codes() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let cases = [
        ("testODTEncrypted.odt", "Secret.odt", "password_protected"),
        (
            "testWORD_protected_passtika.docx",
            "Secret.docx",
            "password_protected",
        ),
        ("testODTnotaZipFile.odt", "Broken.odt", "conversion_failed"),
        ("too_small.xls", "Broken.xls", "conversion_failed"),
        (
            "testWORD_truncated.docx",
            "Truncated.docx",
            "conversion_failed",
        ),
    ];
    for (fixture, name, code) in cases {
        let id = env.upload_fixture(api, fixture, name).await?;
        let body = if name.ends_with(".docx") {
            json!({"format": "pdf"})
        } else {
            json!({})
        };
        let job = start(api, &id, body).await?;
        let failed = finished(api, &job).await?;
        assert_eq!(failed["state"], "failed", "{fixture}: {failed}");
        assert_eq!(failed["error"]["code"], code, "{fixture}: {failed}");
        assert!(failed.get("file").is_none());
    }
    let id = env.upload_fixture(api, "test.docx", "Native.docx").await?;
    let response = api
        .send_json(
            Method::POST,
            &format!("/api/v1/files/{id}/convert"),
            json!({}),
        )
        .await?;
    expect_error(response, 400, "unsupported_conversion").await?;
    let response = api
        .send_json(
            Method::POST,
            &format!("/api/v1/files/{id}/convert"),
            json!({"format": "xlsx"}),
        )
        .await?;
    expect_error(response, 400, "unsupported_conversion").await?;
    let response = api.get("/api/v1/jobs/nope").send().await?;
    expect_error(response, 404, "job_not_found").await?;
    env.app.stop().await
}

#[tokio::test]
async fn download_as_pdf_streams_a_pdf_and_reports_errors() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Letter.docx").await?;
    let response = api
        .get(&format!("/api/v1/files/{id}/download?format=pdf"))
        .send()
        .await?;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let disposition = response.headers()["content-disposition"]
        .to_str()?
        .to_owned();
    assert!(disposition.contains("Letter.pdf"), "{disposition}");
    let pdf = body_bytes(response).await?;
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");

    let secret = env
        .upload_fixture(api, "testWORD_protected_passtika.docx", "Secret.docx")
        .await?;
    let response = api
        .get(&format!("/api/v1/files/{secret}/download?format=pdf"))
        .send()
        .await?;
    expect_error(response, 400, "password_protected").await?;
    env.app.stop().await
}

#[tokio::test]
async fn thumbnails_are_pngs_made_once_per_version() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Letter.docx").await?;
    let path = format!("/api/v1/files/{id}/thumbnail");
    let first = api.get(&path).send().await?;
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["content-type"], "image/png");
    let png = body_bytes(first).await?;
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");

    // With the Document Server hanging, only a cached thumbnail can still be served.
    env.ds().set_faults(Faults {
        unreachable: true,
        ..Faults::default()
    });
    let again = tokio::time::timeout(Duration::from_secs(10), api.get(&path).send()).await;
    let Ok(again) = again else {
        bail!("the second thumbnail request went to the Document Server");
    };
    let again = again?;
    assert_eq!(again.status(), 200);
    assert_eq!(body_bytes(again).await?, png);
    env.ds().set_faults(Faults::default());

    let other = api
        .upload("notes.bin", b"not an office file".to_vec())
        .await?;
    let other_id = other["id"].as_str().context("id")?;
    let response = api
        .get(&format!("/api/v1/files/{other_id}/thumbnail"))
        .send()
        .await?;
    expect_error(response, 404, "not_an_office_document").await?;
    env.app.stop().await
}

#[tokio::test]
async fn a_job_whose_process_died_is_reported_interrupted() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env
        .upload_fixture(api, "testWORD_various.doc", "Old.doc")
        .await?;
    let job = bureau::store::jobs::Job {
        id: "job-of-a-dead-process".to_owned(),
        kind: "convert".to_owned(),
        owner_id: api.user_id.clone(),
        file_id: id,
        target: "docx".to_owned(),
        state: "running".to_owned(),
        percent: 0,
        result_file_id: None,
        error_code: None,
        error_detail: None,
        created_at: 1,
        updated_at: 1,
    };
    bureau::store::jobs::insert(&env.app.state.store.db, &job).await?;
    let state = api.get_json(&format!("/api/v1/jobs/{}", job.id)).await?;
    assert_eq!(state["state"], "failed", "{state}");
    assert_eq!(state["error"]["code"], "job_interrupted");
    let stranger = env.app.user("stranger").await?;
    let response = stranger
        .get(&format!("/api/v1/jobs/{}", job.id))
        .send()
        .await?;
    expect_error(response, 404, "job_not_found").await?;
    env.app.stop().await
}
