//! Interleavings: proptest generates sequences of uploads, editor sessions of two co-editors
//! (open, type, opening first if needed, Ctrl+S, close), restores, renames, and duplicated or reordered callbacks, and
//! runs each against the real Bureau and the docserver-emulator. Whatever the order:
//!
//! - every content acknowledged to an uploader or to the Document Server is in a version of
//!   the file or of one of its conflict copies, and every typed edit ends up in one;
//! - versions are append-only: a version, once listed, keeps its number and content;
//! - each document key maps to one content: a key is only ever handed out for the version it
//!   started from or a version its own saves made.
//!
//! `BUREAU_INTERLEAVINGS_CASES` sets the number of sequences (default 12, under a minute).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use anyhow::{Context as _, bail, ensure};
use bureau::store::db::Db;
use docserver_emulator::{Faults, Outcome};
use proptest::{
    prelude::*,
    test_runner::{Config, TestCaseError, TestRunner},
};
use reqwest::Method;
use serde_json::json;

use super::{OfficeEnv, WAIT, versions, zip_part};
use crate::sharing::share_with;
use crate::support::{Api, body_bytes, fixtures_dir, read_file, sha256_hex};

/// The documents an upload puts in place of the current content.
const UPLOADS: [&str; 3] = ["test.docx", "having-images.docx", "hello_libre_office.docx"];

/// One of the two co-editors: the owner (0) and a user the file is shared with (1).
type Editor = usize;

#[derive(Debug, Clone)]
enum Op {
    Upload(usize),
    Open(Editor),
    Type(Editor),
    Save(Editor),
    Close(Editor),
    Restore,
    Rename,
    Twice,
    Reorder,
}

fn op() -> impl Strategy<Value = Op> {
    let editor = 0..2usize;
    prop_oneof![
        2 => (0..UPLOADS.len()).prop_map(Op::Upload),
        2 => editor.clone().prop_map(Op::Open),
        6 => editor.clone().prop_map(Op::Type),
        2 => editor.clone().prop_map(Op::Save),
        3 => editor.prop_map(Op::Close),
        1 => Just(Op::Restore),
        1 => Just(Op::Rename),
        1 => Just(Op::Twice),
        1 => Just(Op::Reorder),
    ]
}

/// What one sequence did and saw.
struct Case<'a> {
    env: &'a OfficeEnv,
    apis: [&'a Api; 2],
    folder: String,
    file: String,
    open: [Option<(String, String)>; 2],
    typed: Vec<String>,
    uploaded: Vec<String>,
    /// Every key handed out, with the versions its editor configs named.
    keys: BTreeMap<String, Vec<i64>>,
    /// Every version seen so far: (file id, number) → SHA-256.
    seen: BTreeMap<(String, i64), String>,
}

