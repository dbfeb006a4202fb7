//! `bureau migrate`: copies an embedded installation (SQLite + disk) into PostgreSQL + S3.
//!
//! The source is opened read-only and never changed. The target is migrated to the current
//! schema first; then every table is copied in foreign-key order (a self-referencing table such
//! as `entries` in as many passes as its depth needs), each row with `ON CONFLICT DO NOTHING`, and
//! every blob is streamed across unless the target already has it. A run cut short is therefore
//! resumed by running the command again. At the end the row counts of every table must match, and
//! every blob is read back from the target and its SHA-256 re-computed.

use std::collections::BTreeSet;

use anyhow::{Context as _, bail, ensure};
use futures_util::TryStreamExt as _;
use sha2::{Digest as _, Sha256};
use sqlx::{PgPool, Row as _, SqlitePool, sqlite::SqliteConnectOptions};

use super::{BlobStore, Db, blobs::PutError};
use crate::config::{DatabaseUrl, StorageUrl};

/// What a run copied.
#[derive(Debug, Default)]
pub struct Report {
    /// Rows inserted (rows already on the target are not counted).
    pub rows: u64,
    /// Blobs copied (blobs already on the target are not counted).
    pub blobs: u64,
    /// Blobs verified on the target.
    pub verified: u64,
}

/// Copies the installation at `source`/`source_blobs` into `to_database`/`to_storage`, with
/// progress on stderr.
pub async fn run(
    source: &DatabaseUrl,
    source_blobs: &StorageUrl,
    to_database: &str,
    to_storage: &str,
) -> anyhow::Result<Report> {
    let DatabaseUrl::Sqlite(path) = source else {
        bail!("the source must be an embedded (SQLite) installation");
    };
    ensure!(
        to_database.starts_with("postgres://") || to_database.starts_with("postgresql://"),
        "--to-database must be a postgres:// URL"
    );
    let to_storage =
        StorageUrl::parse(to_storage).map_err(|e| anyhow::anyhow!("--to-storage: {e}"))?;
    let opts = SqliteConnectOptions::new().filename(path).read_only(true);
    let src = SqlitePool::connect_with(opts)
        .await
        .with_context(|| format!("opening {} read-only", path.display()))?;
    let Db::Postgres(dst) = Db::connect(&DatabaseUrl::Postgres(to_database.to_owned())).await?
    else {
        bail!("--to-database must be a postgres:// URL");
    };
    let mut report = Report::default();
    for table in tables(&dst).await? {
        report.rows += copy_table(&src, &dst, &table).await?;
    }
    let from = BlobStore::open(source_blobs)
        .await
        .context("opening the source blobs")?;
    let to = BlobStore::open(&to_storage)
        .await
        .context("opening the target blob store")?;
    copy_blobs(&from, &to, &mut report).await?;
    Ok(report)
}

/// The target's tables, parents before children.
async fn tables(dst: &PgPool) -> anyhow::Result<Vec<String>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
         AND table_name <> '_sqlx_migrations' ORDER BY table_name",
    )
    .fetch_all(dst)
    .await?;
    let edges: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT tc.table_name::text, ccu.table_name::text \
         FROM information_schema.table_constraints tc \
         JOIN information_schema.constraint_column_usage ccu \
           ON ccu.constraint_name = tc.constraint_name \
         WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()",
    )
    .fetch_all(dst)
    .await?;
    let mut ordered: Vec<String> = Vec::new();
    while ordered.len() < names.len() {
        let before = ordered.len();
        for name in &names {
            let ready = edges
                .iter()
                .filter(|(child, parent)| child == name && parent != name)
                .all(|(_, parent)| ordered.contains(parent));
            if ready && !ordered.contains(name) {
                ordered.push(name.clone());
            }
        }
        ensure!(
            ordered.len() > before,
            "circular foreign keys between tables"
        );
    }
    Ok(ordered)
}

