//! End-to-end tests of editing in ONLYOFFICE: Bureau and the docserver-emulator (real x2t
//! inside) talk over real HTTP, exactly as Bureau and a real Document Server would.

mod conflicts;
pub mod convert;
mod doctor;
mod faults;
mod history;
mod interleavings;
mod local_faults;
mod new_documents;
mod open;
mod recovery;
mod save;
pub mod security;

use std::{io::Read as _, time::Duration};

use anyhow::{Context as _, ensure};
use docserver_emulator::{Emulator, EmulatorBuilder, control::Control};
use serde_json::Value;

use super::support::{Api, TestApp, body_bytes, json_with, process::Server, sha256_hex};

/// The JWT secret Bureau and the emulator share.
pub const SECRET: &str = "bureau-test-ds-secret";

/// How long a test waits for a callback.
pub const WAIT: Duration = Duration::from_secs(60);

/// Bureau connected to a running emulator.
pub struct OfficeEnv {
    /// The Bureau server.
    pub app: TestApp,
    /// The emulated Document Server.
    pub emulator: Emulator,
}

impl OfficeEnv {
    /// Starts the emulator (JWT on, 300 ms save delay) and Bureau connected to it.
    pub async fn spawn() -> anyhow::Result<Self> {
        Self::spawn_with(&[]).await
    }

    /// As [`OfficeEnv::spawn`], with extra Bureau settings.
    pub async fn spawn_with(settings: &[(&str, &str)]) -> anyhow::Result<Self> {
        Self::custom(|b| b, settings).await
    }

    /// Starts an emulator adjusted by `tune` and Bureau with extra settings; a `docs_secret`
    /// of `""` leaves Bureau without a secret (JWT off).
    pub async fn custom(
        tune: impl FnOnce(EmulatorBuilder) -> EmulatorBuilder,
        settings: &[(&str, &str)],
    ) -> anyhow::Result<Self> {
        let builder = Emulator::builder()
            .jwt_secret(SECRET)
            .save_delay(Duration::from_millis(300));
        let emulator = tune(builder)
            .spawn()
            .await
            .context("starting the docserver-emulator (is x2t installed? scripts/setup/x2t.sh)")?;
        let docs_url = emulator.base_url().to_string();
        let mut all = vec![("docs_url", docs_url.as_str())];
        if !settings.iter().any(|(k, _)| *k == "docs_secret") {
            all.push(("docs_secret", SECRET));
        }
        all.extend(
            settings
                .iter()
                .filter(|(k, v)| *k != "docs_secret" || !v.is_empty()),
        );
        let app = TestApp::spawn_with(&all).await?;
        Ok(Self { app, emulator })
    }

    /// The real `bureau serve` binary on this env's database and blob store, connected to its
    /// emulator, and the `admin` account's API client on it.
    pub async fn serve_binary(&self) -> anyhow::Result<(Server, Api)> {
        let mut vars: Vec<(String, String)> = self
            .app
            .store_settings()
            .into_iter()
            .map(|(k, v)| (format!("BUREAU_{}", k.to_ascii_uppercase()), v))
            .collect();
        vars.push((
            "BUREAU_DOCS_URL".into(),
            self.emulator.base_url().to_string(),
        ));
        vars.push(("BUREAU_DOCS_SECRET".into(), SECRET.into()));
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let server = Server::start(self.app.data_dir().join("serve").as_path(), &vars).await?;
        let admin = &self.app.admin;
        let api = Api::with_token(&server.base, admin.user_id.clone(), admin.token.clone());
        Ok((server, api))
    }

    /// The emulator's control API.
    pub fn ds(&self) -> Control {
        self.emulator.control()
    }

    /// Uploads a fixture as `name`; returns the file id.
    pub async fn upload_fixture(
        &self,
        api: &Api,
        fixture: &str,
        name: &str,
    ) -> anyhow::Result<String> {
        api.upload_fixture_in(None, fixture, name).await
    }

    /// Uploads a fixture into a folder; returns the file id.
    pub async fn upload_fixture_in(
        &self,
        api: &Api,
        folder: &str,
        fixture: &str,
        name: &str,
    ) -> anyhow::Result<String> {
        api.upload_fixture_in(Some(folder), fixture, name).await
    }

