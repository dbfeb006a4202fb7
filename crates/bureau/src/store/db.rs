//! The metadata database: one pool enum over SQLite (the embedded default) and PostgreSQL, with
//! the same portable SQL running on both through the `run!` dispatch macro.

use std::{str::FromStr, time::Duration};

use anyhow::Context as _;
use sqlx::{
    PgPool, SqlitePool,
    postgres::PgPoolOptions,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::config::DatabaseUrl;

/// A connection pool on one of the supported backends.
#[derive(Debug, Clone)]
pub enum Db {
    /// SQLite in WAL mode.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// Runs the same body against whichever pool (or transaction) `$db` holds, binding it to `$c`.
/// The body is compiled once per backend, so it must be portable SQL with `$1…` placeholders.
macro_rules! run {
    ($db:expr, |$c:ident| $body:expr) => {
        match $db {
            $crate::store::db::Db::Sqlite($c) => $body,
            $crate::store::db::Db::Postgres($c) => $body,
        }
    };
}
pub(crate) use run;

/// A transaction on either backend; the write lock is taken at `BEGIN` so that concurrent saves
/// serialise instead of failing (`BEGIN IMMEDIATE` on SQLite; row locks on PostgreSQL).
#[derive(Debug)]
pub enum Tx {
    /// An SQLite transaction.
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    /// A PostgreSQL transaction.
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Like [`run!`], for a [`Tx`]: binds `$c` to the transaction's connection.
macro_rules! run_tx {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::store::db::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::store::db::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use run_tx;

impl Tx {
    /// Commits the transaction.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Self::Sqlite(t) => t.commit().await,
            Self::Postgres(t) => t.commit().await,
        }
    }
}

/// The oldest PostgreSQL release Bureau is tested against (`server_version_num`).
const MIN_POSTGRES: i32 = 130_000;

/// Refuses a PostgreSQL server older than [`MIN_POSTGRES`], naming both versions.
async fn check_server_version(pool: &PgPool) -> anyhow::Result<()> {
    let raw: String = sqlx::query_scalar("SHOW server_version_num")
        .fetch_one(pool)
        .await
        .context("reading the PostgreSQL server version")?;
    let version: i32 = raw.trim().parse().unwrap_or(0);
    anyhow::ensure!(
        version >= MIN_POSTGRES,
        "PostgreSQL {raw} is too old: Bureau needs version 13 or newer"
    );
    Ok(())
}

impl Db {
    /// Connects (creating the SQLite file and its directory when missing) and applies migrations.
    pub async fn connect(url: &DatabaseUrl) -> anyhow::Result<Self> {
        let db = match url {
            DatabaseUrl::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).with_context(|| {
                        format!("creating database directory {}", dir.display())
                    })?;
                }
                let opts = SqliteConnectOptions::from_str("sqlite://")?
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5));
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .connect_with(opts)
                    .await
                    .with_context(|| format!("opening SQLite database {}", path.display()))?;
                Self::Sqlite(pool)
            }
            DatabaseUrl::Postgres(raw) => {
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(raw)
                    .await
                    .with_context(|| format!("connecting to {}", url.masked()))?;
                check_server_version(&pool).await?;
                Self::Postgres(pool)
            }
        };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Self::Sqlite(p) => sqlx::migrate!("./migrations").run(p).await,
            Self::Postgres(p) => sqlx::migrate!("./migrations").run(p).await,
        }
        .context("applying database migrations")
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Self::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// The newest applied migration version, for `bureau doctor`.
    pub async fn schema_version(&self) -> Result<i64, sqlx::Error> {
        let sql = "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success";
        run!(self, |p| sqlx::query_scalar(sql).fetch_one(p).await)
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        run!(self, |p| sqlx::query("SELECT 1").execute(p).await.map(drop))
    }

    /// Closes every connection.
    pub async fn close(&self) {
        run!(self, |p| p.close().await);
    }
}
