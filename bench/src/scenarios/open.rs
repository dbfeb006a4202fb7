//! `GET /office/:id/open` under load, against nginx serving a static JSON of the same size.

use std::{fs, time::Duration};

use super::Bench;
use crate::{
    report::{Better, Row, count, ms, verdict},
    wrk,
};

/// The bounds: at least 40 % of nginx's throughput, p99 within 5 ms at 64 connections.
const MIN_RATIO: f64 = 0.4;
const MAX_P99_AT_64: Duration = Duration::from_millis(5);

/// Measures at 1, 16 and 64 connections.
pub async fn run(b: &Bench) -> anyhow::Result<Vec<Row>> {
    let id = b.client.new_document("document").await?;
    let url = b.client.open_url(&id);
    let body = reqwest::Client::new()
        .get(&url)
        .header("Authorization", &b.client.auth)
        .send()
        .await?
        .error_for_status()?
        .text()
        .await?;
    fs::write(b.www.join("open.json"), &body)?;
    let auth = [format!("Authorization: {}", b.client.auth)];
    let mut rows = Vec::new();
    for connections in [1, 16, 64] {
        let ours = wrk::run(&url, connections, b.secs, &auth)?;
        let theirs = wrk::run(
            &format!("{}/open.json", b.nginx.base),
            connections,
            b.secs,
            &[],
        )?;
        let mut row = Row::new(
            format!(
                "`GET /office/:id/open`, {connections} conn ({} B)",
                body.len()
            ),
            format!(
                "{} req/s, p50 {}, p99 {}",
                count(ours.rps),
                ms(ours.p50),
                ms(ours.p99)
            ),
        )
        .against(
            format!(
                "nginx static JSON: {} req/s, p99 {}",
                count(theirs.rps),
                ms(theirs.p99)
            ),
            ours.rps,
            theirs.rps,
        )
        .target(Better::Higher, MIN_RATIO)
        .note(format!("{} errors", ours.errors));
        if connections == 64 {
            let ok = ours.p99 <= MAX_P99_AT_64;
            row = row.note(format!("p99 ≤ 5 ms {}", verdict(ok)));
        }
        rows.push(row);
    }
    Ok(rows)
}
