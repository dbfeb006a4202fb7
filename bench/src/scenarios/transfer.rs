//! Large files: a 1 GiB upload (against `dd` of the same bytes to the same disk, with fsync),
//! its download through the user route and through `document.url` (against nginx serving the
//! same file), and 1 MiB Range reads under load. On the S3 backend, the same transfers are also
//! set against the S3 server's own speed, the physical limit there.

use std::{path::Path, process::Command, time::Duration};

use anyhow::Context as _;
use serde_json::Value;

use super::Bench;
use crate::{
    files::{MIB, curl_get, median, timed, write_random},
    procs::{memory, reset_peak},
    report::{Better, Row, count, kib_to_mib, mib_per_s},
    s3::sha256_of,
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
    let (id, uploaded) = upload(b, &source)?;
    let dd = dd_time(b, &source)?;
    let mut rows = vec![upload_row(
        size,
        uploaded,
        format!(
            "`dd conv=fsync`: {:.0} MiB/s",
            mib_per_s(size, dd.as_secs_f64())
        ),
        dd,
    )];
    let config = b.client.open(&id).await?;
    let doc_url = config["document"]["url"]
        .as_str()
        .context("config without document.url")?;
    let routes = [
        (
            "user route `GET /api/v1/files/:id/content`",
            b.client.content_url(&id),
            format!("Authorization: {}", b.client.auth),
        ),
        (
            "`document.url` (Document Server download)",
            doc_url.to_owned(),
            format!("Authorization: {}", b.client.download_auth(doc_url)?),
        ),
    ];
    let nginx = download_time(&format!("{}/big.docx", b.nginx.base), &[])?;
    let nginx_label = format!("nginx: {:.0} MiB/s", mib_per_s(size, nginx.as_secs_f64()));
    let mut ours = Vec::new();
    for (what, url, auth) in &routes {
        let took = download_time(url, std::slice::from_ref(auth))?;
        ours.push(took);
        rows.push(
            download_row(what, size, took, &nginx_label, nginx)
                .target(Better::Higher, MIN_DOWNLOAD_RATIO),
        );
    }
    rows.push(range_reads(b, &id, size)?);
    if let Some(s3) = &b.s3 {
        let put = timed(&mut s3.put(&format!("bench-reference/{id}"), &source))?;
        rows.push(upload_row(
            size,
            uploaded,
            format!(
                "S3 PUT direct: {:.0} MiB/s",
                mib_per_s(size, put.as_secs_f64())
            ),
            put,
        ));
        let key = s3.blob_key(&sha256_of(&source)?);
        let get = median(
            (0..RUNS)
                .map(|_| timed(&mut s3.get(&key, Path::new("/dev/null"))))
                .collect::<anyhow::Result<Vec<_>>>()?,
        );
        let label = format!(
            "S3 GET direct: {:.0} MiB/s",
            mib_per_s(size, get.as_secs_f64())
        );
        for ((what, _, _), took) in routes.iter().zip(ours) {
            rows.push(download_row(what, size, took, &label, get));
        }
    }
    Ok(rows)
}

/// What an upload measured.
#[derive(Debug, Clone, Copy)]
struct Uploaded {
    took: Duration,
    rss_growth_kib: u64,
}

/// Uploads `source` with `curl -T` (streamed), timed, with Bureau's peak RSS growth.
fn upload(b: &Bench, source: &Path) -> anyhow::Result<(String, Uploaded)> {
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
    let rss_growth_kib = memory(pid)?.peak_kib.saturating_sub(before);
    let created: Value = serde_json::from_str(&std::fs::read_to_string(&reply)?)?;
    let id = created["id"]
        .as_str()
        .context("upload without id")?
        .to_owned();
    Ok((
        id,
        Uploaded {
            took,
            rss_growth_kib,
        },
    ))
}

/// The same bytes written to the same disk by `dd conv=fsync` (Bureau syncs its blobs).
fn dd_time(b: &Bench, source: &Path) -> anyhow::Result<Duration> {
    let copy = b.scratch.join("dd-copy.bin");
    let took = timed(
        Command::new("dd")
            .arg(format!("if={}", source.display()))
            .arg(format!("of={}", copy.display()))
            .args(["bs=1M", "conv=fsync", "status=none"]),
    )?;
    std::fs::remove_file(copy)?;
    Ok(took)
}

fn upload_row(size: u64, up: Uploaded, reference: String, reference_took: Duration) -> Row {
    Row::new(
        format!("Upload {} MiB, `POST /api/v1/files`", size / MIB),
        format!("{:.0} MiB/s", mib_per_s(size, up.took.as_secs_f64())),
    )
    .against(
        reference,
        reference_took.as_secs_f64(),
        up.took.as_secs_f64(),
    )
    .note(format!(
        "peak RSS growth {:.1} MiB",
        kib_to_mib(up.rss_growth_kib)
    ))
}

fn download_row(what: &str, size: u64, took: Duration, reference: &str, theirs: Duration) -> Row {
    Row::new(
        format!("Download {} MiB, {what}", size / MIB),
        format!("{:.0} MiB/s", mib_per_s(size, took.as_secs_f64())),
    )
    .against(reference, theirs.as_secs_f64(), took.as_secs_f64())
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
