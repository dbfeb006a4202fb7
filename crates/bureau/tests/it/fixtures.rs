//! Every office fixture survives an upload and a download byte for byte.

use std::collections::BTreeSet;

use anyhow::{Context as _, ensure};

use crate::support::{TestApp, field, fixtures_dir, read_file, sha256_hex};

/// One row of `MANIFEST.tsv`: file name, size and SHA-256.
struct Fixture {
    name: String,
    bytes: u64,
    sha256: String,
}

fn manifest() -> anyhow::Result<Vec<Fixture>> {
    let path = fixtures_dir().join("MANIFEST.tsv");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut rows = text.lines().filter(|l| !l.trim().is_empty());
    let header = rows.next().context("empty manifest")?;
    ensure!(
        header.starts_with("file\tbytes\tsha256"),
        "header: {header}"
    );
    rows.map(|line| {
        let cols: Vec<&str> = line.split('\t').collect();
        ensure!(cols.len() >= 3, "short manifest line: {line}");
        Ok(Fixture {
            name: cols[0].to_owned(),
            bytes: cols[1].parse()?,
            sha256: cols[2].to_owned(),
        })
    })
    .collect()
}

#[tokio::test]
async fn every_fixture_round_trips_byte_for_byte() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let fixtures = manifest()?;
    ensure!(fixtures.len() >= 40, "only {} fixtures", fixtures.len());
    let mut names = BTreeSet::new();
    for fixture in &fixtures {
        let bytes = read_file(&fixtures_dir().join(&fixture.name))?;
        ensure!(
            bytes.len() as u64 == fixture.bytes,
            "{}: size",
            fixture.name
        );
        ensure!(
            sha256_hex(&bytes) == fixture.sha256,
            "{}: sha256",
            fixture.name
        );

        let entry = app.admin.upload(&fixture.name, bytes.clone()).await?;
        assert_eq!(entry["name"], fixture.name.as_str());
        assert_eq!(entry["type"], "file");
        assert_eq!(entry["size"], fixture.bytes);
        assert_eq!(entry["version"], 1);
        assert_eq!(entry["sha256"], fixture.sha256.as_str(), "{}", fixture.name);

        let id = field(&entry, "id")?;
        let downloaded = app.admin.download(&id).await?;
        ensure!(
            downloaded == bytes,
            "{}: downloaded bytes differ",
            fixture.name
        );
        names.insert(fixture.name.clone());
    }
    let listed: BTreeSet<String> = app.admin.child_names("root").await?.into_iter().collect();
    assert_eq!(listed, names);
    app.stop().await
}

#[tokio::test]
async fn content_type_follows_the_extension() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let cases = [
        (
            "test.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "any_sheets.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("testPDF.pdf", "application/pdf"),
        ("ONLYOFFICE_sample.csv", "text/csv"),
    ];
    for (name, mime) in cases {
        let entry = app
            .admin
            .upload(name, read_file(&fixtures_dir().join(name))?)
            .await?;
        assert_eq!(entry["mime"], mime);
        let path = format!("/api/v1/files/{}/content", field(&entry, "id")?);
        let response = app.admin.get(&path).send().await?;
        assert_eq!(response.headers()["content-type"], mime, "{name}");
    }
    app.stop().await
}
