//! `bureau doctor` (the built binary) and `GET /readyz?deep=1` against a running Bureau and the
//! emulated Document Server: passing, and failing with the right explanation.

use std::process::Output;

use docserver_emulator::EmulatorBuilder;

use super::{OfficeEnv, SECRET};
use crate::support::{expect_error, http_client, json_with, process::bureau};

/// Runs `bureau doctor` on the env's database, pointed at its emulator and Bureau, with
/// `overrides` (an empty value unsets the variable); returns (success, stdout).
async fn doctor(env: &OfficeEnv, overrides: &[(&str, String)]) -> anyhow::Result<(bool, String)> {
    let mut cmd = bureau(env.app.data_dir());
    cmd.arg("doctor")
        .env("BUREAU_DOCS_URL", env.emulator.base_url().as_str())
        .env("BUREAU_DOCS_SECRET", SECRET)
        .env("BUREAU_INTERNAL_URL", format!("{}/", env.app.base));
    for (key, value) in overrides {
        if value.is_empty() {
            cmd.env_remove(key);
        } else {
            cmd.env(key, value);
        }
    }
    // The command blocks; Bureau must keep answering meanwhile.
    let output: Output = tokio::task::spawn_blocking(move || cmd.output()).await??;
    let stdout = String::from_utf8(output.stdout)?;
    assert!(!stdout.contains(SECRET), "the secret is masked: {stdout}");
    Ok((output.status.success(), stdout))
}

/// An address where nothing listens.
fn closed_port() -> anyhow::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    drop(listener);
    Ok(format!("http://{addr}/"))
}

#[tokio::test]
async fn doctor_passes_against_a_running_bureau_and_document_server() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let (ok, out) = doctor(&env, &[]).await?;
    assert!(ok, "{out}");
    for line in [
        "docs.healthcheck",
        "docs.secret",
        "docs.round_trip",
        "All checks passed",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    assert!(out.contains("docs secret        set (***)"), "{out}");
    env.app.stop().await
}

#[tokio::test]
async fn doctor_explains_a_wrong_secret() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let (ok, out) = doctor(&env, &[("BUREAU_DOCS_SECRET", "not-the-secret".into())]).await?;
    assert!(!ok, "{out}");
    assert!(out.contains("FAIL  docs.secret"), "{out}");
    assert!(
        out.contains("(error 6)") && out.contains("wrong secret"),
        "{out}"
    );
    env.app.stop().await
}

#[tokio::test]
async fn doctor_explains_an_unreachable_document_server() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let (ok, out) = doctor(&env, &[("BUREAU_DOCS_URL", closed_port()?)]).await?;
    assert!(!ok, "{out}");
    assert!(out.contains("FAIL  docs.healthcheck"), "{out}");
    assert!(out.contains("ONLYOFFICE Docs does not answer"), "{out}");
    assert!(
        !out.contains("docs.round_trip"),
        "later checks are skipped: {out}"
    );
    env.app.stop().await
}

#[tokio::test]
async fn doctor_explains_a_document_server_that_cannot_reach_bureau() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let (ok, out) = doctor(&env, &[("BUREAU_INTERNAL_URL", closed_port()?)]).await?;
    assert!(!ok, "{out}");
    assert!(out.contains("FAIL  bureau.internal_url"), "{out}");
    assert!(
        out.contains("Bureau does not answer at BUREAU_INTERNAL_URL"),
        "{out}"
    );
    env.app.stop().await
}

#[tokio::test]
async fn doctor_explains_a_private_address_the_document_server_refuses() -> anyhow::Result<()> {
    // Without tokens the emulator, like the real server, refuses to download from a private
    // address (`ALLOW_PRIVATE_IP_ADDRESS` off); Bureau itself answers there.
    let env = OfficeEnv::custom(EmulatorBuilder::jwt_disabled, &[("docs_secret", "")]).await?;
    let (ok, out) = doctor(&env, &[("BUREAU_DOCS_SECRET", String::new())]).await?;
    assert!(!ok, "{out}");
    assert!(out.contains("ok    bureau.internal_url"), "{out}");
    assert!(out.contains("FAIL  docs.round_trip"), "{out}");
    assert!(
        out.contains("could not download the test document"),
        "{out}"
    );
    assert!(out.contains("ALLOW_PRIVATE_IP_ADDRESS"), "{out}");
    env.app.stop().await
}

#[tokio::test]
async fn doctor_explains_mixed_http_and_https() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let https = (
        "BUREAU_PUBLIC_URL",
        "https://bureau.example.org/".to_owned(),
    );
    let (ok, out) = doctor(&env, &[https]).await?;
    assert!(!ok, "{out}");
    assert!(out.contains("FAIL  docs.addresses"), "{out}");
    assert!(out.contains("mixed content"), "{out}");
    env.app.stop().await
}

#[tokio::test]
async fn deep_readiness_runs_the_same_checks_for_admins() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let deep = env.app.admin.get("/readyz?deep=1").send().await?;
    let body = json_with(deep, 200).await?;
    assert_eq!(body["status"], "ok", "{body}");
    let names: Vec<&str> = body["checks"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    assert!(names.contains(&"docs.round_trip"), "{body}");
    let anonymous = http_client()
        .get(env.app.url("/readyz?deep=1"))
        .send()
        .await?;
    expect_error(anonymous, 401, "unauthenticated").await?;
    let plain = http_client().get(env.app.url("/readyz")).send().await?;
    assert_eq!(plain.status(), 200);
    env.app.stop().await
}

#[tokio::test]
async fn doctor_recover_stores_forgotten_files() -> anyhow::Result<()> {
    let (env, id, _key) =
        OfficeEnv::with_forgotten_file("Doctor.docx", "Recovered by the doctor").await?;
    let api = &env.app.admin;
    let mut cmd = bureau(env.app.data_dir());
    cmd.args(["doctor", "--recover"])
        .env("BUREAU_DOCS_URL", env.emulator.base_url().as_str())
        .env("BUREAU_DOCS_SECRET", SECRET)
        .env("BUREAU_INTERNAL_URL", format!("{}/", env.app.base));
    let output = tokio::task::spawn_blocking(move || cmd.output()).await??;
    let stdout = String::from_utf8(output.stdout)?;
    assert!(stdout.contains("1 forgotten file(s) stored"), "{stdout}");
    assert!(env.ds().forgotten().is_empty());
    assert_eq!(super::versions(api, &id).await?.len(), 2);
    env.app.stop().await
}
