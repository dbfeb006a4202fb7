//! Content larger than one S3 part (8 MiB): streamed through a multipart upload on S3, a plain
//! file on disk; read back whole and in ranges across the part boundary; and a client that gives
//! up halfway leaves neither a blob nor a temporary object. Runs on the selected backend.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::RANGE;
use tokio::sync::mpsc;

use super::support::{TestApp, body_bytes, json_with, pattern, sha256_hex};

const MIB: usize = 1 << 20;

/// A request body fed chunk by chunk from the test.
fn channel_body() -> (mpsc::Sender<Result<Bytes, std::io::Error>>, reqwest::Body) {
    let (tx, rx) = mpsc::channel(4);
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    (tx, reqwest::Body::wrap_stream(stream))
}

#[tokio::test]
async fn content_larger_than_a_part_round_trips_whole_and_in_ranges() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let content = pattern(12 * MIB + 7, 3);
    let entry = json_with(
        app.admin
            .upload_to(None, "big.bin", content.clone())
            .await?,
        201,
    );
    let entry = entry.await?;
    assert_eq!(entry["sha256"], sha256_hex(&content).as_str());
    let id = entry["id"].as_str().unwrap_or_default();
    assert_eq!(app.admin.download(id).await?, content);
    let (start, end) = (8 * MIB - 10, 8 * MIB + 10);
    let part = app
        .admin
        .get(&format!("/api/v1/files/{id}/content"))
        .header(RANGE, format!("bytes={start}-{end}"))
        .send()
        .await?;
    assert_eq!(part.status(), 206);
    assert_eq!(body_bytes(part).await?, &content[start..=end]);
    app.stop().await
}

#[tokio::test]
async fn an_upload_abandoned_after_a_part_leaves_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let (tx, body) = channel_body();
    let api = app.admin.clone();
    let uploader = tokio::spawn(async move { api.upload_to(None, "gave-up.bin", body).await });
    for i in 0..3u8 {
        tx.send(Ok(Bytes::from(pattern(4 * MIB, i)))).await?;
    }
    tx.send(Err(std::io::Error::other("client gave up")))
        .await?;
    assert!(!uploader.await?.is_ok_and(|r| r.status().is_success()));
    let blobs = &app.state.store.blobs;
    let deadline = Instant::now() + Duration::from_secs(10);
    while blobs.temp_count().await? > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(blobs.list().await?.len(), 0, "a partial blob was kept");
    assert!(app.admin.child_names("root").await?.is_empty());
    app.stop().await
}
