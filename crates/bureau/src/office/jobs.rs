//! Conversion jobs as the client sees them: `POST …/convert` answers 202 with a job id at once,
//! and `GET /api/v1/jobs/:id` reports `{state, percent, file?, error?}` from the database, so any
//! Bureau process can answer while the process that started the job runs it. A job whose
//! process died (no progress for twice the conversion timeout) is reported `job_interrupted`.

use axum::{
    Json,
    extract::{Path, State},
};
use serde_json::{Value, json};

use super::converter::{self, ConvertError};
use crate::{
    app::AppState,
    auth::CurrentUser,
    drive::views::EntryView,
    error::{Error, Result},
    store::{
        self, Db, entries,
        jobs::{self, Job, Outcome},
    },
};

/// Records a running job of `kind` on a file for a user; returns its id.
pub async fn start(
    db: &Db,
    kind: &str,
    owner_id: &str,
    file_id: &str,
    target: &str,
) -> Result<String> {
    let now = store::now_ms();
    let job = Job {
        id: store::new_id(),
        kind: kind.to_owned(),
        owner_id: owner_id.to_owned(),
        file_id: file_id.to_owned(),
        target: target.to_owned(),
        state: "running".to_owned(),
        percent: 0,
        result_file_id: None,
        error_code: None,
        error_detail: None,
        created_at: now,
        updated_at: now,
    };
    jobs::insert(db, &job).await?;
    Ok(job.id)
}

/// Records progress; failures are only logged (progress is advisory).
pub fn progress(db: &Db, id: &str, percent: u8) {
    let (db, id) = (db.clone(), id.to_owned());
    tokio::spawn(async move {
        if let Err(e) = jobs::set_percent(&db, &id, i64::from(percent), store::now_ms()).await {
            tracing::warn!(job.id = %id, "recording progress failed: {e:#}");
        }
    });
}

/// Records how a job ended.
pub async fn finish(db: &Db, id: &str, result: Result<String, ConvertError>) {
    let outcome = match &result {
        Ok(file_id) => Outcome::Done { file_id },
        Err(e) => Outcome::Failed {
            code: e.code,
            detail: &e.detail,
        },
    };
    if let Err(e) = jobs::finish(db, id, outcome, store::now_ms()).await {
        tracing::error!(job.id = %id, "recording the end of a job failed: {e:#}");
    }
}

/// A running job silent for this long (twice the conversion timeout, in ms) lost its process.
fn stale_ms() -> i64 {
    i64::try_from(converter::TIMEOUT.as_millis())
        .unwrap_or(i64::MAX)
        .saturating_mul(2)
}

/// Marks a running job failed when it has made no progress for longer than any conversion may
/// take; returns the job as it now stands.
async fn expire_if_stale(db: &Db, job: Job) -> Result<Job> {
    let now = store::now_ms();
    if job.state != "running" || now - job.updated_at <= stale_ms() {
        return Ok(job);
    }
    let outcome = Outcome::Failed {
        code: "job_interrupted",
        detail: "the conversion stopped without finishing (Bureau restarted?): start it again",
    };
    jobs::finish(db, &job.id, outcome, now).await?;
    Ok(jobs::get(db, &job.id).await?)
}

/// `GET /api/v1/jobs/:id`: a job of the caller's.
pub async fn get(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    let not_found = || Error::NotFound {
        code: "job_not_found",
        what: "job",
    };
    let job = match jobs::get(&app.store.db, &id).await {
        Err(store::Error::NotFound) => return Err(not_found()),
        other => other?,
    };
    if job.owner_id != current.user.id {
        return Err(not_found());
    }
    let job = expire_if_stale(&app.store.db, job).await?;
    let mut body = json!({
        "id": job.id,
        "kind": job.kind,
        "file_id": job.file_id,
        "target": job.target,
        "state": job.state,
        "percent": job.percent,
    });
    if let Some(file_id) = &job.result_file_id {
        let file = entries::get(&app.store.db, file_id).await?;
        body["file"] = json!(EntryView::from(&file));
    }
    if let (Some(code), Some(detail)) = (&job.error_code, &job.error_detail) {
        body["error"] = json!({"code": code, "detail": detail});
    }
    Ok(Json(body))
}
