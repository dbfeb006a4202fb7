//! Soak: a bounded load run against the real `bureau serve` binary (loopback only), mixing
//! uploads, downloads (whole and ranged), listings, editor opens, signed callbacks and full
//! editing sessions through the docserver-emulator. It passes with zero errors, memory flat
//! (RSS sampled from `/proc/<pid>/status` every second) and no file-descriptor growth
//! (`/proc/<pid>/fd`).
//!
//! `BUREAU_SOAK_SECS` sets the load time (default 30); `scripts/soak` runs it for 10 minutes and
//! prints the figures recorded in `docs/reliability.md`.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context as _, ensure};
use onlyoffice::jwt::JwtSettings;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::office::{OfficeEnv, SECRET, open_json};
use crate::support::{Api, body_bytes, field, pattern, sha256_hex};

/// Concurrent clients.
const WORKERS: u64 = 4;

/// What the run counts.
#[derive(Default)]
struct Tally {
    requests: AtomicU64,
    errors: AtomicU64,
    first_errors: Mutex<Vec<String>>,
}

impl Tally {
    async fn record(&self, outcome: anyhow::Result<u64>) {
        match outcome {
            Ok(n) => {
                self.requests.fetch_add(n, Ordering::Relaxed);
            }
            Err(e) => {
                self.errors.fetch_add(1, Ordering::Relaxed);
                let mut first = self.first_errors.lock().await;
                if first.len() < 5 {
                    first.push(format!("{e:#}"));
                }
            }
        }
    }
}

/// One sample of the server process.
#[derive(Debug, Clone, Copy)]
struct Sample {
    rss_kib: u64,
    fds: usize,
}

fn sample(pid: u32) -> anyhow::Result<Sample> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let rss_kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmRSS")?;
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))?.count();
    Ok(Sample { rss_kib, fds })
}

/// The files every worker reads: (id, content).
type Corpus = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// How many uploaded files the run keeps; older ones are deleted for good.
const KEPT: usize = 100;

/// Every fifth round uploads a file (4 to 68 KiB), trashing and purging the oldest beyond
/// [`KEPT`]; returns the file to read this round and the requests made.
async fn churn(
    api: &Api,
    corpus: &Corpus,
    w: u64,
    i: u64,
) -> anyhow::Result<((String, Vec<u8>), u64)> {
    let mut made = 0;
    if i.is_multiple_of(5) || corpus.lock().await.is_empty() {
        let size = 4096 + usize::try_from((w * 7919 + i * 104_729) % 65_536)?;
        let bytes = pattern(size, u8::try_from(w % 256)?);
        let entry = api
            .upload(&format!("soak {w}-{i}.bin"), bytes.clone())
            .await?;
        ensure!(entry["sha256"] == sha256_hex(&bytes), "upload hash");
        let oldest = {
            let mut files = corpus.lock().await;
            files.push((field(&entry, "id")?, bytes));
            (files.len() > KEPT).then(|| files.remove(0))
        };
        made += 1;
        if let Some((old, _)) = oldest {
            for path in [
                format!("/api/v1/files/{old}"),
                format!("/api/v1/trash/{old}"),
            ] {
                let gone = api.request(reqwest::Method::DELETE, &path).send().await?;
                ensure!(gone.status() == 204, "{path}: {}", gone.status());
            }
            made += 2;
        }
    }
    // Only the newer half is read: the oldest file may be purged by another worker meanwhile.
    let files = corpus.lock().await;
    let half = files.len() / 2;
    let pick = half + usize::try_from(i * 31 + w)? % (files.len() - half);
    Ok((files[pick].clone(), made))
}

/// One round of a worker: a mix of cheap requests; returns how many requests it made.
async fn round(api: &Api, corpus: &Corpus, doc: &str, w: u64, i: u64) -> anyhow::Result<u64> {
    let ((id, expected), made) = churn(api, corpus, w, i).await?;
    ensure!(api.download(&id).await? == expected, "download of {id}");
    let ranged = api
        .get(&format!("/api/v1/files/{id}/content"))
        .header("Range", "bytes=100-1099")
        .send()
        .await?;
    ensure!(ranged.status() == 206, "range: {}", ranged.status());
    ensure!(
        body_bytes(ranged).await? == expected[100..1100],
        "range body"
    );
    api.get_json("/api/v1/folders/root").await?;
    let open = open_json(api, doc, 200).await?;
    let key = open["data"]["attributes"]["onlyoffice"]["document"]["key"]
        .as_str()
        .context("key")?
        .to_owned();
    // The Document Server's "who is editing" callback, signed as it signs them.
    let callback = json!({"key": key, "status": 1, "users": [api.user_id], "actions": [{"type": 1, "userid": api.user_id}]});
    let signed = JwtSettings::new(SECRET).sign_request(&callback)?;
    let mut body = callback;
    body["token"] = signed.body_token.into();
    let reply: Value = api
        .request(reqwest::Method::POST, "/office/callback")
        .json(&body)
        .send()
        .await?
        .json()
        .await?;
    ensure!(reply == json!({"error": 0}), "callback: {reply}");
    Ok(made + 5)
}

