//! `bureau migrate`: an embedded installation populated through the API (users, folders, files
//! with several versions, the trash, a share, an editing session with a saved version) is copied
//! into PostgreSQL + S3; Bureau started on the copy serves every file, version, share and byte
//! exactly as before. Needs PostgreSQL and S3, so it runs in the PostgreSQL+S3 pass of
//! scripts/test (`BUREAU_TEST_BACKEND=postgres+s3`) and passes trivially in the embedded pass.

use anyhow::Context as _;
use reqwest::Method;
use serde_json::{Value, json};

use super::{
    office::{OfficeEnv, version_bytes, versions},
    support::{
        Api, TestApp,
        backend::{self, Backend},
        field, json_with,
        process::bureau,
    },
};

/// Everything a user sees: the tree with every version's metadata and bytes, trash and shares.
async fn snapshot(api: &Api) -> anyhow::Result<Value> {
    let mut files = Vec::new();
    let mut folders = vec![("root".to_owned(), String::new())];
    while let Some((id, path)) = folders.pop() {
        let listing = api.get_json(&format!("/api/v1/folders/{id}")).await?;
        for child in listing["children"].as_array().context("children")? {
            let (cid, name) = (field(child, "id")?, field(child, "name")?);
            let at = format!("{path}/{name}");
            if child["type"] == "folder" {
                folders.push((cid, at));
                continue;
            }
            let mut history = Vec::new();
            for v in versions(api, &cid).await? {
                let n = v["number"].as_i64().context("number")?;
                history.push(json!({"meta": v, "bytes": version_bytes(api, &cid, n).await?}));
            }
            let shares = api.get_json(&format!("/api/v1/files/{cid}/shares")).await?;
            files.push(json!({"path": at, "entry": child, "versions": history, "shares": shares}));
        }
    }
    files.sort_by_key(|f| f["path"].as_str().map(str::to_owned));
    Ok(json!({"files": files, "trash": api.get_json("/api/v1/trash").await?}))
}

/// Users, folders, versions, trash, a share and an office save, all through the API.
async fn populate(env: &OfficeEnv) -> anyhow::Result<(Api, Api)> {
    let (admin, alice) = (env.app.admin.clone(), env.app.user("alice").await?);
    let folder = admin.mkdir(None, "Reports").await?;
    let folder_id = field(&folder, "id")?;
    let nested = admin.mkdir(Some(&folder_id), "2026").await?;
    let entry = admin
        .upload_in(Some(&field(&nested, "id")?), "notes.txt", "one")
        .await?;
    let id = field(&entry, "id")?;
    admin.replace(&id, "two").await?;
    admin.replace(&id, vec![7u8; 200_000]).await?;
    let share = json!({"login": "alice", "role": "view"});
    let shares = format!("/api/v1/files/{id}/shares");
    json_with(admin.send_json(Method::POST, &shares, share).await?, 201).await?;
    let gone = alice.upload("draft.txt", "to be trashed").await?;
    let trashed = alice.request(
        Method::DELETE,
        &format!("/api/v1/files/{}", field(&gone, "id")?),
    );
    trashed.send().await?;
    let doc = env
        .upload_fixture(&alice, "test.docx", "Letter.docx")
        .await?;
    let (tab, key) = env.join(&alice, &doc).await?;
    env.ds().edit(&tab, "Saved before the move")?;
    env.ds().save(&tab)?;
    env.accepted(&key, 6).await?;
    Ok((admin, alice))
}

#[tokio::test]
async fn an_embedded_install_moves_to_postgres_and_s3_unchanged() -> anyhow::Result<()> {
    if Backend::selected()? != Backend::PostgresS3 {
        return Ok(()); // needs PostgreSQL and S3: covered by the postgres+s3 pass
    }
    let source = tempfile::tempdir()?;
    let dir = source.path().display().to_string();
    let embedded = [
        ("data_dir", dir.clone()),
        ("database_url", format!("sqlite://{dir}/bureau.db")),
        ("storage_url", format!("{dir}/blobs")),
    ];
    let settings: Vec<(&str, &str)> = embedded.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let env = OfficeEnv::spawn_with(&settings).await?;
    let (admin, alice) = populate(&env).await?;
    let before = (snapshot(&admin).await?, snapshot(&alice).await?);
    let users = bureau(source.path()).args(["user", "list"]).output()?;
    let count = |v: &Value, path: &str| {
        let files = v["files"].as_array().cloned().unwrap_or_default();
        let file = files.into_iter().find(|f| f["path"] == path);
        file.and_then(|f| f["versions"].as_array().map(Vec::len))
    };
    assert_eq!(count(&before.0, "/Reports/2026/notes.txt"), Some(3));
    assert_eq!(count(&before.1, "/Letter.docx"), Some(2), "{}", before.1);

    let target = backend::provision().await?;
    let to = |key: &str| {
        target
            .settings
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    };
    let (db, blobs) = (
        to("database_url").context("db")?,
        to("storage_url").context("s3")?,
    );
    let migrate = ["migrate", "--to-database", &db, "--to-storage", &blobs];
    let first = bureau(source.path()).args(migrate).output()?;
    let log = String::from_utf8_lossy(&first.stderr).into_owned();
    assert!(first.status.success(), "{log}");
    assert!(
        log.contains("versions: ") && log.contains("verified on the target"),
        "{log}"
    );
    // A second run finds everything in place and copies nothing (a cut-short run resumes).
    let again = bureau(source.path()).args(migrate).output()?;
    let log = String::from_utf8_lossy(&again.stderr).into_owned();
    assert!(
        again.status.success() && log.contains("done: 0 row(s) and 0 blob(s)"),
        "{log}"
    );

    let moved = TestApp::spawn_with(&[("database_url", &db), ("storage_url", &blobs)]).await?;
    let admin_after = Api::with_token(&moved.base, admin.user_id.clone(), admin.token.clone());
    let alice_after = Api::with_token(&moved.base, alice.user_id.clone(), alice.token.clone());
    assert_eq!(snapshot(&admin_after).await?, before.0);
    assert_eq!(snapshot(&alice_after).await?, before.1);
    let who = json_with(alice_after.get("/api/v1/auth/me").send().await?, 200).await?;
    assert_eq!(who["login"], "alice");
    let elsewhere = tempfile::tempdir()?;
    let users_after = bureau(elsewhere.path())
        .env("BUREAU_DATABASE_URL", &db)
        .env("BUREAU_STORAGE_URL", &blobs)
        .args(["user", "list"])
        .output()?;
    assert_eq!(users_after.stdout, users.stdout);
    moved.stop().await?;
    env.app.stop().await
}

#[test]
fn migrate_names_what_is_wrong_with_its_targets() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let run = |db: &str, storage: &str| -> anyhow::Result<String> {
        let args = ["migrate", "--to-database", db, "--to-storage", storage];
        let out = bureau(dir.path()).args(args).output()?;
        anyhow::ensure!(!out.status.success(), "migrate to {db} {storage} succeeded");
        Ok(String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let err = run("sqlite:///tmp/x.db", "s3://b/p")?;
    assert!(
        err.contains("--to-database must be a postgres:// URL"),
        "{err}"
    );
    let err = run("postgres://u@127.0.0.1:1/db", "gs://b")?;
    assert!(
        err.contains("--to-storage: unsupported storage URL"),
        "{err}"
    );
    Ok(())
}
