//! `bureau doctor` and `GET /readyz?deep=1`: the effective configuration (secrets masked), the
//! database and blob store, then ONLYOFFICE Docs end to end ([`docs`]). Every failed check says
//! what is wrong and the likely fix; the command exits non-zero when any check fails.

pub mod docs;

use std::process::ExitCode;

use axum::extract::FromRef as _;
use serde::Serialize;

use crate::{
    config::{self, Config},
    office::{Office, connection::Connection, documents::Editing, settings::Overrides},
    startup,
    store::Store,
};

/// The outcome of one check.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Short name, e.g. `docs.healthcheck`.
    pub name: &'static str,
    /// Whether it passed.
    pub ok: bool,
    /// What was found.
    pub detail: String,
    /// The likely fix, for a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    /// A passed check.
    pub fn pass(name: &'static str, detail: impl Into<String>) -> Self {
        Self {
            name,
            ok: true,
            detail: detail.into(),
            fix: None,
        }
    }

    /// A failed check with its likely fix.
    pub fn fail(name: &'static str, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            name,
            ok: false,
            detail: detail.into(),
            fix: Some(fix.into()),
        }
    }
}

/// Checks the store and, when it is configured, ONLYOFFICE Docs.
pub async fn checks(config: &Config, store: &Store, office: Option<&Office>) -> Vec<Check> {
    let mut out = Vec::new();
    match store.db.schema_version().await {
        Ok(v) => out.push(Check::pass(
            "database",
            format!("reachable, schema version {v}"),
        )),
        Err(e) => out.push(Check::fail(
            "database",
            format!("{e:#}"),
            "check BUREAU_DATABASE_URL and that the database server runs",
        )),
    }
    let dir = config.storage.display();
    match store.blobs.check().await {
        Ok(()) => out.push(Check::pass("blobs", format!("writable at {dir}"))),
        Err(e) => out.push(Check::fail(
            "blobs",
            format!("{dir}: {e}"),
            "check BUREAU_STORAGE_URL and the permissions of its directory",
        )),
    }
    match office {
        Some(office) => out.extend(docs::checks(config, office).await),
        None => out.push(Check::pass(
            "docs",
            "ONLYOFFICE Docs is not configured (no BUREAU_DOCS_URL, nor a Document Server URL \
             saved on the admin settings page): editing is off",
        )),
    }
    out
}

/// Runs `bureau doctor`: prints the configuration and every check, then with `recover` stores
/// the Document Server's forgotten files; non-zero exit on failure.
pub async fn cli(config: &Config, recover: bool) -> anyhow::Result<ExitCode> {
    let store = match startup::open_store(config).await {
        Ok(store) => store,
        Err(e) => {
            print_config(config, &Overrides::default());
            print_check(&Check::fail(
                "database",
                format!("{e:#}"),
                "check BUREAU_DATABASE_URL / BUREAU_DATA_DIR and that the database server runs",
            ));
            return Ok(ExitCode::FAILURE);
        }
    };
    let connection = Connection::open(config, &store.db).await?;
    print_config(config, &connection.overrides());
    let results = checks(config, &store, connection.current().as_deref()).await;
    results.iter().for_each(print_check);
    let mut failed = results.iter().filter(|c| !c.ok).count();
    if recover {
        failed += usize::from(!recover_forgotten(config).await);
    }
    if failed == 0 {
        println!("All checks passed.");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{failed} check(s) failed.");
        Ok(ExitCode::FAILURE)
    }
}

/// Runs one forgotten-file recovery pass, as the periodic job does; whether it worked.
async fn recover_forgotten(config: &Config) -> bool {
    let app = match startup::build(config.clone()).await {
        Ok(app) => app,
        Err(e) => {
            println!("FAIL  recover            {e:#}");
            return false;
        }
    };
    let Some(editing) = Option::<Editing>::from_ref(&app) else {
        println!("FAIL  recover            ONLYOFFICE Docs is not configured (BUREAU_DOCS_URL)");
        return false;
    };
    match crate::office::forgotten::run_once(&editing).await {
        Ok(r) => {
            println!(
                "ok    recover            {} forgotten file(s) stored, {} already stored, {} left",
                r.saved, r.known, r.left
            );
            true
        }
        Err(e) => {
            println!("FAIL  recover            {e:#}");
            false
        }
    }
}

fn print_check(c: &Check) {
    let mark = if c.ok { "ok  " } else { "FAIL" };
    println!("{mark}  {:<18} {}", c.name, c.detail);
    if let Some(fix) = &c.fix {
        println!("      fix: {fix}");
    }
}

/// The effective configuration, with the settings `saved` on the admin page on top: where each
/// setting came from, and the addresses (secrets masked; a secret is only ever reported as set
/// or unset).
fn print_config(config: &Config, saved: &Overrides) {
    let effective = saved.resolve(config);
    println!("Configuration (secrets masked):");
    for s in config::SETTINGS {
        let origin = if effective.saved.contains(s.key) {
            "saved on the admin settings page (overrides the configuration)".to_owned()
        } else {
            config.origins.get(s.key).map_or_else(
                || "unset".to_owned(),
                |o| match o {
                    config::Origin::Default => "default".to_owned(),
                    other => other.describe(s.key),
                },
            )
        };
        println!("  {:<18} {origin}", s.key);
    }
    println!("  database           {}", config.database_url.masked());
    println!("  public url         {}", config.public_url);
    println!("  internal url       {}", effective.bureau_url());
    if let Some(d) = &effective.docs.resolve() {
        println!("  docs url           {}", d.url);
        println!("  docs internal url  {}", d.internal_url);
        let secret = if d.secret.is_some() {
            "set (***)"
        } else {
            "unset: JWT off"
        };
        println!("  docs secret        {secret}");
    }
}