/// A full editing session: the DS opens the document, a user types, closes, the save lands.
async fn session(env: &OfficeEnv, api: &Api, doc: &str, n: u64) -> anyhow::Result<u64> {
    let (conn, key) = env.join(api, doc).await?;
    env.ds().edit(&conn, &format!("soak edit {n}"))?;
    env.ds().leave(&conn)?;
    env.accepted(&key, 2).await?;
    Ok(3)
}

#[tokio::test]
async fn a_bounded_load_run_stays_flat() -> anyhow::Result<()> {
    let secs: u64 = std::env::var("BUREAU_SOAK_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let env = Arc::new(OfficeEnv::spawn().await?);
    let (server, api) = env.serve_binary().await?;
    let pid = server.pid();
    let doc = env.upload_fixture(&api, "test.docx", "Soak.docx").await?;
    let corpus: Corpus = Arc::default();
    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..WORKERS {
        let (api, corpus, tally, stop, doc) = (
            api.clone(),
            Arc::clone(&corpus),
            Arc::clone(&tally),
            Arc::clone(&stop),
            doc.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                tally.record(round(&api, &corpus, &doc, w, i).await).await;
                i += 1;
            }
        }));
    }
    let editor = {
        let (env, api, tally, stop, doc) = (
            Arc::clone(&env),
            api.clone(),
            Arc::clone(&tally),
            Arc::clone(&stop),
            doc.clone(),
        );
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                tally.record(session(&env, &api, &doc, n).await).await;
                n += 1;
            }
            n
        })
    };
    let mut samples = Vec::new();
    while started.elapsed() < Duration::from_secs(secs) {
        samples.push(sample(pid)?);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await?;
    }
    let sessions = editor.await?;
    // Idle for a moment: pooled connections may close, nothing else should be left open.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = sample(pid)?;
    report(&tally, &samples, idle, sessions, started.elapsed()).await?;
    drop(server);
    let env = Arc::try_unwrap(env).map_err(|_| anyhow::anyhow!("env still shared"))?;
    env.app.stop().await
}

/// Prints the figures and checks them: no error, RSS flat, no descriptor left behind.
async fn report(
    tally: &Tally,
    samples: &[Sample],
    idle: Sample,
    sessions: u64,
    took: Duration,
) -> anyhow::Result<()> {
    let requests = tally.requests.load(Ordering::Relaxed);
    let errors = tally.errors.load(Ordering::Relaxed);
    ensure!(samples.len() >= 4, "too short a run to judge");
    // The first fifth warms up (allocator arenas, connection pools, caches).
    let warm = &samples[samples.len() / 5..];
    let third = warm.len() / 3;
    let max = |s: &[Sample]| s.iter().map(|x| x.rss_kib).max().unwrap_or(0);
    let (early, late) = (
        max(&warm[..third.max(1)]),
        max(&warm[warm.len() - third.max(1)..]),
    );
    let fds_warm = warm.iter().map(|s| s.fds).max().unwrap_or(0);
    let line = format!(
        "soak: {:.0?}, {requests} requests ({sessions} editing sessions), {errors} errors; \
         RSS KiB start {} end {} max {}, early max {early} late max {late}; \
         fds start {} max {fds_warm} idle {}",
        took,
        warm[0].rss_kib,
        idle.rss_kib,
        max(samples),
        warm[0].fds,
        idle.fds,
    );
    eprintln!("{line}");
    if let Ok(path) = std::env::var("BUREAU_SOAK_REPORT") {
        std::fs::write(path, format!("{line}\n"))?;
    }
    ensure!(
        errors == 0,
        "{errors} errors: {:?}",
        tally.first_errors.lock().await
    );
    ensure!(requests > 0 && sessions > 0, "no load was run");
    ensure!(
        late <= early + early / 4 + 16 * 1024,
        "memory grew: {early} KiB early, {late} KiB late"
    );
    ensure!(
        idle.fds <= fds_warm,
        "file descriptors left open: {} idle vs {fds_warm} under load",
        idle.fds
    );
    Ok(())
}
