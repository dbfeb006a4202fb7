//! Crash safety: a server killed (SIGKILL) in the middle of storing an upload leaves neither a
//! file entry nor a temporary blob behind, and works normally after a restart.

use std::{
    path::Path,
    time::{Duration, Instant},
};

use anyhow::{Context as _, bail};
use bytes::Bytes;
use futures_util::stream;
use tokio::sync::mpsc;

use crate::support::{body_bytes, field, pattern, process::Server, sha256_hex};

const PASSWORD: &str = "crash-admin-pw";
const CHUNK: usize = 1 << 20;
const TOTAL_CHUNKS: usize = 64;

fn temp_blobs(data_dir: &Path) -> anyhow::Result<Vec<(String, u64)>> {
    let tmp = data_dir.join("blobs/tmp");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&tmp).with_context(|| format!("reading {}", tmp.display()))? {
        let entry = entry?;
        found.push((
            entry.file_name().to_string_lossy().into_owned(),
            entry.metadata()?.len(),
        ));
    }
    Ok(found)
}

/// Waits (bounded) until a temporary blob of at least `min` bytes is being written.
async fn wait_for_partial_blob(data_dir: &Path, min: u64) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if temp_blobs(data_dir)?.iter().any(|(_, len)| *len >= min) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    bail!("no partial blob appeared: {:?}", temp_blobs(data_dir)?)
}

#[tokio::test]
async fn a_server_killed_mid_upload_leaves_nothing_behind() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let env = [("BUREAU_ADMIN_PASSWORD", PASSWORD)];
    let mut server = Server::start(dir.path(), &env).await?;
    let api = server.api("admin", PASSWORD).await?;

    // A 64 MiB upload, fed slowly through a channel so the server is mid-write when killed.
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(2);
    let body = reqwest::Body::wrap_stream(stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    }));
    let uploader = {
        let api = api.clone();
        tokio::spawn(async move { api.upload_to(None, "huge.bin", body).await })
    };
    let feeder = tokio::spawn(async move {
        for i in 0..TOTAL_CHUNKS {
            let chunk = Bytes::from(pattern(CHUNK, u8::try_from(i % 256).unwrap_or(0)));
            if tx.send(Ok(chunk)).await.is_err() {
                return i;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        TOTAL_CHUNKS
    });

    wait_for_partial_blob(dir.path(), 4 * CHUNK as u64).await?;
    server.kill()?;
    let sent = feeder.await?;
    assert!(sent < TOTAL_CHUNKS, "the upload finished before the kill");
    let outcome = uploader.await?;
    assert!(
        !outcome.as_ref().is_ok_and(|r| r.status().is_success()),
        "an upload cut off by the kill must not succeed: {outcome:?}"
    );
    assert!(
        !temp_blobs(dir.path())?.is_empty(),
        "the kill left no partial blob to clean up"
    );

    let server = Server::start(dir.path(), &env).await?;
    let api = server.api("admin", PASSWORD).await?;
    assert!(
        api.child_names("root").await?.is_empty(),
        "a partial file entry survived"
    );
    assert!(api.trash_names().await?.is_empty());
    assert_eq!(temp_blobs(dir.path())?, []);

    // A complete upload works afterwards, and leaves no temporary blob either.
    let bytes = pattern(8 * CHUNK, 42);
    let entry = api.upload("after.bin", bytes.clone()).await?;
    assert_eq!(entry["sha256"], sha256_hex(&bytes).as_str());
    let id = field(&entry, "id")?;
    let response = api
        .get(&format!("/api/v1/files/{id}/content"))
        .send()
        .await?;
    assert_eq!(body_bytes(response).await?, bytes);
    assert_eq!(api.child_names("root").await?, ["after.bin"]);
    assert_eq!(temp_blobs(dir.path())?, []);
    Ok(())
}
