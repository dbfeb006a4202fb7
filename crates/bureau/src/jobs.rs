//! Background jobs of `bureau serve`: blob collection and expired-session cleanup.

use std::time::Duration;

use crate::{
    app::AppState,
    drive::gc,
    store::{self, sessions},
};

/// Starts the periodic jobs; they stop when the runtime does.
pub fn spawn(app: &AppState) {
    let interval = app.config.gc_interval;
    if interval.is_zero() {
        return;
    }
    let app = app.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval.max(Duration::from_secs(1)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            run_once(&app).await;
        }
    });
}

/// One pass of every job, logging failures.
pub async fn run_once(app: &AppState) {
    match gc::collect(&app.store, gc::GRACE).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(blobs = n, "collected unreferenced blobs"),
        Err(e) => tracing::error!("blob collection failed: {e:#}"),
    }
    if let Err(e) = sessions::purge_expired(&app.store.db, store::now_ms()).await {
        tracing::error!("session cleanup failed: {e:#}");
    }
}
