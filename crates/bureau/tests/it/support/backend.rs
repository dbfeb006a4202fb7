//! Which metadata database and blob store a [`super::TestApp`] runs on, chosen once per test run by
//! `BUREAU_TEST_BACKEND`:
//!
//! - unset or `embedded`: SQLite + disk in the test's temporary data directory (the default);
//! - `postgres`: a fresh PostgreSQL database per test, blobs on disk;
//! - `postgres+s3`: a fresh PostgreSQL database and a fresh S3 prefix per test.
//!
//! PostgreSQL is reached through the admin URL in `BUREAU_TEST_POSTGRES_URL` and S3 through
//! `BUREAU_TEST_S3_ENDPOINT` plus the usual `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`;
//! `scripts/setup/postgres.sh` and `scripts/setup/s3.sh` start both and print these. A selected
//! backend that is not configured or not reachable fails the test with these instructions.

use std::path::Path;

use anyhow::{Context as _, bail};
use sqlx::{Connection as _, PgConnection};

/// The bucket every test's S3 prefix lives in (`scripts/setup/s3.sh` creates it).
pub const S3_BUCKET: &str = "bureau-test";

const HOWTO: &str = "start the servers with `eval \"$(scripts/setup/postgres.sh)\"; \
    eval \"$(scripts/setup/s3.sh)\"`, or unset BUREAU_TEST_BACKEND for SQLite+disk";

/// The backends a test run can select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite + disk in the data directory.
    Embedded,
    /// PostgreSQL + disk.
    Postgres,
    /// PostgreSQL + S3.
    PostgresS3,
}

impl Backend {
    /// The backend this test run selected.
    pub fn selected() -> anyhow::Result<Self> {
        match std::env::var("BUREAU_TEST_BACKEND").as_deref() {
            Err(_) | Ok("" | "embedded" | "sqlite") => Ok(Self::Embedded),
            Ok("postgres") => Ok(Self::Postgres),
            Ok("postgres+s3") => Ok(Self::PostgresS3),
            Ok(other) => {
                bail!("BUREAU_TEST_BACKEND={other}: use embedded, postgres or postgres+s3")
            }
        }
    }
}

/// Settings (config keys and values) that put a server on the selected backend; what they point
/// at is created fresh for this test. The database is dropped with the returned [`Provisioned`].
pub async fn provision() -> anyhow::Result<Provisioned> {
    let backend = Backend::selected()?;
    let mut out = Provisioned::default();
    if backend == Backend::Embedded {
        return Ok(out);
    }
    let admin = env("BUREAU_TEST_POSTGRES_URL")?;
    let name = format!("bureau_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = PgConnection::connect(&admin)
        .await
        .with_context(|| format!("connecting to BUREAU_TEST_POSTGRES_URL; {HOWTO}"))?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .context("creating the test database")?;
    let mut url = url::Url::parse(&admin).context("BUREAU_TEST_POSTGRES_URL")?;
    url.set_path(&name);
    out.settings.push(("database_url", url.to_string()));
    out.drop_db = Some((admin, name));
    if backend == Backend::PostgresS3 {
        let endpoint = env("BUREAU_TEST_S3_ENDPOINT")?;
        env("AWS_ACCESS_KEY_ID")?;
        let prefix = uuid::Uuid::new_v4().simple();
        out.settings.push((
            "storage_url",
            format!("s3://{S3_BUCKET}/{prefix}?endpoint={endpoint}&region=us-east-1"),
        ));
    }
    Ok(out)
}

fn env(var: &str) -> anyhow::Result<String> {
    std::env::var(var).with_context(|| format!("{var} is not set; {HOWTO}"))
}

/// The backend settings of one test, and the database to drop when it ends.
#[derive(Debug, Default)]
pub struct Provisioned {
    /// Config keys and values to add to the server's settings.
    pub settings: Vec<(&'static str, String)>,
    drop_db: Option<(String, String)>,
}

impl Provisioned {
    /// The settings as environment variables, for the `bureau` binary.
    pub fn env(&self) -> Vec<(String, String)> {
        self.settings
            .iter()
            .map(|(k, v)| (format!("BUREAU_{}", k.to_ascii_uppercase()), v.clone()))
            .collect()
    }

    /// Settings that put another server on the same database and blob store as the server whose
    /// data directory is `data_dir` (two processes of one cluster).
    pub fn store_settings(&self, data_dir: &Path) -> Vec<(&'static str, String)> {
        let own = |key: &str| {
            self.settings
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        };
        let db = own("database_url")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("bureau.db").display()));
        let blobs =
            own("storage_url").unwrap_or_else(|| data_dir.join("blobs").display().to_string());
        vec![("database_url", db), ("storage_url", blobs)]
    }

    /// Saves the environment next to a data directory, where the `bureau` binary helpers find it.
    pub fn write_env(&self, data_dir: &Path) -> anyhow::Result<()> {
        let lines: String = self
            .env()
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect();
        std::fs::write(data_dir.join(ENV_FILE), lines).context("writing the backend env file")
    }
}

/// File in a test data directory holding the backend's `BUREAU_*` variables.
pub const ENV_FILE: &str = "test-backend.env";

/// The backend variables saved next to `data_dir` by [`Provisioned::write_env`], if any.
pub fn env_of(data_dir: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(data_dir.join(ENV_FILE))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

impl Drop for Provisioned {
    fn drop(&mut self) {
        let Some((admin, name)) = self.drop_db.take() else {
            return;
        };
        // A fresh thread with its own runtime: Drop may run inside or outside a runtime.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            rt.block_on(async {
                let mut conn = PgConnection::connect(&admin).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await
                    .map(drop)
            })
            .map_err(std::io::Error::other)
        })
        .join();
    }
}