/// Copies one table's rows; returns how many were new on the target.
async fn copy_table(src: &SqlitePool, dst: &PgPool, table: &str) -> anyhow::Result<u64> {
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(dst)
    .await?;
    let list = columns
        .iter()
        .map(|(c, _)| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = sqlx::query(&format!("SELECT {list} FROM \"{table}\""))
        .fetch_all(src)
        .await
        .with_context(|| format!("reading table {table} from the source"))?;
    let marks = (1..=columns.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let insert =
        format!("INSERT INTO \"{table}\" ({list}) VALUES ({marks}) ON CONFLICT DO NOTHING");
    let (mut pending, mut inserted) = (rows, 0u64);
    // Rows whose parent row (same table) is not there yet wait for the next pass.
    while !pending.is_empty() {
        let mut later = Vec::new();
        let waiting = pending.len();
        for row in pending {
            let mut q = sqlx::query(&insert);
            for (i, (name, kind)) in columns.iter().enumerate() {
                q = bind(q, &row, i, kind).with_context(|| format!("{table}.{name}"))?;
            }
            match q.execute(dst).await {
                Ok(done) => inserted += done.rows_affected(),
                Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => later.push(row),
                Err(e) => return Err(e).with_context(|| format!("writing table {table}")),
            }
        }
        ensure!(
            later.len() < waiting,
            "{table}: rows reference missing parents"
        );
        pending = later;
    }
    let count = format!("SELECT COUNT(*) FROM \"{table}\"");
    let from: i64 = sqlx::query_scalar(&count).fetch_one(src).await?;
    let to: i64 = sqlx::query_scalar(&count).fetch_one(dst).await?;
    eprintln!("{table}: {inserted} row(s) copied, {to} on the target");
    ensure!(
        from == to,
        "{table}: {from} row(s) in the source but {to} on the target"
    );
    Ok(inserted)
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>;

/// Binds column `i` of a source row as the target column's type.
fn bind<'q>(
    q: Query<'q>,
    row: &sqlx::sqlite::SqliteRow,
    i: usize,
    kind: &str,
) -> anyhow::Result<Query<'q>> {
    Ok(match kind {
        "bigint" => q.bind(row.try_get::<Option<i64>, _>(i)?),
        "integer" | "smallint" => q.bind(row.try_get::<Option<i32>, _>(i)?),
        "boolean" => q.bind(row.try_get::<Option<bool>, _>(i)?),
        "bytea" => q.bind(row.try_get::<Option<Vec<u8>>, _>(i)?),
        "double precision" | "real" => q.bind(row.try_get::<Option<f64>, _>(i)?),
        "text" | "character varying" => q.bind(row.try_get::<Option<String>, _>(i)?),
        other => bail!("unsupported column type {other}"),
    })
}

/// Streams every source blob the target lacks, then re-hashes every blob on the target.
async fn copy_blobs(from: &BlobStore, to: &BlobStore, report: &mut Report) -> anyhow::Result<()> {
    let blobs: BTreeSet<_> = from.list().await?.into_iter().map(|(h, _)| h).collect();
    let total = blobs.len();
    for (i, hash) in blobs.iter().enumerate() {
        let size = from
            .size(hash)
            .await?
            .context("blob vanished from the source")?;
        if to.size(hash).await? != Some(size) {
            let body = from.read(hash, 0, size).await?;
            let stored = to
                .put(body, u64::MAX)
                .await
                .map_err(|e: PutError| anyhow::anyhow!(e))?;
            ensure!(
                stored.hash == *hash,
                "blob {hash} arrived as {}",
                stored.hash
            );
            report.blobs += 1;
        }
        if (i + 1) % 100 == 0 || i + 1 == total {
            eprintln!("blobs: {}/{total} present on the target", i + 1);
        }
    }
    for hash in &blobs {
        let size = to.size(hash).await?.context("blob missing on the target")?;
        let mut stream = to.read(hash, 0, size).await?;
        let mut hasher = Sha256::new();
        while let Some(chunk) = stream.try_next().await? {
            hasher.update(&chunk);
        }
        ensure!(
            hex::encode(hasher.finalize()) == hash.as_str(),
            "blob {hash} is corrupt on the target"
        );
        report.verified += 1;
    }
    eprintln!("blobs: {} verified on the target", report.verified);
    Ok(())
}
