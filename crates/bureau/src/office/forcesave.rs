//! Periodic force-saves: for long editing sessions, ask the Document Server (Command service
//! `forcesave`) to save every document with editors now, so a crash of the Document Server loses
//! at most one interval of work. The save arrives as a status-6 callback and keeps the key.

use std::time::Duration;

use onlyoffice::{DocKey, Endpoint, command::CommandClient};

use super::Office;
use crate::{app::AppState, store::office};

/// The Command service client for the configured Document Server.
pub fn command_client(office: &Office) -> anyhow::Result<CommandClient> {
    let header = http::HeaderName::from_bytes(office.docs.jwt_header.as_bytes())?;
    let endpoint = Endpoint::new(office.docs.internal_url.clone(), office.jwt.clone())
        .with_header_name(header);
    Ok(CommandClient::new(endpoint))
}

/// Starts the periodic force-save job when an interval is configured; each run uses the
/// connection in use then (none: nothing to do).
pub fn spawn(app: &AppState) {
    let interval = app.config.docs_forcesave_interval;
    if interval.is_zero() {
        return;
    }
    let interval = interval.max(Duration::from_secs(10));
    crate::jobs::every(app, FORCESAVE, interval, |app| async move {
        let Some(office) = app.office() else {
            return;
        };
        if let Err(e) = run_once(&app, &office).await {
            tracing::error!("periodic force-save failed: {e:#}");
        }
    });
}

/// Name of the periodic force-save job's lease.
pub const FORCESAVE: &str = "forcesave";

/// Asks for a force-save of every session that has editors; returns how many were asked.
pub async fn run_once(app: &AppState, office: &Office) -> anyhow::Result<usize> {
    let client = command_client(office)?;
    let mut asked = 0;
    for session in office::busy(&app.store.db).await? {
        let key = DocKey::parse(session.doc_key.as_str())?;
        match client.forcesave(&key, Some("bureau-periodic")).await {
            Ok(_) => asked += 1,
            Err(e) => tracing::warn!(doc.key = %session.doc_key, "force-save request failed: {e}"),
        }
    }
    Ok(asked)
}