impl Case<'_> {
    async fn apply(&mut self, op: &Op, step: usize) -> anyhow::Result<()> {
        let ds = self.env.ds();
        match *op {
            Op::Upload(i) => {
                let bytes = read_file(&fixtures_dir().join(UPLOADS[i]))?;
                self.apis[0].replace(&self.file, bytes.clone()).await?;
                self.uploaded.push(sha256_hex(&bytes));
            }
            Op::Open(e) if self.open[e].is_none() => self.join(e).await?,
            Op::Type(e) => {
                if self.open[e].is_none() {
                    self.join(e).await?;
                }
                if let Some((conn, _)) = &self.open[e] {
                    let text = format!("edit {step} by editor {e}");
                    ds.edit(conn, &text)?;
                    self.typed.push(text);
                }
            }
            Op::Save(e) => {
                if let Some((conn, _)) = &self.open[e] {
                    // Refused when nothing changed since the last save, as on the real DS.
                    let _ = ds.save(conn);
                }
            }
            Op::Close(e) => {
                if let Some((conn, key)) = self.open[e].take() {
                    let before = ds.callbacks().len();
                    ds.leave(&conn)?;
                    if self.open.iter().flatten().all(|(_, k)| *k != key) {
                        final_callback(self.env, &key, before).await?;
                    }
                }
            }
            Op::Restore => {
                let path = format!("/api/v1/files/{}/versions/1/restore", self.file);
                let response = self.apis[0].request(Method::POST, &path).send().await?;
                ensure!(response.status() == 200, "restore: {}", response.status());
            }
            Op::Rename => {
                let body = json!({"name": format!("Renamed {step}.docx")});
                let path = format!("/api/v1/files/{}", self.file);
                let response = self.apis[0].send_json(Method::PATCH, &path, body).await?;
                ensure!(response.status() == 200, "rename: {}", response.status());
            }
            Op::Twice => ds.set_faults(Faults {
                callback_twice: !ds.faults().callback_twice,
                ..ds.faults()
            }),
            Op::Reorder => ds.set_faults(Faults {
                callback_out_of_order: true,
                ..ds.faults()
            }),
            Op::Open(_) => {}
        }
        self.check_append_only().await.map(drop)
    }

    async fn join(&mut self, e: Editor) -> anyhow::Result<()> {
        let config = self.env.page_config(self.apis[e], &self.file, "").await?;
        let key = config["document"]["key"]
            .as_str()
            .context("key")?
            .to_owned();
        let url = url::Url::parse(config["document"]["url"].as_str().context("url")?)?;
        let version: i64 = url
            .query_pairs()
            .find(|(k, _)| k == "version")
            .context("version in document.url")?
            .1
            .parse()?;
        self.keys.entry(key.clone()).or_default().push(version);
        match self.env.ds().open(&config).await {
            Ok(joined) => self.open[e] = Some((joined.connection, key)),
            // A held-back final save leaves the DS thinking the key is spent while Bureau has
            // not heard of the save yet: the editor is refused, as a real one would be.
            Err(error) if held(self.env, &key) => {
                tracing::info!("open refused behind a held callback: {error}");
            }
            Err(error) => bail!("opening key {key}: {error}"),
        }
        Ok(())
    }

    /// The files of the case: the file and its conflict copies.
    async fn files(&self) -> anyhow::Result<Vec<String>> {
        let listing = self.apis[0]
            .get_json(&format!("/api/v1/folders/{}", self.folder))
            .await?;
        let children = listing["children"].as_array().context("children")?;
        Ok(children
            .iter()
            .filter_map(|c| c["id"].as_str().map(str::to_owned))
            .collect())
    }

    /// Every version listed before is listed again, with the same content.
    async fn check_append_only(&mut self) -> anyhow::Result<BTreeSet<String>> {
        let mut now = BTreeMap::new();
        for file in self.files().await? {
            for v in versions(self.apis[0], &file).await? {
                let n = v["number"].as_i64().context("number")?;
                let sha = v["sha256"].as_str().context("sha256")?.to_owned();
                now.insert((file.clone(), n), sha);
            }
        }
        for (at, sha) in &self.seen {
            ensure!(
                now.get(at) == Some(sha),
                "version {at:?} changed or vanished: {sha} → {:?}",
                now.get(at)
            );
        }
        self.seen = now;
        Ok(self.seen.values().cloned().collect())
    }

    /// Closes every editor, lets every save land, and checks the invariants.
    async fn finish(&mut self, db: &Db) -> anyhow::Result<()> {
        let ds = self.env.ds();
        for e in 0..2 {
            if let Some((conn, _)) = self.open[e].take() {
                ds.leave(&conn)?;
            }
        }
        ds.set_faults(Faults::default());
        quiet(self.env, self.keys.keys()).await?;
        let contents = self.check_append_only().await?;
        for sha in &self.uploaded {
            ensure!(contents.contains(sha), "the upload {sha} is in no version");
        }
        for record in ds.callbacks() {
            // A close without changes since the last force-save (`notmodified`) carries a fresh
            // rendering of content that force-save already stored: nothing new to keep.
            let url = record.callback["url"]
                .as_str()
                .filter(|_| record.callback["notmodified"] != true);
            if let (Outcome::Accepted, Some(url), true) =
                (record.outcome, url, self.keys.contains_key(&record.key))
            {
                let saved = body_bytes(reqwest::get(url).await?).await?;
                let sha = sha256_hex(&saved);
                ensure!(
                    contents.contains(&sha),
                    "status {} of {} was acknowledged but {sha} is in no version",
                    record.status,
                    record.key
                );
            }
        }
        let mut texts = Vec::new();
        for (file, n) in self.seen.keys() {
            let bytes = super::version_bytes(self.apis[0], file, *n).await?;
            texts.push(zip_part(&bytes, "word/document.xml").unwrap_or_default());
        }
        for typed in &self.typed {
            ensure!(
                texts.iter().any(|t| t.contains(typed.as_str())),
                "the edit {typed:?} is in no version"
            );
        }
        for (key, seen) in &self.keys {
            let made = saved_versions(db, key).await?;
            ensure!(
                seen.iter().all(|v| *v == seen[0] || made.contains(v)),
                "key {key} was handed out for versions {seen:?}, its saves made {made:?}"
            );
        }
        let files: BTreeSet<&String> = self.seen.keys().map(|(f, _)| f).collect();
        eprintln!(
            "{} edits, {} uploads, {} keys: {} versions in {} file(s)",
            self.typed.len(),
            self.uploaded.len(),
            self.keys.len(),
            self.seen.len(),
            files.len()
        );
        Ok(())
    }
}