    /// Starts an emulator that never retries (8.x) and Bureau, then makes one forgotten file:
    /// a fixture edited with `text` whose final save failed on the result download. Returns
    /// (env, file id, key); the fault is cleared again.
    pub async fn with_forgotten_file(
        name: &str,
        text: &str,
    ) -> anyhow::Result<(Self, String, String)> {
        use docserver_emulator::{Faults, ResultFault, RetryPolicy};
        let env = Self::custom(|b| b.retry_policy(RetryPolicy::V8), &[]).await?;
        let api = &env.app.admin;
        let id = env.upload_fixture(api, "test.docx", name).await?;
        let (conn, key) = env.join(api, &id).await?;
        env.ds().edit(&conn, text)?;
        env.ds().set_faults(Faults {
            result: ResultFault::Error500,
            ..Faults::default()
        });
        env.ds().leave(&conn)?;
        for _ in 0..200 {
            if env.ds().forgotten().contains(&key) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        ensure!(
            env.ds().forgotten().contains(&key),
            "the result did not become a forgotten file"
        );
        env.ds().set_faults(Faults::default());
        Ok((env, id, key))
    }

    /// The editor config a browser would get for a file, from the editor page.
    pub async fn page_config(
        &self,
        api: &Api,
        file_id: &str,
        query: &str,
    ) -> anyhow::Result<Value> {
        editor_config(api, file_id, query).await
    }

    /// Opens a file in the emulated editor as `api`'s user; returns (connection, key).
    pub async fn join(&self, api: &Api, file_id: &str) -> anyhow::Result<(String, String)> {
        let config = self.page_config(api, file_id, "").await?;
        let joined = self.ds().open(&config).await?;
        Ok((joined.connection, joined.key))
    }

    /// Waits for the callback of `key` with `status` and checks Bureau accepted it.
    pub async fn accepted(&self, key: &str, status: i64) -> anyhow::Result<()> {
        settled(&self.ds(), key, status).await
    }
}

/// Waits for the callback of `key` with `status` and checks the host accepted it, once the
/// Document Server's retries are over.
pub async fn settled(ds: &Control, key: &str, status: i64) -> anyhow::Result<()> {
    let record = ds.wait_for_callback(key, status, WAIT).await?;
    let last = last_delivery(ds, key, status).await?;
    ensure!(
        last.reply.contains("\"error\":0") && last.http_status == Some(200),
        "status {status} of {key} not accepted: {} {:?} (first attempt: {})",
        last.reply,
        last.http_status,
        record.reply
    );
    Ok(())
}

/// The last delivery of a callback once its retries are over.
async fn last_delivery(
    ds: &Control,
    key: &str,
    status: i64,
) -> anyhow::Result<docserver_emulator::callbacks::CallbackRecord> {
    let deliveries = || {
        ds.callbacks()
            .into_iter()
            .filter(|r| r.key == key && r.status == status)
            .collect::<Vec<_>>()
    };
    for _ in 0..200 {
        if let Some(last) = deliveries().pop()
            && last.reply.contains("\"error\":0")
        {
            return Ok(last);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    deliveries().pop().context("no callback")
}

/// The editor config a browser would get for a file from the editor page of `api`'s server.
pub async fn editor_config(api: &Api, file_id: &str, query: &str) -> anyhow::Result<Value> {
    let response = api
        .get(&format!("/office/{file_id}/edit{query}"))
        .send()
        .await?;
    ensure!(
        response.status() == 200,
        "editor page: {}",
        response.status()
    );
    editor_config_in(&response.text().await?)
}

/// The editor config embedded in an editor page (Bureau's or the connector's).
pub fn editor_config_in(html: &str) -> anyhow::Result<Value> {
    let start = html
        .find(r#"<script id="editor-config" type="application/json">"#)
        .context("no config in the editor page")?;
    let rest = &html[start..];
    let json = &rest[rest.find('>').context("tag")? + 1..rest.find("</script>").context("end")?];
    Ok(serde_json::from_str(json)?)
}

/// The versions of a file, newest first.
pub async fn versions(api: &Api, file_id: &str) -> anyhow::Result<Vec<Value>> {
    let body = api
        .get_json(&format!("/api/v1/files/{file_id}/versions"))
        .await?;
    Ok(body["versions"].as_array().context("versions")?.clone())
}

/// Downloads one version of a file.
pub async fn version_bytes(api: &Api, file_id: &str, n: i64) -> anyhow::Result<Vec<u8>> {
    let response = api
        .get(&format!("/api/v1/files/{file_id}/versions/{n}/content"))
        .send()
        .await?;
    ensure!(
        response.status() == 200,
        "version {n}: {}",
        response.status()
    );
    body_bytes(response).await
}

/// Every version of a file, oldest first, checked whole: each one downloads with its listed
/// size and SHA-256, is not empty, and (for an office document) opens as a ZIP package.
pub async fn whole_versions(api: &Api, file_id: &str) -> anyhow::Result<Vec<Vec<u8>>> {
    let mut list = versions(api, file_id).await?;
    list.reverse();
    let mut out = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let n = v["number"].as_i64().context("version number")?;
        ensure!(
            n == i64::try_from(i)? + 1,
            "version numbers have a gap: {list:?}"
        );
        let bytes = version_bytes(api, file_id, n).await?;
        ensure!(!bytes.is_empty(), "version {n} is empty");
        ensure!(
            v["size"].as_u64() == Some(bytes.len() as u64) && v["sha256"] == sha256_hex(&bytes),
            "version {n} is torn: {v} vs {} bytes",
            bytes.len()
        );
        if bytes.starts_with(b"PK") {
            zip::ZipArchive::new(std::io::Cursor::new(&bytes))
                .with_context(|| format!("version {n} is not a whole package"))?;
        }
        out.push(bytes);
    }
    Ok(out)
}

/// The text of an OOXML part inside a document.
pub fn zip_part(bytes: &[u8], part: &str) -> anyhow::Result<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut text = String::new();
    archive.by_name(part)?.read_to_string(&mut text)?;
    Ok(text)
}

/// The Document Server config a browser builds from a Cozy-shaped open answer.
pub fn ds_config(open: &Value) -> Value {
    let oo = &open["data"]["attributes"]["onlyoffice"];
    let mut document = oo["document"].clone();
    if let Some(map) = document.as_object_mut() {
        map.remove("filetype");
    }
    serde_json::json!({
        "document": document,
        "documentType": oo["documentType"],
        "editorConfig": oo["editorConfig"],
        "token": oo["token"],
    })
}

/// `GET /office/:id/open` as `api`, expecting `status`.
pub async fn open_json(api: &Api, file_id: &str, status: u16) -> anyhow::Result<Value> {
    json_with(
        api.get(&format!("/office/{file_id}/open")).send().await?,
        status,
    )
    .await
}
