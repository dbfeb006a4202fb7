//! The people of the matrix and the entries they act on. Olivia owns everything; her folder is
//! shared with Edgar (edit) and Vera (view) and through a public view link; Sam is a stranger;
//! `admin` is an administrator who was shared nothing. Every user acts through a browser
//! session (cookie and CSRF token), which leaves the `Authorization` header free for the
//! Document Server's own token on its routes.

use std::fmt;

use reqwest::Method;
use serde_json::{Value, json};

use crate::{
    office::{OfficeEnv, convert::finished, editor_config},
    sharing::{link, share_with},
    support::{
        ADMIN_PASSWORD, Api, Browser, field, fixtures_dir, json_with, password_of, read_file,
    },
};

/// A column of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// Olivia, who owns the entries.
    Owner,
    /// Edgar, with the edit role on the shared folder.
    Editor,
    /// Vera, with the view role on the shared folder.
    Viewer,
    /// Someone holding the folder's public view link, without an account.
    Link,
    /// Sam, a user nothing was shared with.
    Stranger,
    /// An administrator nothing was shared with.
    Admin,
    /// Nobody signed in.
    LoggedOut,
}

impl Actor {
    /// The columns in the order the matrix writes them.
    pub const COLUMNS: [Self; 7] = [
        Self::Owner,
        Self::Editor,
        Self::Viewer,
        Self::Link,
        Self::Stranger,
        Self::Admin,
        Self::LoggedOut,
    ];

    /// The order requests are made in: least rights first, so that an allowed change (a
    /// deletion…) comes after every refusal on the same entries.
    pub const RUN_ORDER: [Self; 7] = [
        Self::LoggedOut,
        Self::Link,
        Self::Stranger,
        Self::Admin,
        Self::Viewer,
        Self::Editor,
        Self::Owner,
    ];

    /// The account's login, for users.
    pub fn login(self) -> Option<&'static str> {
        match self {
            Self::Owner => Some("olivia"),
            Self::Editor => Some("edgar"),
            Self::Viewer => Some("vera"),
            Self::Stranger => Some("sam"),
            Self::Admin => Some("admin"),
            Self::Link | Self::LoggedOut => None,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::Owner => "owner",
            Self::Editor => "editor",
            Self::Viewer => "viewer",
            Self::Link => "public link",
            Self::Stranger => "stranger",
            Self::Admin => "admin",
            Self::LoggedOut => "logged out",
        };
        f.write_str(name)
    }
}

/// An actor's browser: a signed-in session for users, an empty cookie jar otherwise.
pub async fn session(env: &OfficeEnv, actor: Actor) -> anyhow::Result<Browser> {
    let mut browser = env.app.browser();
    if let Some(login) = actor.login() {
        let password = if actor == Actor::Admin {
            ADMIN_PASSWORD.to_owned()
        } else {
            password_of(login)
        };
        browser.sign_in(login, &password).await?;
    }
    Ok(browser)
}

/// The entries one row acts on, made afresh for each row so that a row that deletes, moves,
/// shares or revokes cannot change what the next one sees.
#[derive(Debug, Clone)]
pub struct Entries {
    /// Placeholders and their values: `{team}` (the shared folder), `{file}` (a document in it,
    /// two versions), `{odt}` (a legacy document in it), `{private}` (a document of Olivia's
    /// that is not shared), `{trashed}` (an entry in Olivia's trash), `{share}` (Edgar's share),
    /// `{link}` (the public link's token), `{token_id}` (an API token of Olivia's), `{n}` (a
    /// number unique to the row).
    pub values: Vec<(&'static str, String)>,
}

impl Entries {
    /// Olivia's entries for row number `n`.
    pub async fn create(owner: &Api, n: usize) -> anyhow::Result<Self> {
        let docx = read_file(&fixtures_dir().join("test.docx"))?;
        let odt = read_file(&fixtures_dir().join("LibreOfficeWriter_odt_1.3.odt"))?;
        let team = field(&owner.mkdir(None, &format!("Team {n}")).await?, "id")?;
        let file = field(
            &owner
                .upload_in(Some(&team), "Plan.docx", docx.clone())
                .await?,
            "id",
        )?;
        owner.replace(&file, docx.clone()).await?;
        let odt = field(&owner.upload_in(Some(&team), "Old.odt", odt).await?, "id")?;
        let private = field(
            &owner.upload(&format!("Private {n}.docx"), docx).await?,
            "id",
        )?;
        let trashed = field(&owner.upload(&format!("Gone {n}.txt"), "g").await?, "id")?;
        let gone = owner
            .request(Method::DELETE, &format!("/api/v1/files/{trashed}"))
            .send()
            .await?;
        anyhow::ensure!(gone.status() == 204, "trash: {}", gone.status());
        let share = field(
            &share_with(owner, "folders", &team, "edgar", "edit").await?,
            "id",
        )?;
        share_with(owner, "folders", &team, "vera", "view").await?;
        let body = json!({"link": true, "role": "view"});
        let link = field(&link(owner, "folders", &team, body).await?, "token")?;
        let token = owner
            .send_json(Method::POST, "/api/v1/tokens", json!({"name": "spare"}))
            .await?;
        let token_id = field(&json_with(token, 201).await?, "id")?;
        Ok(Self {
            values: vec![
                ("{team}", team),
                ("{file}", file),
                ("{odt}", odt),
                ("{private}", private),
                ("{trashed}", trashed),
                ("{share}", share),
                ("{link}", link),
                ("{token_id}", token_id),
                ("{n}", n.to_string()),
            ],
        })
    }

