//! Queries on background jobs (conversions): their state lives in the database so that any
//! Bureau process can report it.

use super::{Db, Result, db::run, expect_row};

/// One job.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Job {
    /// Id (UUIDv7).
    pub id: String,
    /// What it does, e.g. `convert`.
    pub kind: String,
    /// Who started it (only they may see it).
    pub owner_id: String,
    /// The file it works on.
    pub file_id: String,
    /// The target format (extension).
    pub target: String,
    /// `running`, `done` or `failed`.
    pub state: String,
    /// Progress, 0 to 100.
    pub percent: i64,
    /// The file it produced, once done.
    pub result_file_id: Option<String>,
    /// Stable error code, once failed.
    pub error_code: Option<String>,
    /// Error message, once failed.
    pub error_detail: Option<String>,
    /// Creation time (unix ms).
    pub created_at: i64,
    /// Last change (unix ms).
    pub updated_at: i64,
}

const COLUMNS: &str = "id, kind, owner_id, file_id, target, state, percent, result_file_id, \
                       error_code, error_detail, created_at, updated_at";

/// Records a new job.
pub async fn insert(db: &Db, j: &Job) -> Result<()> {
    let sql = format!(
        "INSERT INTO jobs ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    );
    run!(db, |p| sqlx::query(&sql)
        .bind(&j.id)
        .bind(&j.kind)
        .bind(&j.owner_id)
        .bind(&j.file_id)
        .bind(&j.target)
        .bind(&j.state)
        .bind(j.percent)
        .bind(&j.result_file_id)
        .bind(&j.error_code)
        .bind(&j.error_detail)
        .bind(j.created_at)
        .bind(j.updated_at)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A job by id.
pub async fn get(db: &Db, id: &str) -> Result<Job> {
    let sql = format!("SELECT {COLUMNS} FROM jobs WHERE id = $1");
    Ok(run!(db, |p| sqlx::query_as(&sql)
        .bind(id)
        .fetch_one(p)
        .await)?)
}

/// Records progress of a running job (a finished job keeps its state).
pub async fn set_percent(db: &Db, id: &str, percent: i64, now: i64) -> Result<()> {
    let sql = "UPDATE jobs SET percent = $1, updated_at = $2 WHERE id = $3 AND state = 'running'";
    run!(db, |p| sqlx::query(sql)
        .bind(percent)
        .bind(now)
        .bind(id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends a job: `done` with the file it produced, or `failed` with an error.
pub async fn finish(db: &Db, id: &str, outcome: Outcome<'_>, now: i64) -> Result<()> {
    let (state, file, code, detail) = match outcome {
        Outcome::Done { file_id } => ("done", Some(file_id), None, None),
        Outcome::Failed { code, detail } => ("failed", None, Some(code), Some(detail)),
    };
    let sql = "UPDATE jobs SET state = $1, percent = CASE WHEN $1 = 'done' THEN 100 ELSE percent \
               END, result_file_id = $2, error_code = $3, error_detail = $4, updated_at = $5 \
               WHERE id = $6";
    expect_row(run!(db, |p| sqlx::query(sql)
        .bind(state)
        .bind(file)
        .bind(code)
        .bind(detail)
        .bind(now)
        .bind(id)
        .execute(p)
        .await?
        .rows_affected()))
}

/// How a job ended.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    /// It produced a file.
    Done {
        /// The file.
        file_id: &'a str,
    },
    /// It failed.
    Failed {
        /// Stable error code.
        code: &'a str,
        /// Message for the user.
        detail: &'a str,
    },
}