/// Whether a callback of `key` is held back by the out-of-order fault right now.
fn held(env: &OfficeEnv, key: &str) -> bool {
    let records = env.ds().callbacks();
    records.iter().enumerate().any(|(i, r)| {
        r.key == key
            && r.outcome == Outcome::Held
            && !records[i + 1..]
                .iter()
                .any(|later| later.key == key && later.status == r.status)
    })
}

/// Waits for the callback a last editor's close causes (status 2 or 4), delivered or held.
async fn final_callback(env: &OfficeEnv, key: &str, after: usize) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + WAIT;
    while tokio::time::Instant::now() < deadline {
        let records = env.ds().callbacks();
        let done =
            records.get(after..).unwrap_or_default().iter().any(|r| {
                r.key == key && matches!(r.status, 2 | 4) && r.outcome != Outcome::Retryable
            });
        if done {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("no final callback for {key}")
}

/// Waits until no session of these keys has an editor or a save in progress and no callback
/// arrived for a second.
async fn quiet(env: &OfficeEnv, keys: impl Iterator<Item = &String>) -> anyhow::Result<()> {
    let keys: BTreeSet<&String> = keys.collect();
    let mut last = usize::MAX;
    for _ in 0..120 {
        let busy =
            env.ds().sessions().iter().any(|s| {
                keys.contains(&s.key) && (!s.participants.is_empty() || s.state == "saving")
            });
        let count = env.ds().callbacks().len();
        if !busy && count == last {
            return Ok(());
        }
        last = count;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    bail!("the sessions never went quiet")
}

/// The versions the saves of `key` made.
async fn saved_versions(db: &Db, key: &str) -> anyhow::Result<Vec<i64>> {
    let sql = "SELECT version FROM office_saves WHERE doc_key = $1 AND version IS NOT NULL";
    Ok(match db {
        Db::Sqlite(p) => sqlx::query_scalar(sql).bind(key).fetch_all(p).await?,
        Db::Postgres(p) => sqlx::query_scalar(sql).bind(key).fetch_all(p).await?,
    })
}

async fn run_case(env: &OfficeEnv, bob: &Api, ops: &[Op], n: usize) -> anyhow::Result<()> {
    let admin = &env.app.admin;
    let folder = admin.mkdir(None, &format!("case {n}")).await?;
    let folder = folder["id"].as_str().context("folder id")?.to_owned();
    let file = env
        .upload_fixture_in(admin, &folder, "test.docx", "Doc.docx")
        .await?;
    share_with(admin, "files", &file, "bob", "edit").await?;
    let mut case = Case {
        env,
        apis: [admin, bob],
        folder,
        file,
        open: [None, None],
        typed: Vec::new(),
        uploaded: Vec::new(),
        keys: BTreeMap::new(),
        seen: BTreeMap::new(),
    };
    for (step, op) in ops.iter().enumerate() {
        case.apply(op, step)
            .await
            .with_context(|| format!("step {step}: {op:?}"))?;
    }
    case.finish(&env.app.state.store.db).await
}

#[test]
fn no_interleaving_loses_an_acknowledged_save() -> anyhow::Result<()> {
    let cases = std::env::var("BUREAU_INTERLEAVINGS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let rt = tokio::runtime::Runtime::new()?;
    let (env, bob) = rt.block_on(async {
        let env = OfficeEnv::spawn().await?;
        let bob = env.app.user("bob").await?;
        anyhow::Ok((env, bob))
    })?;
    let config = Config {
        cases,
        max_shrink_iters: 8,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let n = std::sync::atomic::AtomicUsize::new(0);
    let outcome = runner.run(&proptest::collection::vec(op(), 6..16), |ops| {
        let n = n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        rt.block_on(run_case(&env, &bob, &ops, n))
            .map_err(|e| TestCaseError::fail(format!("{e:#}")))
    });
    let stopped = rt.block_on(async { env.app.stop().await });
    outcome.map_err(|e| anyhow::anyhow!("{e}"))?;
    stopped
}
