//! Two Bureau processes on one database and blob store behind a round-robin proxy, with the
//! docserver-emulator sending every callback and download through the proxy: co-editing,
//! conflicts, retried callbacks and racing uploads give exactly the versions one process would,
//! and each periodic job runs on one process at a time. Runs on whichever backend the test run
//! selected (SQLite + disk shared by two in-process servers, or PostgreSQL + S3).

mod proxy;

use std::{collections::BTreeSet, time::Duration};

use anyhow::Context as _;
use bureau::{jobs, store::leases};
use docserver_emulator::{Emulator, Faults};
use tokio::net::TcpListener;

use super::{
    office::{OfficeEnv, SECRET, version_bytes, versions, zip_part},
    support::{TestApp, body_bytes, process::Server},
};
use proxy::RoundRobin;

/// Borrows owned settings in the shape `TestApp::spawn_with` takes.
fn refs<'a>(settings: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    settings.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// A second server on `first`'s database and blob store, with extra settings.
async fn second(first: &TestApp, extra: &[(&'static str, &str)]) -> anyhow::Result<TestApp> {
    let shared = first.store_settings();
    let mut all = refs(&shared);
    all.extend_from_slice(extra);
    TestApp::spawn_with(&all).await
}

/// The emulator, server A (in the returned env), server B and the proxy both are reached by.
async fn cluster() -> anyhow::Result<(OfficeEnv, TestApp, RoundRobin)> {
    let emulator = Emulator::builder()
        .jwt_secret(SECRET)
        .save_delay(Duration::from_millis(300))
        .spawn()
        .await
        .context("starting the docserver-emulator (scripts/setup/x2t.sh)")?;
    let docs = emulator.base_url().to_string();
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let balancer = format!("http://{}", listener.local_addr()?);
    let office = [
        ("docs_url", docs.as_str()),
        ("docs_secret", SECRET),
        ("internal_url", balancer.as_str()),
    ];
    let a = TestApp::spawn_with(&office).await?;
    let b = second(&a, &office).await?;
    let proxy = RoundRobin::start(listener, vec![a.base.clone(), b.base.clone()]);
    Ok((OfficeEnv { app: a, emulator }, b, proxy))
}

#[tokio::test]
async fn two_processes_edit_save_and_upload_as_one() -> anyhow::Result<()> {
    let (env, b, proxy) = cluster().await?;
    let (on_a, on_b) = (&env.app.admin, &b.admin);

    // Co-editors opening the file on different processes share one key and one save.
    let shared = env.upload_fixture(on_a, "test.docx", "Shared.docx").await?;
    let (tab_a, key) = env.join(on_a, &shared).await?;
    let (tab_b, key_b) = env.join(on_b, &shared).await?;
    assert_eq!(
        key, key_b,
        "both processes must hand out the same document key"
    );
    env.ds().edit(&tab_a, "Typed on A")?;
    env.ds().edit(&tab_b, "Typed on B")?;
    env.ds().leave(&tab_a)?;
    env.ds().leave(&tab_b)?;
    env.accepted(&key, 2).await?;
    assert_eq!(versions(on_b, &shared).await?.len(), 2);
    let text = zip_part(&version_bytes(on_b, &shared, 2).await?, "word/document.xml")?;
    assert!(
        text.contains("Typed on A") && text.contains("Typed on B"),
        "{text}"
    );

    // An upload on A while the session opened on B edits: the save becomes a conflict copy.
    let report = env.upload_fixture(on_b, "test.docx", "Report.docx").await?;
    let (tab, key) = env.join(on_b, &report).await?;
    env.ds().edit(&tab, "Typed during the upload")?;
    on_a.replace(&report, "uploaded on A").await?;
    env.ds().leave(&tab)?;
    env.accepted(&key, 2).await?;
    assert_eq!(versions(on_a, &report).await?.len(), 2);
    assert_eq!(version_bytes(on_a, &report, 2).await?, b"uploaded on A");
    let names = on_a.child_names("root").await?;
    let copies = names
        .iter()
        .filter(|n| n.starts_with("Report (conflict "))
        .count();
    assert_eq!(copies, 1, "{names:?}");

    // Every callback delivered twice, to alternating processes: one version per save.
    env.ds().set_faults(Faults {
        callback_twice: true,
        ..Faults::default()
    });
    let twice = env.upload_fixture(on_a, "test.docx", "Twice.docx").await?;
    let (tab, key) = env.join(on_a, &twice).await?;
    env.ds().edit(&tab, "Saved once")?;
    env.ds().save(&tab)?;
    env.accepted(&key, 6).await?;
    env.ds().edit(&tab, "Closed once")?;
    env.ds().leave(&tab)?;
    env.accepted(&key, 2).await?;
    env.ds().set_faults(Faults::default());
    assert_eq!(versions(on_b, &twice).await?.len(), 3);

    racing_uploads(&env.app, &b).await?;
    let served = proxy.served();
    assert!(
        served.iter().all(|n| *n > 0),
        "a process got no traffic: {served:?}"
    );
    b.stop().await?;
    env.app.stop().await
}

/// New versions of one file uploaded concurrently to both processes get distinct numbers.
async fn racing_uploads(a: &TestApp, b: &TestApp) -> anyhow::Result<()> {
    let entry = a.admin.upload("race.txt", "version 1").await?;
    let id = entry["id"].as_str().context("id")?.to_owned();
    let uploads = (2..=9).map(|n| {
        let api = if n % 2 == 0 { &a.admin } else { &b.admin };
        let id = id.clone();
        async move { api.replace(&id, format!("version {n}")).await }
    });
    for result in futures_util::future::join_all(uploads).await {
        result?;
    }
    let list = versions(&b.admin, &id).await?;
    let numbers: BTreeSet<i64> = list.iter().filter_map(|v| v["number"].as_i64()).collect();
    assert_eq!(numbers, (1..=9).collect(), "{list:?}");
    let mut contents = BTreeSet::new();
    for n in 1..=9 {
        contents.insert(String::from_utf8(version_bytes(&a.admin, &id, n).await?)?);
    }
    assert_eq!(contents, (1..=9).map(|n| format!("version {n}")).collect());
    let current = a
        .admin
        .get(&format!("/api/v1/files/{id}/content"))
        .send()
        .await?;
    let current = String::from_utf8(body_bytes(current).await?)?;
    assert!(contents.contains(&current));
    Ok(())
}

#[tokio::test]
async fn a_job_lease_is_held_by_one_process_at_a_time() -> anyhow::Result<()> {
    let a = TestApp::spawn().await?;
    let b = second(&a, &[]).await?;
    let long = Duration::from_secs(60);
    let (on_a, on_b) = tokio::join!(
        jobs::holds_lease(&a.state, "test-job", "process-a", long),
        jobs::holds_lease(&b.state, "test-job", "process-b", long),
    );
    let (on_a, on_b) = (on_a?, on_b?);
    assert!(
        on_a ^ on_b,
        "exactly one process may hold the lease: {on_a} {on_b}"
    );
    let (winner, w, loser, l) = if on_a {
        (&a, "process-a", &b, "process-b")
    } else {
        (&b, "process-b", &a, "process-a")
    };
    assert!(
        jobs::holds_lease(&winner.state, "test-job", w, long).await?,
        "renewal"
    );
    assert!(!jobs::holds_lease(&loser.state, "test-job", l, long).await?);
    // The holder stops renewing (here: renews for no time at all); the other takes over.
    assert!(jobs::holds_lease(&winner.state, "test-job", w, Duration::ZERO).await?);
    assert!(jobs::holds_lease(&loser.state, "test-job", l, long).await?);
    assert!(!jobs::holds_lease(&winner.state, "test-job", w, long).await?);
    let lease = leases::get(&a.state.store.db, "test-job")
        .await?
        .context("lease")?;
    assert_eq!((lease.holder.as_str(), lease.runs), (l, 4));
    b.stop().await?;
    a.stop().await
}

#[tokio::test]
async fn the_maintenance_job_runs_on_one_process() -> anyhow::Result<()> {
    let store = TestApp::spawn().await?;
    let shared = store.store_settings();
    let mut env: Vec<(String, &str)> = shared
        .iter()
        .map(|(k, v)| (format!("BUREAU_{}", k.to_ascii_uppercase()), v.as_str()))
        .collect();
    env.push(("BUREAU_GC_INTERVAL".into(), "1s"));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let dirs = [tempfile::tempdir()?, tempfile::tempdir()?];
    let mut first = Server::start(dirs[0].path(), &env).await?;
    let mut second = Server::start(dirs[1].path(), &env).await?;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let lease = leases::get(&store.state.store.db, jobs::MAINTENANCE)
        .await?
        .context("no lease")?;
    // One process ticking every second for 2.5 s runs 3 times (4 at a stretch); two unleased
    // processes would run about 6.
    assert!((1..=4).contains(&lease.runs), "ran {} times", lease.runs);
    assert!(first.signal("TERM").await?.success());
    assert!(second.signal("TERM").await?.success());
    store.stop().await
}
