//! Faults on the save path, on Bureau's side: the disk fills up, another connection holds the
//! database's write lock, the process is killed (`SIGKILL`) in the middle of a save. The
//! Document Server is told to retry (or, on PostgreSQL, the save waits for the lock), the retry
//! lands, no version is torn or empty, no temporary blob is left, and the edit is in a version.

use std::{
    io::Write as _,
    path::{Path, PathBuf},
    process::Command,
    str::FromStr as _,
    time::Duration,
};

use anyhow::{Context as _, bail, ensure};
use docserver_emulator::{Faults, Outcome, ResultFault};
use sqlx::{
    Connection as _, Executor as _, PgConnection, SqliteConnection, sqlite::SqliteConnectOptions,
};

use super::{OfficeEnv, WAIT, whole_versions, zip_part};
use crate::support::Api;

/// A small tmpfs mounted on a temporary directory, unmounted when dropped. Mounting needs root
/// (CAP_SYS_ADMIN), which the test machines have; a real file system that fills up gives the
/// real `ENOSPC`, on every write Bureau makes (blobs and the SQLite database alike).
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .context("running mount")?;
        ensure!(
            status.success(),
            "mounting a tmpfs failed ({status}): this test needs root (CAP_SYS_ADMIN)"
        );
        Ok(Self { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the file system up with one file; returns its path.
    fn fill(&self) -> anyhow::Result<PathBuf> {
        let path = self.path().join("filler");
        let mut file = std::fs::File::create(&path)?;
        for chunk in [1 << 20, 4096, 1] {
            let block = vec![0u8; chunk];
            while file.write_all(&block).is_ok() {}
        }
        let full = file.write_all(&[0]).and_then(|()| file.sync_all());
        ensure!(full.is_err(), "the tmpfs did not fill up");
        Ok(path)
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Opens an editor on a fresh upload, types `text` and closes it, with `arm` run just before
/// the close; returns (file id, key).
async fn edit_and_close(
    env: &OfficeEnv,
    api: &Api,
    text: &str,
    arm: impl FnOnce() -> anyhow::Result<()>,
) -> anyhow::Result<(String, String)> {
    let id = env.upload_fixture(api, "test.docx", "Local.docx").await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().wait_for_callback(&key, 1, WAIT).await?;
    env.ds().edit(&conn, text)?;
    arm()?;
    env.ds().leave(&conn)?;
    Ok((id, key))
}

/// The edit is the newest of exactly two whole versions.
async fn saved_once(api: &Api, id: &str, text: &str) -> anyhow::Result<()> {
    let whole = whole_versions(api, id).await?;
    ensure!(whole.len() == 2, "{} versions", whole.len());
    ensure!(zip_part(&whole[1], "word/document.xml")?.contains(text));
    Ok(())
}

#[tokio::test]
async fn a_full_disk_makes_the_save_retry_and_the_retry_lands() -> anyhow::Result<()> {
    let disk = Tmpfs::mount("32m")?;
    let data = disk.path().display().to_string();
    let blobs = disk.path().join("blobs").display().to_string();
    // The blobs always go to the small disk (on PostgreSQL + S3 the database stays where it is).
    let env = OfficeEnv::spawn_with(&[("data_dir", &data), ("storage_url", &blobs)]).await?;
    let api = &env.app.admin;
    let mut filler = None;
    let (id, key) = edit_and_close(&env, api, "Written on a full disk", || {
        filler = Some(disk.fill()?);
        Ok(())
    })
    .await?;
    let first = env.ds().wait_for_callback(&key, 2, WAIT).await?;
    assert_eq!(first.outcome, Outcome::Retryable, "{}", first.reply);
    assert_eq!(env.app.state.store.blobs.temp_count().await?, 0);
    std::fs::remove_file(filler.context("filled")?)?;
    env.accepted(&key, 2).await?;
    saved_once(api, &id, "Written on a full disk").await?;
    env.app.stop().await
}

/// Holds the write lock of the test's database (SQLite: the whole database; PostgreSQL: the
/// session's row, as another process saving the same key would) until dropped or released.
enum DbLock {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

impl DbLock {
    async fn take(database_url: &str, key: &str) -> anyhow::Result<Self> {
        if let Some(path) = database_url.strip_prefix("sqlite://") {
            let opts = SqliteConnectOptions::from_str("sqlite://")?.filename(path);
            let mut conn = SqliteConnection::connect_with(&opts).await?;
            conn.execute("BEGIN IMMEDIATE").await?;
            return Ok(Self::Sqlite(conn));
        }
        let mut conn = PgConnection::connect(database_url).await?;
        conn.execute("BEGIN").await?;
        sqlx::query("SELECT doc_key FROM office_sessions WHERE doc_key = $1 FOR UPDATE")
            .bind(key)
            .fetch_one(&mut conn)
            .await?;
        Ok(Self::Postgres(conn))
    }

    async fn release(self) -> anyhow::Result<()> {
        match self {
            Self::Sqlite(mut c) => c.execute("ROLLBACK").await.map(drop)?,
            Self::Postgres(mut c) => c.execute("ROLLBACK").await.map(drop)?,
        }
        Ok(())
    }
}

#[tokio::test]
async fn a_locked_database_delays_the_save_and_loses_nothing() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Locked.docx").await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().wait_for_callback(&key, 1, WAIT).await?;
    env.ds().edit(&conn, "Saved past a lock")?;
    let settings = env.app.store_settings();
    let url = &settings
        .iter()
        .find(|(k, _)| *k == "database_url")
        .context("db")?
        .1;
    let lock = DbLock::take(url, &key).await?;
    env.ds().leave(&conn)?;
    match lock {
        // SQLite gives up after its 5 s busy timeout: the DS is told to retry.
        DbLock::Sqlite(_) => {
            let first = env.ds().wait_for_callback(&key, 2, WAIT).await?;
            assert_eq!(first.outcome, Outcome::Retryable, "{}", first.reply);
        }
        // PostgreSQL waits for the row lock: the callback stays unanswered meanwhile.
        DbLock::Postgres(_) => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            let answered = env
                .ds()
                .callbacks()
                .iter()
                .any(|r| r.key == key && r.status == 2);
            assert!(!answered, "a save went through a locked session");
        }
    }
    assert_eq!(super::versions(api, &id).await?.len(), 1);
    lock.release().await?;
    env.accepted(&key, 2).await?;
    saved_once(api, &id, "Saved past a lock").await?;
    env.app.stop().await
}

/// Waits (bounded) until the emulator has received `n` result downloads.
async fn downloads_started(env: &OfficeEnv, n: u64) -> anyhow::Result<()> {
    for _ in 0..600 {
        if env.ds().result_requests() >= n {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("the save never started downloading the result")
}

#[tokio::test]
async fn a_server_killed_mid_save_takes_the_retry_after_a_restart() -> anyhow::Result<()> {
    // The in-process server holds the database and blobs (of the selected backend); the real
    // binary, on the same store, is the one the Document Server talks to and that gets killed.
    let env = OfficeEnv::spawn().await?;
    let (mut server, api) = env.serve_binary().await?;
    let admin = &env.app.admin;
    let (id, key) = edit_and_close(&env, &api, "Typed before the crash", || {
        // The result trickles out, so the kill finds the save half-way through its download.
        env.ds().set_faults(Faults {
            result: ResultFault::Slow,
            slow_chunk_delay_ms: 60_000,
            ..Faults::default()
        });
        Ok(())
    })
    .await?;
    downloads_started(&env, 1).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let on_disk = env
        .app
        .store_settings()
        .iter()
        .all(|(_, v)| !v.starts_with("s3://"));
    if on_disk {
        // (On S3 a result this small is buffered and sent in one PUT: nothing to see yet.)
        let partial = env.app.state.store.blobs.temp_count().await?;
        assert_eq!(
            partial, 1,
            "the kill must come in the middle of the download"
        );
    }
    server.kill()?;
    env.ds().set_faults(Faults::default());
    server.restart().await?;
    env.accepted(&key, 2).await?;
    let first = env.ds().wait_for_callback(&key, 2, WAIT).await?;
    assert_eq!(first.outcome, Outcome::Retryable, "{}", first.reply);
    saved_once(admin, &id, "Typed before the crash").await?;
    server.kill()?;
    env.app.stop().await
}
