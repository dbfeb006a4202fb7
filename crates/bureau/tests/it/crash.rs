//! Crash safety: a server killed (SIGKILL) in the middle of storing an upload leaves neither a
//! file entry nor a temporary blob behind, and works normally after a restart; an upload the
//! client abandons is cleaned up at once.

use std::{
    path::Path,
    time::{Duration, Instant},
};

use anyhow::{Context as _, bail};
use bytes::Bytes;
use futures_util::stream;
use reqwest::{Method, header::CONTENT_LENGTH};
use tokio::sync::{mpsc, oneshot};

use crate::support::{
    body_bytes, field, json_with, pattern,
    process::{Server, bureau},
    sha256_hex,
};

const CHUNK: usize = 1 << 20;
const TOTAL_CHUNKS: usize = 64;
const SENT_BEFORE_KILL: usize = 16;

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

/// A request body fed through a channel, so a test controls when each chunk arrives.
fn channel_body() -> (mpsc::Sender<Result<Bytes, std::io::Error>>, reqwest::Body) {
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(1);
    let body = reqwest::Body::wrap_stream(stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    }));
    (tx, body)
}

#[tokio::test]
async fn a_server_killed_mid_upload_leaves_nothing_behind() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut server, api) = Server::embedded(dir.path()).await?;

    // A declared 64 MiB upload fed through a channel: a quarter of it arrives, then the stream
    // stalls (as a slow client would) until the server has been killed mid-write.
    let (tx, body) = channel_body();
    let upload = api
        .request(Method::POST, "/api/v1/files")
        .query(&[("name", "huge.bin")])
        .header(CONTENT_LENGTH, CHUNK * TOTAL_CHUNKS)
        .body(body)
        .send();
    let uploader = tokio::spawn(upload);
    let (killed, resume) = oneshot::channel::<()>();
    let feeder = tokio::spawn(async move {
        for i in 0..TOTAL_CHUNKS {
            if i == SENT_BEFORE_KILL {
                let _ = resume.await;
                return i;
            }
            let chunk = Bytes::from(pattern(CHUNK, u8::try_from(i % 256).unwrap_or(0)));
            if tx.send(Ok(chunk)).await.is_err() {
                return i;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        TOTAL_CHUNKS
    });

    wait_for_partial_blob(dir.path(), 4 * CHUNK as u64).await?;
    server.kill()?;
    let _ = killed.send(());
    assert!(
        feeder.await? < TOTAL_CHUNKS,
        "the upload finished before the kill"
    );
    let outcome = uploader.await?;
    assert!(
        !outcome.as_ref().is_ok_and(|r| r.status().is_success()),
        "an upload cut off by the kill must not succeed: {outcome:?}"
    );
    let partial = temp_blobs(dir.path())?;
    assert!(
        !partial.is_empty(),
        "the kill left no partial blob to clean up"
    );

    let (_server, api) = Server::embedded(dir.path()).await?;
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

#[tokio::test]
async fn an_abandoned_upload_leaves_no_temporary_blob() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (_server, admin) = Server::embedded(dir.path()).await?;
    let (tx, body) = channel_body();
    let api = admin.clone();
    let uploader = tokio::spawn(async move { api.upload_to(None, "abandoned.bin", body).await });
    for i in 0..4u8 {
        tx.send(Ok(Bytes::from(pattern(CHUNK, i)))).await?;
    }
    wait_for_partial_blob(dir.path(), CHUNK as u64).await?;
    // The client gives up: its body fails, and reqwest drops the connection.
    tx.send(Err(std::io::Error::other("client gave up")))
        .await?;
    assert!(!uploader.await?.is_ok_and(|r| r.status().is_success()));

    let deadline = Instant::now() + Duration::from_secs(10);
    while !temp_blobs(dir.path())?.is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(temp_blobs(dir.path())?, []);
    assert!(admin.child_names("root").await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn cli_commands_during_an_upload_leave_it_alone() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (_server, admin) = Server::embedded(dir.path()).await?;
    let (tx, body) = channel_body();
    let api = admin.clone();
    let uploader = tokio::spawn(async move { api.upload_to(None, "during.bin", body).await });
    let mut sent = Vec::new();
    for i in 0..2u8 {
        let chunk = pattern(CHUNK, i);
        sent.extend_from_slice(&chunk);
        tx.send(Ok(Bytes::from(chunk))).await?;
    }
    wait_for_partial_blob(dir.path(), CHUNK as u64).await?;

    // Account commands "run with the server stopped or running": they must not touch the
    // temporary blob of an upload in flight.
    for args in [
        &["token", "create", "admin"][..],
        &["user", "list"],
        &["doctor"],
        &["gc"],
    ] {
        bureau(dir.path()).args(args).assert().success();
    }
    let last = pattern(CHUNK, 9);
    sent.extend_from_slice(&last);
    tx.send(Ok(Bytes::from(last))).await?;
    drop(tx);
    let response = uploader.await??;
    let entry = json_with(response, 201).await?;
    assert_eq!(entry["sha256"], sha256_hex(&sent).as_str());
    assert_eq!(admin.download(&field(&entry, "id")?).await?, sent);
    Ok(())
}
