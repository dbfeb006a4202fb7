//! `bureau-bench`: Bureau's performance next to a reference measured in the same run (nginx,
//! curl, dd), as a Markdown table for BENCHMARKS.md. `bench/run` builds everything, starts the
//! backends and runs it once per backend; see BENCHMARKS.md.

mod client;
mod files;
mod procs;
mod report;
mod s3;
mod scenarios;
mod wrk;

use std::{path::PathBuf, time::Duration};

use anyhow::Context as _;
use clap::Parser;

use crate::{
    procs::Backend,
    report::{Row, kib_to_mib, ms},
    scenarios::Bench,
};

/// Benchmarks one Bureau backend against nginx, curl and dd.
#[derive(Debug, Parser)]
struct Cli {
    /// The `bureau` binary (a release build).
    #[arg(long, default_value = "target/release/bureau")]
    bureau: PathBuf,
    /// A label for the table, e.g. "SQLite + disk".
    #[arg(long, default_value = "SQLite + disk")]
    label: String,
    /// `BUREAU_DATABASE_URL` for Bureau (an empty database); default: SQLite in the data dir.
    #[arg(long)]
    database_url: Option<String>,
    /// `BUREAU_STORAGE_URL` for Bureau; default: the data dir's disk.
    #[arg(long)]
    storage_url: Option<String>,
    /// Seconds per wrk run.
    #[arg(long, default_value_t = 10)]
    secs: u64,
    /// Small sizes and counts, to check the harness quickly.
    #[arg(long)]
    quick: bool,
    /// Where to put scratch files (on the disk to measure); default: the system temp dir.
    #[arg(long)]
    scratch: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let backend = Backend {
        label: cli.label.clone(),
        database_url: cli.database_url.clone(),
        storage_url: cli.storage_url.clone(),
    };
    let dir = match &cli.scratch {
        Some(base) => tempfile::tempdir_in(base)?,
        None => tempfile::tempdir()?,
    };
    let (www, data, scratch) = (
        dir.path().join("www"),
        dir.path().join("data"),
        dir.path().join("scratch"),
    );
    for d in [&www, &data, &scratch] {
        std::fs::create_dir_all(d)?;
    }
    std::fs::write(www.join("ready.txt"), "ok")?;
    let nginx = procs::nginx(dir.path(), &www).await?;
    let bureau = procs::bureau(&cli.bureau, &data, &backend, &format!("{}/", nginx.base)).await?;
    let idle = idle_row(&bureau, &nginx).await?;
    let mut env = vec![("BUREAU_DATA_DIR", data.display().to_string())];
    env.extend(
        backend
            .database_url
            .clone()
            .map(|u| ("BUREAU_DATABASE_URL", u)),
    );
    env.extend(
        backend
            .storage_url
            .clone()
            .map(|u| ("BUREAU_STORAGE_URL", u)),
    );
    let client = client::Client::new(&cli.bureau, &bureau, &env).await?;
    let bench = Bench {
        bureau,
        nginx,
        www,
        scratch,
        client,
        secs: if cli.quick { 2 } else { cli.secs },
        quick: cli.quick,
        s3: match &cli.storage_url {
            Some(url) => s3::S3::from_storage_url(url)?,
            None => None,
        },
    };
    let mut rows = vec![idle];
    rows.extend(scenarios::open::run(&bench).await.context("open")?);
    rows.extend(
        scenarios::storm::run(&bench)
            .await
            .context("callback storm")?,
    );
    rows.extend(scenarios::save::run(&bench).await.context("save")?);
    rows.extend(scenarios::transfer::run(&bench).await.context("transfer")?);
    print!("{}", report::markdown(&backend.label, &rows));
    Ok(())
}

/// Start-up time (spawn to first answer, empty data dir) and idle RSS after 2 s, next to nginx.
async fn idle_row(bureau: &procs::Running, nginx: &procs::Running) -> anyhow::Result<Row> {
    tokio::time::sleep(Duration::from_secs(2)).await;
    let ours = procs::memory(bureau.pid())?.rss_kib;
    let theirs = procs::tree_rss_kib(nginx.pid())?;
    Ok(Row::new(
        "Start-up on an empty data dir; idle RSS",
        format!("{}; {:.1} MiB", ms(bureau.startup), kib_to_mib(ours)),
    )
    .against(
        format!(
            "nginx: {}; {:.1} MiB (master + workers)",
            ms(nginx.startup),
            kib_to_mib(theirs)
        ),
        bureau.startup.as_secs_f64(),
        nginx.startup.as_secs_f64(),
    ))
}
