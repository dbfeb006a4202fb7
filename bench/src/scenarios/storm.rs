//! A callback storm: many editing sessions, each receiving the Document Server's status 1
//! callbacks (users joining and leaving) and a final status 4, posted concurrently with the
//! bodies and tokens the DS sends; against nginx answering the same POSTs with a constant
//! `{"error":0}` (the floor set by the client and loopback).
//!
//! The callbacks are built with the `onlyoffice` crate, exactly as the docserver-emulator sends
//! them, but posted by the bench itself: opening hundreds of documents through the emulator
//! would measure x2t's conversions, not Bureau.

use std::time::{Duration, Instant};

use futures_util::{StreamExt as _, TryStreamExt as _, stream};
use onlyoffice::{
    DocKey,
    callback::{Callback, CallbackStatus},
};

use super::Bench;
use crate::{
    client::{Client, editing, key_of},
    files::quantile,
    report::{Row, count, ms, verdict},
};

/// Status 1 callbacks per session (then one status 4).
const STATUS_1_PER_SESSION: usize = 9;
const CONCURRENCY: usize = 64;
/// The p99 bound of status 1 callbacks.
const MAX_P99: Duration = Duration::from_millis(20);

/// 500 sessions × 10 callbacks (50 in quick mode).
pub async fn run(b: &Bench) -> anyhow::Result<Vec<Row>> {
    let sessions = if b.quick { 50 } else { 500 };
    let keys = open_sessions(&b.client, sessions).await?;
    let ours = storm(&b.client, &b.client.callback_url(), &keys).await?;
    let theirs = storm(&b.client, &format!("{}/callback", b.nginx.base), &keys).await?;
    let total = sessions * (STATUS_1_PER_SESSION + 1);
    let rate = |s: &Storm| total as f64 / s.took.as_secs_f64();
    Ok(vec![
        Row::new(
            format!(
                "Callback storm: {sessions} sessions, {total} callbacks, {CONCURRENCY} at once"
            ),
            format!(
                "{} /s, status 1 p50 {}, p99 {}",
                count(rate(&ours)),
                ms(ours.p50),
                ms(ours.p99)
            ),
        )
        .against(
            format!(
                "nginx constant reply: {} /s, p99 {}",
                count(rate(&theirs)),
                ms(theirs.p99)
            ),
            rate(&ours),
            rate(&theirs),
        )
        .note(format!(
            "all {total} acknowledged; p99 ≤ 20 ms {}",
            verdict(ours.p99 <= MAX_P99)
        )),
    ])
}

/// Creates `n` documents (copies of one blank document) and opens each: `n` document keys.
async fn open_sessions(client: &Client, n: usize) -> anyhow::Result<Vec<DocKey>> {
    stream::iter(0..n)
        .map(|_| async move {
            let id = client.new_document("document").await?;
            key_of(&client.open(&id).await?)
        })
        .buffer_unordered(8)
        .try_collect()
        .await
}

/// What a storm measured.
#[derive(Debug)]
struct Storm {
    took: Duration,
    p50: Duration,
    p99: Duration,
}

/// Posts every session's callbacks in order, sessions concurrently; every answer must be
/// `{"error":0}`.
async fn storm(client: &Client, url: &str, keys: &[DocKey]) -> anyhow::Result<Storm> {
    let started = Instant::now();
    let per_session: Vec<Vec<Duration>> = stream::iter(keys)
        .map(|key| session(client, url, key))
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    let took = started.elapsed();
    let mut latencies: Vec<Duration> = per_session.into_iter().flatten().collect();
    latencies.sort();
    Ok(Storm {
        took,
        p50: quantile(&latencies, 0.5),
        p99: quantile(&latencies, 0.99),
    })
}

/// One session's callbacks: users 0..9 join and leave in turn, then the document closes.
async fn session(client: &Client, url: &str, key: &DocKey) -> anyhow::Result<Vec<Duration>> {
    let mut latencies = Vec::with_capacity(STATUS_1_PER_SESSION);
    for i in 0..STATUS_1_PER_SESSION {
        let user = format!("{}-{}", client.user_id, i / 2);
        let started = Instant::now();
        client
            .post_callback(url, &editing(key, &user, i % 2 == 0))
            .await?;
        latencies.push(started.elapsed());
    }
    let mut closed = Callback::new(key.clone(), CallbackStatus::Closed);
    closed.users = vec![client.user_id.clone()];
    client.post_callback(url, &closed).await?;
    Ok(latencies)
}
