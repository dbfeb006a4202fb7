//! Background jobs of `bureau serve`: blob collection and expired-session cleanup, and the lease
//! that makes every periodic job run on one process of a cluster at a time.

use std::{future::Future, time::Duration};

use crate::{
    app::AppState,
    drive::gc,
    store::{self, leases, sessions},
};

/// Name of the collection + cleanup job's lease.
pub const MAINTENANCE: &str = "maintenance";

/// Starts the periodic jobs; they stop when the runtime does.
pub fn spawn(app: &AppState) {
    let interval = app.config.gc_interval;
    if interval.is_zero() {
        return;
    }
    every(
        app,
        MAINTENANCE,
        interval.max(Duration::from_secs(1)),
        run_once,
    );
}

/// Runs `job` every `interval` on whichever process holds the lease `name`: each tick takes or
/// renews the lease for two intervals, so the holder keeps it while it lives and another process
/// takes over within two intervals of its end.
pub fn every<F, Fut>(app: &AppState, name: &'static str, interval: Duration, job: F)
where
    F: Fn(AppState) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let app = app.clone();
    let holder = store::new_id();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match holds_lease(&app, name, &holder, interval * 2).await {
                Ok(true) => job(app.clone()).await,
                Ok(false) => {}
                Err(e) => tracing::error!(job = name, "taking the job lease failed: {e:#}"),
            }
        }
    });
}

/// Takes or renews the lease `name` for `holder` for `ttl`; whether this process may run the job.
pub async fn holds_lease(
    app: &AppState,
    name: &str,
    holder: &str,
    ttl: Duration,
) -> store::Result<bool> {
    let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
    leases::take(&app.store.db, name, holder, ttl_ms, store::now_ms()).await
}

/// One pass of every maintenance job, logging failures.
pub async fn run_once(app: AppState) {
    match gc::collect(&app.store, gc::GRACE).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(blobs = n, "collected unreferenced blobs"),
        Err(e) => tracing::error!("blob collection failed: {e:#}"),
    }
    if let Err(e) = sessions::purge_expired(&app.store.db, store::now_ms()).await {
        tracing::error!("session cleanup failed: {e:#}");
    }
}
