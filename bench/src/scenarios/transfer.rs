//! Large files: a 1 GiB upload (against `dd` of the same bytes to the same disk, with fsync),
//! its download through the user route and through `document.url` (against nginx serving the
//! same file), and 1 MiB Range reads under load.

use std::{path::Path, process::Command, time::Duration};

use anyhow::Context as _;
use serde_json::Value;

use super::Bench;
use crate::{
    files::{MIB, curl_get, median, timed, write_random},
    procs::{memory, reset_peak},
    report::{Better, Row, count, kib_to_mib, mib_per_s},
    wrk,
};

/// Downloads reach at least 80 % of nginx's throughput.
const MIN_DOWNLOAD_RATIO: f64 = 0.8;
const RUNS: usize = 3;

/// Upload, downloads and Range reads of one large file.
pub async fn run(b: &Bench) -> anyhow::Result<Vec<Row>> {
    let size = if b.quick { 64 * MIB } else { 1024 * MIB };
    let source = b.scratch.join("big.docx");
    write_random(&source, size)?;
    std::fs::hard_link(&source, b.www.join("big.docx"))?;
    let (id, upload) = upload(b, &source, size)?;
    let mut rows = vec![upload];
    let config = b.client.open(&id).await?;
    let doc_url = config["document"]["url"]
        .as_str()
        .context("config without document.url")?
        .to_owned();
    let nginx = download_time(&format!("{}/big.docx", b.nginx.base), &[])?;
    let reference = format!("nginx: {:.0} MiB/s", mib_per_s(size, nginx.as_secs_f64()));
    let routes = [
        (
            "user route `GET /api/v1/files/:id/content`",
            b.client.content_url(&id),
            format!("Authorization: {}", b.client.auth),
        ),
        (
            "`document.url` (Document Server download)",
            doc_url.clone(),
            format!("Authorization: {}", b.client.download_auth(&doc_url)?),
        ),
    ];
    for (what, url, auth) in routes {
        let took = download_time(&url, &[auth])?;
        let gib = size as f64 / (1024.0 * MIB as f64);
        rows.push(
            Row::new(
                format!("Download {gib:.0} GiB, {what}"),
                format!("{:.0} MiB/s", mib_per_s(size, took.as_secs_f64())),
            )
            .against(&reference, nginx.as_secs_f64(), took.as_secs_f64())
            .target(Better::Higher, MIN_DOWNLOAD_RATIO),
        );
    }
    rows.push(range_reads(b, &id, size)?);
    Ok(rows)
}

/// Uploads `source` with `curl -T` (streamed), timed, with Bureau's peak RSS growth; the
/// reference writes the same bytes with `dd conv=fsync`, as Bureau syncs its blobs.
fn upload(b: &Bench, source: &Path, size: u64) -> anyhow::Result<(String, Row)> {
    let pid = b.bureau.pid();
    reset_peak(pid)?;
    let before = memory(pid)?.rss_kib;
    let reply = b.scratch.join("upload-reply.json");
    let took = timed(
        Command::new("curl")
            .args(["-sS", "-f", "-X", "POST", "-o"])
            .arg(&reply)
            .arg("-H")
            .arg(format!("Authorization: {}", b.client.auth))
            .arg("-T")
            .arg(source)
            .arg(format!("{}/api/v1/files?name=big.docx", b.client.base)),
    )?;
    let grew = memory(pid)?.peak_kib.saturating_sub(before);
    let created: Value = serde_json::from_str(&std::fs::read_to_string(&reply)?)?;
    let id = created["id"]
        .as_str()
        .context("upload without id")?
        .to_owned();
    let copy = b.scratch.join("dd-copy.bin");
    let dd = timed(
        Command::new("dd")
            .arg(format!("if={}", source.display()))
            .arg(format!("of={}", copy.display()))
            .args(["bs=1M", "conv=fsync", "status=none"]),
    )?;
    std::fs::remove_file(copy)?;
    let row = Row::new(
        format!("Upload {} MiB, `POST /api/v1/files`", size / MIB),
        format!("{:.0} MiB/s", mib_per_s(size, took.as_secs_f64())),
    )
    .against(
        format!(
            "`dd conv=fsync`: {:.0} MiB/s",
            mib_per_s(size, dd.as_secs_f64())
        ),
        dd.as_secs_f64(),
        took.as_secs_f64(),
    )
    .note(format!("peak RSS growth {:.1} MiB", kib_to_mib(grew)));
    Ok((id, row))
}

/// The median time of a few `curl` downloads of `url` to `/dev/null`.
fn download_time(url: &str, headers: &[String]) -> anyhow::Result<Duration> {
    let runs = (0..RUNS)
        .map(|_| timed(&mut curl_get(url, Path::new("/dev/null"), headers)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(median(runs))
}

/// 1 MiB ranges from the middle of the file, 16 connections, against nginx.
fn range_reads(b: &Bench, id: &str, size: u64) -> anyhow::Result<Row> {
    let start = size / 2;
    let range = format!("Range: bytes={start}-{}", start + MIB - 1);
    let ours = wrk::run(
        &b.client.content_url(id),
        16,
        b.secs,
        &[range.clone(), format!("Authorization: {}", b.client.auth)],
    )?;
    let theirs = wrk::run(&format!("{}/big.docx", b.nginx.base), 16, b.secs, &[range])?;
    Ok(Row::new(
        "Range reads, 1 MiB each, 16 conn, user route",
        format!(
            "{} req/s ({} MiB/s), p99 {:.1} ms",
            count(ours.rps),
            count(ours.rps),
            ours.p99.as_secs_f64() * 1e3
        ),
    )
    .against(
        format!("nginx: {} req/s", count(theirs.rps)),
        ours.rps,
        theirs.rps,
    )
    .target(Better::Higher, MIN_DOWNLOAD_RATIO)
    .note(format!("{} errors", ours.errors)))
}
