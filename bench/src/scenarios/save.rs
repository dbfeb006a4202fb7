//! The save path: a status 2 callback whose result is a 100 MiB file on the "Document Server"
//! (nginx), timed to Bureau's `{"error":0}`, against `curl -o` of the same file to the same disk;
//! and how much Bureau's peak RSS grew meanwhile.

use std::time::{Duration, Instant};

use onlyoffice::callback::CallbackStatus;
use time::{OffsetDateTime, macros::format_description};

use super::Bench;
use crate::{
    client::{editing, key_of},
    files::{MIB, curl_get, median, timed, write_random},
    procs::{memory, reset_peak},
    report::{Better, Row, kib_to_mib, mib_per_s, verdict},
};

/// At most 1.3 × curl's time, and at most 32 MiB more peak RSS.
const MAX_RATIO: f64 = 1.3;
const MAX_RSS_GROWTH_KIB: u64 = 32 * 1024;
const RUNS: usize = 3;

/// Three saves of distinct 100 MiB results (each a new editing session), medians reported.
pub async fn run(b: &Bench) -> anyhow::Result<Vec<Row>> {
    let size = if b.quick { 10 * MIB } else { 100 * MIB };
    let (mut ours, mut theirs, mut growth) = (Vec::new(), Vec::new(), 0u64);
    for run in 0..RUNS {
        let name = format!("result-{run}.docx");
        write_random(&b.www.join(&name), size)?;
        let url = format!("{}/{name}", b.nginx.base);
        let (took, grew) = save_once(b, &url).await?;
        ours.push(took);
        growth = growth.max(grew);
        let dest = b.scratch.join("curl-result.bin");
        theirs.push(timed(&mut curl_get(&url, &dest, &[]))?);
        std::fs::remove_file(dest)?;
    }
    let (ours, theirs) = (median(ours), median(theirs));
    let mib = size / MIB;
    Ok(vec![
        Row::new(
            format!("Save: status 2 callback, {mib} MiB result → `{{\"error\":0}}`"),
            format!(
                "{:.2} s ({:.0} MiB/s)",
                ours.as_secs_f64(),
                mib_per_s(size, ours.as_secs_f64())
            ),
        )
        .against(
            format!("`curl -o` same disk: {:.2} s", theirs.as_secs_f64()),
            ours.as_secs_f64(),
            theirs.as_secs_f64(),
        )
        .target(Better::Lower, MAX_RATIO)
        .note(format!(
            "peak RSS growth {:.1} MiB (≤ 32 MiB {})",
            kib_to_mib(growth),
            verdict(growth <= MAX_RSS_GROWTH_KIB)
        )),
    ])
}

/// Opens a new document, joins its session and saves `url` into it; returns the callback's
/// time and the growth of Bureau's peak RSS during it.
async fn save_once(b: &Bench, url: &str) -> anyhow::Result<(Duration, u64)> {
    let user = b.client.user_id.clone();
    let id = b.client.new_document("document").await?;
    let key = key_of(&b.client.open(&id).await?)?;
    let callback_url = b.client.callback_url();
    b.client
        .post_callback(&callback_url, &editing(&key, &user, true))
        .await?;
    let mut save = onlyoffice::callback::Callback::new(key, CallbackStatus::MustSave);
    save.url = Some(url.to_owned());
    save.users = vec![user];
    save.filetype = Some("docx".into());
    save.lastsave = Some(OffsetDateTime::now_utc().format(format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].000Z"
    ))?);
    let pid = b.bureau.pid();
    reset_peak(pid)?;
    let before = memory(pid)?.rss_kib;
    let started = Instant::now();
    b.client.post_callback(&callback_url, &save).await?;
    let took = started.elapsed();
    let grew = memory(pid)?.peak_kib.saturating_sub(before);
    Ok((took, grew))
}