    /// `template` with every placeholder replaced.
    pub fn fill(&self, template: &str, more: &[(&'static str, String)]) -> String {
        self.values
            .iter()
            .chain(more)
            .fold(template.to_owned(), |s, (k, v)| s.replace(k, v))
    }

    /// The value of a placeholder.
    pub fn get(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| *k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// What the Document Server's rows need, made once: a conversion job of Olivia's, an open
/// document key, the signed `document.url` of a file, and the signed `changesUrl` of a version
/// saved through the (emulated) Document Server.
#[derive(Debug, Clone)]
pub struct DocumentServer {
    /// Placeholders: `{job}`, `{key}`, `{content}` (the `document.url` path and query of
    /// `{file}` of these entries, version 2), the same link moved to another file, to version 1
    /// and to the probe route, `{changes}` (the `changesUrl` of a version 2 saved through the
    /// Document Server) and the same moved to version 1, and `{victim}` (an account id).
    pub values: Vec<(&'static str, String)>,
}

impl DocumentServer {
    /// Makes the job, the key and the links on `entries`; `victim` is the account the admin
    /// rows change.
    pub async fn create(
        env: &OfficeEnv,
        owner: &Api,
        entries: &Entries,
        victim: &str,
    ) -> anyhow::Result<Self> {
        let convert = owner
            .send_json(
                Method::POST,
                &format!("/api/v1/files/{}/convert", entries.get("{odt}")),
                json!({}),
            )
            .await?;
        let job = field(&json_with(convert, 202).await?, "job_id")?;
        finished(owner, &job).await?;
        let config = editor_config(owner, entries.get("{file}"), "").await?;
        let key = field(&config["document"], "key")?;
        let content = path_and_query(&field(&config["document"], "url")?)?;
        let saved = env.upload_fixture(owner, "test.docx", "Saved.docx").await?;
        let (conn, saved_key) = env.join(owner, &saved).await?;
        env.ds().edit(&conn, "saved through the Document Server")?;
        env.ds().leave(&conn)?;
        env.accepted(&saved_key, 2).await?;
        let history: Value = owner
            .get_json(&format!("/office/{saved}/history/2"))
            .await?;
        let changes = path_and_query(&field(&history, "changesUrl")?)?;
        let (file, odt) = (entries.get("{file}"), entries.get("{odt}"));
        Ok(Self {
            values: vec![
                ("{job}", job),
                ("{key}", key),
                ("{content_other_file}", content.replace(file, odt)),
                (
                    "{content_other_version}",
                    content.replace("version=2", "version=1"),
                ),
                ("{probe}", content.replace("/content?", "/probe?")),
                ("{content}", content),
                (
                    "{changes_other_version}",
                    changes.replace("version=2", "version=1"),
                ),
                ("{changes}", changes),
                ("{victim}", victim.to_owned()),
            ],
        })
    }
}

/// `/path?query` of an absolute URL.
fn path_and_query(url: &str) -> anyhow::Result<String> {
    let parsed = url::Url::parse(url)?;
    Ok(parsed[url::Position::BeforePath..].to_owned())
}
