//! Persistence: metadata in SQL ([`db`]) and content in the blob store ([`blobs`]). Only this
//! module names sqlx types; the rest of Bureau calls the query functions of each aggregate.

pub mod blobs;
pub mod db;
pub mod entries;
pub mod history;
pub mod jobs;
pub mod leases;
pub mod login_failures;
pub mod migrate;
pub mod office;
pub mod secrets;
pub mod sessions;
pub mod settings;
pub mod shares;
pub mod thumbnails;
pub mod tokens;
pub mod users;
pub mod versions;

use std::time::{SystemTime, UNIX_EPOCH};

pub use blobs::{BlobHash, BlobStore};
pub use db::{Db, Tx};

/// A store failure, mapped once from sqlx.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The row does not exist.
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was violated.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// Anything else: connection, I/O, corruption.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => Self::NotFound,
            sqlx::Error::Database(d) if d.is_unique_violation() => Self::Conflict("already exists"),
            other => Self::Other(anyhow::Error::new(other).context("database")),
        }
    }
}

/// Result of a store call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Metadata database and blob store together.
#[derive(Debug, Clone)]
pub struct Store {
    /// The metadata database.
    pub db: Db,
    /// The blob store.
    pub blobs: BlobStore,
}

/// Milliseconds since the Unix epoch, the time unit of every stored timestamp.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A new time-ordered id (UUIDv7).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Turns "no row was touched" into [`Error::NotFound`].
pub(crate) fn expect_row(rows_affected: u64) -> Result<()> {
    if rows_affected == 0 {
        Err(Error::NotFound)
    } else {
        Ok(())
    }
}
